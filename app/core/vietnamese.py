"""Vietnamese dates, numbers and list labels as Nghị định 30 and Party rules print them; what a syllable looks like."""

from __future__ import annotations

import datetime as dt
import decimal
import re
import unicodedata
from functools import lru_cache

from babel.numbers import format_decimal

from app.core.model import ReportDate
from app.core.text import fold_for_search

# Letters used for "a)", "b)" … items: the Vietnamese alphabet without f, j, w, z and the
# letters with diacritics other than đ (Nghị định 30, Phụ lục I, mục II.6.đ).
VIETNAMESE_ITEM_LETTERS = "abcdđeghiklmnopqrstuvxy"

BLANK_DAY = " " * 5
BLANK_NUMBER = " " * 6

_VIETNAMESE_NUMBER = re.compile(r"(?P<sign>[-−]?)(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<fraction>\d+))?")


def date_line(place: str, date: ReportDate, *, pad_months_below: int = 3) -> str:
    """The place-and-date line: `Trà Tây, ngày 05 tháng 6 năm 2023`.

    Days below 10 and months below `pad_months_below` get a leading zero: 3 for Nghị định 30
    (tháng 01, tháng 02, tháng 3 …). A bare year or no date leaves blanks for the clerk.
    """
    return f"{place}, {date_words(date, pad_months_below=pad_months_below)}"


def date_words(date: ReportDate, *, pad_months_below: int = 3) -> str:
    """`ngày 05 tháng 6 năm 2023`, with blanks where the date is not known yet."""
    if isinstance(date, dt.date):
        month = f"{date.month:02d}" if date.month < pad_months_below else str(date.month)
        return f"ngày {date.day:02d} tháng {month} năm {date.year}"
    year = str(date) if isinstance(date, int) else BLANK_DAY
    return f"ngày{BLANK_DAY}tháng{BLANK_DAY}năm {year}"


def document_number(number: int | None, kind_abbreviation: str, issuer_code: str, *, party: bool = False) -> str:
    """`Số: 05/BC-UBND` (Nghị định 30) or `Số 45-BC/ĐU` (Party); a blank slot when not numbered yet."""
    shown = f"{number:02d}" if number is not None else BLANK_NUMBER
    if party:
        return f"Số {shown}-{kind_abbreviation}/{issuer_code}"
    return f"Số: {shown}/{kind_abbreviation}-{issuer_code}"


def format_number(value: int | float) -> str:
    """A number in Vietnamese style: `1.234.567,5`; every digit of a very large one (a float's own digits)."""
    if value == 0:
        return "0"  # also -0.0
    number = decimal.Decimal(repr(value)) if isinstance(value, float) else decimal.Decimal(value)
    with decimal.localcontext() as context:
        # babel computes in the current context: the default 28 digits would refuse a longer number.
        # (+ 8: the locale's pattern quantizes to 3 decimal places on top of the number's own digits)
        context.prec = max(context.prec, abs(number.adjusted()) + len(number.as_tuple().digits) + 8)
        return format_decimal(number, locale="vi", decimal_quantization=False)


def parse_vietnamese_number(text: str) -> int | float | None:
    """`1.234.567,5` → 1234567.5, `1234` → 1234, `12,5` → 12.5; None when the text is not such a number.

    The reverse of `format_number`. Digits with a leading zero ("01", "0912 345 678") are codes,
    not numbers: they keep their zero as text.
    """
    match = _VIETNAMESE_NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    whole = match["whole"].replace(".", "")
    if len(whole) > 1 and whole.startswith("0"):
        return None
    sign = "-" if match["sign"] else ""
    if match["fraction"] is None:
        return int(sign + whole)
    return float(f"{sign}{whole}.{match['fraction']}")


def roman(number: int) -> str:
    """Upper-case Roman numeral (1 → I) for section and appendix labels."""
    if not 0 < number < 4000:
        raise ValueError(f"no Roman numeral for {number}")
    return _roman(number)


@lru_cache(maxsize=64)
def _roman(number: int) -> str:
    numerals = (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )  # fmt: skip
    parts = []
    for value, numeral in numerals:
        count, number = divmod(number, value)
        parts.append(numeral * count)
    return "".join(parts)


def item_letter(position: int) -> str:
    """The letter of the n-th item (1 → a, 5 → đ, 6 → e, 24 → aa), in Vietnamese order."""
    if position < 1:
        raise ValueError(f"item positions start at 1, not {position}")
    letters = VIETNAMESE_ITEM_LETTERS
    repeat, index = divmod(position - 1, len(letters))
    return letters[index] * (repeat + 1)


# --------------------------------------------------------------------------- syllables

# A Vietnamese syllable is an optional initial consonant, a vowel group and an optional final consonant, with at
# most one tone mark. The vowel groups are those of written Vietnamese (iêu in "hiếu", ươu in "hươu", oo in "xoong").
_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_VOWEL_GROUPS = (
    "iêu|yêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu|uêu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ôô|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|ya|yê|"
    "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
_FINALS = "ch|ng|nh|c|m|n|p|t"
_TONE_MARKS = {ord(mark): None for mark in "\u0300\u0301\u0303\u0309\u0323"}  # huyền, sắc, ngã, hỏi, nặng


def _syllable_pattern(initials: str, vowel_groups: str, finals: str) -> re.Pattern[str]:
    """initial? vowel-group final? from "|"-separated options (repeats dropped, longest tried first)."""

    def options(alternatives: str) -> str:
        return "|".join(sorted(set(alternatives.split("|")), key=lambda part: (-len(part), part)))

    return re.compile(f"(?:{options(initials)})?(?:{options(vowel_groups)})(?:{options(finals)})?")


_SYLLABLE = _syllable_pattern(_INITIALS, _VOWEL_GROUPS, _FINALS)
"""Lower case NFC without tone marks: "nghiêng", "người" as "ngươi"."""
_SYLLABLE_SHAPE = _syllable_pattern(fold_for_search(_INITIALS), fold_for_search(_VOWEL_GROUPS), _FINALS)
"""The same with every diacritic folded away as fold_for_search does: "nghieng", "nguoi"."""


@lru_cache(maxsize=32768)
def is_vietnamese_syllable(word: str) -> bool:
    """True when `word` is spelled as one Vietnamese syllable, diacritics included: "nghiêng", "Người", "hoà".

    Any case, NFC or NFD; at most one tone mark. "Müller", "hoµ" (TCVN3 for "hoà"), "Coäng" (VNI for
    "Cộng"), "hóà" are not. Used where
    the letters themselves are evidence (which old encoding a text is in); `has_syllable_shape` is the looser test.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    toneless = decomposed.translate(_TONE_MARKS)
    if len(decomposed) - len(toneless) > 1:
        return False
    return _SYLLABLE.fullmatch(unicodedata.normalize("NFC", toneless)) is not None


@lru_cache(maxsize=32768)
def has_syllable_shape(word: str) -> bool:
    """True when `word` could be one Vietnamese syllable once its diacritics are put right: "KHONG", "ĐU", "Nghành".

    Any case, NFC or NFD; diacritics are ignored, wrong or missing ones included. "UBND", "HTX", "XIV"… have no
    such shape, nor do most English words ("report", "xyz"). Tells an abbreviation in capitals from a word typed
    in capitals, and a word worth spell checking from a code.
    """
    return _SYLLABLE_SHAPE.fullmatch(fold_for_search(word)) is not None
