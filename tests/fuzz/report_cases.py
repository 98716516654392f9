"""Hypothesis strategies for report files (`*.baocao.json`): valid ones, and broken ones whose fault is known.

A valid report is built as JSON data straight from the format description (docs/report-format.md): every
field, sections nested up to five levels, bullets, tables with odd cells, footnotes, appendices, both profiles,
every signature mode, and text that is hard on a program (NFD, lone combining marks, astral characters,
characters XML allows but nobody types, very long words, empty strings).

A broken report is a valid one with one fault put in at a known place (a wrong type, a missing or unknown key,
a key given twice, a date that does not exist, a huge number, NaN, a character Word cannot store, …), so the
test can insist that the rejection names that place; or the JSON text itself is damaged (cut, bytes changed,
not UTF-8, nested too deep), where only the general properties are checked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from hypothesis import strategies as st

from app.core.model import DOCUMENT_KINDS, SECTION_ROLES, SIGNATURE_MODES
from app.core.report_file import FORMAT_NAME, MAX_SECTION_DEPTH
from app.render.docx import Margins, RenderOptions

Key: TypeAlias = str | int
Path: TypeAlias = tuple[Key, ...]
Expectation: TypeAlias = Literal["valid", "reject", "unknown"]

# ---------------------------------------------------------------------------------------------
# Text

VIETNAMESE_WORDS = (
    "Ủy", "ban", "nhân", "dân", "xã", "Trà", "Tây", "báo", "cáo", "kết", "quả", "thực", "hiện", "phong", "trào",
    "thi", "đua", "Dân", "vận", "khéo", "Đảng", "ủy", "nghị", "quyết", "hỗ", "trợ", "đồng", "bào", "tộc", "thiểu",
    "số", "năm", "2023", "tỷ", "lệ", "85,5%", "“Dân vận khéo”", "…", "–", "Quảng", "Ngãi", "huyện", "Bình", "Sơn",
    "khỏe", "thủy", "lợi", "nguyễn", "PHÓ", "CHỦ", "TỊCH", "ĐẢNG", "BỘ", "Số", "17/KH-UBND", "./.", "a)", "đ)",
)  # fmt: skip
ODD_PIECES = (
    "", " ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u2028", "\u200b", "\u200d", "\ufeff", "\u202e",
    "\u0301", "\u0323\u0302", "o\u031b\u0300", "A\u0301\u0301\u0301", "𠀀", "𝕏", "😀", "👨‍👩‍👧", "\U0010fffd",
    "\x7f", "\x85", "\x9f", "\ufffd", "&", "<", ">", "&amp;", "<w:p>", "]]>", '"', "'", "\\", "{{ x }}", "$name",
    "${body_line}", "%s", "./.", ".", ";", "Phần thứ nhất", "Chương I", "ß", "ﬃ", "İ", "ǅ", "Ω", "ı",
)  # fmt: skip
"""Pieces of text that break naive programs; none of them is a character XML 1.0 forbids."""
FORBIDDEN_CHARACTERS = (*"\x00\x01\x08\x0b\x0c\x0e\x1b\x1f", "\ufffe", "\uffff", "\ud800", "\udfff", "\udbff")
"""Characters Word cannot store: a report holding one must be refused, naming the field."""
_TEXT_ALPHABET = st.characters(
    exclude_categories=["Cs"],
    exclude_characters="".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\ufffe\uffff",
)
_CODE_POINT_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1EA0, 0x1EF9), (0x2000, 0x206F),
                      (0x3000, 0x30FF), (0x4E00, 0x4E7F), (0xE000, 0xE00F), (0xFB00, 0xFB06), (0xFE00, 0xFE0F),
                      (0x1D400, 0x1D4FF), (0x1F300, 0x1F64F), (0x20000, 0x2001F), (0xE0001, 0xE007F),
                      (0x10FFF0, 0x10FFFD))  # fmt: skip
"""Latin with Vietnamese, combining marks, punctuation and invisible characters, CJK, private use, variation
selectors, mathematical letters, emoji, astral ideographs, tags, the last planes: all allowed in XML 1.0."""


def _random_piece(rng: random.Random) -> str:
    choice = rng.randrange(20)
    if choice < 9:
        word = rng.choice(VIETNAMESE_WORDS)
        return unicodedata.normalize("NFD", word) if rng.random() < 0.3 else word
    if choice < 15:
        return rng.choice(ODD_PIECES)
    if choice < 19:
        low, high = rng.choice(_CODE_POINT_RANGES)
        return "".join(chr(rng.randint(low, high)) for _ in range(rng.randint(1, 8)))
    return rng.choice(["a", "Nghiêng", "ư\u0303", "𠀀", "-", "xã "]) * rng.randint(100, 3000)


def _text_pool(seed: int, size: int, *, required: bool) -> tuple[str, ...]:
    """Texts built once from a fixed seed: drawing one of them is a single cheap choice for hypothesis, which
    keeps 2 000 generated reports within a minute; raw hypothesis text is mixed in as well (see `text`)."""
    rng = random.Random(seed)
    pool = ["Báo cáo"] if required else ["", "Báo cáo"]
    while len(pool) < size:
        pieces = [_random_piece(rng) for _ in range(rng.randint(0 if not required else 1, 8))]
        if required:
            pieces[0] = rng.choice(VIETNAMESE_WORDS)
        pool.append(rng.choice([" ", "", " ", "\n"]).join(pieces))
    return tuple(pool)


TEXT_POOL = _text_pool(2020, 4000, required=False)
REQUIRED_POOL = _text_pool(3030, 2000, required=True)


def _mostly_pool(pool: tuple[str, ...], raw: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """One of the pool's texts, or (one time in eight) text hypothesis makes up itself."""
    return st.integers(0, 7).flatmap(lambda n: raw if n == 0 else st.sampled_from(pool))


text = _mostly_pool(TEXT_POOL, st.text(_TEXT_ALPHABET, max_size=20))
"""Any text a field may hold: also empty, only spaces, NFD, astral, now and then a 3 000-character word."""
required_text = _mostly_pool(
    REQUIRED_POOL, st.builds(lambda word, rest: f"{word} {rest}", st.sampled_from(VIETNAMESE_WORDS), text)
)
"""Text with at least one letter: what a field needs to print."""

# ---------------------------------------------------------------------------------------------
# Valid report data, as the JSON of a report file


def _random_json(rng: random.Random, depth: int = 0) -> Any:
    choice = rng.randrange(9 if depth < 3 else 6)
    if choice == 0:
        return None
    if choice == 1:
        return rng.random() < 0.5
    if choice == 2:
        return rng.choice([0, -1, 2**63, -(10**40), 10**300, rng.randint(-(10**6), 10**6)])
    if choice == 3:
        return rng.choice([0.5, -0.0, 1e-320, 1.7976931348623157e308, rng.uniform(-1e6, 1e6)])
    if choice <= 5:
        return rng.choice(TEXT_POOL)
    if choice <= 7:
        return [_random_json(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(["", "a", "x", "khóa", "ghi chú", "1"]): _random_json(rng, depth + 1) for _ in range(3)}


_random = random.Random(4040)
EXTENSION_POOL = tuple(
    {rng_key: _random_json(_random) for rng_key in _random.sample(["ghi_chu", "nguồn", "id", "ẩn", "x"], 2)}
    for _ in range(300)
)
extension = st.sampled_from(({}, *EXTENSION_POOL))
"""Extension data ("x", kept as is): nested lists and objects, big and odd numbers, any text."""


@st.composite
def maybe(draw: st.DrawFn, data: dict[str, Any], key: str, values: st.SearchStrategy[Any]) -> None:
    """Sets data[key] from `values`, or leaves the key out (the reader's default applies)."""
    if draw(st.booleans()):
        data[key] = draw(values)


@st.composite
def inline(draw: st.DrawFn) -> Any:
    """A paragraph's text: a string, or a list of strings, bold/italic spans and footnotes."""
    if draw(st.integers(0, 2)) == 0:
        return draw(text)
    items: list[Any] = []
    for _ in range(draw(st.integers(0, 4))):
        choice = draw(st.integers(0, 3))
        if choice == 0:
            items.append(draw(text))
        elif choice == 1:
            span: dict[str, Any] = {"text": draw(text)}
            draw(maybe(span, "bold", st.booleans() | st.none()))
            draw(maybe(span, "italic", st.booleans() | st.none()))
            items.append(span)
        else:
            items.append({"footnote": draw(text)})
    return items


_random = random.Random(5050)
NUMBER_POOL = (
    0, -0.0, 1e-300, 5e-324, 0.1, 1234567.5, 999_999_999_999_999_999, -999_999_999_999_999_999, -1, 2**53 + 1,
    1e17, 123456789.123456789, 0.30000000000000004, 10**28, -(10**40), 1e300, -1.5e200, 10**4000,
    *(_random.randint(-(10**15), 10**15) for _ in range(100)),
    *(_random.uniform(-1e12, 1e12) for _ in range(100)),
    *(round(_random.uniform(0, 100), 2) for _ in range(100)),
)  # fmt: skip
"""Numbers a table cell may hold: negative, fractional, tiny, just below the reader's limit."""
cell = st.one_of(st.none(), text, st.sampled_from(NUMBER_POOL), st.integers(-(10**17), 10**17))


@st.composite
def table(draw: st.DrawFn) -> dict[str, Any]:
    width = draw(st.integers(1, 6))
    row = st.lists(cell, min_size=width, max_size=width)
    data: dict[str, Any] = {"type": "table"}
    draw(maybe(data, "caption", text | st.none()))
    draw(maybe(data, "header", st.lists(row, max_size=2)))
    data["rows"] = draw(st.lists(row, min_size=1, max_size=4))
    draw(maybe(data, "notes", text | st.none()))
    draw(maybe(data, "x", extension))
    return data


@st.composite
def block(draw: st.DrawFn, depth: int, max_depth: int) -> Any:
    choice = draw(st.integers(0, 9))
    if choice <= 3:
        return draw(inline())
    if choice == 4:
        return {"type": "paragraph", "text": draw(inline())}
    if choice <= 6:
        return {"type": "bullet", "text": draw(inline())}
    if choice == 7:
        return draw(table())
    if depth < max_depth:
        return draw(section(depth + 1, max_depth))
    return draw(inline())


@st.composite
def section(draw: st.DrawFn, depth: int = 1, max_depth: int = 4) -> dict[str, Any]:
    data: dict[str, Any] = {"title": draw(required_text)}
    draw(maybe(data, "role", st.sampled_from(SECTION_ROLES) | st.none()))
    draw(maybe(data, "number", st.none() | st.sampled_from(["2.1.", "Phần thứ nhất", "Chương II", "", " ", "A."])))
    draw(maybe(data, "numbered", st.booleans() | st.none()))
    width = max(1, 5 - depth)
    draw(maybe(data, "blocks", st.lists(block(depth, max_depth), max_size=width)))
    draw(maybe(data, "x", extension))
    return data


date_text = st.one_of(
    st.dates(dt.date(1945, 1, 1), dt.date(2199, 12, 31)).map(dt.date.isoformat),
    st.integers(1945, 2199).map(str),
    st.sampled_from(["2023-02-28", "2024-02-29", "1945-01-01", "2199-12-31", " 2023 ", "2023-06-05 "]),
)


@st.composite
def report_data(draw: st.DrawFn) -> dict[str, Any]:
    """The JSON data of a complete, printable report (keys in the format's order, optional ones sometimes left out)."""
    kind = draw(st.sampled_from(sorted(DOCUMENT_KINDS)))
    data: dict[str, Any] = {"format": FORMAT_NAME}
    draw(maybe(data, "profile", st.sampled_from(["state", "party"]) | st.none()))
    if kind != "bao-cao" or draw(st.booleans()):
        data["kind"] = kind
    draw(maybe(data, "title", st.none() | required_text | st.just("THÔNG BÁO\nKẾT LUẬN CỦA THƯỜNG TRỰC TỈNH ỦY")))
    issuer: dict[str, Any] = {}
    draw(maybe(issuer, "parent", st.none() | text))
    issuer["name"] = draw(required_text | st.just("ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY"))
    issuer["code"] = draw(required_text | st.sampled_from(["UBND", "BDT", "TU", "ĐU", "VP"]))
    issuer["place"] = draw(required_text)
    draw(maybe(issuer, "x", extension))
    data["issuer"] = issuer
    draw(maybe(data, "number", st.none() | st.integers(1, 999_999)))
    draw(maybe(data, "date", st.none() | date_text))
    if DOCUMENT_KINDS[kind].summary_required:
        data["summary"] = draw(required_text)
    else:
        draw(maybe(data, "summary", st.none() | text))
    for key in ("to", "basis"):
        draw(maybe(data, key, st.lists(text, max_size=3)))
    draw(maybe(data, "opening", st.lists(inline(), max_size=2)))
    max_depth = draw(st.sampled_from([1, 2, 3, 4, 4, 5]))
    draw(maybe(data, "sections", st.lists(section(1, max_depth), max_size=4)))
    draw(maybe(data, "closing", st.lists(inline(), max_size=2)))
    draw(maybe(data, "recipients", st.lists(text, max_size=4)))
    draw(maybe(data, "archive", text))
    signature: dict[str, Any] = {}
    draw(maybe(signature, "on_behalf_of", st.none() | required_text))
    mode = draw(st.none() | st.sampled_from(SIGNATURE_MODES))
    if mode is not None or draw(st.booleans()):
        signature["mode"] = mode
    if mode is not None:
        signature["head_title"] = draw(required_text)
    else:
        draw(maybe(signature, "head_title", st.none() | text))
    signature["title"] = draw(required_text)
    signature["name"] = draw(required_text)
    draw(maybe(signature, "x", extension))
    data["signature"] = signature
    draw(maybe(data, "drafter", st.none() | text))
    appendix = st.fixed_dictionaries(
        {"title": required_text}, optional={"sections": st.lists(section(1, 2), max_size=2), "x": extension}
    )
    draw(maybe(data, "appendices", st.lists(appendix, max_size=2)))
    draw(maybe(data, "x", extension))
    return data


# ---------------------------------------------------------------------------------------------
# Where things are in report data: every value with what kind of value the format expects there

SlotKind: TypeAlias = Literal[
    "root", "object", "string", "required-string", "nullable-string", "inline", "inline-item", "block", "list",
    "cell", "bool", "number", "date", "choice", "format", "extension",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Slot:
    path: Path
    kind: SlotKind
    required_keys: tuple[str, ...] = ()
    """For objects: the keys the format requires."""
    blank_is_missing: bool = False
    """For strings: printing needs text here (validate_report refuses it blank)."""


def path_text(path: Path) -> str:
    """The path as the reader writes it: `sections[0].blocks[2].title`."""
    result = ""
    for key in path:
        if isinstance(key, int):
            result += f"[{key}]"
        elif not key:
            result += '[""]'
        else:
            result = f"{result}.{key}" if result else key
    return result


def slots(data: dict[str, Any]) -> Iterator[Slot]:
    """Every place in valid report data where a fault can be put, with the kind of value expected there."""
    summary_required = DOCUMENT_KINDS[data.get("kind") or "bao-cao"].summary_required
    yield Slot((), "root", ("format", "issuer", "signature"))
    kinds: dict[str, SlotKind] = {
        "format": "format", "profile": "choice", "kind": "choice", "title": "nullable-string",
        "number": "number", "date": "date", "summary": "nullable-string",
        "drafter": "nullable-string", "archive": "string", "x": "extension",
    }  # fmt: skip
    for key, value in data.items():
        path: Path = (key,)
        if key in kinds:
            if value is not None or kinds[key] in ("required-string", "string", "format"):
                yield Slot(path, kinds[key], blank_is_missing=key == "summary" and summary_required)
        elif key == "issuer":
            yield from _object(value, path, {"parent": "nullable-string", "name": "required-string",
                                             "code": "required-string", "place": "required-string"})  # fmt: skip
        elif key == "signature":
            yield from _object(value, path, {"on_behalf_of": "nullable-string", "mode": "choice",
                                             "head_title": "nullable-string", "title": "required-string",
                                             "name": "required-string"})  # fmt: skip
            if value.get("mode") is not None:
                yield Slot((*path, "head_title"), "nullable-string", blank_is_missing=True)
        elif key in ("to", "basis", "recipients"):
            yield Slot(path, "list")
            for i in range(len(value)):
                yield Slot((*path, i), "string")
        elif key in ("opening", "closing"):
            yield Slot(path, "list")
            for i, item in enumerate(value):
                yield from _inline(item, (*path, i))
        elif key == "sections":
            yield Slot(path, "list")
            for i, item in enumerate(value):
                yield from _section(item, (*path, i), in_blocks=False)
        elif key == "appendices":
            yield Slot(path, "list")
            for i, appendix in enumerate(value):
                yield from _object(appendix, (*path, i), {"title": "required-string"})
                if "sections" in appendix:
                    yield Slot((*path, i, "sections"), "list")
                    for s, item in enumerate(appendix["sections"]):
                        yield from _section(item, (*path, i, "sections", s), in_blocks=False)


_REQUIRED = {"required-string"}


def _object(
    value: dict[str, Any], path: Path, fields: dict[str, SlotKind], kind: SlotKind = "object"
) -> Iterator[Slot]:
    required = tuple(key for key, field_kind in fields.items() if field_kind in _REQUIRED)
    yield Slot(path, kind, required)
    for key, field_kind in fields.items():
        if key not in value:
            continue
        if value[key] is None and field_kind in ("nullable-string", "choice"):
            continue
        yield Slot((*path, key), field_kind, blank_is_missing=field_kind == "required-string")
    if "x" in value:
        yield Slot((*path, "x"), "extension")


def _inline(value: Any, path: Path, kind: SlotKind = "inline") -> Iterator[Slot]:
    yield Slot(path, kind)
    if isinstance(value, list):
        for i, item in enumerate(value):
            item_path = (*path, i)
            if isinstance(item, str):
                yield Slot(item_path, "inline-item")
            elif "footnote" in item:
                yield Slot(item_path, "inline-item", ("footnote",))
                yield Slot((*item_path, "footnote"), "string")
            else:
                yield Slot(item_path, "inline-item", ("text",))
                yield Slot((*item_path, "text"), "string")
                for flag in ("bold", "italic"):
                    if item.get(flag) is not None:
                        yield Slot((*item_path, flag), "bool")


def _section(value: dict[str, Any], path: Path, *, in_blocks: bool) -> Iterator[Slot]:
    fields: dict[str, SlotKind] = {"title": "required-string", "role": "choice", "number": "nullable-string"}
    yield from _object(value, path, fields, "block" if in_blocks else "object")
    if value.get("numbered") is not None:
        yield Slot((*path, "numbered"), "bool")
    if "blocks" in value:
        yield Slot((*path, "blocks"), "list")
        for i, item in enumerate(value["blocks"]):
            yield from _block(item, (*path, "blocks", i))


def _block(value: Any, path: Path) -> Iterator[Slot]:
    if isinstance(value, (str, list)):
        yield from _inline(value, path, "block")
    elif value.get("type") in ("paragraph", "bullet"):
        yield Slot(path, "block", ("text",))
        yield from _inline(value["text"], (*path, "text"))
    elif value.get("type") == "table":
        yield Slot(path, "block", ("rows",))
        for key in ("caption", "notes"):
            if value.get(key) is not None:
                yield Slot((*path, key), "nullable-string")
        for part in ("header", "rows"):
            if part in value:
                yield Slot((*path, part), "list")
                for r, row in enumerate(value[part]):
                    yield Slot((*path, part, r), "list")
                    for c in range(len(row)):
                        yield Slot((*path, part, r, c), "cell")
        if "x" in value:
            yield Slot((*path, "x"), "extension")
    else:
        yield from _section(value, path, in_blocks=True)


# ---------------------------------------------------------------------------------------------
# Faults


@dataclass(frozen=True, slots=True)
class RawToken:
    """A JSON token written as it is (NaN, Infinity, a 5 000-digit integer): json.dumps cannot write some."""

    token: str


ALIENS: dict[SlotKind, tuple[Any, ...]] = {
    "root": (),
    "object": (7, "chuỗi", True, [], RawToken("NaN")),
    "string": (7, True, [], {"khóa": 1}, 1.5, RawToken("Infinity")),
    "required-string": (None, 7, True, [], {"khóa": 1}, 1.5),
    "nullable-string": (7, True, [], {"khóa": 1}, 1.5),
    "inline": (7, True, None, {"khóa lạ": 1}, 2.5, RawToken("NaN")),
    "inline-item": (7, None, [], True, [["lồng"]], RawToken("-Infinity")),
    "block": (7, True, None, {"khóa lạ": 1}, {"type": "đoạn"}, {"type": None, "text": "a"}, RawToken("NaN")),
    "list": ("chuỗi", 7, {"khóa": 1}, True, None, RawToken("NaN")),
    "cell": (True, False, {}, [], {"a": 1}, [1, 2], RawToken("NaN"), RawToken("Infinity"), RawToken("-Infinity"),
             RawToken("9" * 5000), RawToken("-" + "1" * 4400), RawToken("1e400")),
    "bool": (1, 0, "true", "có", [], RawToken("NaN")),
    "number": (0, -3, 1.5, "12", True, 10**7, 10**30, RawToken("1" * 5000), RawToken("NaN"), RawToken("1e999"),
               1.0),
    "date": ("2023-02-30", "2023-02-29", "1899-06-01", "1944-12-31", "2200", "2200-01-01", "05/06/2023",
             "2023-6-5", "2023-06-05T00:00", 2023, True, "", "  ", "2023-13-01", "2023-00-10", "0000-00-00", "23",
             "20230", RawToken("NaN"), ["2023"]),
    "choice": ("State", "", " ", "bao_cao", "BÁO CÁO", 1, True, [], {"a": 1}, "kt", "KT."),
    "format": ("baocao/2", "baocao", "", None, 1, "BAOCAO/1", "baocao/1 ", {"name": "baocao/1"}),
    "extension": ([], "x", 1, True, None, RawToken("NaN")),
}  # fmt: skip
"""For each kind of place, values the format never accepts there."""
UNKNOWN_KEYS = ("tittle", "Tiêu đề", "TITLE", " title", "blockz", "kiểu", "X", "x ", "🙂", "null", "", "__proto__")
BLANKS = ("", " ", "\n", "\t \r\n", "\u00a0", "\u3000")


@dataclass(frozen=True)
class ReportCase:
    """One generated report file and what must happen to it."""

    data: Any
    expectation: Expectation
    fault: str
    """What was done to the report, for the failure message: "valid", "wrong type at date", …"""
    expected_path: str | None = None
    """A rejection must name this field (or a field inside it); None when any place will do."""
    complete: bool = True
    """parse_report(complete=…): False reads a draft that need not be printable yet."""
    duplicates: dict[Path, tuple[str, ...]] = field(default_factory=dict)
    """Keys written twice in the raw JSON, by the path of their object."""
    text_damage: TextDamage | None = None
    ensure_ascii: bool = False
    as_text: bool = False
    """Give parse_report a str instead of UTF-8 bytes."""
    options: RenderOptions | None = None

    def content(self) -> bytes | str:
        """The file as parse_report gets it."""
        text = to_json(self.data, self.duplicates, ensure_ascii=self.ensure_ascii)
        if self.text_damage is not None:
            return self.text_damage.apply(text)
        try:
            return text if self.as_text else text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: only a str can carry it
            return text


def to_json(value: Any, duplicates: dict[Path, tuple[str, ...]] | None = None, *, ensure_ascii: bool = False) -> str:
    """JSON text of `value`; RawToken written as is, and keys listed in `duplicates` written twice."""
    if not duplicates:
        # json's own encoder (deep nesting is fine), RawToken passed through as a placeholder string.
        tokens: list[str] = []

        def placeholder(item: Any) -> str:
            if not isinstance(item, RawToken):
                raise TypeError(f"not JSON: {item!r}")
            tokens.append(item.token)
            return f"\0raw{len(tokens) - 1}\0"

        written = json.dumps(value, ensure_ascii=ensure_ascii, default=placeholder)
        for index, token in enumerate(tokens):
            written = written.replace(f'"\\u0000raw{index}\\u0000"', token, 1)
        return written

    def write(item: Any, path: Path) -> str:
        if isinstance(item, RawToken):
            return item.token
        if isinstance(item, dict):
            pairs = [f"{json.dumps(k, ensure_ascii=ensure_ascii)}: {write(v, (*path, k))}" for k, v in item.items()]
            for key in duplicates.get(path, ()):
                pairs.append(f"{json.dumps(key, ensure_ascii=ensure_ascii)}: {write(item[key], (*path, key))}")
            return "{" + ", ".join(pairs) + "}"
        if isinstance(item, list):
            return "[" + ", ".join(write(v, (*path, i)) for i, v in enumerate(item)) + "]"
        return json.dumps(item, ensure_ascii=ensure_ascii)

    return write(value, ())


@dataclass(frozen=True, slots=True)
class TextDamage:
    """Damage to the file's text or bytes after it was written."""

    kind: Literal["truncate", "insert", "delete", "replace-byte", "bom", "utf16", "latin1", "nest", "wrap"]
    position: float = 0.0
    """Where, as a fraction of the length."""
    payload: str = ""

    def apply(self, text: str) -> bytes | str:
        data = text.encode("utf-8", "surrogatepass")
        at = int(self.position * len(data))
        if self.kind == "truncate":
            return data[:at]
        if self.kind == "insert":
            return data[:at] + self.payload.encode("utf-8", "surrogatepass") + data[at:]
        if self.kind == "delete":
            return data[:at] + data[at + max(1, len(self.payload)) :]
        if self.kind == "replace-byte":
            return data[:at] + bytes([ord(self.payload[:1] or "\xff") & 0xFF]) + data[at + 1 :]
        if self.kind == "bom":
            return b"\xef\xbb\xbf" + data
        if self.kind == "utf16":
            return text.encode("utf-16", "surrogatepass")
        if self.kind == "latin1":
            return text.encode("cp1258", "replace")
        if self.kind == "nest":
            depth = int(self.payload or "100000")
            return "[" * depth + "]" * depth
        return self.payload.replace("$", text)  # wrap: the report inside other JSON


def get_at(data: Any, path: Path) -> Any:
    for key in path:
        data = data[key]
    return data


def set_at(data: Any, path: Path, value: Any) -> None:
    get_at(data, path[:-1])[path[-1]] = value


def _copy(data: Any) -> Any:
    return json.loads(json.dumps(data))


FaultName: TypeAlias = Literal[
    "wrong-type", "missing-key", "unknown-key", "duplicate-key", "forbidden-character", "blank-required",
    "ragged-table", "too-deep",
]  # fmt: skip


@st.composite
def faulty_case(draw: st.DrawFn, data: dict[str, Any]) -> ReportCase:
    """`data` with one fault at a known place; the rejection must name that place."""
    data = _copy(data)
    all_slots = list(slots(data))
    fault: FaultName = draw(st.sampled_from(FaultName.__args__))  # type: ignore[attr-defined]
    complete = draw(st.booleans())
    if fault == "wrong-type":
        slot = draw(st.sampled_from([s for s in all_slots if ALIENS[s.kind]]))
        value = draw(st.sampled_from(ALIENS[slot.kind]))
        set_at(data, slot.path, value)
        return ReportCase(data, "reject", f"wrong value {value!r} at {slot.kind}", path_text(slot.path), complete)
    if fault == "missing-key":
        candidates = [(s, key) for s in all_slots for key in s.required_keys if key in get_at(data, s.path)]
        slot, key = draw(st.sampled_from(candidates))
        del get_at(data, slot.path)[key]
        # Without its key a block or a footnote may read as another kind of object: any place inside will do.
        expected = path_text(slot.path) or key
        return ReportCase(data, "reject", f"missing {key!r}", expected, complete)
    if fault == "unknown-key":
        slot = draw(st.sampled_from([s for s in all_slots if s.kind in ("root", "object") or _is_object(data, s)]))
        key = draw(st.sampled_from(UNKNOWN_KEYS))
        target = get_at(data, slot.path)
        if key in target:
            key = key + "_"
        target[key] = draw(st.sampled_from([1, "a", None, {"b": 2}]))
        return ReportCase(data, "reject", f"unknown key {key!r}", path_text((*slot.path, key)), complete)
    if fault == "duplicate-key":
        slot = draw(st.sampled_from([s for s in all_slots if s.kind in ("root", "object") or _is_object(data, s)]))
        key = draw(st.sampled_from(sorted(get_at(data, slot.path))))
        return ReportCase(data, "reject", f"duplicate key {key!r}", path_text((*slot.path, key)), complete,
                          duplicates={slot.path: (key,)})  # fmt: skip
    if fault == "forbidden-character":
        strings = [s for s in all_slots if isinstance(get_at(data, s.path), str) and s.kind != "format"]
        slot = draw(st.sampled_from(strings))
        original: str = get_at(data, slot.path)
        at = draw(st.integers(0, len(original)))
        character = draw(st.sampled_from(FORBIDDEN_CHARACTERS))
        set_at(data, slot.path, original[:at] + character + original[at:])
        return ReportCase(
            data, "reject", f"U+{ord(character):04X} in {slot.kind}", path_text(slot.path), complete,
            ensure_ascii=draw(st.booleans()), as_text=draw(st.booleans()),
        )  # fmt: skip
    if fault == "blank-required":
        required = [s for s in all_slots if s.blank_is_missing]
        slot = draw(st.sampled_from(required))
        set_at(data, slot.path, draw(st.sampled_from(BLANKS)))
        return ReportCase(data, "reject", f"blank {path_text(slot.path)}", path_text(slot.path), complete=True)
    if fault == "ragged-table":
        rows = [
            s
            for s in all_slots
            if s.kind == "list" and s.path[-2:-1] in (("rows",), ("header",)) and _row_count(data, s.path[:-2]) > 1
        ]
        if rows:
            slot = draw(st.sampled_from(rows))
            get_at(data, slot.path).append(draw(cell))
            table_path = path_text(slot.path[:-2])
            return ReportCase(data, "reject", "a row one cell too long", table_path, complete=True)
    # too deep (also when there is no table to make ragged)
    depth = draw(st.integers(MAX_SECTION_DEPTH, 200))
    nested: dict[str, Any] = {"title": "Mục", "blocks": []}
    innermost = nested
    for _ in range(depth):
        child: dict[str, Any] = {"title": "Mục con", "blocks": []}
        innermost["blocks"].append(child)
        innermost = child
    data.setdefault("sections", []).append(nested)
    path = path_text(("sections", len(data["sections"]) - 1))
    return ReportCase(data, "reject", f"sections nested {depth + 1} levels", path, complete)


def _row_count(data: dict[str, Any], table_path: Path) -> int:
    """Header rows and rows of a table: with one row only, a longer row is a wider table, not a ragged one."""
    table = get_at(data, table_path)
    return len(table.get("header", [])) + len(table["rows"])


def _is_object(data: dict[str, Any], slot: Slot) -> bool:
    return slot.kind in ("block", "inline-item") and isinstance(get_at(data, slot.path), dict)


text_damage = st.one_of(
    st.builds(TextDamage, st.just("truncate"), st.floats(0, 1)),
    st.builds(
        TextDamage,
        st.just("insert"),
        st.floats(0, 1),
        st.sampled_from(
            [
                ",",
                "}",
                "]",
                "{",
                '"',
                ":",
                "\\",
                "\\u12",
                "\\ud800",
                "NaN",
                "\x00",
                "\x1f",
                "//",
                "'",
                "\ufeff",
                "\x85",
                "\u2028",
                "tru",
                "-",
                "1e",
                "0x1",
                " ",
            ]
        ),
    ),
    st.builds(TextDamage, st.just("delete"), st.floats(0, 1), st.text(max_size=3)),
    st.builds(TextDamage, st.just("replace-byte"), st.floats(0, 1), st.characters(max_codepoint=255)),
    st.builds(TextDamage, st.sampled_from(["bom", "utf16", "latin1"])),
    st.builds(TextDamage, st.just("nest"), payload=st.sampled_from(["10", "900", "5000", "100000"])),
    st.builds(
        TextDamage,
        st.just("wrap"),
        payload=st.sampled_from(["[$]", '{"report": $}', "$ $", "$\n{}", "null", "", "   ", "1", '"$"', "$,"]),
    ),
)


def _margins(draw: st.DrawFn) -> Margins | None:
    if draw(st.integers(0, 3)):
        return None
    side = st.floats(10, 40) | st.sampled_from([20.0, 25.0, 35.0, math.nan, math.inf, -1.0, 0.0])
    return Margins(draw(side), draw(side), draw(side), draw(side))


@st.composite
def render_options(draw: st.DrawFn) -> RenderOptions | None:
    """Mostly the defaults; sometimes margins and line spacing, in range or out of it."""
    if draw(st.integers(0, 4)):
        return None
    spacing = draw(st.floats(0.9, 1.6) | st.sampled_from([1.0, 1.5, math.nan, 0.0, 100.0]))
    return RenderOptions(margins=_margins(draw), line_spacing=spacing)


@st.composite
def report_cases(draw: st.DrawFn) -> ReportCase:
    """A report file: valid (about half), with one known fault, or with damaged text."""
    data = draw(report_data())
    choice = draw(st.integers(0, 9))
    options = draw(render_options())
    if choice <= 4:
        case = ReportCase(data, "valid", "valid", complete=draw(st.booleans()), ensure_ascii=draw(st.booleans()),
                          as_text=draw(st.booleans()))  # fmt: skip
    elif choice <= 7:
        case = draw(faulty_case(data))
    else:
        case = ReportCase(data, "unknown", "damaged text", complete=draw(st.booleans()), text_damage=draw(text_damage))
    return dataclasses.replace(case, options=options)
