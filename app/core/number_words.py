"""Vietnamese number words for the "Bằng chữ:" line of administrative and financial documents.

num2words reads Vietnamese wrongly for money and years (2023 → "hai nghìn lẻ hai mươi ba"),
so the usual accounting reading is written out here.

Reading an integer:

* It is cut into groups of three digits from the right: units, nghìn, triệu, then tỷ; the part
  above a tỷ is itself read as a number and followed by "tỷ" (10^12 → "một nghìn tỷ",
  10^15 → "một triệu tỷ", 1 005 × 10^9 → "một nghìn không trăm linh năm tỷ").
* An all-zero group is skipped with its scale word (1 000 005 → "một triệu không trăm linh năm";
  1 000 000 → "một triệu"). Zero itself is "không".
* The first group said is read short: no hundreds when there are none, no "linh"
  (5 → "năm", 15 → "mười lăm", 105 → "một trăm linh năm").
* Every later group is read in full, its hundreds always said, even as "không trăm", and a zero
  tens digit before a non-zero unit said as "linh" (2023 → "hai nghìn không trăm hai mươi ba",
  1 050 000 → "một triệu không trăm năm mươi nghìn", 1 000 100 → "một triệu một trăm").
* Tens: 10–19 with "mười", 20–90 with "<digit> mươi". The unit after them: 1 is "mốt" after
  "mươi" only (21 → "hai mươi mốt", 11 → "mười một"); 4 is "tư" after "mươi" only
  (24 → "hai mươi tư", 14 → "mười bốn"); 5 is "lăm" after "mươi" or "mười" (15 → "mười lăm",
  25 → "hai mươi lăm"), but "năm" after "linh" and on its own (105 → "một trăm linh năm").
* Options: `four_as="bốn"` (24 → "hai mươi bốn"), `zero_tens="lẻ"` (101 → "một trăm lẻ một"),
  `thousand="ngàn"` (1000 → "một ngàn").

Negative numbers start with "âm". A fraction is read after "phẩy" as its digits are written:
leading zeros one by one as "không", the remaining digits as a number ("3,05" → "ba phẩy
không năm", "12,25" → "mười hai phẩy hai mươi lăm"). Trailing zeros are kept because the words
must match the figures printed beside them ("3,50" → "ba phẩy năm mươi").

Floats are refused: 3.05 is stored as 3.04999…, so pass a Decimal or a string. The integer part
must be below 10^18 and the fraction at most 18 digits.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal, TypeAlias, get_args

FourAs: TypeAlias = Literal["tư", "bốn"]
ZeroTens: TypeAlias = Literal["linh", "lẻ"]
Thousand: TypeAlias = Literal["nghìn", "ngàn"]

INTEGER_LIMIT = 10**18
"""Integer parts must be below this: "một tỷ tỷ" and beyond are not read."""

MAX_FRACTION_DIGITS = 18

DIGIT_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

_BILLION = 10**9
_SIGNS = {"-": True, "\u2212": True, "+": False}  # U+2212 is the typographic minus sign
_OTHER_SPACES = re.compile("[\u00a0\u202f\u2009]")  # no-break, narrow no-break and thin spaces
_PLAIN = re.compile("0|[1-9][0-9]*")
_GROUPED_BY_DOTS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_GROUPED_BY_SPACES = re.compile("[1-9][0-9]{0,2}(?: [0-9]{3})+")
_FRACTION = re.compile("[0-9]+")


def number_to_words(
    value: int | Decimal | str,
    *,
    four_as: FourAs = "tư",
    zero_tens: ZeroTens = "linh",
    thousand: Thousand = "nghìn",
) -> str:
    """A number in lower-case Vietnamese words, read as accountants do (rules in the module docstring).

    Strings follow a small grammar; surrounding spaces are ignored and no-break, narrow and
    thin spaces count as plain spaces:

        number   = [sign] integer [mark fraction]
        sign     = "-" | "−" | "+"
        integer  = "0", or digits without a leading zero: plain ("1050000"), grouped in threes
                   by dots ("1.050.000") or by single spaces ("1 050 000")
        mark     = ","; or "." when the integer has no dots ("3.05", "1 050.5")
        fraction = 1 to 18 digits

    A single dot followed by exactly three digits ("1.050": 1050 or 1,05?) is refused as ambiguous,
    and so is English style ("1,050,000", "1,050.5"). Refused values, floats included, raise a
    ValueError with a Vietnamese message; a bool or any other type raises TypeError.
    """
    _check_option("four_as", four_as, FourAs)
    _check_option("zero_tens", zero_tens, ZeroTens)
    _check_option("thousand", thousand, Thousand)
    negative, integer, fraction = _split(value)
    if int(integer) >= INTEGER_LIMIT:
        raise ValueError(f"Số {_shown(value)} quá lớn: chỉ đọc được phần nguyên nhỏ hơn 10^18 (một tỷ tỷ).")
    if len(fraction) > MAX_FRACTION_DIGITS:
        raise ValueError(
            f"Số {_shown(value)} có {len(fraction)} chữ số thập phân; chỉ đọc được tối đa {MAX_FRACTION_DIGITS}."
        )

    def read(number: int) -> list[str]:
        return _integer_words(number, four_as=four_as, zero_tens=zero_tens, thousand=thousand)

    words = read(int(integer))
    if fraction:
        significant = fraction.lstrip("0")
        words += ["phẩy"] + ["không"] * (len(fraction) - len(significant))
        if significant:
            words += read(int(significant))
    if negative and (int(integer) or fraction.strip("0")):
        words.insert(0, "âm")
    return " ".join(words)


def amount_in_words(
    value: int | Decimal | str,
    currency: str = "đồng",
    *,
    exact_suffix: bool = False,
    four_as: FourAs = "tư",
    zero_tens: ZeroTens = "linh",
    thousand: Thousand = "nghìn",
) -> str:
    """An amount for "Bằng chữ:": `Một triệu không trăm năm mươi nghìn đồng`.

    The first letter is capitalised and the currency appended (none when `currency` is empty);
    `exact_suffix=True` adds " chẵn" for offices that write "… đồng chẵn".
    """
    words = number_to_words(value, four_as=four_as, zero_tens=zero_tens, thousand=thousand)
    if currency.strip():
        words += " " + " ".join(currency.split())
    if exact_suffix:
        words += " chẵn"
    return words[0].upper() + words[1:]


def _integer_words(number: int, *, four_as: str, zero_tens: str, thousand: str) -> list[str]:
    """Words for 0 ≤ number < 10^18: the part above a tỷ as a number of its own, then the rest."""
    if number == 0:
        return [DIGIT_WORDS[0]]
    billions, rest = divmod(number, _BILLION)
    words: list[str] = []
    if billions:
        words += _below_billion(billions, leading=True, four_as=four_as, zero_tens=zero_tens, thousand=thousand)
        words.append("tỷ")
    if rest:
        words += _below_billion(rest, leading=not billions, four_as=four_as, zero_tens=zero_tens, thousand=thousand)
    return words


def _below_billion(number: int, *, leading: bool, four_as: str, zero_tens: str, thousand: str) -> list[str]:
    """Words for 0 < number < 10^9, skipping all-zero groups; only a leading first group is read short."""
    words: list[str] = []
    for size, scale in ((10**6, "triệu"), (10**3, thousand), (1, "")):
        group, number = divmod(number, size)
        if group == 0:
            continue
        words += _group_words(group, full=not leading, four_as=four_as, zero_tens=zero_tens)
        if scale:
            words.append(scale)
        leading = False
    return words


def _group_words(group: int, *, full: bool, four_as: str, zero_tens: str) -> list[str]:
    """Words for 0 < group < 1000; `full` says the hundreds even when zero, and "linh" before a lone unit."""
    hundreds, rest = divmod(group, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if full or hundreds:
        words += [DIGIT_WORDS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(zero_tens)
            words.append(DIGIT_WORDS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGIT_WORDS[units])
    else:
        words += [DIGIT_WORDS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: four_as, 5: "lăm"}.get(units, DIGIT_WORDS[units]))
    return words


def _split(value: int | Decimal | str) -> tuple[bool, str, str]:
    """(negative, integer digits, fraction digits as written) of an accepted value."""
    if isinstance(value, float):
        raise ValueError(
            f"Không đọc số thực dấu phẩy động {value!r} vì có thể sai do làm tròn nhị phân; "
            "hãy dùng Decimal hoặc chuỗi."
        )
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise TypeError(f"Cần một số nguyên, Decimal hoặc chuỗi, không phải {type(value).__name__}.")
    if isinstance(value, int):
        if abs(value) >= INTEGER_LIMIT:
            raise ValueError(f"Số {value} quá lớn: chỉ đọc được số nhỏ hơn 10^18 (một tỷ tỷ).")
        return value < 0, str(abs(value)), ""
    if isinstance(value, Decimal):
        return _split_decimal(value)
    return _split_text(value)


def _split_decimal(value: Decimal) -> tuple[bool, str, str]:
    if not value.is_finite():
        raise ValueError(f"«{value}» không phải là một số hữu hạn.")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # only NaN and infinities have a letter here
    if value and value.adjusted() >= 18:
        raise ValueError(f"Số {value} quá lớn: chỉ đọc được phần nguyên nhỏ hơn 10^18 (một tỷ tỷ).")
    if -exponent > MAX_FRACTION_DIGITS:
        raise ValueError(f"Số {value} có quá nhiều chữ số thập phân; chỉ đọc được tối đa {MAX_FRACTION_DIGITS}.")
    integer, _, fraction = format(abs(value), "f").partition(".")
    return value.is_signed(), integer, fraction


def _split_text(source: str) -> tuple[bool, str, str]:
    """Apply the grammar in `number_to_words` to a string."""
    text = _OTHER_SPACES.sub(" ", source).strip()
    negative = False
    if text and text[0] in _SIGNS:
        negative = _SIGNS[text[0]]
        text = text[1:]
    if not text:
        raise ValueError(f"«{source}» không phải là một số.")
    if text.count(",") > 1 or "." in text.partition(",")[2]:
        raise ValueError(
            f"«{source}»: dấu phẩy là dấu thập phân, chỉ có một và đứng sau các dấu chấm tách hàng nghìn "
            "(viết 1.050.000 hoặc 1.050,5; không viết kiểu Anh 1,050,000 hay 1,050.5)."
        )
    if "," in text:
        integer, mark, fraction = text.partition(",")
    elif text.count(".") == 1:
        integer, mark, fraction = text.partition(".")
        if len(fraction) == 3 and _FRACTION.fullmatch(fraction):
            raise ValueError(
                f"«{source}» không rõ: dấu chấm có thể tách hàng nghìn hoặc là dấu thập phân; "
                f"hãy viết {integer.replace(' ', '')}{fraction} nếu là số nguyên "
                f"hoặc {integer},{fraction} nếu là số thập phân."
            )
    else:
        integer, mark, fraction = text, "", ""
    if not (_PLAIN.fullmatch(integer) or _GROUPED_BY_DOTS.fullmatch(integer) or _GROUPED_BY_SPACES.fullmatch(integer)):
        raise ValueError(
            f"«{source}» không phải là một số viết đúng: phần nguyên viết liền (1050000) hoặc tách từng ba chữ số "
            "bằng dấu chấm (1.050.000) hay dấu cách (1 050 000), không bắt đầu bằng chữ số 0."
        )
    if mark and not _FRACTION.fullmatch(fraction):
        raise ValueError(f"«{source}»: sau dấu thập phân phải có chữ số và chỉ có chữ số, ví dụ 3,05.")
    return negative, integer.replace(".", "").replace(" ", ""), fraction


def _check_option(name: str, given: str, allowed: object) -> None:
    choices = get_args(allowed)
    if given not in choices:
        raise ValueError(
            f"{name} phải là một trong {', '.join(repr(choice) for choice in choices)}, không phải {given!r}."
        )


def _shown(value: int | Decimal | str) -> str:
    return f"«{value}»" if isinstance(value, str) else str(value)
