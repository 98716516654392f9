from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.number_words import amount_in_words, number_to_words

NINES = "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (101, "một trăm linh một"),
        (104, "một trăm linh bốn"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (1000, "một nghìn"),
        (2023, "hai nghìn không trăm hai mươi ba"),
        (1_050_000, "một triệu không trăm năm mươi nghìn"),
        (1_005_000, "một triệu không trăm linh năm nghìn"),
        (1_000_005, "một triệu không trăm linh năm"),
        (1_000_050, "một triệu không trăm năm mươi"),
        (1_000_000, "một triệu"),
        (1_000_100, "một triệu một trăm"),
        (10**9, "một tỷ"),
        (10**9 + 1000, "một tỷ không trăm linh một nghìn"),
        (10**12, "một nghìn tỷ"),
        (10**12 + 5, "một nghìn tỷ không trăm linh năm"),
        (1_005 * 10**9, "một nghìn không trăm linh năm tỷ"),
        (10**15, "một triệu tỷ"),
        (1_234_567_891, "một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt"),
        (-7, "âm bảy"),
        (10**18 - 1, f"{NINES} tỷ {NINES}"),
    ],
)  # fmt: skip
def test_integers_are_read_as_accountants_read_them(number: int, expected: str) -> None:
    assert number_to_words(number) == expected


def test_options_for_four_zero_tens_and_thousand() -> None:
    assert number_to_words(24, four_as="bốn") == "hai mươi bốn"
    assert number_to_words(14, four_as="tư") == "mười bốn"  # "tư" only after "mươi"
    assert number_to_words(101, zero_tens="lẻ") == "một trăm lẻ một"
    assert number_to_words(2005, zero_tens="lẻ") == "hai nghìn không trăm lẻ năm"
    assert number_to_words(1000, thousand="ngàn") == "một ngàn"
    assert number_to_words(10**12, thousand="ngàn") == "một ngàn tỷ"
    with pytest.raises(ValueError, match="four_as"):
        number_to_words(4, four_as="bon")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3,05", "ba phẩy không năm"),
        ("3.05", "ba phẩy không năm"),
        (Decimal("3.05"), "ba phẩy không năm"),
        ("3,5", "ba phẩy năm"),
        ("12,25", "mười hai phẩy hai mươi lăm"),
        ("3,50", "ba phẩy năm mươi"),  # the words follow the figures as written
        ("0,105", "không phẩy một trăm linh năm"),
        ("0,00", "không phẩy không không"),
        ("-0,5", "âm không phẩy năm"),
        ("-0", "không"),
        (Decimal("-0.00"), "không phẩy không không"),
        (Decimal("1E+3"), "một nghìn"),
        ("1.050.000,5", "một triệu không trăm năm mươi nghìn phẩy năm"),
        ("1 050.25", "một nghìn không trăm năm mươi phẩy hai mươi lăm"),
        ("1.0500", "một phẩy không năm trăm"),
    ],
)
def test_fractions_are_read_after_phay_with_leading_zeros_one_by_one(value: str | Decimal, expected: str) -> None:
    assert number_to_words(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        1_050_000,
        Decimal(1_050_000),
        Decimal("1050000.0").quantize(Decimal(1)),
        "1050000",
        "1.050.000",
        "1 050 000",
        "1\u00a0050\u00a0000",
        "1\u202f050\u202f000",
        "  +1.050.000 ",
    ],
)
def test_every_accepted_way_of_writing_a_number_reads_the_same(value: int | Decimal | str) -> None:
    assert number_to_words(value) == "một triệu không trăm năm mươi nghìn"


def test_minus_signs() -> None:
    assert number_to_words("-1.000.000") == "âm một triệu"
    assert number_to_words("\u22127") == "âm bảy"
    assert number_to_words(Decimal("-7")) == "âm bảy"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1.050", "không rõ"),  # 1050 or 1,05?
        ("1.000", "không rõ"),
        ("1,050,000", "dấu phẩy là dấu thập phân"),
        ("1,050.5", "kiểu Anh"),
        ("1.05.000", "không phải là một số viết đúng"),
        ("1 05", "không phải là một số viết đúng"),
        ("1 050.000.000", "không phải là một số viết đúng"),
        ("007", "không bắt đầu bằng chữ số 0"),
        (".5", "không phải là một số viết đúng"),
        ("3,", "sau dấu thập phân"),
        ("3,5a", "sau dấu thập phân"),
        ("1e3", "không phải là một số viết đúng"),
        ("١٢", "không phải là một số viết đúng"),  # Arabic-Indic digits
        ("", "không phải là một số"),
        ("-", "không phải là một số"),
        ("1.000.000.000.000.000.000", "quá lớn"),
        (10**18, "quá lớn"),
        (-(10**18), "quá lớn"),
        (Decimal("1E+18"), "quá lớn"),
        (Decimal("NaN"), "hữu hạn"),
        (Decimal("Infinity"), "hữu hạn"),
        ("0," + "1" * 19, "chữ số thập phân"),
        (Decimal("1E-19"), "chữ số thập phân"),
    ],
)
def test_ambiguous_or_invalid_input_is_refused_in_vietnamese(value: int | Decimal | str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        number_to_words(value)


def test_floats_are_refused_to_avoid_binary_rounding() -> None:
    with pytest.raises(ValueError, match="dùng Decimal hoặc chuỗi"):
        number_to_words(3.05)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        number_to_words(True)


def test_amount_in_words_capitalises_and_appends_the_currency() -> None:
    assert amount_in_words(1_050_000) == "Một triệu không trăm năm mươi nghìn đồng"
    assert amount_in_words("1.050.000", exact_suffix=True) == "Một triệu không trăm năm mươi nghìn đồng chẵn"
    assert amount_in_words(0) == "Không đồng"
    assert amount_in_words(-7) == "Âm bảy đồng"
    assert amount_in_words(1500, "đô la Mỹ") == "Một nghìn năm trăm đô la Mỹ"
    assert amount_in_words(24, "") == "Hai mươi tư"
    assert (
        amount_in_words(2024, thousand="ngàn", zero_tens="lẻ", four_as="bốn") == "Hai ngàn không trăm hai mươi bốn đồng"
    )


# An independent reader of the words, strict about where each form of a digit may stand.

DIGITS = {"không": 0, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
AFTER_ZERO_TENS = {word: digit for word, digit in DIGITS.items() if digit}
AFTER_MUOI_TEN = {**{word: digit for word, digit in AFTER_ZERO_TENS.items() if digit != 5}, "lăm": 5}
AFTER_MUOI_TENS = {
    **{word: digit for word, digit in AFTER_ZERO_TENS.items() if digit not in (1, 4, 5)},
    "mốt": 1,
    "tư": 4,
    "lăm": 5,
}
SCALES = {"nghìn": 10**3, "triệu": 10**6, "tỷ": 10**9}


def read_group(words: list[str], *, first: bool) -> int:
    """0 < group < 1000 from its words; only the first group said may leave out its hundreds."""
    assert words, "a scale word with no number before it"
    hundreds = 0
    if len(words) >= 2 and words[1] == "trăm":
        hundreds = DIGITS[words[0]]
        assert hundreds or not first, "a leading 'không trăm'"
        words = words[2:]
    else:
        assert first, f"a later group without its hundreds: {words}"
        if words == ["không"]:
            raise AssertionError("a zero group was said instead of skipped")
    value = hundreds * 100
    if not words:
        return value
    head, tail = words[0], words[1:]
    if head == "linh":
        assert len(words) == 2, words
        return value + AFTER_ZERO_TENS[tail[0]]
    if head == "mười":
        assert len(tail) <= 1, words
        return value + 10 + (AFTER_MUOI_TEN[tail[0]] if tail else 0)
    if len(words) >= 2 and words[1] == "mươi":
        tens = DIGITS[head]
        assert tens >= 2, words
        assert len(words) <= 3, words
        return value + 10 * tens + (AFTER_MUOI_TENS[words[2]] if len(words) == 3 else 0)
    assert len(words) == 1 and value == 0, f"a unit after hundreds without 'linh': {words}"
    assert head != "không"
    return DIGITS[head]


def read_words(words: list[str], *, first: bool = True) -> int:
    """A whole number: split at the last "tỷ" (the part before it is a number of its own), then triệu, nghìn."""
    if "tỷ" in words:
        at = len(words) - 1 - words[::-1].index("tỷ")
        above, below = words[:at], words[at + 1 :]
        return read_words(above, first=first) * SCALES["tỷ"] + (read_words(below, first=False) if below else 0)
    total = 0
    for scale in ("triệu", "nghìn"):
        assert words.count(scale) <= 1, words
        if scale in words:
            at = words.index(scale)
            total += read_group(words[:at], first=first) * SCALES[scale]
            words = words[at + 1 :]
            first = False
    if words:
        total += read_group(words, first=first)
    return total


def words_to_number(text: str) -> int:
    assert text == text.strip() and "  " not in text
    return 0 if text == "không" else read_words(text.split(" "))


FORBIDDEN_PAIRS = {
    ("mười", "năm"),
    ("mươi", "năm"),
    ("mươi", "một"),
    ("mươi", "bốn"),
    ("mười", "mốt"),
    ("mười", "tư"),
    ("linh", "mốt"),
    ("linh", "lăm"),
    ("linh", "tư"),
    ("một", "mươi"),
}

# Numbers whose three-digit groups are mostly the awkward ones (0, 1, 5, 10, 15, 100, 105 …).
awkward_groups = st.sampled_from([0, 0, 1, 4, 5, 10, 11, 14, 15, 20, 21, 24, 25, 100, 101, 104, 105, 110, 115, 999])
mostly_awkward = st.lists(awkward_groups, min_size=1, max_size=5).map(
    lambda groups: sum(group * 1000**position for position, group in enumerate(groups))
)
below_10_to_15 = st.one_of(st.integers(min_value=0, max_value=10**15 - 1), mostly_awkward)


@settings(max_examples=200, deadline=None)
@given(below_10_to_15)
def test_words_read_back_to_the_number(number: int) -> None:
    words = number_to_words(number)
    assert words_to_number(words) == number
    tokens = words.split(" ")
    assert not FORBIDDEN_PAIRS & set(itertools.pairwise(tokens)), words


@settings(max_examples=100, deadline=None)
@given(below_10_to_15)
def test_options_only_swap_their_own_words(number: int) -> None:
    default = number_to_words(number)
    varied = number_to_words(number, four_as="bốn", zero_tens="lẻ", thousand="ngàn")
    assert varied.replace("ngàn", "nghìn").replace("lẻ", "linh").replace("mươi bốn", "mươi tư") == default


def test_the_reverse_reader_catches_the_usual_mistakes() -> None:
    for wrong in ("hai nghìn hai mươi ba", "một triệu năm mươi nghìn", "một trăm năm", "không trăm năm"):
        with pytest.raises(AssertionError):
            words_to_number(wrong)
    assert words_to_number("hai nghìn không trăm hai mươi ba") == 2023
