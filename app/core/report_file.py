"""Reading and writing the report file (`*.baocao.json`, format `baocao/1`).

Readers report every problem at once, each with the field path and a Vietnamese message;
writers emit keys in the order of the format description so that files diff well.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from app.core.files import atomic_write_bytes
from app.core.model import (
    DOCUMENT_KINDS,
    PROFILES,
    SECTION_ROLES,
    SIGNATURE_MODES,
    Appendix,
    Block,
    Bullet,
    Cell,
    Footnote,
    Inline,
    Issuer,
    Paragraph,
    Report,
    ReportDate,
    Section,
    Signature,
    Span,
    Table,
)
from app.core.text import find_forbidden_character, forbidden_character_message, normalize_text

FORMAT_NAME = "baocao/1"
FILE_SUFFIX = ".baocao.json"
MAX_FILE_BYTES = 50 * 1024 * 1024
"""Far above any real report (a 30-page report is ≈ 100 KB); guards memory against a wrong file."""

MIN_YEAR, MAX_YEAR = 1945, 2199
MAX_NUMBER = 999_999
"""The largest document number (the wizard's field goes as far)."""
MAX_ROMAN = 3999
"""The largest Roman numeral (MMMCMXCIX): top-level sections and appendices are numbered with them."""
MAX_SECTION_DEPTH = 20
"""Sections nest at most this deep: printing distinguishes four levels, and deeper files are mistakes."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a report: where (field path) and what to do (Vietnamese)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '(toàn tệp)'}: {self.message}"


class ReportFileError(Exception):
    """A report file that cannot be used, with every problem found."""

    def __init__(self, problems: list[Problem], source: str | None = None) -> None:
        self.problems = problems
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{len(problems)} lỗi trong tệp báo cáo")

    def describe(self) -> str:
        lines = [f"Tệp báo cáo {self.source or ''} có {len(self.problems)} lỗi:".replace("  ", " ")]
        lines.extend(f"  - {problem}" for problem in self.problems)
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Reading


class _JsonObject(dict[str, Any]):
    """A JSON object that remembers keys given twice (json keeps only the last silently)."""

    duplicates: tuple[str, ...] = ()


def _object_pairs(pairs: list[tuple[str, Any]]) -> _JsonObject:
    obj = _JsonObject(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        obj.duplicates = tuple(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
    return obj


class _NotANumber(float):
    """NaN or Infinity written in the file: valid for Python's json, meaningless in a report."""


def _reject_constant(name: str) -> float:
    return _NotANumber("nan")


@dataclass(frozen=True, slots=True)
class _TooLongNumber:
    """An integer with more digits than Python converts (4 300): reported where it stands, not as a crash."""

    digits: int


def _integer(text: str) -> int | _TooLongNumber:
    try:
        return int(text)
    except ValueError:
        return _TooLongNumber(len(text.lstrip("-")))


_JSON_MESSAGES = {
    "Expecting ',' delimiter": "thiếu dấu phẩy giữa hai mục",
    "Expecting ':' delimiter": "thiếu dấu hai chấm sau tên khóa",
    "Expecting value": "thiếu giá trị hoặc có ký tự lạ",
    "Expecting property name enclosed in double quotes": "tên khóa phải đặt trong dấu nháy kép (hoặc thừa dấu phẩy)",
    "Unterminated string starting at": "chuỗi ký tự chưa đóng dấu nháy kép",
    "Invalid control character": "có ký tự điều khiển nằm trong chuỗi",
    "Extra data": "còn dữ liệu thừa sau khi đối tượng đã đóng",
    "Invalid \\escape": "có chuỗi thoát (\\) không hợp lệ",
    "Invalid \\uXXXX escape": "có chuỗi thoát \\u không hợp lệ (cần đúng 4 chữ số hệ 16, ví dụ \\u00e0)",
}
"""Every message of Python's JSON decoder (C and Python versions), in Vietnamese: none may reach the officer."""
_JSON_MESSAGE_UNKNOWN = "cấu trúc JSON sai ở chỗ này"


def parse_report(content: bytes | str, source: str | None = None, *, complete: bool = True) -> Report:
    """A report from the text of a report file; raises ReportFileError listing every problem.

    `complete=False` accepts a draft still being written (a blank signer, no trích yếu yet): only
    the file's structure is checked, not what printing needs (validate_report).
    """
    if isinstance(content, bytes):
        if len(content) > MAX_FILE_BYTES:
            raise ReportFileError([Problem("", _too_large(len(content)))], source)
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ReportFileError(
                [
                    Problem(
                        "",
                        f"Tệp không phải văn bản UTF-8 (byte lạ ở vị trí {error.start}); "
                        "hãy lưu lại tệp với mã hóa UTF-8.",
                    )
                ],
                source,
            ) from None
    else:
        text = content.removeprefix("\ufeff")
    try:
        data = json.loads(text, object_pairs_hook=_object_pairs, parse_constant=_reject_constant, parse_int=_integer)
    except RecursionError:
        raise ReportFileError(
            [
                Problem(
                    "",
                    "Tệp lồng quá nhiều lớp ngoặc [ ] hoặc { } nên không đọc được; "
                    "tệp báo cáo chỉ lồng vài lớp: hãy kiểm tra lại có đúng tệp báo cáo không.",
                )
            ],
            source,
        ) from None
    except json.JSONDecodeError as error:
        reason = next((vi for en, vi in _JSON_MESSAGES.items() if error.msg.startswith(en)), _JSON_MESSAGE_UNKNOWN)
        raise ReportFileError(
            [Problem("", f"Tệp không phải JSON hợp lệ: dòng {error.lineno}, cột {error.colno}: {reason}.")],
            source,
        ) from None
    return report_from_data(data, source, complete=complete)


def read_report(path: str | os.PathLike[str], *, complete: bool = True) -> Report:
    """A report from a report file on disk; raises ReportFileError (also for unreadable files).

    With complete=False, a draft that lacks what printing needs (a signer, a trích yếu) is read too.
    """
    source = str(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise ReportFileError([Problem("", _too_large(size))], source)
        content = Path(path).read_bytes()
    except FileNotFoundError:
        raise ReportFileError([Problem("", "Không tìm thấy tệp; hãy kiểm tra đường dẫn.")], source) from None
    except IsADirectoryError:
        raise ReportFileError([Problem("", "Đây là một thư mục, không phải tệp báo cáo.")], source) from None
    except PermissionError:
        raise ReportFileError([Problem("", "Không có quyền đọc tệp này.")], source) from None
    return parse_report(content, source, complete=complete)


def report_from_data(data: Any, source: str | None = None, *, complete: bool = True) -> Report:
    """A report from already-decoded JSON data; raises ReportFileError listing every problem."""
    reader = _Reader()
    report = reader.report(data)
    problems = reader.problems
    if report is not None and not problems and complete:
        problems = validate_report(report)
    if problems or report is None:
        raise ReportFileError(problems, source)
    return report


def _too_large(size: int) -> str:
    return f"Tệp quá lớn ({size / 1024 / 1024:.1f} MB); tệp báo cáo tối đa {MAX_FILE_BYTES // 1024 // 1024} MB."


_TYPE_NAMES = {
    str: "chuỗi ký tự",
    int: "số nguyên",
    float: "số",
    bool: "true hoặc false",
    list: "danh sách [...]",
    dict: "đối tượng {...}",
    type(None): "null",
}


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, _NotANumber):
        return "NaN hoặc vô cực"
    if isinstance(value, _TooLongNumber):
        return f"số có {value.digits} chữ số"
    # The decoder gives dict and float subclasses (_JsonObject, _NotANumber): name them by what they are.
    return next((name for kind, name in _TYPE_NAMES.items() if isinstance(value, kind)), "giá trị lạ")


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if not key:
        return f'{path}[""]'  # an empty key still gets a path that names it
    return f"{path}.{key}" if path else key


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR = re.compile(r"^\d{4}$")


class _Reader:
    """Turns decoded JSON into the model, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    # -- primitives --------------------------------------------------------------------------

    def obj(
        self, value: Any, path: str, keys: tuple[str, ...], required: tuple[str, ...] = (), *, extension: bool = True
    ) -> dict[str, Any] | None:
        """The object at `path`, its keys checked; `extension`: it keeps extension data under "x"."""
        if not isinstance(value, dict):
            self.problem(path, f"Phải là đối tượng {{...}}, không phải {_type_name(value)}.")
            return None
        for key in getattr(value, "duplicates", ()):
            self.problem(_join(path, key), "Khóa này xuất hiện hai lần; hãy giữ lại một.")
        for key in value:
            if key == "x" and not extension:
                self.problem(
                    _join(path, key),
                    "Dữ liệu riêng «x» không đặt được trong đoạn văn (sẽ bị mất khi lưu); "
                    "hãy chuyển nó lên mục hoặc bảng chứa đoạn này.",
                )
            elif key not in keys and key != "x":
                self.problem(
                    _join(path, key),
                    f"Khóa «{key}» không có trong định dạng; kiểm tra lỗi chính tả (dữ liệu riêng hãy đặt trong «x»).",
                )
        for key in required:
            if key not in value:
                self.problem(_join(path, key), "Thiếu trường bắt buộc này.")
        return value

    def string(self, value: Any, path: str, *, nullable: bool = False) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            expected = "chuỗi ký tự hoặc null" if nullable else "chuỗi ký tự"
            self.problem(path, f"Phải là {expected}, không phải {_type_name(value)}.")
            return None
        forbidden = find_forbidden_character(value)
        if forbidden is not None:
            self.problem(path, forbidden_character_message(*forbidden))
            return None
        return normalize_text(value)

    def required_string(self, data: dict[str, Any], key: str, path: str) -> str:
        return self.string(data.get(key, ""), _join(path, key)) or ""

    def optional_string(self, data: dict[str, Any], key: str, path: str) -> str | None:
        return self.string(data.get(key), _join(path, key), nullable=True)

    def boolean(self, value: Any, path: str, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(path, f"Phải là true hoặc false, không phải {_type_name(value)}.")
            return default
        return value

    def string_list(self, data: dict[str, Any], key: str, path: str) -> list[str]:
        items = self.array(data.get(key, []), _join(path, key))
        strings = (self.string(item, _join(_join(path, key), i)) for i, item in enumerate(items))
        return [s for s in strings if s is not None]

    def array(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            self.problem(path, f"Phải là danh sách [...], không phải {_type_name(value)}.")
            return []
        return value

    def extension(self, data: dict[str, Any], path: str) -> dict[str, Any] | None:
        if "x" not in data:
            return None
        value = data["x"]
        if not isinstance(value, dict):
            self.problem(_join(path, "x"), f"Phải là đối tượng {{...}}, không phải {_type_name(value)}.")
            return None
        # Kept as is, so it must be writable again: no integer too long to write.
        pending: list[tuple[str, Any]] = [(_join(path, "x"), value)]
        while pending:
            item_path, item = pending.pop()
            if isinstance(item, _TooLongNumber):
                self.problem(
                    item_path, f"Số có {item.digits} chữ số, quá dài; hãy ghi nó thành chuỗi trong dấu nháy kép."
                )
            elif isinstance(item, dict):
                pending.extend((_join(item_path, key), child) for key, child in item.items())
            elif isinstance(item, list):
                pending.extend((_join(item_path, index), child) for index, child in enumerate(item))
        return dict(value)

    def choice(self, value: Any, path: str, choices: tuple[str, ...], default: str) -> str:
        if value is None:
            return default
        text = self.string(value, path)
        if text is None:
            return default
        if text not in choices:
            listed = ", ".join(f"«{c}»" for c in choices)
            self.problem(path, f"Giá trị «{text}» không hợp lệ; chỉ nhận {listed}.")
            return default
        return text

    # -- the report ----------------------------------------------------------------------------

    def report(self, value: Any) -> Report | None:
        keys = (
            "format", "profile", "kind", "title", "issuer", "number", "date", "summary", "to", "basis",
            "opening", "sections", "closing", "recipients", "archive", "signature", "drafter", "appendices",
        )  # fmt: skip
        data = self.obj(value, "", keys, required=("format", "issuer", "signature"))
        if data is None:
            return None
        if "format" in data and data["format"] != FORMAT_NAME:
            found = data["format"]
            if isinstance(found, str) and found.startswith("baocao/"):
                self.problem(
                    "format",
                    f"Tệp dùng định dạng «{found}», chương trình này chỉ đọc «{FORMAT_NAME}»; "
                    "hãy cập nhật chương trình.",
                )
            else:
                self.problem("format", f"Phải là «{FORMAT_NAME}»: đây có phải tệp báo cáo không?")
        kind = self.choice(data.get("kind"), "kind", tuple(DOCUMENT_KINDS), "bao-cao")
        return Report(
            profile=cast(Any, self.choice(data.get("profile"), "profile", PROFILES, "state")),
            kind=kind,
            title=self.optional_string(data, "title", ""),
            issuer=self.issuer(data.get("issuer"), "issuer"),
            number=self.number(data.get("number"), "number"),
            date=self.date(data.get("date"), "date"),
            summary=self.optional_string(data, "summary", ""),
            to=self.string_list(data, "to", ""),
            basis=self.string_list(data, "basis", ""),
            opening=self.paragraphs(data.get("opening", []), "opening"),
            sections=self.sections(data.get("sections", []), "sections"),
            closing=self.paragraphs(data.get("closing", []), "closing"),
            recipients=self.string_list(data, "recipients", ""),
            archive=self.string(data.get("archive", "VT"), "archive") or "VT",
            signature=self.signature(data.get("signature"), "signature"),
            drafter=self.optional_string(data, "drafter", ""),
            appendices=self.appendices(data.get("appendices", []), "appendices"),
            x=self.extension(data, ""),
        )

    def issuer(self, value: Any, path: str) -> Issuer:
        # A missing issuer is reported once, by the report's required keys.
        keys, required = ("parent", "name", "code", "place"), ("name", "code", "place")
        data = {} if value is None else self.obj(value, path, keys, required=required) or {}
        return Issuer(
            parent=self.optional_string(data, "parent", path),
            name=self.required_string(data, "name", path),
            code=self.required_string(data, "code", path),
            place=self.required_string(data, "place", path),
            x=self.extension(data, path),
        )

    def signature(self, value: Any, path: str) -> Signature:
        keys = ("on_behalf_of", "mode", "head_title", "title", "name")
        data = {} if value is None else self.obj(value, path, keys, required=("title", "name")) or {}
        mode = data.get("mode")
        return Signature(
            on_behalf_of=self.optional_string(data, "on_behalf_of", path),
            mode=cast(Any, None if mode is None else self.choice(mode, _join(path, "mode"), SIGNATURE_MODES, ""))
            or None,
            head_title=self.optional_string(data, "head_title", path),
            title=self.required_string(data, "title", path),
            name=self.required_string(data, "name", path),
            x=self.extension(data, path),
        )

    def number(self, value: Any, path: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, f"Số văn bản phải là số nguyên ≥ 1 hoặc null, không phải {_type_name(value)}.")
            return None
        if value < 1:
            self.problem(path, "Số văn bản phải từ 1 trở lên (để trống: null).")
            return None
        if value > MAX_NUMBER:
            self.problem(path, "Số văn bản quá lớn: số văn bản chỉ tới 999.999 (để trống: null).")
            return None
        return value

    def date(self, value: Any, path: str) -> ReportDate:
        if value is None:
            return None
        text = self.string(value, path)
        if text is None:
            return None
        text = text.strip()
        if _YEAR.match(text):
            year = int(text)
            if not MIN_YEAR <= year <= MAX_YEAR:
                self.problem(path, f"Năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}.")
                return None
            return year
        match = _DATE.match(text)
        if match is None:
            self.problem(path, f"Ngày «{text}» phải có dạng NNNN-TT-NN (ví dụ 2023-06-05) hoặc chỉ năm NNNN.")
            return None
        year, month, day = (int(part) for part in match.groups())
        if not MIN_YEAR <= year <= MAX_YEAR:
            self.problem(path, f"Năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}.")
            return None
        if not 1 <= month <= 12:
            self.problem(path, f"Ngày «{text}» không tồn tại: không có tháng {month}.")
            return None
        try:
            return dt.date(year, month, day)
        except ValueError:
            days_in_month = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
            self.problem(
                path,
                f"Ngày {day:02d}/{month:02d}/{year} không tồn tại: tháng {month} năm {year} "
                f"chỉ có {days_in_month} ngày.",
            )
            return None

    # -- content ---------------------------------------------------------------------------------

    def paragraphs(self, value: Any, path: str) -> list[Paragraph]:
        items = self.array(value, path)
        return [Paragraph(self.inline(item, _join(path, i))) for i, item in enumerate(items)]

    def inline(self, value: Any, path: str) -> Inline:
        if isinstance(value, str):
            text = self.string(value, path)
            return [Span(text)] if text else []
        if not isinstance(value, list):
            self.problem(path, f"Đoạn văn phải là chuỗi ký tự hoặc danh sách, không phải {_type_name(value)}.")
            return []
        parts: Inline = []
        for i, item in enumerate(value):
            item_path = _join(path, i)
            if isinstance(item, str):
                text = self.string(item, item_path)
                if text:
                    parts.append(Span(text))
            elif isinstance(item, dict) and "footnote" in item:
                data = self.obj(item, item_path, ("footnote",), extension=False) or {}
                note = self.string(data.get("footnote"), _join(item_path, "footnote"))
                if note is not None:
                    parts.append(Footnote(note))
            elif isinstance(item, dict):
                data = self.obj(item, item_path, ("text", "bold", "italic"), required=("text",), extension=False) or {}
                text = self.string(data.get("text", ""), _join(item_path, "text"))
                if text:
                    parts.append(
                        Span(
                            text,
                            bold=self.boolean(data.get("bold"), _join(item_path, "bold"), False),
                            italic=self.boolean(data.get("italic"), _join(item_path, "italic"), False),
                        )
                    )
            else:
                self.problem(
                    item_path,
                    f'Phải là chuỗi, {{"text": …}} hoặc {{"footnote": …}}, không phải {_type_name(item)}.',
                )
        return parts

    def sections(self, value: Any, path: str) -> list[Section]:
        items = self.array(value, path)
        sections = (self.section(item, _join(path, i), depth=1) for i, item in enumerate(items))
        return [section for section in sections if section is not None]

    def section(self, value: Any, path: str, depth: int) -> Section | None:
        data = self.obj(value, path, ("title", "role", "number", "numbered", "blocks"), required=("title",))
        if data is None:
            return None
        if depth > MAX_SECTION_DEPTH:
            self.problem(
                path,
                f"Mục lồng quá sâu (hơn {MAX_SECTION_DEPTH} cấp); báo cáo chỉ phân biệt bốn cấp (I., 1., a), -): "
                "hãy đưa các mục con này lên cấp trên.",
            )
            return None
        role = data.get("role")
        return Section(
            title=self.required_string(data, "title", path),
            role=None if role is None else self.choice(role, _join(path, "role"), SECTION_ROLES, "") or None,
            number=self.optional_string(data, "number", path),
            numbered=self.boolean(data.get("numbered"), _join(path, "numbered"), True),
            blocks=self.blocks(data.get("blocks", []), _join(path, "blocks"), depth),
            x=self.extension(data, path),
        )

    def blocks(self, value: Any, path: str, depth: int) -> list[Block]:
        blocks: list[Block] = []
        for i, item in enumerate(self.array(value, path)):
            block = self.block(item, _join(path, i), depth)
            if block is not None:
                blocks.append(block)
        return blocks

    def block(self, value: Any, path: str, depth: int) -> Block | None:
        """A block of a section at `depth`: a sub-section found here is one level deeper."""
        if isinstance(value, (str, list)):
            return Paragraph(self.inline(value, path))
        if not isinstance(value, dict):
            self.problem(path, f"Phải là đoạn văn, gạch đầu dòng, bảng hoặc mục; không phải {_type_name(value)}.")
            return None
        block_type = value.get("type")
        if block_type is None and "title" in value:
            return self.section(value, path, depth + 1)
        if block_type in ("paragraph", "bullet"):
            data = self.obj(value, path, ("type", "text"), required=("text",), extension=False) or {}
            inline = self.inline(data.get("text", ""), _join(path, "text"))
            return Paragraph(inline) if block_type == "paragraph" else Bullet(inline)
        if block_type == "table":
            return self.table(value, path)
        if block_type is None:
            self.problem(path, "Khối thiếu «type» («paragraph», «bullet», «table») hoặc «title» (mục con).")
        else:
            self.problem(
                _join(path, "type"),
                f"Loại khối «{block_type}» không hợp lệ; chỉ nhận «paragraph», «bullet», «table».",
            )
        return None

    def table(self, value: dict[str, Any], path: str) -> Table:
        data = self.obj(value, path, ("type", "caption", "header", "rows", "notes"), required=("rows",)) or {}
        return Table(
            caption=self.optional_string(data, "caption", path),
            header=self.cell_rows(data.get("header", []), _join(path, "header")),
            rows=self.cell_rows(data.get("rows", []), _join(path, "rows")),
            notes=self.optional_string(data, "notes", path),
            x=self.extension(data, path),
        )

    def cell_rows(self, value: Any, path: str) -> list[list[Cell]]:
        rows: list[list[Cell]] = []
        for r, row in enumerate(self.array(value, path)):
            row_path = _join(path, r)
            rows.append([self.cell(cell, _join(row_path, c)) for c, cell in enumerate(self.array(row, row_path))])
        return rows

    def cell(self, value: Any, path: str) -> Cell:
        if value is None:
            return None
        if isinstance(value, str):
            return self.string(value, path)
        if isinstance(value, bool):
            self.problem(path, "Ô bảng phải là chuỗi, số hoặc null, không phải true/false.")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(path, "Số không hợp lệ (NaN hoặc vô cực); hãy ghi một số cụ thể hoặc để trống (null).")
            return None
        if isinstance(value, _TooLongNumber):
            self.problem(path, f"Số có {value.digits} chữ số, quá dài; hãy đổi đơn vị hoặc ghi nó thành chuỗi.")
            return None
        if isinstance(value, (int, float)):
            return value
        self.problem(path, f"Ô bảng phải là chuỗi, số hoặc null, không phải {_type_name(value)}.")
        return None

    def appendices(self, value: Any, path: str) -> list[Appendix]:
        appendices: list[Appendix] = []
        for i, item in enumerate(self.array(value, path)):
            item_path = _join(path, i)
            data = self.obj(item, item_path, ("title", "sections"), required=("title",))
            if data is not None:
                appendices.append(
                    Appendix(
                        title=self.required_string(data, "title", item_path),
                        sections=self.sections(data.get("sections", []), _join(item_path, "sections")),
                        x=self.extension(data, item_path),
                    )
                )
        return appendices


# ---------------------------------------------------------------------------------------------
# Validation of the model itself (what the wizard's edits must satisfy too)


def validate_report(report: Report) -> list[Problem]:
    """Problems that make a report unprintable, with the paths of the report file."""
    problems: list[Problem] = []

    def require(value: str | None, path: str, message: str) -> None:
        if not (value or "").strip():
            problems.append(Problem(path, message))

    require(report.issuer.name, "issuer.name", "Chưa có tên cơ quan ban hành.")
    require(report.issuer.code, "issuer.code", "Chưa có chữ viết tắt tên cơ quan (dùng trong số ký hiệu, ví dụ UBND).")
    require(report.issuer.place, "issuer.place", "Chưa có địa danh (ví dụ Trà Tây) để ghi dòng ngày tháng.")
    require(report.signature.title, "signature.title", "Chưa có chức vụ người ký.")
    require(report.signature.name, "signature.name", "Chưa có họ tên người ký.")
    if report.document_kind.summary_required:
        require(
            report.summary,
            "summary",
            f"{report.document_kind.title.capitalize()} phải có trích yếu (tóm tắt nội dung dưới tên loại).",
        )
    if report.signature.mode is not None:
        require(
            report.signature.head_title,
            "signature.head_title",
            f"Ký {report.signature.mode}. cần chức vụ người đứng đầu (ví dụ CHỦ TỊCH).",
        )
    for path, section in sections_with_paths(report):
        require(section.title, f"{path}.title", "Mục chưa có tiêu đề.")
        for b, block in enumerate(section.blocks):
            if isinstance(block, Table):
                problems.extend(_table_problems(block, f"{path}.blocks[{b}]"))
    for a, appendix in enumerate(report.appendices):
        require(appendix.title, f"appendices[{a}].title", "Phụ lục chưa có tên.")
    # Top-level sections and appendices are numbered in Roman numerals, which end at 3 999 (MMMCMXCIX).
    top_levels = [("sections", report.sections)]
    top_levels.extend((f"appendices[{a}].sections", appendix.sections) for a, appendix in enumerate(report.appendices))
    for path, sections in top_levels:
        numbered = sum(1 for section in sections if section.number is None and section.numbered)
        if numbered > MAX_ROMAN:
            problems.append(
                Problem(
                    path, f"Có {numbered} mục cấp I được đánh số, nhưng số La Mã chỉ tới {MAX_ROMAN}; hãy gộp bớt mục."
                )
            )
    if len(report.appendices) > MAX_ROMAN:
        problems.append(
            Problem(
                "appendices",
                f"Có {len(report.appendices)} phụ lục, nhưng số La Mã chỉ tới {MAX_ROMAN}; hãy gộp bớt phụ lục.",
            )
        )
    return problems


def sections_with_paths(report: Report) -> Iterator[tuple[str, Section]]:
    """Every section with its path in the report file (sub-sections are addressed as blocks)."""

    def walk(sections: list[tuple[int, Section]], path: str) -> Iterator[tuple[str, Section]]:
        for i, section in sections:
            section_path = f"{path}[{i}]"
            yield section_path, section
            children = [(b, block) for b, block in enumerate(section.blocks) if isinstance(block, Section)]
            yield from walk(children, f"{section_path}.blocks")

    yield from walk(list(enumerate(report.sections)), "sections")
    for a, appendix in enumerate(report.appendices):
        yield from walk(list(enumerate(appendix.sections)), f"appendices[{a}].sections")


def _table_problems(table: Table, path: str) -> list[Problem]:
    width = table.column_count
    problems = []
    if width == 0:
        problems.append(Problem(path, "Bảng không có ô nào; hãy thêm hàng hoặc xóa bảng."))
    for part in ("header", "rows"):
        for r, row in enumerate(getattr(table, part)):
            if len(row) != width:
                problems.append(
                    Problem(
                        f"{path}.{part}[{r}]",
                        f"Hàng có {len(row)} ô nhưng bảng có {width} cột; hãy thêm ô trống (null) cho đủ.",
                    )
                )
    return problems


# ---------------------------------------------------------------------------------------------
# Writing


def report_to_data(report: Report) -> dict[str, Any]:
    """The report as JSON data, keys in the order of the format description."""
    data: dict[str, Any] = {"format": FORMAT_NAME, "profile": report.profile, "kind": report.kind}
    if report.title is not None:
        data["title"] = report.title
    data["issuer"] = _with_x(
        {
            "parent": report.issuer.parent,
            "name": report.issuer.name,
            "code": report.issuer.code,
            "place": report.issuer.place,
        },
        report.issuer.x,
    )
    data["number"] = report.number
    data["date"] = _date_to_text(report.date)
    if report.summary is not None:
        data["summary"] = report.summary
    if report.to:
        data["to"] = list(report.to)
    if report.basis:
        data["basis"] = list(report.basis)
    data["opening"] = [_inline_to_data(p.inline) for p in report.opening]
    data["sections"] = [_section_to_data(s) for s in report.sections]
    data["closing"] = [_inline_to_data(p.inline) for p in report.closing]
    data["recipients"] = list(report.recipients)
    data["archive"] = report.archive
    signature = report.signature
    data["signature"] = _with_x(
        {
            "on_behalf_of": signature.on_behalf_of,
            "mode": signature.mode,
            "head_title": signature.head_title,
            "title": signature.title,
            "name": signature.name,
        },
        signature.x,
    )
    if report.drafter is not None:
        data["drafter"] = report.drafter
    if report.appendices:
        data["appendices"] = [
            _with_x({"title": a.title, "sections": [_section_to_data(s) for s in a.sections]}, a.x)
            for a in report.appendices
        ]
    return _with_x(data, report.x)


def dump_report(report: Report) -> str:
    """The text of a report file: two-space indent, real Vietnamese letters, final newline."""
    return json.dumps(report_to_data(report), ensure_ascii=False, indent=2) + "\n"


def write_report(report: Report, path: str | os.PathLike[str]) -> None:
    """Write a report file atomically: the old file stays whole if anything fails."""
    atomic_write_bytes(path, dump_report(report).encode("utf-8"))


def _with_x(data: dict[str, Any], x: dict[str, Any] | None) -> dict[str, Any]:
    if x is not None:
        data["x"] = x
    return data


def _date_to_text(date: ReportDate) -> str | None:
    if date is None:
        return None
    if isinstance(date, dt.date):
        return date.isoformat()
    return f"{date:04d}"


def _inline_to_data(inline: Inline) -> str | list[Any]:
    if not inline:
        return ""
    if len(inline) == 1 and isinstance(inline[0], Span) and not (inline[0].bold or inline[0].italic):
        return inline[0].text
    items: list[Any] = []
    for part in inline:
        if isinstance(part, Footnote):
            items.append({"footnote": part.text})
        elif part.bold or part.italic:
            span: dict[str, Any] = {"text": part.text}
            if part.bold:
                span["bold"] = True
            if part.italic:
                span["italic"] = True
            items.append(span)
        else:
            items.append(part.text)
    return items


def _section_to_data(section: Section) -> dict[str, Any]:
    data: dict[str, Any] = {"title": section.title}
    if section.role is not None:
        data["role"] = section.role
    if section.number is not None:
        data["number"] = section.number
    if not section.numbered:
        data["numbered"] = False
    data["blocks"] = [_block_to_data(block) for block in section.blocks]
    return _with_x(data, section.x)


def _block_to_data(block: Block) -> Any:
    if isinstance(block, Paragraph):
        return _inline_to_data(block.inline)
    if isinstance(block, Bullet):
        return {"type": "bullet", "text": _inline_to_data(block.inline)}
    if isinstance(block, Section):
        return _section_to_data(block)
    data: dict[str, Any] = {"type": "table"}
    if block.caption is not None:
        data["caption"] = block.caption
    data["header"] = [list(row) for row in block.header]
    data["rows"] = [list(row) for row in block.rows]
    if block.notes is not None:
        data["notes"] = block.notes
    return _with_x(data, block.x)
