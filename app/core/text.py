"""Text hygiene shared by every input boundary: NFC, line endings, characters Word cannot store."""

from __future__ import annotations

import re
import unicodedata

# XML 1.0 forbids these; Word cannot store them. Tab, line feed and carriage return are allowed.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def normalize_text(text: str) -> str:
    """NFC with Windows and old-Mac line endings turned into plain line feeds."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text)


def find_forbidden_character(text: str) -> tuple[int, str] | None:
    """The first character Word cannot store, as (1-based position, "U+XXXX"), or None."""
    match = _FORBIDDEN.search(text)
    if match is None:
        return None
    return match.start() + 1, f"U+{ord(match.group()):04X}"


def forbidden_character_message(position: int, codepoint: str) -> str:
    return (
        f"Có ký tự điều khiển {codepoint} ở vị trí {position}, Word không lưu được ký tự này; "
        "hãy xóa nó (thường do dán từ trang web hoặc phần mềm khác)."
    )


def clean_input(text: str) -> tuple[str, str | None]:
    """Text as typed or pasted, made storable: NFC, plain line feeds, characters Word cannot store removed.

    Returns the cleaned text and, when something had to be removed, a Vietnamese note saying what.
    """
    text = normalize_text(text)
    found = find_forbidden_character(text)
    if found is None:
        return text, None
    note = forbidden_character_message(*found).replace("hãy xóa nó", "chương trình đã xóa nó")
    while found is not None:
        position = found[0] - 1
        text = text[:position] + text[position + 1 :]
        found = find_forbidden_character(text)
    return text, note


def _fold_character(character: str) -> str:
    if character in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", character)[0].lower()
    return base if len(base) == 1 else character


_FOLD_TABLE: dict[int, str] = {}


def fold_for_search(text: str) -> str:
    """Lower case without diacritics, đ/Đ as d: `Đảng ủy` → `dang uy`.

    Character for character on NFC text, so a position in the folded text is the same position
    in the original: search hits can be highlighted in the text as the officer typed it.
    """
    text = normalize_text(text)
    table = _FOLD_TABLE
    for character in set(text):
        code = ord(character)
        if code not in table:
            table[code] = _fold_character(character)
    return text.translate(table)
