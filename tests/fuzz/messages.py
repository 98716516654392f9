"""Is a message shown to the officer Vietnamese? A check sound enough for generated failures.

A message passes when it has at least one Vietnamese letter with a diacritic (or đ) and every bare ASCII word
in it, outside what it quotes, could be a Vietnamese syllable written without marks, is an abbreviation in
capitals (UBND, BMP) or one of the few technical words the program shows on purpose (JSON, null, true …).
English words almost never fit the Vietnamese syllable shape (onset, one to three vowels, a coda from c ch m n
ng nh p t): "Expecting", "value", "delimiter", "_JsonObject", "Traceback" all fail, so a message that leaks
English or a Python name fails."""

from __future__ import annotations

import re
import unicodedata

_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?",
    re.IGNORECASE,
)
TECHNICAL_WORDS = frozenset(
    {"json", "null", "true", "false", "word", "docx", "doc", "xml", "zip", "pdf", "txt", "libreoffice", "office",
     "opendocument", "web", "email", "internet", "byte", "mm", "cm", "pt", "ttr"}
)  # fmt: skip
"""Words the program shows on purpose, besides abbreviations in capitals (UBND, BMP, OK as Word's button):
formats and programs, JSON literals, loanwords, units, the format's own codes (TTr)."""
_QUOTED = re.compile(
    r"«[^»]*»|\"[^\"]*\"|“[^”]*”|\{[^}]*\}|\[[^\]]*\]|\bU\+[0-9A-F]{4,6}\b|`[^`]*`|(?<![^\s(])[^\s()]*[/\\][^\s()]*"
)
"""What a message quotes (the officer's text, a key, a JSON snippet, a code point, a file's path inside the
package such as word/document.xml) is not the message's words."""
_WORD = re.compile(r"[^\W\d]+|\d+", re.UNICODE)


def _is_vietnamese_letter(character: str) -> bool:
    if character in "đĐ":
        return True
    base = unicodedata.normalize("NFD", character)
    return len(base) > 1 and base[0].isascii() and base[0].isalpha()


def foreign_words(message: str) -> list[str]:
    """The bare ASCII words of `message` that are neither Vietnamese syllables nor known technical words."""
    unquoted = _QUOTED.sub(" ", message)
    found = []
    for word in _WORD.findall(unquoted):
        if not word.isascii() or word.isdigit():
            continue
        if word.lower() in TECHNICAL_WORDS or _SYLLABLE.fullmatch(word):
            continue
        if word.isupper() and len(word) <= 8:
            continue  # an abbreviation or a format's name: UBND, MTTQ, BMP, TIFF, DOCTYPE
        found.append(word)
    return found


def vietnamese_problem(message: str) -> str | None:
    """Why `message` is not a proper Vietnamese message for the officer, or None when it is."""
    if not message.strip():
        return "empty message"
    if not unicodedata.is_normalized("NFC", message):
        return "message not in NFC"
    if not any(_is_vietnamese_letter(character) for character in message):
        return "no Vietnamese letter"
    foreign = foreign_words(message)
    if foreign:
        return f"words that are not Vietnamese: {', '.join(foreign[:5])}"
    return None
