"""How wide a line of Times New Roman text is, so rules can be drawn exactly as long as a line.

The widths come from resources/fonts/times-new-roman-widths.json, written by
tools/make_font_metrics.py from Liberation Serif 2.x, whose advance widths equal Times New Roman's.
A width is the plain sum of the characters' advances: no kerning, which Word leaves off by default.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

WIDTHS_PATH = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "times-new-roman-widths.json"
TWIPS_PER_POINT = 20
# A single line has no line breaks; Word's vertical tab (U+000B) is its manual line break.
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")


@dataclass(frozen=True, slots=True)
class FontStyleWidths:
    """Advance widths of one style, in font units."""

    units_per_em: int
    fallback: int
    advances: dict[str, int]


@functools.cache
def _widths_by_style() -> dict[str, FontStyleWidths]:
    """The width table, read from disk on first use and kept for the life of the process."""
    with WIDTHS_PATH.open(encoding="utf-8") as handle:
        styles = json.load(handle)["styles"]
    return {
        name: FontStyleWidths(
            units_per_em=int(style["units_per_em"]),
            fallback=int(style["fallback"]),
            advances={character: int(advance) for character, advance in style["advances"].items()},
        )
        for name, style in styles.items()
    }


def _style_name(*, bold: bool, italic: bool) -> str:
    if bold and italic:
        return "bold_italic"
    if bold:
        return "bold"
    return "italic" if italic else "regular"


def text_width_pt(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Width in points of one line of `text` set in Times New Roman at `size_pt`.

    The text is NFC-normalised first, so decomposed input measures like precomposed.
    A character missing from the table takes the font's average advance (OS/2 xAvgCharWidth).
    A tab counts as one space: its real width depends on tab stops, which only the layout knows.
    Raises ValueError on a line break (LF, CR, Word's manual break U+000B, U+2028 …),
    because a line break makes two lines, not one wider line.
    """
    if not _LINE_BREAKS.isdisjoint(text):
        raise ValueError("text_width_pt measures one line; split the text at its line breaks first")
    style = _widths_by_style()[_style_name(bold=bold, italic=italic)]
    advances = style.advances
    fallback = style.fallback
    text = unicodedata.normalize("NFC", text.replace("\t", " "))
    units = sum(advances.get(character, fallback) for character in text)
    return units * size_pt / style.units_per_em


def text_width_twips(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> int:
    """Width of one line of `text` in twips (1/20 pt), rounded to the nearest twip; see text_width_pt."""
    return round(text_width_pt(text, size_pt, bold=bold, italic=italic) * TWIPS_PER_POINT)
