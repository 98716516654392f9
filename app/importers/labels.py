"""Heading labels as officers type them: `Phần thứ nhất`, `A-`, `I.`, `1.`, `2.1.`, `a)`, and the bullets `-`, `+`.

A label says which kind of heading a paragraph is, not how deep it sits: the recogniser (structure.py)
nests the kinds in the order the document uses them, with the natural order below as a tie-breaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.vietnamese import VIETNAMESE_ITEM_LETTERS

PART = "part"
UPPER = "upper"
ROMAN = "roman"
DECIMAL = "decimal"
LOWER = "lower"
DASH = "dash"
PLUS = "plus"

NATURAL_RANK: dict[str, int] = {PART: 0, UPPER: 1, ROMAN: 2, DECIMAL: 3, "decimal2": 4, "decimal3": 5, "decimal4": 6}
"""How deep each kind usually sits (Phần › A- › I. › 1. › 1.1. › 1.1.1.); `a)` comes after all of them."""
NATURAL_RANK[LOWER] = 7

_ORDINALS = {
    "nhất": 1,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_VALID_ROMAN = re.compile(r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_SPACE = r"[ \t\u00a0]"

_PART = re.compile(
    rf"(?P<word>phần|chương){_SPACE}+(?:(?P<ordinal>thứ{_SPACE}+\w+)|(?P<number>[IVXLC]+|\d{{1,2}}))\b\s*[.:\-–]?",
    re.IGNORECASE,
)
# After the mark: a space, or (a common typo, "I.TÌNH HÌNH") an upper-case letter right after "." or ")";
# Roman and Arabic numbers may also stand alone in their paragraph, the title on the next line.
_AFTER = rf"(?:{_SPACE}+|(?<=[.)])(?=[A-ZÀ-ỸĐ]))"
_AFTER_OR_END = rf"(?:{_AFTER}|$)"
_ROMAN = re.compile(rf"(?P<value>[IVXLC]{{1,7}}){_SPACE}*(?P<mark>[.\-–/)]){_AFTER_OR_END}")
_UPPER = re.compile(rf"(?P<value>[A-ZĐ]){_SPACE}*(?P<mark>[.\-–/)]){_AFTER}")
_MULTI = re.compile(rf"(?P<value>\d{{1,2}}(?:\.\d{{1,2}}){{1,3}})\.?(?:{_SPACE}+|(?<=\.)(?=[A-ZÀ-ỸĐ]))")
_DECIMAL = re.compile(rf"(?P<value>\d{{1,2}}){_SPACE}*(?P<mark>[.)/\-–]){_AFTER_OR_END}")
_LOWER = re.compile(rf"(?P<value>[a-zđ]){_SPACE}*(?P<mark>[).]){_AFTER}")
_BULLET = re.compile(rf"(?P<mark>[-–—•●▪◦·+*])(?:{_SPACE}+|(?=[^\W\d_]))")


@dataclass(frozen=True, slots=True)
class Label:
    """A typed heading label: its kind (see NATURAL_RANK, or DASH/PLUS for bullets), value and text."""

    kind: str
    value: int
    text: str
    """The label as typed, tidied (`I.`, `2.1.`, `a)`, `Phần thứ nhất`)."""
    end: int
    """Where the title starts in the paragraph's text."""

    @property
    def is_bullet(self) -> bool:
        return self.kind in (DASH, PLUS)


def roman_value(text: str) -> int | None:
    """I → 1, XIV → 14; None for anything that is not a well-formed Roman numeral below 100."""
    if not text or not _VALID_ROMAN.fullmatch(text):
        return None
    total = 0
    for index, character in enumerate(text):
        value = _ROMAN_VALUES[character]
        following = _ROMAN_VALUES[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def letter_value(letter: str) -> int:
    """a → 1, đ → 5 (Vietnamese order); letters outside that order (f, j, w, z) in Latin order."""
    lower = letter.lower()
    position = VIETNAMESE_ITEM_LETTERS.find(lower)
    return position + 1 if position >= 0 else ord(lower) - ord("a") + 1


def parse_label(text: str) -> Label | None:
    """The heading label or bullet mark at the start of a paragraph's text, or None."""
    stripped = text.lstrip(" \t\u00a0")
    offset = len(text) - len(stripped)
    if not stripped:
        return None
    first = stripped[0]
    if first in "PpCc":
        match = _PART.match(stripped)
        if match is not None:
            word = match["word"][0].upper() + match["word"][1:].lower()
            if match["ordinal"]:
                ordinal = " ".join(match["ordinal"].split()).lower()
                value = _ORDINALS.get(ordinal.split()[-1])
                if value is None:
                    return None
                shown = f"{word} {ordinal}"
            else:
                number = match["number"].upper()
                parsed = int(number) if number.isdigit() else roman_value(number)
                if parsed is None:
                    return None
                value, shown = parsed, f"{word} {number}"
            return Label(PART, value, shown, offset + match.end())
    if first.isdigit():
        match = _MULTI.match(stripped)
        if match is not None:
            parts = match["value"].split(".")
            return Label(f"decimal{len(parts)}", int(parts[-1]), match["value"] + ".", offset + match.end())
        match = _DECIMAL.match(stripped)
        if match is not None and int(match["value"]) > 0:
            mark = match["mark"] if match["mark"] in ".)" else "."
            return Label(DECIMAL, int(match["value"]), match["value"] + mark, offset + match.end())
        return None
    if first in _ROMAN_VALUES:
        match = _ROMAN.match(stripped)
        if match is not None:
            value = roman_value(match["value"])
            if value is not None:
                return Label(ROMAN, value, match["value"] + ".", offset + match.end())
    if first.isupper():
        match = _UPPER.match(stripped)
        if match is not None:
            return Label(UPPER, letter_value(match["value"]), match["value"] + match["mark"], offset + match.end())
        return None
    if first.islower():
        match = _LOWER.match(stripped)
        if match is not None:
            return Label(LOWER, letter_value(match["value"]), match["value"] + ")", offset + match.end())
        return None
    match = _BULLET.match(stripped)
    if match is not None:
        kind = PLUS if match["mark"] == "+" else DASH
        if match["mark"] == "*" and len(stripped.strip()) == 1:
            return None  # the Party header's lone star
        return Label(kind, 0, match["mark"], offset + match.end())
    return None


def as_letter_label(label: Label) -> Label | None:
    """A Roman-looking label read as an upper-case letter instead (`C.` after `B.`), when it is one letter."""
    if label.kind != ROMAN or len(label.text) != 2:
        return None
    return Label(UPPER, letter_value(label.text[0]), label.text[0] + label.text[1], label.end)
