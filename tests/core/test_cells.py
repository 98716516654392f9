"""Table cells: what a typed cell is stored as, and how a stored cell is printed."""

from __future__ import annotations

import unicodedata

from app.core.cells import cell_text, parse_cell


def test_cells_become_numbers_none_or_nfc_text() -> None:
    assert parse_cell("1.234.567,5") == 1234567.5
    assert parse_cell("   ") is None
    assert parse_cell("") is None
    decomposed = unicodedata.normalize("NFD", "Hộ nghèo")
    assert parse_cell(decomposed) == "Hộ nghèo"
    assert parse_cell("2023", header=True) == "2023"
    assert parse_cell("'2023") == "2023"
    assert parse_cell("01") == "01"


def test_numbers_are_shown_in_vietnamese_style() -> None:
    assert cell_text(1234567.5) == "1.234.567,5"
    assert cell_text(None) == ""
    assert cell_text("Xã Trà Tây") == "Xã Trà Tây"


def test_a_shown_cell_reads_back_as_the_same_cell() -> None:
    for cell in (1234567.5, 42, -5, "Xã Trà Tây", None):
        assert parse_cell(cell_text(cell)) == cell
