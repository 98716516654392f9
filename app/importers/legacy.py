"""The old Vietnamese encodings, TCVN3 (ABC) and VNI-Windows, detected and converted to Unicode NFC.

Before Unicode, Vietnamese text was typed in 8-bit fonts: `.VnTime`, `.VnArial`… (TCVN3, also called
ABC) and `VNI-Times`, `VNI-Helve`… (VNI). Word stores such text as the Western characters that share
the byte values, so "Cộng hoà" typed in .VnTime arrives as "Céng hoµ" and typed in VNI-Times as
"Coäng hoøa". TCVN3 has one byte per letter and needs a second font for capitals with marks
(`.VnTimeH`, `.VnArialH`: the same bytes drawn as capitals); VNI writes a base letter followed by
one byte for the marks.

Detection trusts the font name first (a run in `.VnTime` is TCVN3); without one (a plain .txt) it
compares, word by word, which reading gives real Vietnamese syllables: a word that is not Vietnamese
as it stands but becomes a Vietnamese syllable once converted counts for that encoding, one that is
Vietnamese already and stops being one counts against it. Genuine Unicode Vietnamese therefore never
converts (its words are syllables already), and neither does French or German text (ü, é, ß, ñ do
not turn their words into Vietnamese syllables).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import cache
from typing import Literal, TypeAlias

from app.core.vietnamese import is_vietnamese_syllable
from app.importers.result import ImportNote, ImportRefused

LegacyEncoding: TypeAlias = Literal["tcvn3", "vni"]

# --------------------------------------------------------------------------- the tables

# TCVN3 (ABC): each Vietnamese letter, then the Windows-1252 character with its byte value.
# Capitals with tone marks have no code of their own: .VnTimeH and friends draw the small letters as capitals.
_TCVN3_LETTERS = (
    "àµ á¸ ả¶ ã· ạ¹ ă¨ ằ» ắ¾ ẳ¼ ẵ½ ặÆ â© ầÇ ấÊ ẩÈ ẫÉ ậË đ® èÌ éÐ ẻÎ ẽÏ ẹÑ êª ềÒ ếÕ ểÓ ễÔ ệÖ "
    "ì× íÝ ỉØ ĩÜ ịÞ òß óã ỏá õâ ọä ô« ồå ốè ổæ ỗç ộé ơ¬ ờê ớí ởë ỡì ợî ùï úó ủñ ũò ụô "
    "ư\xad ừõ ứø ửö ữ÷ ựù ỳú ýý ỷû ỹü ỵþ Ă¡ Â¢ Ê£ Ô¤ Ơ¥ Ư¦ Đ§"
)
TCVN3_TO_UNICODE: dict[str, str] = {pair[1]: pair[0] for pair in _TCVN3_LETTERS.split()}
"""TCVN3 character (as Word stores it) → Unicode letter."""

# VNI-Windows: a base letter followed by one mark byte. Small marks follow small letters, capital marks
# capitals; both are accepted after either, as typed text mixes them.
_VNI_MARKS = {
    # Unicode combining marks → (small, capital) VNI mark character.
    "\u0301": ("ù", "Ù"),  # sắc
    "\u0300": ("ø", "Ø"),  # huyền
    "\u0309": ("û", "Û"),  # hỏi
    "\u0303": ("õ", "Õ"),  # ngã
    "\u0323": ("ï", "Ï"),  # nặng
    "\u0302": ("â", "Â"),  # circumflex alone
    "\u0302\u0301": ("á", "Á"),
    "\u0302\u0300": ("à", "À"),
    "\u0302\u0309": ("å", "Å"),
    "\u0302\u0303": ("ã", "Ã"),
    "\u0302\u0323": ("ä", "Ä"),
    "\u0306": ("ê", "Ê"),  # breve alone
    "\u0306\u0301": ("é", "É"),
    "\u0306\u0300": ("è", "È"),
    "\u0306\u0309": ("ú", "Ú"),
    "\u0306\u0303": ("ü", "Ü"),
    "\u0306\u0323": ("ë", "Ë"),
}
# Letters VNI writes as one character of their own (and the marked forms built on ơ and ư).
_VNI_SINGLE = {
    "ơ": "ô",
    "Ơ": "Ô",
    "ư": "ö",
    "Ư": "Ö",
    "đ": "ñ",
    "Đ": "Ñ",
    "í": "í",
    "Í": "Í",
    "ì": "ì",
    "Ì": "Ì",
    "ỉ": "æ",
    "Ỉ": "Æ",
    "ĩ": "ó",
    "Ĩ": "Ó",
    "ị": "ò",
    "Ị": "Ò",
    "ỵ": "î",
    "Ỵ": "Î",
}
_VNI_TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


@cache
def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(VNI sequence → Unicode letter, Unicode letter → VNI sequence), built from the rules above."""
    to_unicode: dict[str, str] = {}
    to_vni: dict[str, str] = {}

    def add(letter: str, sequence: str, *, canonical: bool) -> None:
        to_unicode.setdefault(sequence, letter)
        if canonical:
            to_vni.setdefault(letter, sequence)

    for unicode_letter, vni in _VNI_SINGLE.items():
        add(unicode_letter, vni, canonical=True)
    for base in "aeiouyAEIOUY":
        for marks, (small, capital) in _VNI_MARKS.items():
            letter = unicodedata.normalize("NFC", base + marks)
            if len(letter) != 1 or letter in _VNI_SINGLE:
                continue  # no such letter (i with a circumflex), or written as one character
            own, other = (capital, small) if base.isupper() else (small, capital)
            add(letter, base + own, canonical=True)
            add(letter, base + other, canonical=False)
    for base_letter in "ơƠưƯ":
        base = _VNI_SINGLE[base_letter]
        for tone in _VNI_TONES:
            small, capital = _VNI_MARKS[tone]
            letter = unicodedata.normalize("NFC", base_letter + tone)
            own, other = (capital, small) if base_letter.isupper() else (small, capital)
            add(letter, base + own, canonical=True)
            add(letter, base + other, canonical=False)
    return to_unicode, to_vni


@cache
def _vni_pattern() -> re.Pattern[str]:
    sequences = sorted(_vni_tables()[0], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, sequences)))


# --------------------------------------------------------------------------- fonts


def font_encoding(font: str | None) -> LegacyEncoding | None:
    """The encoding a font name implies: `.VnTime`, `.VnArialH`… → TCVN3; `VNI-Times`, `VNI-Helve`… → VNI."""
    if not font:
        return None
    name = font.strip()
    if name.lower().startswith((".vn", "vn3")):
        return "tcvn3"
    if re.match(r"vni[-_ ]", name, flags=re.IGNORECASE):
        return "vni"
    return None


def is_capitals_font(font: str | None) -> bool:
    """True for the TCVN3 fonts that draw every letter as a capital (`.VnTimeH`, `.VnArial NarrowH`…)."""
    return font_encoding(font) == "tcvn3" and font is not None and font.strip().endswith("H")


# --------------------------------------------------------------------------- detection


# Letters only Unicode Vietnamese has (not in Windows-1252), and combining marks of decomposed text.
_UNICODE_VIETNAMESE = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9\u0300-\u0323]"
)


def legacy_encoding(text: str, font: str | None = None) -> LegacyEncoding | None:
    """The old encoding `text` is written in, or None when it is Unicode (or plain ASCII without a font).

    A TCVN3 or VNI font name decides, unless the text holds letters only Unicode has. Without a font
    the words decide (see the module's docstring): give a whole paragraph or document, not a short run.
    """
    if _UNICODE_VIETNAMESE.search(text):
        return None
    by_font = font_encoding(font)
    if by_font is not None:
        return by_font
    best: LegacyEncoding | None = None
    best_fixed = 0
    for encoding in ("tcvn3", "vni"):
        fixed, broken = _word_evidence(text, encoding)
        if fixed >= 2 and fixed > 3 * broken and fixed > best_fixed:
            best, best_fixed = encoding, fixed
    return best


def _word_evidence(text: str, encoding: LegacyEncoding) -> tuple[int, int]:
    """(words that become Vietnamese syllables once converted, words that stop being ones)."""
    fixed = broken = 0
    for word in _candidate_words(text, encoding):
        converted = legacy_to_unicode(word, encoding)
        if converted == word:
            continue
        before, after = is_vietnamese_syllable(word), is_vietnamese_syllable(converted)
        fixed += after and not before
        broken += before and not after
    return fixed, broken


def _candidate_words(text: str, encoding: LegacyEncoding) -> list[str]:
    """The words of `text` that the encoding would change: letters and the encoding's own characters."""
    own = "".join(TCVN3_TO_UNICODE) if encoding == "tcvn3" else "".join(set("".join(_vni_tables()[0])))
    pattern = _word_pattern(own)
    words = pattern.findall(text)
    # A lone symbol (« or © standing by itself) is not evidence of anything.
    return [word for word in words if len(word) > 1 or word.isalpha()]


@cache
def _word_pattern(own: str) -> re.Pattern[str]:
    return re.compile(f"(?:[^\\W\\d_]|[{re.escape(own)}])+")


# --------------------------------------------------------------------------- conversion


def legacy_to_unicode(text: str, encoding: LegacyEncoding, *, font: str | None = None) -> str:
    """`text` in TCVN3 or VNI as Unicode NFC; with a TCVN3 capitals font (`.VnTimeH`), in capitals."""
    if encoding == "tcvn3":
        converted = text.translate(_tcvn3_translation())
        if is_capitals_font(font):
            converted = converted.upper()
    else:
        table = _vni_tables()[0]
        converted = _vni_pattern().sub(lambda match: table[match.group()], text)
    return unicodedata.normalize("NFC", converted)


@cache
def _tcvn3_translation() -> dict[int, str]:
    return {ord(legacy): letter for legacy, letter in TCVN3_TO_UNICODE.items()}


# --------------------------------------------------------------------------- text files

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ENCODING_NAMES = {"tcvn3": "TCVN3 (ABC, phông .VnTime)", "vni": "VNI (phông VNI-Times)"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_text_file(data: bytes) -> tuple[str, list[ImportNote]]:
    """The text of a .txt file as Unicode NFC, and Vietnamese notes on how it was read.

    Handles UTF-8 (with or without BOM), UTF-16/32 with a BOM (and UTF-16 without one), Windows-1258,
    and TCVN3 or VNI text, whether stored as 8-bit bytes or already saved as UTF-8 by Word.
    ImportRefused for bytes that are not text.
    """
    notes: list[ImportNote] = []
    text = _decode_unicode(data)
    if text is None:
        text, note = _decode_eight_bit(data)
        notes.extend([note] if note else [])
    _refuse_binary(text)
    text = unicodedata.normalize("NFC", text)
    encoding = legacy_encoding(text[:EVIDENCE_CHARACTERS])
    if encoding is not None:
        text = legacy_to_unicode(text, encoding)
        notes = [ImportNote("recognised", f"Văn bản mã {_ENCODING_NAMES[encoding]} đã được chuyển sang Unicode.")]
    return text, notes


EVIDENCE_CHARACTERS = 200_000
"""How much of a long text file decides its encoding."""


def _decode_unicode(data: bytes) -> str | None:
    """The text when `data` is UTF-8 or UTF-16/32 (BOM, or UTF-16 without one); None otherwise."""
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(bom_codec)
            except UnicodeDecodeError:
                raise _not_text() from None
    if len(data) >= 2 and len(data) % 2 == 0:
        # ASCII letters in UTF-16 have a zero high byte: after each letter (little-endian) or before it.
        pairs = len(data) // 2
        zeros_after, zeros_before = data[1::2].count(0), data[0::2].count(0)
        codec: str | None = None
        if zeros_after >= 0.4 * pairs and zeros_before < 0.05 * pairs:
            codec = "utf-16-le"
        elif zeros_before >= 0.4 * pairs and zeros_after < 0.05 * pairs:
            codec = "utf-16-be"
        if codec is not None:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decode_eight_bit(data: bytes) -> tuple[str, ImportNote | None]:
    """8-bit text: TCVN3, VNI or Windows-1258, whichever reads as more Vietnamese words; else Windows-1252.

    Legacy text comes back as read (Windows-1252) for the caller to convert and note.
    """
    western = data.decode("cp1252", errors="replace")
    vietnamese = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    sample = western[:EVIDENCE_CHARACTERS]
    legacy = legacy_encoding(sample)
    legacy_words = 0 if legacy is None else _vietnamese_words(legacy_to_unicode(sample, legacy))[0]
    windows_words, windows_total = _vietnamese_words(vietnamese[:EVIDENCE_CHARACTERS])
    if legacy is not None and legacy_words >= windows_words:
        return western, None
    # Windows-1258 only when it reads mostly as Vietnamese, and better than Windows-1252 does
    # (Portuguese "São" would otherwise become "Săo").
    if windows_words > _vietnamese_words(sample)[0] and 2 * windows_words >= windows_total:
        return vietnamese, ImportNote("recognised", "Văn bản mã Windows-1258 đã được chuyển sang Unicode.")
    return western, ImportNote(
        "check",
        "Không nhận ra bảng mã tiếng Việt của tệp; tệp được đọc theo bảng mã Windows-1252. "
        "Hãy kiểm tra các chữ có dấu, hoặc lưu lại tệp với bảng mã UTF-8 rồi nhập lại.",
    )


def _vietnamese_words(text: str) -> tuple[int, int]:
    """(words with a letter beyond ASCII that are Vietnamese syllables, words with such a letter)."""
    words = [word for word in re.findall(r"[^\W\d_]+", text) if not word.isascii()]
    return sum(map(is_vietnamese_syllable, words)), len(words)


def _refuse_binary(text: str) -> None:
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 200):
        raise _not_text()


def _not_text() -> ImportRefused:
    return ImportRefused(
        "Tệp không phải văn bản thuần (có nhiều ký tự lạ, có thể là tệp chương trình hay tệp bị hỏng). "
        "Hãy chọn tệp Word (.docx, .doc) hoặc tệp văn bản (.txt) của báo cáo."
    )
