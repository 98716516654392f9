from __future__ import annotations

import datetime as dt

import pytest

from app.core.vietnamese import (
    date_line,
    document_number,
    format_number,
    item_letter,
    parse_vietnamese_number,
    roman,
)


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2023, 6, 5), "Trà Tây, ngày 05 tháng 6 năm 2023"),
        (dt.date(2020, 1, 5), "Trà Tây, ngày 05 tháng 01 năm 2020"),
        (dt.date(2024, 2, 29), "Trà Tây, ngày 29 tháng 02 năm 2024"),
        (dt.date(2019, 3, 9), "Trà Tây, ngày 09 tháng 3 năm 2019"),
        (dt.date(2019, 12, 31), "Trà Tây, ngày 31 tháng 12 năm 2019"),
        (dt.date(2019, 10, 10), "Trà Tây, ngày 10 tháng 10 năm 2019"),
    ],
)
def test_date_line_pads_days_below_10_and_only_months_1_and_2(date: dt.date, expected: str) -> None:
    assert date_line("Trà Tây", date) == expected


def test_a_bare_year_leaves_day_and_month_blank_for_the_clerk() -> None:
    line = date_line("Quảng Ngãi", 2025)
    assert line.startswith("Quảng Ngãi, ngày ")
    assert line.endswith(" năm 2025")
    day, month = line.split("ngày")[1].split("tháng")
    assert day.strip() == "" and month.split("năm")[0].strip() == ""


def test_party_documents_can_pad_months_below_3_too() -> None:
    assert date_line("Hà Nội", dt.date(2026, 2, 3), pad_months_below=3) == "Hà Nội, ngày 03 tháng 02 năm 2026"
    assert date_line("Hà Nội", dt.date(2026, 6, 3), pad_months_below=10) == "Hà Nội, ngày 03 tháng 06 năm 2026"


def test_document_number_pads_below_10_and_leaves_a_slot_when_unknown() -> None:
    assert document_number(5, "BC", "UBND") == "Số: 05/BC-UBND"
    assert document_number(123, "TTr", "SNV") == "Số: 123/TTr-SNV"
    blank = document_number(None, "BC", "UBND")
    assert blank.startswith("Số: ") and blank.endswith("/BC-UBND") and blank[4:-8].strip() == ""
    assert document_number(45, "BC", "ĐU", party=True) == "Số 45-BC/ĐU"


def test_numbers_print_in_vietnamese_style() -> None:
    assert format_number(1234567.5) == "1.234.567,5"
    assert format_number(2971) == "2.971"
    assert format_number(0.25) == "0,25"


def test_roman_numerals_and_vietnamese_item_letters() -> None:
    assert [roman(n) for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]
    assert "".join(item_letter(n) for n in range(1, 24)) == "abcdđeghiklmnopqrstuvxy"
    assert item_letter(24) == "aa"
    with pytest.raises(ValueError):
        item_letter(0)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234.567,5", 1234567.5),
        ("1234", 1234),
        ("12,5", 12.5),
        ("1.234", 1234),
        ("-5", -5),
        ("0", 0),
        ("0,75", 0.75),
        (" 42 ", 42),
    ],
)
def test_vietnamese_numbers_are_read(text: str, value: float) -> None:
    parsed = parse_vietnamese_number(text)
    assert parsed == value
    assert type(parsed) is type(value)


@pytest.mark.parametrize("text", ["12.5", "1,234.5", "12,5%", "01", "0912345678", "1.23", "abc", "", "1 234"])
def test_other_text_is_not_a_number(text: str) -> None:
    assert parse_vietnamese_number(text) is None


@pytest.mark.parametrize("value", [0, 7, 1234, 1234567.5, -5, 0.75])
def test_formatted_numbers_read_back(value: float) -> None:
    assert parse_vietnamese_number(format_number(value)) == value
