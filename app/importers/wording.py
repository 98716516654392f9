"""Small text helpers of the recogniser: folding for matching, upper-case tests, sentence case, tidy spans."""

from __future__ import annotations

import re
import unicodedata

from app.core.model import Footnote, Inline, Span
from app.core.text import clean_input, fold_for_search
from app.core.vietnamese import has_syllable_shape

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_KEPT_UPPER = frozenset(
    "UBND HĐND MTTQ TW HU TU ĐU BCH BTV BTG BDV CCHC KT-XH QP-AN QP AN-QP ANTT TTATXH VH-XH NTM HTX THCS THPT "  # noqa: SIM905
    "LHPN CCB ĐTN TNCS CNVC CBCC CBCCVC VPH VP NV TC-NV PCT CT BHXH BHYT CNTT DVC TTHC KH CT-TTg".split()
)
_ROMAN_WORD = re.compile(r"[IVX]{2,6}")


def fold(text: str) -> str:
    """Lower case without diacritics and with single spaces, for matching typed phrases: "Nơi  nhận" → "noi nhan"."""
    return " ".join(fold_for_search(text).split())


def tidy(text: str) -> str:
    """One space between words, none at the ends, tabs and odd spaces included."""
    return _SPACES.sub(" ", text).strip()


def clean(text: str) -> str:
    """NFC, characters Word cannot store removed, spaces tidied."""
    cleaned, _ = clean_input(text)
    return tidy(cleaned)


def is_upper_text(text: str) -> bool:
    """Written in capitals: letters present and none of them lower case ("ĐẶC ĐIỂM TÌNH HÌNH", "UBND XÃ")."""
    letters = [character for character in text if character.isalpha()]
    return len(letters) >= 2 and not any(character.islower() for character in letters)


def _keeps_capitals(word: str) -> bool:
    """Abbreviations (UBND, HĐND), Roman numerals (II, XIV) and letter-only codes stay in capitals."""
    core = word.strip("“”\"'()[],.;:!?…-–")
    if not core:
        return False
    if core in _KEPT_UPPER or _ROMAN_WORD.fullmatch(core):
        return True
    if "-" in core or "/" in core:
        return all(_keeps_capitals(part) for part in re.split(r"[-/]", core) if part)
    # Digits and signs, and capitals that cannot be a syllable ("UBND", "MTTQ", "HTX"), are not words to lower.
    return not has_syllable_shape(core)


def sentence_case(text: str) -> str:
    """A title typed in capitals as the model keeps it: "ĐẶC ĐIỂM TÌNH HÌNH" → "Đặc điểm tình hình".

    Abbreviations and Roman numerals keep their capitals; proper names cannot be told apart and become
    lower case (the renderer prints top-level titles in capitals again).
    """
    words = text.split(" ")
    result: list[str] = []
    first = True
    for word in words:
        if _keeps_capitals(word):
            result.append(word)
        else:
            lowered = word.lower()
            if first and lowered:
                index = next((i for i, c in enumerate(lowered) if c.isalpha()), None)
                if index is not None:
                    lowered = lowered[:index] + lowered[index].upper() + lowered[index + 1 :]
            result.append(lowered)
        if any(character.isalpha() for character in word):
            first = False
    return " ".join(result)


def initials(text: str) -> str:
    """The usual code of a body from its name: "BAN DÂN TỘC" → "BDT", "ĐẢNG ỦY" → "ĐU"."""
    letters = []
    for word in text.split():
        first = word[:1]
        if not first.isalpha():
            continue
        if first in "Đđ":
            letters.append("Đ")
        else:
            letters.append(unicodedata.normalize("NFD", first)[0].upper())
    return "".join(letters)


def quoted_list(items: list[str], separator: str = "; ", limit: int | None = None) -> str:
    """Items in quotation marks for a note to the officer: “DỰ THẢO”; “MẬT” (cut with "…" after `limit`)."""
    shown = separator.join(f"“{item}”" for item in items[:limit])
    return shown + ("…" if limit is not None and len(items) > limit else "")


def title_case_place(text: str) -> str:
    """A place name out of a header in capitals: "TRÀ TÂY" → "Trà Tây"."""
    return " ".join(word[:1].upper() + word[1:].lower() for word in text.split())


def tidy_inline(inline: Inline) -> Inline:
    """Spans cleaned (NFC, storable characters, single spaces), equal neighbours merged, no space at the ends."""
    result: Inline = []
    for part in inline:
        if isinstance(part, Footnote):
            result.append(Footnote(clean(part.text)))
            continue
        text, _ = clean_input(part.text)
        text = _SPACES.sub(" ", text.replace("\n", " "))
        if not text:
            continue
        last = result[-1] if result else None
        if isinstance(last, Span) and (last.bold, last.italic) == (part.bold, part.italic):
            last.text += text
        else:
            result.append(Span(text, bold=part.bold, italic=part.italic))
    merged: Inline = []
    for part in result:
        last = merged[-1] if merged else None
        if isinstance(part, Span) and isinstance(last, Span) and last.text.endswith(" "):
            part = Span(part.text.lstrip(" "), bold=part.bold, italic=part.italic)
            if not part.text:
                continue
        merged.append(part)
    while merged and isinstance(merged[0], Span):
        merged[0].text = merged[0].text.lstrip(" ")
        if merged[0].text:
            break
        merged.pop(0)
    while merged and isinstance(merged[-1], Span):
        merged[-1].text = merged[-1].text.rstrip(" ")
        if merged[-1].text:
            break
        merged.pop()
    return merged


def drop_prefix(inline: Inline, count: int) -> Inline:
    """The inline without its first `count` characters of text (a typed label), footnotes kept."""
    result: Inline = []
    remaining = count
    for part in inline:
        if isinstance(part, Footnote) or remaining <= 0:
            result.append(part)
            continue
        if len(part.text) <= remaining:
            remaining -= len(part.text)
            continue
        result.append(Span(part.text[remaining:], bold=part.bold, italic=part.italic))
        remaining = 0
    return tidy_inline(result)


def split_inline(inline: Inline, position: int) -> tuple[Inline, Inline]:
    """The inline cut at a position of its text: (before, after); a footnote right at the cut stays before."""
    before: Inline = []
    after: Inline = []
    seen = 0
    for part in inline:
        if isinstance(part, Footnote):
            (before if seen <= position and not after else after).append(part)
            continue
        end = seen + len(part.text)
        if end <= position:
            before.append(part)
        elif seen >= position:
            after.append(part)
        else:
            cut = position - seen
            before.append(Span(part.text[:cut], bold=part.bold, italic=part.italic))
            after.append(Span(part.text[cut:], bold=part.bold, italic=part.italic))
        seen = end
    return before, after


def split_lines(inline: Inline) -> list[Inline]:
    """An inline broken at its line breaks (Shift+Enter in Word) into one inline per line."""
    lines: list[Inline] = [[]]
    for part in inline:
        if isinstance(part, Footnote) or "\n" not in part.text:
            lines[-1].append(part)
            continue
        pieces = part.text.split("\n")
        for index, piece in enumerate(pieces):
            if index:
                lines.append([])
            if piece:
                lines[-1].append(Span(piece, bold=part.bold, italic=part.italic))
    return lines
