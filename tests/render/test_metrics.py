"""Text widths in Times New Roman: the table must hold the font's real advances.

The hard-coded numbers are Times New Roman advance widths, measured once with fontTools from
Liberation Serif 2.1.5 (metric-compatible with Times New Roman; 2048 units per em).
They agree with Adobe's Times AFM files too: 'M' is 889/1000 em regular, 944/1000 em bold.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from app.render import metrics
from app.render.metrics import text_width_pt, text_width_twips

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
VIETNAMESE_VOWELS = "aăâeêioôơuưy"
TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"
STYLES = [(False, False), (True, False), (False, True), (True, True)]
LIBERATION_DIR = Path("/usr/share/fonts/truetype/liberation2")
FONT_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}


def em(units: int, size_pt: float) -> float:
    """Points covered by `units` font units (2048 per em) at `size_pt`."""
    return units * size_pt / 2048


def toned_letters(vowel: str) -> list[str]:
    return [unicodedata.normalize("NFC", vowel + mark) for mark in TONE_MARKS]


def width_table() -> dict[str, Any]:
    with metrics.WIDTHS_PATH.open(encoding="utf-8") as handle:
        styles: dict[str, Any] = json.load(handle)["styles"]
    return styles


def test_known_advances_of_times_new_roman() -> None:
    assert text_width_pt("M", 2048) == 1821
    assert text_width_pt("M", 2048, bold=True) == 1933
    assert text_width_pt("M", 2048, italic=True) == 1706
    assert text_width_pt("M", 2048, bold=True, italic=True) == 1821
    assert text_width_pt("n", 12) == em(1024, 12) == 6.0
    assert text_width_pt(" ", 12) == 3.0
    assert text_width_pt("\u00a0", 12) == 3.0
    assert text_width_pt("—", 2048) == 2048
    assert text_width_pt("–", 2048) == 1024


def test_national_heading_widths() -> None:
    # Sums of bold advances: 42725 and 25071 font units.
    assert text_width_pt(NATIONAL_TITLE, 13, bold=True) == pytest.approx(em(42725, 13))
    assert text_width_pt(NATIONAL_TITLE, 13, bold=True) == pytest.approx(271.2036, abs=1e-4)
    assert text_width_pt(NATIONAL_MOTTO, 14, bold=True) == pytest.approx(171.3838, abs=1e-4)
    assert text_width_twips(NATIONAL_TITLE, 13, bold=True) == 5424
    assert text_width_twips(NATIONAL_MOTTO, 14, bold=True) == 3428


def test_horn_letters_are_wider_than_their_latin_base() -> None:
    assert text_width_pt("ơ", 2048) == 1083
    assert text_width_pt("o", 2048) == 1024
    assert text_width_pt("ư", 2048, bold=True) == 1229
    assert text_width_pt("Ư", 2048) == 1589


@pytest.mark.parametrize(("bold", "italic"), STYLES)
def test_tone_marks_keep_the_advance_of_the_letter(bold: bool, italic: bool) -> None:
    for vowel in VIETNAMESE_VOWELS + VIETNAMESE_VOWELS.upper():
        expected = text_width_pt(vowel, 12, bold=bold, italic=italic)
        for letter in toned_letters(vowel):
            assert text_width_pt(letter, 12, bold=bold, italic=italic) == expected, letter


@pytest.mark.parametrize(("bold", "italic"), STYLES)
def test_circumflex_and_breve_keep_the_advance_of_the_latin_letter(bold: bool, italic: bool) -> None:
    for letter, base in [
        ("â", "a"),
        ("ă", "a"),
        ("ê", "e"),
        ("ô", "o"),
        ("Â", "A"),
        ("Ê", "E"),
        ("Ô", "O"),
    ]:
        assert text_width_pt(letter, 12, bold=bold, italic=italic) == text_width_pt(base, 12, bold=bold, italic=italic)


def test_bold_is_wider_than_regular() -> None:
    for text in (NATIONAL_TITLE, NATIONAL_MOTTO, "Ủy ban nhân dân"):
        assert text_width_pt(text, 13, bold=True) > text_width_pt(text, 13)


def test_decomposed_input_measures_like_precomposed() -> None:
    for text in (NATIONAL_TITLE, NATIONAL_MOTTO, "Quyết định số 12/QĐ-UBND"):
        decomposed = unicodedata.normalize("NFD", text)
        assert decomposed != text
        assert text_width_pt(decomposed, 13, bold=True) == text_width_pt(text, 13, bold=True)


def test_width_scales_linearly_with_size() -> None:
    at_one_point = text_width_pt(NATIONAL_MOTTO, 1, bold=True)
    for size in (10.5, 13, 14, 26):
        assert text_width_pt(NATIONAL_MOTTO, size, bold=True) == pytest.approx(at_one_point * size)
    assert text_width_pt(NATIONAL_MOTTO, 0) == 0
    assert text_width_pt("", 14) == 0


def test_widths_add_up() -> None:
    assert text_width_pt("Hạnh phúc", 13) == pytest.approx(
        text_width_pt("Hạnh", 13) + text_width_pt(" ", 13) + text_width_pt("phúc", 13)
    )


def test_unknown_character_takes_the_average_advance() -> None:
    assert text_width_pt("中", 2048) == 1124
    assert text_width_pt("中", 2048, bold=True) == 1180


def test_tab_counts_as_a_space_and_line_breaks_are_refused() -> None:
    assert text_width_pt("a\tb", 12) == text_width_pt("a b", 12)
    for line_break in ("\n", "\r", "\x0b", "\u2028"):
        with pytest.raises(ValueError):
            text_width_pt(f"a{line_break}b", 12)


def test_twips_are_rounded_points_times_twenty() -> None:
    assert text_width_twips("M", 12) == round(em(1821, 12) * 20) == 213
    assert text_width_twips("n", 12) == 120


def test_table_covers_the_vietnamese_alphabet_in_every_style() -> None:
    letters = ["đ", "Đ"]
    for vowel in VIETNAMESE_VOWELS + VIETNAMESE_VOWELS.upper():
        letters += [vowel, *toned_letters(vowel)]
    letters += [chr(code) for code in range(0x20, 0x7F)]
    letters += list("\u00a0–—‘’“”…•№°")
    styles = width_table()
    assert sorted(styles) == sorted(FONT_FILES)
    for style in styles.values():
        assert style["units_per_em"] == 2048
        missing = [letter for letter in letters if letter not in style["advances"]]
        assert not missing


def test_table_matches_the_liberation_serif_fonts() -> None:
    """Re-measure every entry with fontTools, when it and the fonts are installed."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    if not all((LIBERATION_DIR / name).is_file() for name in FONT_FILES.values()):
        pytest.skip(f"Liberation Serif 2.x not found in {LIBERATION_DIR}")
    zero_width_on_purpose = {"\u00ad", "\u200b"}
    for style_name, style in width_table().items():
        bold = style_name.startswith("bold")
        italic = style_name.endswith("italic")
        with ttlib.TTFont(LIBERATION_DIR / FONT_FILES[style_name]) as font:
            assert font["name"].getDebugName(5).startswith("Version 2.")
            character_map = font.getBestCmap()
            glyph_advances = {code: font["hmtx"].metrics[glyph][0] for code, glyph in character_map.items()}
            assert style["units_per_em"] == font["head"].unitsPerEm
            assert style["fallback"] == font["OS/2"].xAvgCharWidth
            for character, advance in style["advances"].items():
                expected = 0 if character in zero_width_on_purpose else glyph_advances[ord(character)]
                assert advance == expected, f"U+{ord(character):04X} in {style_name}"
            for text, size in (
                (NATIONAL_TITLE, 13),
                (NATIONAL_MOTTO, 14),
                ("Ủy ban nhân dân tỉnh", 13),
            ):
                units = sum(glyph_advances[ord(character)] for character in text)
                measured = text_width_pt(text, size, bold=bold, italic=italic)
                assert measured == pytest.approx(units * size / font["head"].unitsPerEm)
