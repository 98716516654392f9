"""Sentence templates of the report kinds: Jinja2 in a sandbox, with Vietnamese filters.

A report kind (`app.core.kinds`) writes its trích yếu, opening, closing and Nơi nhận lines as
Jinja2 templates. Kind files can come from the user's data folder, so a template is data from
outside the program: it runs in a sandbox that refuses Python internals (`''.__class__`),
unsafe calls and constructs that serve no purpose in a sentence but could run away (macros,
includes, `{% set %}`, loops inside loops, huge numbers). Undefined variables are errors, not
empty strings. Templates produce plain text; the renderer escapes it for Word itself.

Variables a template can use (`template_context` builds them):

    co_quan.ten           tên cơ quan viết trong câu: "Ủy ban nhân dân xã Trà Tây"
    co_quan.ten_viet_tat  the same, shortened the way reports do: "UBND xã Trà Tây"
    co_quan.ten_in        as printed in the header, on one line: "ỦY BAN NHÂN DÂN XÃ TRÀ TÂY"
    co_quan.chu_quan      cơ quan chủ quản in a sentence ("UBND tỉnh Quảng Ngãi"), or ""
    co_quan.ky_hieu       abbreviation used in the number: "UBND"
    co_quan.dia_danh      place of the date line: "Trà Tây"
    co_quan.dia_ban       the administrative area named by the issuer or its parent: "xã Trà Tây", or ""
    nguoi_ky.ten          signer's name: "Đinh Văn Hòa"
    nguoi_ky.chuc_vu      signer's title in a sentence: "Phó Chủ tịch"
    nam                   the year the report is about (the year of `ky`): 2024
    ky                    the reporting period: "6 tháng đầu năm 2024", "quý III năm 2024", "năm 2024"
    ky_sau                the period after it: "6 tháng cuối năm 2024"
    ngay_ban_hanh         the issue date: a date, a bare year or none (use the `ngay` filter)
    loai                  the kind's name: "Báo cáo sơ kết"
    kinh_gui              the Kính gửi lines (a list, often empty)
    van_ban_dang          true for a Party document (profile "party")
    trich_yeu             the trích yếu on one line, for the opening and closing ("" while the
                          title and trích yếu themselves are written, which cannot use it)

Optional variables, filled in by the officer in the wizard and absent otherwise, so a template
must give them a default (`{{ chu_de | default('…') }}`) or test them (`{% if can_cu is defined %}`):

    can_cu      the document being answered: "Công văn số 1444/UBND-NV ngày 18/5/2023 của UBND huyện Trà Bồng"
    chu_de      the subject, as it reads after "thực hiện" or "về việc": "Phong trào thi đua “Dân vận khéo”"
    thoi_gian   the span a sơ kết or tổng kết covers: "03 năm", "05 năm"
    cuoc_hop    the meeting a thông báo kết luận reports: "cuộc họp giao ban tháng 6 năm 2024"
    chu_tri     who chaired it and concluded: "đồng chí Nguyễn Văn A, Chủ tịch UBND xã"

Filters besides Jinja's usual ones (`default`, `lower`, `join`, …):

    {{ ngay_ban_hanh | ngay }}                          ngày 05 tháng 6 năm 2023 (Nghị định 30 padding)
    {{ co_quan.dia_danh | dia_danh_ngay(ngay_ban_hanh) }} Trà Tây, ngày 05 tháng 6 năm 2023
    {{ 1234567.5 | so }}, {{ x | so(2) }}               1.234.567,5 — at most 2 decimals when given
    {{ 0.1234 | phan_tram }}, {{ x | phan_tram(1) }}    12,34% — at most 2 decimals unless told
    {{ 1050000 | bang_chu }}                            Một triệu không trăm năm mươi nghìn đồng
    {{ chu_de | viet_hoa_dau }}                         first letter upper case, the rest untouched
    {{ trich_yeu | viet_thuong_dau }}                   first letter lower case, unless the first word
                                                        is an abbreviation (UBND …)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from babel.numbers import format_decimal, format_percent
from jinja2 import StrictUndefined, Template, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError
from jinja2.meta import find_undeclared_variables
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing

from app.core.model import Issuer, ReportDate, Signature
from app.core.rollforward import Period
from app.core.vietnamese import date_line, date_words, format_number

CONTEXT_VARIABLES: tuple[str, ...] = (
    "co_quan", "nguoi_ky", "nam", "ky", "ky_sau", "ngay_ban_hanh", "loai", "kinh_gui", "van_ban_dang", "trich_yeu",
)  # fmt: skip
OPTIONAL_VARIABLES: tuple[str, ...] = ("can_cu", "chu_de", "thoi_gian", "cuoc_hop", "chu_tri")

MAX_OUTPUT = 20_000
"""Characters one template may produce; a sentence template that writes more has gone wrong."""
MAX_RANGE = 1_000
MAX_REPEAT = 1_000
"""Longest string or list that `*` may build."""
MAX_EXPONENT = 100
_SAFE_STRING_METHODS = frozenset(
    {"lower", "upper", "title", "capitalize", "strip", "lstrip", "rstrip", "startswith", "endswith", "split"}
)
_SAFE_FILTERS = (
    "abs", "capitalize", "count", "d", "default", "first", "float", "int", "join", "last", "length", "list",
    "lower", "max", "min", "reject", "rejectattr", "reverse", "round", "select", "selectattr", "sort", "string",
    "sum", "title", "trim", "truncate", "unique", "upper", "wordcount",
)  # fmt: skip
"""Jinja's own filters kept: those that cannot blow a short text up (no `center`, `indent`, `format` …)."""


class TemplateProblem(Exception):
    """A template that cannot be used: the reason in Vietnamese and, when known, its line."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(f"dòng {line}: {message}" if line is not None else message)


# ---------------------------------------------------------------------------------------------
# The sandbox


class _Fields(dict[str, Any]):
    """A context object (`co_quan`, `nguoi_ky`) that knows its own name for error messages."""

    def __init__(self, label: str, fields: Mapping[str, Any]) -> None:
        super().__init__(fields)
        self.label = label


class _Undefined(StrictUndefined):
    """StrictUndefined whose message says, in Vietnamese, which name was missing."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        name = self._undefined_name
        if self._undefined_exception is SecurityError:
            return f"không được dùng «{name}»: mẫu câu không được truy cập phần bên trong của chương trình"
        if self._undefined_hint:
            return self._undefined_hint
        owner = self._undefined_obj
        if owner is missing:  # a plain variable, not a field of something
            if name in OPTIONAL_VARIABLES:
                return (
                    f"biến «{name}» có thể không được nhập; hãy viết «{{{{ {name} | default('…') }}}}» "
                    f"hoặc đặt trong «{{% if {name} is defined %}}»"
                )
            return f"không có biến «{name}»; các biến dùng được: {', '.join(CONTEXT_VARIABLES + OPTIONAL_VARIABLES)}"
        if isinstance(owner, _Fields):
            return f"«{owner.label}» không có trường «{name}»; các trường có: {', '.join(owner)}"
        if isinstance(owner, (list, tuple)):
            return f"danh sách không có phần tử {name}"
        return f"không có «{name}»"


def _limited_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise SecurityError(f"range() tối đa {MAX_RANGE} phần tử trong mẫu câu")
    return numbers


class _Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox with the limits of a sentence template added."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def is_safe_callable(self, obj: Any) -> bool:
        if obj is _limited_range:
            return True
        owner = getattr(obj, "__self__", None)
        return isinstance(owner, str) and getattr(obj, "__name__", "") in _SAFE_STRING_METHODS

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if isinstance(obj, _Undefined):
            obj._fail_with_undefined_error()  # "không có biến …", not "không được gọi"
        if not self.is_safe_callable(obj):
            name = getattr(obj, "__name__", type(obj).__name__)
            raise SecurityError(f"mẫu câu không được gọi «{name}»")
        return context.call(obj, *args, **kwargs)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"số mũ quá lớn ({right}); tối đa {MAX_EXPONENT}")
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if (
                    isinstance(sequence, (str, list, tuple))
                    and isinstance(times, int)
                    and len(sequence) * times > MAX_REPEAT
                ):
                    raise SecurityError(f"phép nhân tạo chuỗi quá dài (tối đa {MAX_REPEAT} ký tự)")
        if operator == "%" and isinstance(left, str):
            raise SecurityError("mẫu câu không dùng phép % với chuỗi; hãy viết thẳng {{ … }}")
        return super().call_binop(context, operator, left, right)


@lru_cache(maxsize=1)
def environment() -> _Sandbox:
    """The one sandboxed environment every template is compiled in."""
    env = _Sandbox(undefined=_Undefined, autoescape=False, keep_trailing_newline=False)
    kept = {name: env.filters[name] for name in _SAFE_FILTERS}
    env.filters.clear()
    env.filters.update(kept)
    env.filters.update(FILTERS)
    env.globals.clear()
    env.globals["range"] = _limited_range
    return env


# ---------------------------------------------------------------------------------------------
# Compiling and rendering

_SYNTAX_MESSAGES = (
    ("unexpected end of template", "mẫu câu kết thúc khi còn khối {% … %} hoặc {{ … }} chưa đóng"),
    ("unexpected char", "có ký tự không hợp lệ trong {{ … }} hoặc {% … %}"),
    ("unexpected '}'", "thừa dấu «}» (biểu thức viết là {{ … }})"),
    ("expected token 'end of print statement'", "biểu thức trong {{ … }} viết sai hoặc chưa đóng"),
    ("encountered unknown tag", "thẻ {% … %} không tồn tại"),
    ("no filter named", "không có bộ lọc này"),
    ("no test named", "không có phép thử này"),
    ("expected an expression", "thiếu biểu thức"),
)

_FORBIDDEN_STATEMENTS: tuple[tuple[type[nodes.Node], str], ...] = (
    (nodes.Macro, "{% macro %}"),
    (nodes.CallBlock, "{% call %}"),
    (nodes.Include, "{% include %}"),
    (nodes.Import, "{% import %}"),
    (nodes.FromImport, "{% from … import %}"),
    (nodes.Extends, "{% extends %}"),
    (nodes.Block, "{% block %}"),
    (nodes.Assign, "{% set %}"),
    (nodes.AssignBlock, "{% set %}"),
    (nodes.With, "{% with %}"),
)


@lru_cache(maxsize=512)
def compile_template(source: str) -> Template:
    """The compiled template; TemplateProblem for a syntax error or a construct the sandbox refuses."""
    env = environment()
    try:
        tree = env.parse(source)
        _refuse_unsafe_constructs(tree)
        return env.from_string(tree)
    except TemplateSyntaxError as error:
        raise TemplateProblem(_syntax_message(error), error.lineno) from None
    except SecurityError as error:  # raised while folding constants
        raise TemplateProblem(str(error)) from None


def _syntax_message(error: TemplateSyntaxError) -> str:
    detail = (error.message or "").split(". ")[0].rstrip(".")
    lowered = detail.lower()
    for english, vietnamese in _SYNTAX_MESSAGES:
        if english in lowered:
            return f"mẫu câu sai cú pháp: {vietnamese} ({detail})"
    return f"mẫu câu sai cú pháp ({detail})"


def _refuse_unsafe_constructs(tree: nodes.Template) -> None:
    for node_type, shown in _FORBIDDEN_STATEMENTS:
        for node in tree.find_all(node_type):
            raise TemplateProblem(f"mẫu câu không được dùng {shown}", node.lineno)
    for loop in tree.find_all(nodes.For):
        if loop.recursive:
            raise TemplateProblem("mẫu câu không được dùng vòng lặp «recursive»", loop.lineno)
        for inner in loop.find_all(nodes.For):
            raise TemplateProblem("mẫu câu không được lồng vòng lặp {% for %} trong nhau", inner.lineno)
    for attribute in tree.find_all(nodes.Getattr):
        if attribute.attr.startswith("_"):
            # `''.__class__.__mro__` is found from the outside in; name the first step, `__class__`
            steps = [attribute.node, *attribute.node.find_all(nodes.Getattr)]
            if not any(isinstance(step, nodes.Getattr) and step.attr.startswith("_") for step in steps):
                raise TemplateProblem(_internal_message(attribute.attr), attribute.lineno)
    for item in tree.find_all(nodes.Getitem):
        key = item.arg
        if isinstance(key, nodes.Const) and isinstance(key.value, str) and key.value.startswith("_"):
            raise TemplateProblem(_internal_message(key.value), item.lineno)


def _internal_message(name: str) -> str:
    return f"không được dùng «{name}»: mẫu câu không được truy cập phần bên trong của chương trình"


def render_template(source: str | Template, context: Mapping[str, Any]) -> str:
    """The text a template produces; TemplateProblem (with the template line) for anything wrong."""
    template = compile_template(source) if isinstance(source, str) else source
    pieces: list[str] = []
    length = 0
    try:
        for piece in template.generate(dict(context)):
            length += len(piece)
            if length > MAX_OUTPUT:
                raise TemplateProblem(f"mẫu câu sinh ra văn bản quá dài (hơn {MAX_OUTPUT} ký tự)")
            pieces.append(piece)
    except TemplateProblem:
        raise
    except SecurityError as error:
        raise TemplateProblem(str(error), _template_line(error)) from None
    except Exception as error:  # anything a template or a filter raises is the template's problem
        message = str(error) or type(error).__name__
        raise TemplateProblem(message, _template_line(error)) from None
    return "".join(pieces)


def _template_line(error: BaseException) -> int | None:
    """The template line where `error` happened: Jinja rewrites tracebacks to point into the template."""
    line = None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def check_template(source: str, *, unavailable: Collection[str] = ()) -> None:
    """Raise TemplateProblem unless `source` compiles, names only known variables (not those
    `unavailable` where it is used) and renders with and without the optional variables.

    For the kind loader: a kind file with one bad template is refused whole.
    """
    template = compile_template(source)
    names = find_undeclared_variables(environment().parse(source))
    refused = sorted(names & set(unavailable))
    if refused:
        listed = ", ".join(f"«{name}»" for name in refused)
        raise TemplateProblem(f"không dùng được biến {listed} ở đây: nó được tạo ra từ chính phần này")
    unknown = sorted(names - set(CONTEXT_VARIABLES) - set(OPTIONAL_VARIABLES))
    if unknown:
        listed = ", ".join(f"«{name}»" for name in unknown)
        raise TemplateProblem(
            f"không có biến {listed}; các biến dùng được: {', '.join(CONTEXT_VARIABLES + OPTIONAL_VARIABLES)}"
        )
    for context in _sample_contexts():
        render_template(template, context)


@lru_cache(maxsize=1)
def _sample_contexts() -> tuple[dict[str, Any], ...]:
    """Two realistic contexts that between them take both sides of the usual {% if %}s."""
    bare = template_context(
        issuer=Issuer(name="ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY", code="UBND", place="Trà Tây"),
        signature=Signature(title="CHỦ TỊCH", name="Đinh Văn Hòa"),
        date=dt.date(2024, 6, 15),
        period=Period("half", 1, 2024),
        kind_name="Báo cáo sơ kết",
        profile="state",
    )
    full = template_context(
        issuer=Issuer(name="HUYỆN ỦY BÌNH SƠN", code="HU", place="Bình Sơn", parent="ĐẢNG BỘ TỈNH QUẢNG NGÃI"),
        signature=Signature(title="PHÓ BÍ THƯ", name="Phạm Quang Sự", on_behalf_of="BAN THƯỜNG VỤ", mode="KT"),
        date=2025,
        period=Period("quarter", 3, 2025),
        kind_name="Báo cáo quý",
        profile="party",
        summary="sơ kết 05 năm thực hiện Chỉ thị số 22-CT/TU",
        to=["Ban Thường vụ Tỉnh ủy", "Văn phòng Tỉnh ủy"],
        values={
            "can_cu": "Công văn số 1444-CV/TU ngày 18/5/2025 của Ban Thường vụ Tỉnh ủy",
            "chu_de": "Chỉ thị số 22-CT/TU ngày 03/4/2017 của Ban Thường vụ Tỉnh ủy",
            "thoi_gian": "05 năm",
            "cuoc_hop": "hội nghị giao ban quý III năm 2025",
            "chu_tri": "đồng chí Bí thư Huyện ủy",
        },
    )
    return bare, full


# ---------------------------------------------------------------------------------------------
# The context


def template_context(
    *,
    issuer: Issuer,
    signature: Signature,
    date: ReportDate,
    period: Period,
    kind_name: str,
    profile: str,
    to: Sequence[str] = (),
    summary: str | None = None,
    values: Mapping[str, str | None] | None = None,
) -> dict[str, Any]:
    """The variables a template sees (listed in the module docstring); blank optional values are left out."""
    unknown = sorted(set(values or {}) - set(OPTIONAL_VARIABLES))
    if unknown:
        raise ValueError(f"unknown template values {unknown}; expected some of {OPTIONAL_VARIABLES}")
    name = name_in_sentence(issuer.name)
    parent = name_in_sentence(issuer.parent) if issuer.parent else ""
    context: dict[str, Any] = {
        "co_quan": _Fields(
            "co_quan",
            {
                "ten": name,
                "ten_viet_tat": shortened_name(name),
                "ten_in": " ".join(issuer.name.split()),
                "chu_quan": shortened_name(parent),
                "ky_hieu": issuer.code,
                "dia_danh": issuer.place,
                "dia_ban": _area(issuer.name) or _area(issuer.parent or ""),
            },
        ),
        "nguoi_ky": _Fields("nguoi_ky", {"ten": signature.name, "chuc_vu": title_in_sentence(signature.title)}),
        "nam": period.year,
        "ky": period.phrase(),
        "ky_sau": next_period_phrase(period),
        "ngay_ban_hanh": date,
        "loai": kind_name,
        "kinh_gui": [" ".join(line.split()) for line in to if line.strip()],
        "van_ban_dang": profile == "party",
        "trich_yeu": " ".join((summary or "").split()),
    }
    for key, value in (values or {}).items():
        if value is not None and value.strip():
            context[key] = " ".join(value.split())
    return context


def next_period_phrase(period: Period) -> str:
    """The period a report's "phương hướng" looks at: the next of its kind (quý IV after nine months)."""
    if period.kind == "nine-months":
        return Period("quarter", 4, period.year).phrase()
    return period.shifted(1).phrase()


# How printed (upper-case) names of bodies read inside a sentence. The second value says whether
# what follows is itself the name of a body ("CHI BỘ BAN DÂN TỘC") rather than a field of work.
_BODY_WORDS: tuple[tuple[str, str, bool], ...] = (
    ("ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM", "Ủy ban Mặt trận Tổ quốc Việt Nam", True),
    ("ỦY BAN NHÂN DÂN", "Ủy ban nhân dân", True),
    ("HỘI ĐỒNG NHÂN DÂN", "Hội đồng nhân dân", True),
    ("ỦY BAN KIỂM TRA", "Ủy ban Kiểm tra", True),
    ("BAN THƯỜNG VỤ", "Ban Thường vụ", True),
    ("BAN CHẤP HÀNH", "Ban Chấp hành", True),
    ("BAN CHỈ HUY QUÂN SỰ", "Ban Chỉ huy quân sự", True),
    ("ĐẢNG ỦY", "Đảng ủy", True),
    ("ĐẢNG BỘ", "Đảng bộ", True),
    ("CHI BỘ", "Chi bộ", True),
    ("CÔNG ĐOÀN", "Công đoàn", True),
    ("TỈNH ỦY", "Tỉnh ủy", True),
    ("THÀNH ỦY", "Thành ủy", True),
    ("HUYỆN ỦY", "Huyện ủy", True),
    ("QUẬN ỦY", "Quận ủy", True),
    ("THỊ ỦY", "Thị ủy", True),
    ("CÔNG AN", "Công an", True),
    ("THANH TRA", "Thanh tra", True),
    ("VĂN PHÒNG", "Văn phòng", False),
    ("TRUNG TÂM", "Trung tâm", False),
    ("CHI CỤC", "Chi cục", False),
    ("TỔNG CỤC", "Tổng cục", False),
    ("BỆNH VIỆN", "Bệnh viện", False),
    ("KHO BẠC NHÀ NƯỚC", "Kho bạc Nhà nước", True),
    ("BAN QUẢN LÝ", "Ban Quản lý", False),
)
_AREA_WORDS = ("THÀNH PHỐ", "THỊ TRẤN", "THỊ XÃ", "ĐẶC KHU", "PHƯỜNG", "HUYỆN", "QUẬN", "TỈNH", "XÃ")
_AREA = re.compile(rf"(?<!\S)({'|'.join(_AREA_WORDS)})(?!\S)(?!\s+(?:ỦY|HỘI)(?!\S))(.*)$")
"""An area word and the place name after it; not "HUYỆN ỦY" (a Party body) nor "XÃ HỘI" (society)."""
_SEPARATOR = re.compile(r"(\s+[-–]\s+|\s+VÀ\s+|,\s+)")
_VOWELS = set("AĂÂEÊIOÔƠUƯYÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ")
_ABBREVIATIONS = frozenset({"UBND", "HĐND", "MTTQ", "UBMTTQ", "VN", "TW", "CAND", "QĐND", "TP", "KT-XH"})
_SHORTENED = (
    ("Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban MTTQ Việt Nam"),
    ("Ủy ban nhân dân", "UBND"),
    ("Hội đồng nhân dân", "HĐND"),
)


def name_in_sentence(printed: str) -> str:
    """A body's printed name as it reads in a sentence: `ỦY BAN NHÂN DÂN\\nXÃ TRÀ TÂY` → `Ủy ban nhân dân xã Trà Tây`.

    A heuristic after the capitalisation rules of Nghị định 30 (Phụ lục II): the kind of body and
    its field keep a capital first letter, a xã/huyện/tỉnh word is lower case and the place name
    that follows is capitalised word by word. Text already in mixed case is left as written.
    """
    text = " ".join(printed.replace("UỶ", "ỦY").split())
    if not text or text != text.upper():
        return text
    return " ".join(_body_name(text).split())


def _body_name(text: str) -> str:
    for upper, written, nested in _BODY_WORDS:
        if text == upper or text.startswith(upper + " "):
            rest = text[len(upper) :].strip()
            if not rest:
                return written
            if nested:
                return f"{written} {_nested_name(rest)}"
            return f"{written} {_field_words(rest)}"
    area = _AREA.match(text)
    if area is not None:
        return _area_phrase(area.group(1), area.group(2))
    head, _, rest = text.partition(" ")
    first = head if _is_abbreviation(head) else head.capitalize()
    return f"{first} {_field_words(rest)}" if rest else first


def _nested_name(rest: str) -> str:
    """What follows a body word that names another body or a place: "BAN DÂN TỘC", "XÃ TRÀ TÂY", "BÌNH SƠN"."""
    names_a_body = any(rest == upper or rest.startswith(upper + " ") for upper, _, _ in _BODY_WORDS)
    if names_a_body or _AREA.match(rest) or rest.startswith(("SỞ ", "BAN ", "PHÒNG ")):
        return _body_name(rest)
    return " ".join(word if _is_abbreviation(word) else word.capitalize() for word in rest.split())


def _field_words(rest: str) -> str:
    """A field of work after a body word, each part capitalised once (`TÀI CHÍNH - KẾ HOẠCH` → `Tài chính - Kế hoạch`).

    A place at the end ("… HUYỆN BÌNH SƠN") is written as a place.
    """
    area = _AREA.search(rest)
    tail = ""
    if area is not None:
        tail = " " + _area_phrase(area.group(1), area.group(2))
        rest = rest[: area.start()].strip()
    parts = _SEPARATOR.split(rest)
    written = []
    for i, part in enumerate(parts):
        if i % 2:  # a separator
            written.append(part.lower())
            continue
        words = part.split()
        written.append(
            " ".join(
                word if _is_abbreviation(word) else word.capitalize() if w == 0 else word.lower()
                for w, word in enumerate(words)
            )
        )
    return "".join(written) + tail


def _area_phrase(word: str, name: str) -> str:
    place = " ".join(part if part.isdigit() else part.capitalize() for part in name.split())
    return f"{word.lower()} {place}".strip()


def _area(printed: str) -> str:
    """The administrative area a printed name ends with, in a sentence ("xã Trà Tây"), or ""."""
    text = " ".join(printed.replace("UỶ", "ỦY").split()).upper()
    match = _AREA.search(text)
    if match is None:
        return ""
    return _area_phrase(match.group(1), match.group(2))


def _is_abbreviation(word: str) -> bool:
    return word in _ABBREVIATIONS or (word.isupper() and not any(letter in _VOWELS for letter in word))


def shortened_name(name: str) -> str:
    """A sentence name with the long body words shortened as reports write them: `UBND xã Trà Tây`."""
    for long, short in _SHORTENED:
        if name.startswith(long):
            return short + name[len(long) :]
    return name


def title_in_sentence(printed: str) -> str:
    """A printed title as it reads in a sentence: `PHÓ CHỦ TỊCH` → `Phó Chủ tịch`, `TRƯỞNG BAN` → `Trưởng ban`."""
    text = " ".join(printed.split())
    if text != text.upper():
        return text
    if text.startswith("PHÓ "):
        return "Phó " + text[4:].capitalize()
    return text.capitalize()


# ---------------------------------------------------------------------------------------------
# Filters


def ngay(value: ReportDate) -> str:
    """`ngày 05 tháng 6 năm 2023`; blanks for the clerk when only the year (or nothing) is known."""
    if isinstance(value, bool) or not isinstance(value, (dt.date, int, type(None))):
        raise TypeError(f"bộ lọc «ngay» cần một ngày (ví dụ ngay_ban_hanh), không phải «{value}»")
    if isinstance(value, dt.datetime):
        value = value.date()
    return date_words(value)


def dia_danh_ngay(place: str, date: ReportDate) -> str:
    """`Trà Tây, ngày 05 tháng 6 năm 2023`."""
    ngay(date)  # the same check of the date
    return date_line(" ".join(str(place).split()), date)


def _number(value: Any, filter_name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"bộ lọc «{filter_name}» cần một số, không phải «{value}»")
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise TypeError(f"bộ lọc «{filter_name}» cần một số, không phải «{value}»") from None
    if not number.is_finite():
        raise TypeError(f"bộ lọc «{filter_name}» cần một số hữu hạn, không phải «{value}»")
    return number


def _digits(digits: Any, filter_name: str) -> int:
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 10:
        raise TypeError(f"số chữ số thập phân của «{filter_name}» phải từ 0 đến 10, không phải «{digits}»")
    return digits


def _rounded(number: Decimal, digits: int) -> Decimal:
    """Half up, as people round (babel alone rounds half to even)."""
    return number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def so(value: int | float | Decimal, chu_so: int | None = None) -> str:
    """A number in Vietnamese style, `1.234.567,5`; with `chu_so`, at most that many decimals."""
    number = _number(value, "so")
    if chu_so is None:
        if isinstance(value, (int, float)):
            return format_number(value)
        return format_decimal(number, locale="vi", decimal_quantization=False)
    digits = _digits(chu_so, "so")
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(_rounded(number, digits), format=pattern, locale="vi")


def phan_tram(value: int | float | Decimal, chu_so: int = 2) -> str:
    """A ratio as a Vietnamese percentage: 0.1234 → `12,34%`, 0.5 → `50%` (at most `chu_so` decimals)."""
    number = _number(value, "phan_tram")
    digits = _digits(chu_so, "phan_tram")
    pattern = "#,##0" + ("." + "#" * digits if digits else "") + "%"
    return format_percent(_rounded(number * 100, digits) / 100, format=pattern, locale="vi")


def bang_chu(value: int | float | Decimal, don_vi: str = "đồng") -> str:
    """An amount in words, `Một triệu không trăm năm mươi nghìn đồng` (app.core.number_words).

    A float is read as written in the template (3.05, not 3.0499…), through its shortest text.
    """
    number = _number(value, "bang_chu")
    from app.core.number_words import amount_in_words  # loaded on first use only

    return amount_in_words(value if isinstance(value, int) else number, str(don_vi))


def viet_hoa_dau(value: str) -> str:
    """The first letter in upper case, the rest as written (Jinja's `capitalize` lowers the rest)."""
    text = str(value)
    return text[:1].upper() + text[1:]


def viet_thuong_dau(value: str) -> str:
    """The first letter in lower case, to continue a sentence ("Sơ kết …" → "sơ kết …"),
    unless the first word is written in capitals (UBND, HĐND …)."""
    text = str(value)
    words = text.split(maxsplit=1)
    if not words or words[0] == words[0].upper():
        return text
    return text[:1].lower() + text[1:]


FILTERS: dict[str, Callable[..., str]] = {
    "ngay": ngay,
    "dia_danh_ngay": dia_danh_ngay,
    "so": so,
    "phan_tram": phan_tram,
    "bang_chu": bang_chu,
    "viet_hoa_dau": viet_hoa_dau,
    "viet_thuong_dau": viet_thuong_dau,
}
