"""Table cells as the officer types them and as the report prints them.

Cells typed as Vietnamese numbers ("1.234.567,5", "1234", "12,5") are stored as numbers so the
renderer prints and aligns them as numbers; empty cells are stored as None, anything else as text.
"""

from __future__ import annotations

from app.core.model import Cell
from app.core.text import clean_input
from app.core.vietnamese import format_number, parse_vietnamese_number

TEXT_PREFIX = "'"
"""Typed before a cell ("'2023"), keeps it as text: headers and years must not print as "2.023"."""


def parse_cell(text: str, *, header: bool = False) -> Cell:
    """A cell as the officer typed it: None when empty, a number when it reads as one, else NFC text.

    Header cells stay text (a year in a header must not print as "2.023"); so does a cell typed
    with a leading apostrophe ("'2023" → "2023").
    """
    cleaned, _ = clean_input(text)
    cleaned = cleaned.strip()
    if not cleaned:
        return None
    if cleaned.startswith(TEXT_PREFIX):
        return cleaned[len(TEXT_PREFIX) :].strip() or None
    if not header:
        number = parse_vietnamese_number(cleaned)
        if number is not None:
            return number
    return cleaned


def cell_text(cell: Cell) -> str:
    """A cell as printed and shown: numbers in Vietnamese style, None as an empty cell."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    return format_number(cell)
