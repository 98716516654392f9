"""Report kinds (báo cáo sơ kết, báo cáo quý, kế hoạch, tờ trình …) read from data files.

Each kind is one TOML file, `resources/kinds/<key>.toml`; an officer adds or replaces one by
dropping a file into `<data folder>/loai-bao-cao/`. A kind gives the document type (which
decides the title word and the abbreviation in the number), the skeleton of sections with
guidance and example phrases for the wizard, and Jinja2 templates (`app.core.templating`) for
the trích yếu, opening, closing and Nơi nhận lines. A file that is malformed or unsafe is
skipped with a Vietnamese message naming the file and the problem; loading never raises.

File layout (every field but `name`, `document_kind` and `summary` is optional):

    name = "Báo cáo sơ kết"              # shown in the wizard
    description = "Dùng khi …"           # one line for the wizard's list
    document_kind = "bao-cao"            # bao-cao | thong-bao | ke-hoach | to-trinh
    title = "…"                          # template replacing the title word (THÔNG BÁO\\nKẾT LUẬN …)
    profiles = ["state", "party"]
    period = "half"                      # year | half | quarter | nine-months | month
    summary = "Sơ kết {{ thoi_gian | default('…') }} thực hiện …"   # template; required except for thong-bao
    opening = ["Thực hiện …, {{ co_quan.ten }} báo cáo … như sau:"]  # templates, one per paragraph
    closing = ["Trên đây là …"]
    recipients = ["{% if kinh_gui %}Như trên{% endif %}", "…"]  # templates; empty results are left out

    [[sections]]
    role = "danh-gia"                    # a role of the report format, or none
    title = "Đánh giá chung"
    guidance = "What to write here, for the officer (not printed)."
    phrases = ["Example phrase …"]
      [[sections.sections]]              # sub-sections, as deep as 4 levels
      role = "uu-diem"
      title = "Ưu điểm"
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from app.core.model import (
    DOCUMENT_KINDS,
    PROFILES,
    SECTION_ROLES,
    Issuer,
    Paragraph,
    Profile,
    Report,
    ReportDate,
    Section,
    Signature,
    plain_inline,
)
from app.core.rollforward import PERIODS_PER_YEAR, Period, PeriodKind, detect_period
from app.core.templating import (
    TemplateProblem,
    check_template,
    render_template,
    template_context,
    viet_thuong_dau,
)
from app.core.text import find_forbidden_character, fold_for_search, forbidden_character_message, normalize_text

BUILT_IN_FOLDER = Path(__file__).resolve().parents[2] / "resources" / "kinds"
USER_SUBFOLDER = "loai-bao-cao"
"""Where, inside the user's data folder (app.core.paths.data_folder()), an officer's own kind files go."""
MAX_KIND_FILE_BYTES = 256 * 1024
MAX_SECTION_DEPTH = 4
KIND_KEY = "loai_bao_cao"
"""`report.x` key recording which kind a report was started from (for `render --fill-defaults`)."""

BUILT_IN_ORDER: tuple[str, ...] = (
    "bao-cao-so-ket",
    "bao-cao-tong-ket",
    "bao-cao-thang",
    "bao-cao-quy",
    "bao-cao-6-thang",
    "bao-cao-nam",
    "bao-cao-chuyen-de",
    "thong-bao-ket-luan",
    "ke-hoach",
    "to-trinh",
)
"""The order the wizard lists the built-in kinds in; other kinds follow by name."""

_FALLBACK_KINDS = {
    "bao-cao": "bao-cao-chuyen-de",
    "thong-bao": "thong-bao-ket-luan",
    "ke-hoach": "ke-hoach",
    "to-trinh": "to-trinh",
}
"""The kind assumed for a report that does not say which kind it was started from."""

_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MONTHS_IN_PERIOD = {"year": 12, "half": 6, "quarter": 3, "nine-months": 9, "month": 1}
_SHOWN_PROBLEMS = 5


@dataclass(frozen=True, slots=True)
class KindSection:
    """A section of a kind's skeleton, with what the wizard shows beside the editor."""

    title: str
    role: str | None = None
    guidance: str = ""
    """What to write there, for the officer; never printed."""
    phrases: tuple[str, ...] = ()
    """Phrases officers commonly use there, offered for insertion."""
    sections: tuple[KindSection, ...] = ()


@dataclass(frozen=True, slots=True)
class ReportKind:
    """One report kind as read from its file; templates are kept as source text."""

    key: str
    name: str
    document_kind: str
    source: Path
    description: str = ""
    title: str | None = None
    profiles: tuple[str, ...] = PROFILES
    period: PeriodKind | None = None
    summary: str | None = None
    opening: tuple[str, ...] = ()
    closing: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    sections: tuple[KindSection, ...] = ()
    built_in: bool = True


@dataclass(slots=True)
class KindCatalog:
    """Every usable kind, in the wizard's order, and why any file was skipped."""

    kinds: list[ReportKind] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def get(self, key: str) -> ReportKind | None:
        return next((kind for kind in self.kinds if kind.key == key), None)

    def for_profile(self, profile: str) -> list[ReportKind]:
        """The kinds that can be used for a state (`state`) or Party (`party`) document."""
        return [kind for kind in self.kinds if profile in kind.profiles]

    def for_report(self, report: Report) -> ReportKind | None:
        """The kind a report was started from, or the likeliest one for its type, title and period."""
        key = (report.x or {}).get(KIND_KEY)
        recorded = self.get(key) if isinstance(key, str) else None
        if recorded is not None and recorded.document_kind == report.kind:
            return recorded
        candidates = [kind for kind in self.for_profile(report.profile) if kind.document_kind == report.kind]
        if not candidates:
            return None
        headline = f"{report.title or ''} {report.summary or ''}".lower()
        period = detect_period(report)

        def score(kind: ReportKind) -> int:
            if kind.period is None:
                word = kind.name.lower().removeprefix(DOCUMENT_KINDS[kind.document_kind].title.lower()).strip()
                return 2 if word and word in headline else 0
            return 1 if period is not None and kind.period == period.kind else 0

        best = max(candidates, key=score)
        if score(best) > 0:
            return best
        fallback = self.get(_FALLBACK_KINDS.get(report.kind, ""))
        return fallback if fallback in candidates else candidates[0]


class KindFileError(Exception):
    """A kind file that cannot be used, with every problem found (Vietnamese)."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        shown = problems[:_SHOWN_PROBLEMS]
        more = len(problems) - len(shown)
        listed = "; ".join(shown) + (f"; và {more} lỗi khác" if more > 0 else "")
        super().__init__(f"Bỏ qua tệp «{path}»: {listed.rstrip('.')}.")


# ---------------------------------------------------------------------------------------------
# Loading


def load_kinds(user_folder: Path | None = None) -> KindCatalog:
    """The built-in kinds, then `<user_folder>/loai-bao-cao/*.toml` (a user file replaces the
    built-in kind with the same key). Never raises: unusable files land in `problems`."""
    catalog = KindCatalog()
    built_in = _read_folder(BUILT_IN_FOLDER, built_in=True, catalog=catalog)
    order = {key: i for i, key in enumerate(BUILT_IN_ORDER)}
    built_in.sort(key=lambda kind: (order.get(kind.key, len(order)), kind.key))
    catalog.kinds = built_in
    if user_folder is not None:
        folder = Path(user_folder) / USER_SUBFOLDER
        own = _read_folder(folder, built_in=False, catalog=catalog)
        own.sort(key=lambda kind: (kind.name.lower(), kind.key))
        for kind in own:
            position = next((i for i, known in enumerate(catalog.kinds) if known.key == kind.key), None)
            if position is None:
                catalog.kinds.append(kind)
            else:
                catalog.kinds[position] = kind
    return catalog


def _read_folder(folder: Path, *, built_in: bool, catalog: KindCatalog) -> list[ReportKind]:
    try:
        if not folder.exists():
            return []
        if not folder.is_dir():
            catalog.problems.append(f"Bỏ qua «{folder}»: đây không phải thư mục chứa các tệp loại báo cáo.")
            return []
        paths = sorted(path for path in folder.iterdir() if path.suffix.lower() == ".toml")
    except OSError as error:
        catalog.problems.append(f"Không đọc được thư mục «{folder}»: {error.strerror or error}.")
        return []
    kinds = []
    for path in paths:
        try:
            kinds.append(read_kind(path, built_in=built_in))
        except KindFileError as error:
            catalog.problems.append(str(error))
        except Exception as error:  # a kind file must never stop the program
            catalog.problems.append(f"Bỏ qua tệp «{path}»: lỗi không lường trước khi đọc ({error}).")
    return kinds


def read_kind(path: Path, *, built_in: bool = False) -> ReportKind:
    """One kind file; KindFileError listing every problem when it cannot be used."""
    key = path.name[: -len(path.suffix)] if path.suffix else path.name
    if not _KEY.fullmatch(key):
        raise KindFileError(
            path,
            [
                "tên tệp phải gồm chữ thường không dấu, chữ số và dấu gạch ngang "
                "(ví dụ bao-cao-tuan.toml), vì nó là mã của loại báo cáo"
            ],
        )
    try:
        if not path.is_file():
            raise KindFileError(path, ["đây không phải một tệp"])
        size = path.stat().st_size
        if size > MAX_KIND_FILE_BYTES:
            raise KindFileError(
                path, [f"tệp quá lớn ({size // 1024} KB; tệp loại báo cáo tối đa {MAX_KIND_FILE_BYTES // 1024} KB)"]
            )
        content = path.read_bytes()
    except OSError as error:
        raise KindFileError(path, [f"không đọc được tệp ({error.strerror or error})"]) from None
    if len(content) > MAX_KIND_FILE_BYTES:  # it grew between stat and read
        raise KindFileError(path, [f"tệp quá lớn (tối đa {MAX_KIND_FILE_BYTES // 1024} KB)"])
    return parse_kind(content, key=key, source=path, built_in=built_in)


def parse_kind(content: bytes, *, key: str, source: Path, built_in: bool = False) -> ReportKind:
    """A kind from the bytes of its file; KindFileError listing every problem."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise KindFileError(
            source,
            [f"tệp không phải văn bản UTF-8 (byte lạ ở vị trí {error.start}); hãy lưu lại tệp với mã hóa UTF-8"],
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise KindFileError(source, [_toml_message(str(error))]) from None
    reader = _KindReader()
    kind = reader.kind(data, key=key, source=source, built_in=built_in)
    if reader.problems or kind is None:
        raise KindFileError(source, reader.problems or ["tệp không dùng được"])
    return kind


_TOML_MESSAGES = (
    ("Expected '=' after a key", "thiếu dấu bằng (=) sau tên trường"),
    ("Unterminated string", "chuỗi chưa đóng dấu nháy kép"),
    ("Illegal character '\\n'", "chuỗi chưa đóng dấu nháy kép trước khi xuống dòng"),
    ("Illegal character", "có ký tự không được phép trong chuỗi"),
    ("Invalid value", "giá trị không hợp lệ (chuỗi phải đặt trong dấu nháy kép)"),
    ("Cannot overwrite a value", "một trường được khai báo hai lần"),
    ("Cannot declare", "một bảng được khai báo hai lần"),
    ("Unclosed array", "danh sách [...] chưa đóng dấu ]"),
    ("Unclosed inline table", "bảng {...} chưa đóng dấu }"),
    ("Invalid statement", "dòng không hợp lệ"),
    ("Expected newline or end of document", "thừa nội dung sau giá trị (mỗi trường một dòng)"),
    ("Invalid initial character for a key part", "tên trường có ký tự không hợp lệ"),
    ("Expected ']' at the end of a table declaration", "thiếu dấu ] khi khai báo bảng"),
    ("Expected ']]' at the end of an array declaration", "thiếu dấu ]] khi khai báo [[…]]"),
    ("Unescaped '\\' in a string", "dấu \\ trong chuỗi phải viết thành \\\\"),
    ("Invalid hex value", "mã \\u… trong chuỗi không hợp lệ"),
)
_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")


def _toml_message(message: str) -> str:
    """A tomllib error in Vietnamese: `dòng 3, cột 5: thiếu dấu bằng (=) sau tên trường`."""
    position = _TOML_POSITION.search(message)
    reason = message[: position.start()] if position else message
    vietnamese = next((vi for en, vi in _TOML_MESSAGES if reason.startswith(en)), None)
    text = vietnamese or f"lỗi cú pháp TOML ({reason})"
    if position is None:
        return f"tệp không phải TOML hợp lệ: {text}"
    if position.group(1) is None:
        return f"tệp không phải TOML hợp lệ: cuối tệp: {text}"
    return f"tệp không phải TOML hợp lệ: dòng {position.group(1)}, cột {position.group(2)}: {text}"


_KIND_FIELDS = (
    "name", "description", "document_kind", "title", "profiles", "period", "summary",
    "opening", "closing", "recipients", "sections",
)  # fmt: skip
_SECTION_FIELDS = ("title", "role", "guidance", "phrases", "sections")
_HEADLINE_UNAVAILABLE = ("trich_yeu",)
"""The title and trích yếu are written before `trich_yeu` exists."""


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "chuỗi ký tự"
    if isinstance(value, int):
        return "số nguyên"
    if isinstance(value, float):
        return "số"
    if isinstance(value, list):
        return "danh sách [...]"
    if isinstance(value, dict):
        return "bảng"
    return "ngày giờ"


class _KindReader:
    """Checks decoded TOML against the kind layout, collecting every problem."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}" if path else message)

    def fields(self, data: dict[str, Any], path: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> None:
        for key in data:
            if key not in allowed:
                where = f"{path}." if path else ""
                self.problem(
                    "",
                    f"trường «{where}{key}» không có trong tệp loại báo cáo; kiểm tra lỗi chính tả "
                    f"(các trường dùng được: {', '.join(allowed)})",
                )
        for key in required:
            if key not in data:
                where = f"{path}." if path else ""
                self.problem("", f"thiếu trường bắt buộc «{where}{key}»")

    def text(self, value: Any, path: str, *, required: bool = False) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(path, f"phải là chuỗi ký tự, không phải {_type_name(value)}")
            return None
        forbidden = find_forbidden_character(value)
        if forbidden is not None:
            self.problem(path, forbidden_character_message(*forbidden))
            return None
        text = normalize_text(value).strip()
        if required and not text:
            self.problem(path, "không được để trống")
            return None
        return text

    def texts(self, value: Any, path: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(path, f'phải là danh sách chuỗi ["…", "…"], không phải {_type_name(value)}')
            return ()
        items = (self.text(item, f"{path}[{i}]") for i, item in enumerate(value))
        return tuple(item for item in items if item is not None)

    def template(
        self, value: Any, path: str, *, required: bool = False, unavailable: tuple[str, ...] = ()
    ) -> str | None:
        source = self.text(value, path, required=required)
        if source is None:
            return None
        try:
            check_template(source, unavailable=unavailable)
        except TemplateProblem as problem:
            where = f"{path}, dòng {problem.line} của mẫu câu" if problem.line is not None else path
            self.problem(where, problem.message)
            return None
        return source

    def templates(self, value: Any, path: str) -> tuple[str, ...]:
        items = self.texts(value, path)
        checked = (self.template(item, f"{path}[{i}]") for i, item in enumerate(items))
        return tuple(item for item in checked if item is not None)

    def choice(self, value: Any, path: str, choices: tuple[str, ...]) -> str | None:
        text = self.text(value, path)
        if text is None:
            return None
        if text not in choices:
            listed = ", ".join(f"«{choice}»" for choice in choices)
            self.problem(path, f"giá trị «{text}» không hợp lệ; chỉ nhận {listed}")
            return None
        return text

    def kind(self, data: dict[str, Any], *, key: str, source: Path, built_in: bool) -> ReportKind | None:
        self.fields(data, "", _KIND_FIELDS, ("name", "document_kind"))
        name = self.text(data.get("name"), "name", required=True)
        document_kind = self.choice(data.get("document_kind"), "document_kind", tuple(DOCUMENT_KINDS))
        profiles = self.profiles(data.get("profiles"))
        period = self.choice(data.get("period"), "period", tuple(PERIODS_PER_YEAR))
        summary_required = document_kind is not None and DOCUMENT_KINDS[document_kind].summary_required
        if summary_required and "summary" not in data:
            self.problem(
                "", f"thiếu trường «summary»: {DOCUMENT_KINDS[document_kind or ''].title.lower()} phải có trích yếu"
            )
        kind = ReportKind(
            key=key,
            name=name or "",
            description=self.text(data.get("description"), "description") or "",
            document_kind=document_kind or "",
            title=self.template(data.get("title"), "title", unavailable=_HEADLINE_UNAVAILABLE),
            profiles=profiles,
            period=cast(PeriodKind | None, period),
            summary=self.template(
                data.get("summary"), "summary", required=summary_required, unavailable=_HEADLINE_UNAVAILABLE
            ),
            opening=self.templates(data.get("opening"), "opening"),
            closing=self.templates(data.get("closing"), "closing"),
            recipients=self.templates(data.get("recipients"), "recipients"),
            sections=self.sections(data.get("sections"), "sections", depth=1),
            source=source,
            built_in=built_in,
        )
        return kind if name and document_kind else None

    def profiles(self, value: Any) -> tuple[str, ...]:
        if value is None:
            return PROFILES
        if isinstance(value, list) and not value:
            self.problem("profiles", "phải có ít nhất một trong «state», «party»")
        chosen = []
        for i, item in enumerate(self.texts(value, "profiles")):
            if item not in PROFILES:
                self.problem(f"profiles[{i}]", f"giá trị «{item}» không hợp lệ; chỉ nhận «state» hoặc «party»")
            elif item not in chosen:
                chosen.append(item)
        return tuple(chosen)

    def sections(self, value: Any, path: str, *, depth: int) -> tuple[KindSection, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            header = ".".join(["sections"] * depth)
            self.problem(path, f"phải là các bảng [[{header}]], không phải {_type_name(value)}")
            return ()
        if depth > MAX_SECTION_DEPTH:
            self.problem(path, f"mục lồng quá sâu (tối đa {MAX_SECTION_DEPTH} cấp: I., 1., a), -)")
            return ()
        sections = []
        for i, item in enumerate(value):
            title = item.get("title")
            item_path = f"{path}[{i}]" + (f" («{title}»)" if isinstance(title, str) and title.strip() else "")
            self.fields(item, f"{path}[{i}]", _SECTION_FIELDS, ("title",))
            role = self.choice(item.get("role"), f"{item_path}.role", SECTION_ROLES)
            sections.append(
                KindSection(
                    title=self.text(title, f"{item_path}.title", required=True) or "",
                    role=role,
                    guidance=self.text(item.get("guidance"), f"{item_path}.guidance") or "",
                    phrases=self.texts(item.get("phrases"), f"{item_path}.phrases"),
                    sections=self.sections(item.get("sections"), f"{path}[{i}].sections", depth=depth + 1),
                )
            )
        return tuple(sections)


# ---------------------------------------------------------------------------------------------
# Using a kind


def _folded_title(text: str) -> str:
    return " ".join(fold_for_search(text).split())


def find_kind_section(
    kinds: Iterable[ReportKind], section: Section, within: KindSection | None = None
) -> KindSection | None:
    """The skeleton section a report section corresponds to: by role, then by title; inside `within` first."""

    def walk(sections: Iterable[KindSection]) -> Iterable[KindSection]:
        for candidate in sections:
            yield candidate
            yield from walk(candidate.sections)

    title = _folded_title(section.title)
    pools: list[list[KindSection]] = []
    if within is not None:
        pools.append(list(walk(within.sections)))
    for kind in kinds:
        pools.append(list(walk(kind.sections)))
    for pool in pools:
        if section.role:
            by_role = next((candidate for candidate in pool if candidate.role == section.role), None)
            if by_role is not None:
                return by_role
        by_title = next((candidate for candidate in pool if _folded_title(candidate.title) == title), None)
        if by_title is not None:
            return by_title
    return None


def skeleton(kind: ReportKind) -> list[Section]:
    """The kind's sections as empty report sections (guidance stays with the kind, for the wizard)."""

    def build(section: KindSection) -> Section:
        return Section(title=section.title, role=section.role, blocks=[build(child) for child in section.sections])

    return [build(section) for section in kind.sections]


def reporting_period(kind: PeriodKind | None, date: ReportDate, *, today: dt.date | None = None) -> Period:
    """The period a new report of this kind covers, judged from its issue date.

    Reports are written around the end of their period, so the period whose last day is nearest
    the date is taken (a quarterly report of 3 April covers quý I). A yearly report covers the
    year of its date, or the year before in January. With only a year, or no date, today stands
    in for the date when it falls in that year; otherwise 31 December of that year does. A kind
    with no period gets the year of the date.
    """
    today = today or dt.date.today()
    if isinstance(date, dt.date):
        reference = date
    elif isinstance(date, int) and date != today.year:
        reference = dt.date(date, 12, 31)
    else:
        reference = today
    if kind is None:
        return Period("year", 1, reference.year)
    if kind == "year":
        return Period("year", 1, reference.year - 1 if reference.month == 1 else reference.year)
    candidates = [
        Period(kind, index, year)
        for year in (reference.year - 1, reference.year, reference.year + 1)
        for index in range(1, PERIODS_PER_YEAR[kind] + 1)
    ]
    return min(candidates, key=lambda period: abs((_last_day(period) - reference).days))


def _last_day(period: Period) -> dt.date:
    year, month = divmod(period.first_month + _MONTHS_IN_PERIOD[period.kind], 12)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def new_report(
    kind: ReportKind,
    *,
    issuer: Issuer,
    signature: Signature,
    date: ReportDate = None,
    profile: Profile = "state",
    to: Sequence[str] = (),
    period: Period | None = None,
    values: Mapping[str, str | None] | None = None,
    today: dt.date | None = None,
) -> Report:
    """A report of this kind, ready for the officer to write in: trích yếu, opening, closing and
    Nơi nhận from the kind's templates, and the skeleton's empty sections.

    `values` are the optional template variables the wizard asked for (can_cu, chu_de, …);
    `period` overrides the one judged from the date. Raises ValueError when the kind is not
    meant for `profile`, TemplateProblem if a template fails on these values.
    """
    if profile not in kind.profiles:
        document = "văn bản của Đảng" if profile == "party" else "văn bản hành chính nhà nước"
        raise ValueError(f"Loại «{kind.name}» không dùng cho {document}.")
    context = _context(kind, issuer, signature, date, profile, to, period, values, today)
    title = _headline(kind.title, context)
    summary = _summary(kind.summary, context, profile)
    context["trich_yeu"] = " ".join(summary.split())
    return Report(
        issuer=copy.deepcopy(issuer),
        signature=copy.deepcopy(signature),
        profile=profile,
        kind=kind.document_kind,
        title=title or None,
        date=date,
        summary=summary or None,
        to=[" ".join(line.split()) for line in to if line.strip()],
        opening=_paragraphs(kind.opening, context),
        sections=skeleton(kind),
        closing=_paragraphs(kind.closing, context),
        recipients=_lines(kind.recipients, context),
        x={KIND_KEY: kind.key},
    )


def fill_defaults(
    report: Report,
    kind: ReportKind,
    *,
    values: Mapping[str, str | None] | None = None,
    today: dt.date | None = None,
) -> Report:
    """A copy of `report` whose empty opening, closing and Nơi nhận come from the kind's templates.

    Text the officer wrote is never replaced: a part is filled only when it has no text at all.
    The period is the one the report's title or trích yếu names, else the one judged from its date.
    """
    filled = copy.deepcopy(report)
    empty_opening = not _has_text(report.opening)
    empty_closing = not _has_text(report.closing)
    empty_recipients = not any(line.strip() for line in report.recipients)
    if not (empty_opening or empty_closing or empty_recipients):
        return filled
    period = detect_period(report)
    context = _context(
        kind, report.issuer, report.signature, report.date, report.profile, report.to, period, values, today
    )
    context["trich_yeu"] = " ".join((report.summary or "").split())
    if empty_opening:
        filled.opening = _paragraphs(kind.opening, context)
    if empty_closing:
        filled.closing = _paragraphs(kind.closing, context)
    if empty_recipients:
        filled.recipients = _lines(kind.recipients, context)
    return filled


def _context(
    kind: ReportKind,
    issuer: Issuer,
    signature: Signature,
    date: ReportDate,
    profile: str,
    to: Sequence[str],
    period: Period | None,
    values: Mapping[str, str | None] | None,
    today: dt.date | None,
) -> dict[str, Any]:
    return template_context(
        issuer=issuer,
        signature=signature,
        date=date,
        period=period or reporting_period(kind.period, date, today=today),
        kind_name=kind.name,
        profile=profile,
        to=to,
        values=values,
    )


def _has_text(paragraphs: list[Paragraph]) -> bool:
    return any(paragraph.plain_text.strip() for paragraph in paragraphs)


def _headline(source: str | None, context: Mapping[str, Any]) -> str:
    """A title or trích yếu: its line breaks kept, blank lines and extra spaces dropped."""
    if source is None:
        return ""
    lines = (" ".join(line.split()) for line in render_template(source, context).splitlines())
    return normalize_text("\n".join(line for line in lines if line))


def _summary(source: str | None, context: Mapping[str, Any], profile: str) -> str:
    """The trích yếu; a Party document's starts in lower case ("sơ kết công tác …", Hướng dẫn 36)."""
    text = _headline(source, context)
    return viet_thuong_dau(text) if profile == "party" else text


def _paragraphs(sources: Sequence[str], context: Mapping[str, Any]) -> list[Paragraph]:
    return [Paragraph(plain_inline(text)) for text in _lines(sources, context)]


def _lines(sources: Sequence[str], context: Mapping[str, Any]) -> list[str]:
    """Each template's text on one line; those that come out empty (an unmet {% if %}) are left out."""
    texts = (" ".join(render_template(source, context).split()) for source in sources)
    return [normalize_text(text) for text in texts if text]
