from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.text import fold_for_search
from app.core.vietnamese import (
    date_line,
    document_number,
    format_number,
    has_syllable_shape,
    is_vietnamese_syllable,
    item_letter,
    parse_vietnamese_number,
    roman,
)

EXAMPLES = sorted((Path(__file__).resolve().parents[3] / "shared" / "examples").glob("*.baocao.json"))


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


# --------------------------------------------------------------------------- syllables


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _example_syllables() -> list[str]:
    """The words of the three shared reports that have a Vietnamese letter, except abbreviations in capitals (HĐND,
    QĐ) and the one typo the Ban Dân tộc report really has ("công chứcvà", a missing space)."""
    words: set[str] = set()
    for path in EXAMPLES:
        for text in _strings(json.loads(path.read_text(encoding="utf-8"))):
            words.update(re.findall(r"[^\W\d_]+", text))
    return sorted(word for word in words if not word.isascii() and not word.isupper() and word != "chứcvà")


EXAMPLE_SYLLABLES = _example_syllables()
CASES: list[Callable[[str], str]] = [str.lower, str.upper, str.title, str.strip]  # strip: the word as it is
FOREIGN_WORDS = ["report", "xyz", "strength", "window", "office", "summary", "français", "strasse", "für"]


def test_the_examples_give_enough_syllables_to_test() -> None:
    assert len(EXAMPLE_SYLLABLES) > 500
    assert {"nghiệm", "người", "quyền", "giữa", "Nghị"} <= set(EXAMPLE_SYLLABLES)


@given(st.sampled_from(EXAMPLE_SYLLABLES), st.sampled_from(CASES))
def test_every_syllable_of_the_examples_is_accepted_in_any_case_nfc_or_nfd(
    word: str, case: Callable[[str], str]
) -> None:
    cased = case(word)
    for form in (cased, unicodedata.normalize("NFD", cased)):
        assert is_vietnamese_syllable(form), form
        assert has_syllable_shape(form), form
    # The looser test ignores diacritics: the word typed without any still has the shape.
    assert has_syllable_shape(fold_for_search(word).upper())


_FOREIGN_ASCII = r"[a-z]*[fjwz][a-z]*|[a-z]*[aeiouy][b-df-hj-np-tv-xz]+[aeiouy][a-z]*"
"""Words Vietnamese cannot spell: with f, j, w or z, or with two groups of vowels ("report", "window", "xyz")."""


@given(st.from_regex(_FOREIGN_ASCII, fullmatch=True), st.sampled_from(CASES))
def test_ascii_words_with_f_j_w_z_or_two_vowel_groups_are_not_syllables(word: str, case: Callable[[str], str]) -> None:
    assert not is_vietnamese_syllable(case(word))
    assert not has_syllable_shape(case(word))


@pytest.mark.parametrize("word", FOREIGN_WORDS)
def test_foreign_words_are_neither_syllables_nor_shaped_like_one(word: str) -> None:
    assert not is_vietnamese_syllable(word)
    assert not has_syllable_shape(word)


@pytest.mark.parametrize(
    "word", ["nghiêng", "quyết", "khuỷu", "Người", "giữa", "gì", "hoà", "hòa", "Thuở", "xoong", "oách", "ĐỒNG", "the"]
)
def test_real_syllables_are_accepted(word: str) -> None:
    """Hard cases: gi before i, qu before y, three vowels, oo, both tone placements, đ. "the" is Vietnamese too."""
    assert is_vietnamese_syllable(word)
    assert has_syllable_shape(word)


@pytest.mark.parametrize(
    ("word", "why"),
    [
        ("hoµ", "TCVN3 for hoà, read as Windows-1252"),
        ("aøo", "VNI for ào"),
        ("Müller", "ü is no Vietnamese letter"),
    ],
)
def test_letters_of_old_encodings_and_other_languages_are_not_syllables(word: str, why: str) -> None:
    assert not is_vietnamese_syllable(word), why
    assert not has_syllable_shape(word), why


@pytest.mark.parametrize(
    ("word", "why"),
    [
        ("Coäng", "VNI for Cộng: ä is no Vietnamese letter"),
        ("hóà", "two tone marks"),
        ("nguoi", "người typed without its marks: uo is no written vowel group"),
    ],
)
def test_wrong_marks_are_no_syllable_but_keep_the_shape_of_one(word: str, why: str) -> None:
    """The strict test is evidence for an old encoding; the shape test tells words typed in capitals or without
    marks (worth spell checking, not abbreviations) from codes."""
    assert has_syllable_shape(word), why
    assert not is_vietnamese_syllable(word), why


@pytest.mark.parametrize("word", ["UBND", "HĐND", "MTTQ", "HTX", "BCH", "UBMTTQ", "XIV", "TP.HCM", "2023", "", "Đắk"])
def test_abbreviations_codes_and_numbers_have_no_syllable_shape(word: str) -> None:
    """Đắk (a Central Highlands place name) ends in k, which no Vietnamese syllable does: it counts as a code."""
    assert not has_syllable_shape(word)
    assert not is_vietnamese_syllable(word)
