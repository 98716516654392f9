"""Writing checks on a draft: what a careful văn thư would point out before the report is signed.

`writing_findings` reads the report model (not a rendered .docx) and returns `Finding`s with the field path
(`summary`, `sections[0].blocks[2]`, `signature.mode` …), so the wizard shows each one beside its field and
the Xem lại page jumps there. A finding is a "violation" only where a quoted rule of formatting-rules.md is
broken (a body paragraph in capitals, a doubled signing prefix, «Như trên» with no Kính gửi …); everything that
is a convention (how dates are cited, abbreviations spelled out first, one kind of quotation marks) is a
"warning". The checks never raise on odd input and never change the report.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, TypeAlias

from app.core.checks import content_findings, post_reform_findings
from app.core.findings import Finding, Severity
from app.core.model import DOCUMENT_KINDS, Bullet, Footnote, Inline, Paragraph, Report, Section, Span, Table
from app.core.recipients import addressees, is_as_above, list_item
from app.core.signature import AUTHORITY_PREFIXES, typed_authority
from app.core.text import normalize_text
from app.core.vietnamese import date_words, document_number, has_syllable_shape

REMINDER_RULES = frozenset({"writing.number-slot"})
"""Findings that only remind (nothing is wrong): shown beside the field and on Xem lại, not as "to look at"."""

DATE_REFERENCE = (
    "formatting-rules.md §1.7 (NĐ 30, Phụ lục I, mục II.4.b: ngày dưới 10 và tháng 1, 2 thêm số 0), "
    "dùng làm quy ước khi dẫn ngày trong nội dung"
)
NUMBER_REFERENCE = "formatting-rules.md §1.7 (NĐ 30, Phụ lục I, mục II.3: số do văn thư cấp khi ban hành)"
AUTHORITY_REFERENCE = "formatting-rules.md §1.5 (NĐ 30, Phụ lục I, mục II.7.b: TM., KT., Q., TL., TUQ.)"
PARTY_AUTHORITY_REFERENCE = "formatting-rules.md §2.2 (HD 36-HD/VPTW §1.7.1: T/M, K/T, T/L)"
SIGNER_REFERENCE = "formatting-rules.md §1.2 (Họ tên người ký: in thường; không ghi học hàm, học vị, danh hiệu)"
AS_ABOVE_REFERENCE = "formatting-rules.md §1.6 (NĐ 30, Phụ lục I, mục II.9: Kính gửi và «Như trên»)"
BODY_CASE_REFERENCE = "formatting-rules.md §1.2 (NĐ 30, Phụ lục I: nội dung, trích yếu, họ tên người ký in thường)"
TYPING_REFERENCE = "Quy ước soạn thảo văn bản (không phải quy định của NĐ 30)"
ABBREVIATION_REFERENCE = "Quy ước soạn thảo: chữ viết tắt phải được viết đầy đủ ở lần dùng đầu tiên"
DATE_ORDER_REFERENCE = "Quy ước: ngày ban hành không ở sau hôm nay và không trước ngày của văn bản được dẫn"

Role: TypeAlias = Literal["summary", "to", "basis", "body", "footnote", "heading", "table", "recipient"]

# ---------------------------------------------------------------------------------------------
# The text of a report, field by field, in reading order


@dataclass(frozen=True, slots=True)
class TextField:
    """One piece of text the officer typed: where it is, what it is, and the text (NFC)."""

    path: str
    role: Role
    text: str


def _inline_fields(path: str, inline: Inline) -> Iterator[TextField]:
    spans = "".join(part.text for part in inline if isinstance(part, Span))
    yield TextField(path, "body", normalize_text(spans))
    for part in inline:
        if isinstance(part, Footnote):
            yield TextField(path, "footnote", normalize_text(part.text))


def _section_fields(section: Section, path: str) -> Iterator[TextField]:
    yield TextField(f"{path}.title", "heading", normalize_text(section.title))
    for b, block in enumerate(section.blocks):
        block_path = f"{path}.blocks[{b}]"
        if isinstance(block, (Paragraph, Bullet)):
            yield from _inline_fields(block_path, block.inline)
        elif isinstance(block, Table):
            texts = [block.caption or "", block.notes or ""]
            texts += [cell for row in (*block.header, *block.rows) for cell in row if isinstance(cell, str)]
            for text in texts:
                if text.strip():
                    yield TextField(block_path, "table", normalize_text(text))
        elif isinstance(block, Section):
            yield from _section_fields(block, block_path)


def text_fields(report: Report) -> list[TextField]:
    """Every typed text of the report in reading order (issuer and signature left out)."""
    fields: list[TextField] = []
    if report.summary:
        fields.append(TextField("summary", "summary", normalize_text(report.summary)))
    fields += [TextField(f"to[{i}]", "to", normalize_text(line)) for i, line in enumerate(report.to)]
    fields += [TextField(f"basis[{i}]", "basis", normalize_text(line)) for i, line in enumerate(report.basis)]
    for i, paragraph in enumerate(report.opening):
        fields.extend(_inline_fields(f"opening[{i}]", paragraph.inline))
    for i, section in enumerate(report.sections):
        fields.extend(_section_fields(section, f"sections[{i}]"))
    for i, paragraph in enumerate(report.closing):
        fields.extend(_inline_fields(f"closing[{i}]", paragraph.inline))
    fields += [
        TextField(f"recipients[{i}]", "recipient", normalize_text(line)) for i, line in enumerate(report.recipients)
    ]
    for a, appendix in enumerate(report.appendices):
        fields.append(TextField(f"appendices[{a}].title", "heading", normalize_text(appendix.title)))
        for i, section in enumerate(appendix.sections):
            fields.extend(_section_fields(section, f"appendices[{a}].sections[{i}]"))
    return fields


_ELEMENTS = (
    ("summary", "Trích yếu"),
    ("to", "Kính gửi"),
    ("basis", "Căn cứ"),
    ("opening", "Đoạn mở đầu"),
    ("closing", "Đoạn kết thúc"),
    ("recipients", "Nơi nhận"),
    ("archive", "Nơi nhận"),
    ("signature", "Chữ ký"),
    ("number", "Số, ký hiệu"),
    ("date", "Ngày ban hành"),
    ("issuer", "Cơ quan ban hành"),
    ("appendices", "Phụ lục"),
)


def element_for(path: str, role: Role | None = None) -> str:
    """The Vietnamese name of the element a field path belongs to."""
    if role == "footnote":
        return "Chú thích"
    if role == "table":
        return "Bảng"
    if path.endswith(".title"):
        return "Tiêu đề mục"
    if path.startswith("sections"):
        return "Nội dung"
    head = re.split(r"[.\[]", path, maxsplit=1)[0]
    return next((name for key, name in _ELEMENTS if key == head), "Văn bản")


def _excerpt(text: str, words: int = 8) -> str:
    parts = text.split()
    shown = " ".join(parts[:words])
    return shown + ("…" if len(parts) > words else "")


def _listed(items: list[str], limit: int = 3) -> str:
    shown = ", ".join(f"«{item}»" for item in items[:limit])
    return shown + (f" và {len(items) - limit} chỗ khác" if len(items) > limit else "")


def _where(field: TextField) -> str:
    return " (trong chú thích)" if field.role == "footnote" else ""


def _field_finding(
    rule: str, severity: Severity, field: TextField, reference: str, message: str, advice: str
) -> Finding:
    """A finding about one typed text: its element, its field path and its first words."""
    return Finding(
        rule,
        severity,
        element_for(field.path, field.role),
        reference,
        message,
        advice,
        path=field.path,
        excerpt=_excerpt(field.text),
    )


_SUBJECTS: dict[Role, str] = {
    "summary": "Trích yếu",
    "to": "Dòng Kính gửi này",
    "basis": "Dòng căn cứ này",
    "body": "Đoạn này",
    "footnote": "Chú thích của đoạn này",
    "heading": "Tiêu đề này",
    "table": "Bảng này",
    "recipient": "Dòng nơi nhận này",
}


# ---------------------------------------------------------------------------------------------
# Dates typed in the text


_SLASH_DATE = re.compile(r"(?<![\w/.,-])(\d{1,2})( ?/ ?)(\d{1,2})( ?/ ?)(\d{4})(?![\w/])")
_WORD_DATE = re.compile(r"\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\b", re.IGNORECASE)
_CITATION_BEFORE = re.compile(r"\bsố\s+\d[^,;\n]{0,30}?\s(?:ngày\s+)?$", re.IGNORECASE)
_CITATION_WINDOW = 48


@dataclass(frozen=True, slots=True)
class TypedDate:
    """A date as written in a text: where, how, and the numbers."""

    start: int
    typed: str
    day_text: str
    month_text: str
    year: int
    worded: bool

    @property
    def day(self) -> int:
        return int(self.day_text)

    @property
    def month(self) -> int:
        return int(self.month_text)

    def value(self) -> dt.date | None:
        """The date, or None when it is not on the calendar (`30/02/2023`)."""
        if not (1 <= self.month <= 12 and 1 <= self.year <= 9999):
            return None
        if not 1 <= self.day <= calendar.monthrange(self.year, self.month)[1]:
            return None
        return dt.date(self.year, self.month, self.day)

    def conventional(self) -> str:
        """As Nghị định 30 writes a date (app.core.vietnamese): day below 10 and months 1, 2 with a leading zero.

        Only for a date on the calendar (`value()` is not None)."""
        value = self.value()
        assert value is not None
        worded = date_words(value)
        if self.worded:
            return worded
        day, month, year = worded.split()[1::2]
        return f"{day}/{month}/{year}"

    def follows_convention(self) -> bool:
        return (self.shown.lower() if self.worded else self.typed) == self.conventional()

    @property
    def shown(self) -> str:
        return " ".join(self.typed.split())


def typed_dates(text: str) -> list[TypedDate]:
    """The dates written in a text: `18/5/2023`, `ngày 03 tháng 6 năm 2013`, in order."""
    found = []
    if "/" in text:
        found = [
            TypedDate(m.start(), m.group(), m.group(1), m.group(3), int(m.group(5)), worded=False)
            for m in _SLASH_DATE.finditer(text)
        ]
    if "ngày" in text or "Ngày" in text or "NGÀY" in text:
        found += [
            TypedDate(m.start(), m.group(), m.group(1), m.group(2), int(m.group(3)), worded=True)
            for m in _WORD_DATE.finditer(text)
        ]
    return sorted(found, key=lambda date: date.start)


def _is_citation(field: TextField, date: TypedDate, text: str) -> bool:
    """Whether a date is the date of a cited document (`Công văn số 1444/UBND-NV ngày 18/5/2023`)."""
    if field.role == "basis":
        return True
    before = text[max(0, date.start - _CITATION_WINDOW) : date.start]
    return _CITATION_BEFORE.search(before) is not None


def _date_findings(report: Report, fields: list[TextField], today: dt.date) -> list[Finding]:
    findings: list[Finding] = []
    issued = report.date
    future: tuple[str, str] | None = None
    if isinstance(issued, dt.date) and issued > today:
        future = (
            f"Ngày ban hành {issued.day:02d}/{issued.month:02d}/{issued.year} ở sau hôm nay "
            f"({today.day:02d}/{today.month:02d}/{today.year}).",
            "Hãy kiểm tra lại ngày; nếu chưa biết ngày ban hành, chọn «Để trống» cho văn thư điền.",
        )
    elif isinstance(issued, int) and issued > today.year:
        future = (f"Năm ban hành {issued} ở sau năm nay ({today.year}).", "Hãy kiểm tra lại năm ban hành.")
    if future is not None:
        findings.append(
            Finding("writing.future-date", "warning", "Ngày ban hành", DATE_ORDER_REFERENCE, *future, path="date")
        )
    for field in fields:
        if field.role == "recipient":
            continue
        dates = typed_dates(field.text)
        if not dates:
            continue
        unusual: list[TypedDate] = []
        impossible: list[TypedDate] = []
        late: list[TypedDate] = []
        for date in dates:
            value = date.value()
            if value is None:
                impossible.append(date)
                continue
            if not date.follows_convention():
                unusual.append(date)
            if _after_issue(value, issued, today) and _is_citation(field, date, field.text):
                late.append(date)
        if unusual:
            typed = [date.shown for date in unusual]
            advised = [date.conventional() for date in unusual]
            findings.append(
                _field_finding(
                    "writing.date-format",
                    "warning",
                    field,
                    DATE_REFERENCE,
                    f"Ngày {_listed(typed)}{_where(field)} chưa ghi theo cách của Nghị định 30 "
                    "(ngày dưới 10 và tháng 1, 2 có số 0 ở trước, không có dấu cách).",
                    f"Nên viết {_listed(advised)}.",
                )
            )
        if impossible:
            findings.append(
                _field_finding(
                    "writing.date-invalid",
                    "warning",
                    field,
                    DATE_ORDER_REFERENCE,
                    f"Ngày {_listed([date.shown for date in impossible])}{_where(field)} không có trên lịch.",
                    "Hãy kiểm tra lại ngày của văn bản được dẫn.",
                )
            )
        if late:
            findings.append(
                _field_finding(
                    "writing.cited-after",
                    "warning",
                    field,
                    DATE_ORDER_REFERENCE,
                    f"Văn bản được dẫn có ngày {_listed([date.shown for date in late])}"
                    f"{_where(field)}, sau {_issue_words(issued)}.",
                    "Một văn bản không thể dẫn văn bản ban hành sau nó: hãy kiểm tra lại ngày của văn bản được dẫn "
                    "hoặc ngày ban hành.",
                )
            )
    return findings


def _after_issue(value: dt.date, issued: dt.date | int | None, today: dt.date) -> bool:
    if isinstance(issued, dt.date):
        return value > issued
    if isinstance(issued, int):
        return value.year > issued
    return value > today


def _issue_words(issued: dt.date | int | None) -> str:
    if isinstance(issued, dt.date):
        return f"ngày ban hành báo cáo ({issued.day:02d}/{issued.month:02d}/{issued.year})"
    if isinstance(issued, int):
        return f"năm ban hành báo cáo ({issued})"
    return "hôm nay"


# ---------------------------------------------------------------------------------------------
# Số, ký hiệu


def _number_findings(report: Report) -> list[Finding]:
    if report.number is not None:
        return []
    kind = DOCUMENT_KINDS.get(report.kind)
    code = " ".join(report.issuer.code.split()) or "…"
    slot = document_number(None, kind.abbreviation if kind else "…", code, party=report.profile == "party")
    return [
        Finding(
            "writing.number-slot",
            "warning",
            "Số, ký hiệu",
            NUMBER_REFERENCE,
            f"Chưa có số văn bản: bản in để trống chỗ ghi số («{slot}») cho văn thư điền khi ban hành.",
            "Không cần làm gì nếu văn thư cấp số; đã có số thì ghi vào ô «Số văn bản».",
            path="number",
        )
    ]


# ---------------------------------------------------------------------------------------------
# Chữ ký: TM., KT., Q., TL., TUQ. (Đảng: T/M, K/T, T/L)


_POSITION_WORDS = (
    "CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC",
    "TRƯỞNG",
    "PHÓ TRƯỞNG",
    "BÍ THƯ",
    "PHÓ BÍ THƯ",
    "CHÁNH VĂN PHÒNG",
    "BỘ TRƯỞNG",
    "THỨ TRƯỞNG",
)
_ACADEMIC_TITLE = re.compile(
    r"^\s*(?:GS|PGS|TS|ThS|TSKH|KS|BS|CN|NGƯT|NGND|(?:Đại|Thượng|Trung|Thiếu)\s+(?:tá|úy))\b\.?",
    re.IGNORECASE,
)


def _authority_findings(report: Report) -> list[Finding]:
    signature = report.signature
    party = report.profile == "party"
    prefixes = AUTHORITY_PREFIXES[report.profile]
    reference = PARTY_AUTHORITY_REFERENCE if party else AUTHORITY_REFERENCE
    findings: list[Finding] = []

    def add(path: str, severity: Severity, message: str, advice: str) -> None:
        findings.append(Finding("writing.authority", severity, "Chữ ký", reference, message, advice, path=path))

    on_behalf = " ".join((signature.on_behalf_of or "").split())
    head_title = " ".join((signature.head_title or "").split())
    title = " ".join(signature.title.split())
    mode = signature.mode

    typed = typed_authority(on_behalf) if on_behalf else None
    if typed is not None:
        add(
            "signature.on_behalf_of",
            "violation",
            f"Ô «Tập thể» đã có «{typed.prefix}», chương trình lại in thêm «{prefixes['TM']}» ở trước: bản in sẽ "
            f"thành «{prefixes['TM']} {on_behalf.upper()}».",
            f"Hãy xóa «{typed.prefix}» ở ô «Tập thể», chỉ ghi tên tập thể (ví dụ ỦY BAN NHÂN DÂN).",
        )
    elif on_behalf and on_behalf.upper().startswith(_POSITION_WORDS):
        add(
            "signature.on_behalf_of",
            "warning",
            f"«{prefixes['TM']}» đứng trước tên tập thể lãnh đạo hoặc tên cơ quan, không đứng trước chức vụ "
            f"(«{on_behalf.upper()}»).",
            f"Hãy ghi tên tập thể (ví dụ ỦY BAN NHÂN DÂN); người ký thay người đứng đầu thì chọn hình thức "
            f"«{prefixes['KT']}».",
        )
    typed = typed_authority(head_title) if mode and head_title else None
    if mode and typed is not None:
        add(
            "signature.head_title",
            "violation",
            f"Ô «Chức vụ người đứng đầu» đã có «{typed.prefix}», chương trình lại in thêm «{prefixes[mode]}» ở trước.",
            f"Hãy xóa «{typed.prefix}», chỉ ghi chức vụ (ví dụ CHỦ TỊCH).",
        )
    typed = typed_authority(title) if title else None
    if typed is not None:
        wrong_family = not typed.printed_as(report.profile)
        add(
            "signature.title",
            "violation" if wrong_family or mode is not None else "warning",
            f"Ô «Chức vụ người ký» bắt đầu bằng «{typed.prefix}»"
            + (
                f" (văn bản {'của Đảng' if party else 'hành chính'} ghi «{prefixes[typed.key]}»)"
                if wrong_family
                else ""
            )
            + ".",
            "Hãy chọn «Hình thức ký» ở trên và chỉ ghi chức vụ của chính người ký (ví dụ PHÓ CHỦ TỊCH) ở ô này.",
        )
    elif mode is None and not on_behalf and title.upper().startswith("PHÓ "):
        add(
            "signature.mode",
            "warning",
            f"Người ký là cấp phó («{title.upper()}») nhưng không ký thay người đứng đầu.",
            f"Cấp phó ký thay thì chọn hình thức «{prefixes['KT']}» và ghi chức vụ người đứng đầu (ví dụ CHỦ TỊCH).",
        )
    if mode == "KT" and head_title and title and head_title.upper() == title.upper():
        add(
            "signature.title",
            "warning",
            f"«{prefixes['KT']} {head_title.upper()}» là cấp phó ký thay, nhưng chức vụ người ký cũng là "
            f"«{title.upper()}».",
            "Người đứng đầu ký thì chọn «Người đứng đầu ký trực tiếp»; cấp phó ký thì ghi chức vụ của cấp phó.",
        )
    if party and mode in ("Q", "TUQ"):
        add(
            "signature.mode",
            "warning",
            f"Văn bản của Đảng ký «T/M», «K/T» hoặc «T/L», không dùng «{prefixes[mode]}».",
            "Hãy chọn lại hình thức ký.",
        )
    name = " ".join(signature.name.split())
    academic = _ACADEMIC_TITLE.match(name) if name else None
    if academic is not None:
        findings.append(
            Finding(
                "writing.signer-name",
                "violation",
                "Họ tên người ký",
                SIGNER_REFERENCE,
                f"Họ tên người ký có «{academic.group().strip()}» ở trước.",
                "Chỉ ghi họ và tên, không ghi học hàm, học vị, cấp bậc hay danh hiệu.",
                path="signature.name",
            )
        )
    return findings


# ---------------------------------------------------------------------------------------------
# Kính gửi ↔ Như trên


def _as_above_findings(report: Report) -> list[Finding]:
    findings: list[Finding] = []
    to = addressees(report)
    for i, line in enumerate(report.to):
        if re.match(r"\s*kính\s+gửi\b", line, re.IGNORECASE):
            findings.append(
                Finding(
                    "writing.as-above",
                    "violation",
                    "Kính gửi",
                    AS_ABOVE_REFERENCE,
                    f"Dòng «{' '.join(line.split())}» đã có chữ «Kính gửi», chương trình lại in «Kính gửi:» ở trước.",
                    "Hãy chỉ ghi tên nơi nhận (ví dụ Sở Nội vụ tỉnh Quảng Ngãi).",
                    path=f"to[{i}]",
                )
            )
    wanted = {" ".join(list_item(line).split()).casefold() for line in to}
    for i, line in enumerate(report.recipients):
        if not line.strip():
            continue
        if is_as_above(line) and not to:
            findings.append(
                Finding(
                    "writing.as-above",
                    "violation",
                    "Nơi nhận",
                    AS_ABOVE_REFERENCE,
                    "Nơi nhận có «Như trên» nhưng báo cáo không có «Kính gửi», nên «Như trên» không chỉ ai cả.",
                    "Hãy ghi nơi nhận ở ô «Kính gửi» (trang Thông tin chung), hoặc thay «Như trên» bằng tên nơi nhận.",
                    path=f"recipients[{i}]",
                )
            )
        elif to and " ".join(list_item(line).split()).casefold() in wanted:
            findings.append(
                Finding(
                    "writing.as-above",
                    "warning",
                    "Nơi nhận",
                    AS_ABOVE_REFERENCE,
                    f"«{list_item(line)}» đã ở «Kính gửi», nên đã có trong dòng «- Như trên;» được in tự động.",
                    "Hãy xóa dòng này ở Nơi nhận để khỏi in hai lần.",
                    path=f"recipients[{i}]",
                )
            )
    return findings


# ---------------------------------------------------------------------------------------------
# Double spaces, quotation marks, capitals


_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")
_SPACED_ROLES = frozenset({"summary", "body", "table"})
"""Where the renderer prints spaces as typed (titles, footnotes and list lines are tidied when printed)."""


def _double_space_findings(fields: list[TextField]) -> list[Finding]:
    findings = []
    for field in fields:
        if field.role not in _SPACED_ROLES or ("  " not in field.text and "\u00a0" not in field.text):
            continue
        matches = list(_DOUBLE_SPACE.finditer(field.text))
        if not matches:
            continue
        first = matches[0]
        word = field.text[: first.start()].split()[-1]
        count = f"{len(matches)} chỗ có" if len(matches) > 1 else "Có"
        findings.append(
            _field_finding(
                "writing.double-space",
                "warning",
                field,
                TYPING_REFERENCE,
                f"{count} hai dấu cách liền nhau (chỗ đầu tiên sau chữ «{word[-30:]}»).",
                "Hãy xóa bớt cho còn một dấu cách.",
            )
        )
    return findings


_QUOTED_ROLES = frozenset({"summary", "basis", "body", "footnote", "heading", "table"})


_CURLY = re.compile("[“”]")


def _around(text: str, start: int, end: int, words: int = 3) -> str:
    """A few whole words either side of text[start:end], to show the officer where it is."""
    before = text[max(0, start - 40) : start].split()[-words:] if start else []
    after = text[end : end + 40].split()[:words]
    middle = text[start:end]
    left = " ".join(before) + (" " if before and text[start - 1].isspace() else "")
    right = (" " if after and end < len(text) and text[end].isspace() else "") + " ".join(after)
    return f"{left}{middle}{right}"


def _quote_direction_problems(text: str) -> list[str]:
    """Curly quotation marks turned the wrong way: `”Dân vận khéo”`, `Bác ” Dân vận …`.

    A mark right before a word opens, a mark right after one closes; between two spaces it does what the
    quotes so far call for.
    """
    problems = []
    open_quote = False
    for match in _CURLY.finditer(text):
        index = match.start()
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if (before.isspace() or before in "([") and after.isalnum():
            opens = True
        elif not before.isspace() and not after.isalnum():
            opens = False
        else:
            opens = not open_quote
        if opens != (match.group() == "“"):
            problems.append(_around(text, index, index + 1))
        open_quote = opens
    return problems


def _quote_findings(fields: list[TextField]) -> list[Finding]:
    quoted = [
        field
        for field in fields
        if field.role in _QUOTED_ROLES and ('"' in field.text or "“" in field.text or "”" in field.text)
    ]
    straight = sum(field.text.count('"') for field in quoted)
    curly = sum(field.text.count("“") + field.text.count("”") for field in quoted)
    minority: Literal["straight", "curly"] | None = None
    if straight and curly:
        minority = "straight" if curly >= straight else "curly"
    findings = []
    for field in quoted:
        has_curly = "“" in field.text or "”" in field.text
        parts = []
        if minority == "straight" and '"' in field.text:
            parts.append('dùng ngoặc kép thẳng (") trong khi phần lớn văn bản dùng ngoặc kép cong (“ ”)')
        elif minority == "curly" and has_curly:
            parts.append('dùng ngoặc kép cong (“ ”) trong khi phần lớn văn bản dùng ngoặc kép thẳng (")')
        turned = _quote_direction_problems(field.text) if has_curly else []
        if turned:
            parts.append(f"có dấu ngoặc kép bị ngược chiều ({_listed(turned, 2)})")
        if not parts:
            continue
        advice = "Hãy dùng một kiểu ngoặc kép trong cả văn bản"
        advice += ": mở bằng “ và đóng bằng ”." if turned or minority == "straight" else "."
        findings.append(
            _field_finding(
                "writing.quotes",
                "warning",
                field,
                TYPING_REFERENCE,
                f"{_SUBJECTS[field.role]} " + "; ".join(parts) + ".",
                advice,
            )
        )
    return findings


def _shouting(text: str) -> bool:
    """Whole text in capitals: at least two words and a dozen letters, and not one lower-case letter."""
    if text.upper() != text or text.lower() == text:
        return False
    letters = sum(character.isalpha() for character in text)
    words = sum(1 for word in text.split() if any(character.isalpha() for character in word))
    return letters >= 12 and words >= 2


def _all_caps_findings(report: Report, fields: list[TextField]) -> list[Finding]:
    findings = []
    for field in fields:
        if field.role not in ("body", "summary") or not _shouting(field.text):
            continue
        if field.role == "summary":
            message = "Trích yếu được gõ toàn chữ in hoa; trích yếu in thường (chữ đầu viết hoa)."
            advice = "Hãy gõ lại trích yếu bằng chữ thường, chỉ viết hoa chữ đầu và tên riêng."
        else:
            message = "Đoạn văn được gõ toàn chữ in hoa; nội dung văn bản in thường."
            advice = "Nếu đây là đầu mục, hãy tạo mục con; nếu không, hãy gõ lại bằng chữ thường."
        findings.append(
            _field_finding(
                "writing.all-caps",
                "violation",
                field,
                BODY_CASE_REFERENCE,
                message,
                advice,
            )
        )
    name = " ".join(report.signature.name.split())
    if name.upper() == name and name.lower() != name and len(name.split()) >= 2:
        findings.append(
            Finding(
                "writing.all-caps",
                "violation",
                "Họ tên người ký",
                BODY_CASE_REFERENCE,
                f"Họ tên người ký «{name}» được gõ toàn chữ in hoa; họ tên in thường, chữ đầu mỗi tiếng viết hoa.",
                f"Hãy gõ lại là «{_ACADEMIC_TITLE.sub('', name).strip(' .').title()}».",
                path="signature.name",
            )
        )
    return findings


# ---------------------------------------------------------------------------------------------
# Abbreviations used before they are spelled out


_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_CAPITALS_TOKEN = re.compile(rf"(?<![\w/\-.&])[{_UPPER}]{{2,}}(?![\w/\-&])")
_DEFINITION = re.compile(
    rf"\(\s*(?i:(?:sau\s+đây\s+)?(?:được\s+)?(?:gọi|viết)\s+tắt(?:\s+là)?\s*:?\s*)?([{_UPPER}]{{2,}})\s*\)"
)
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
WELL_KNOWN_ABBREVIATIONS = frozenset(
    {
        # written without definition in administrative reports: archive, table columns, units, money
        "VT", "STT", "TT", "ĐVT", "VNĐ", "VND", "USD", "EUR", "KWH", "MW", "KW", "GB", "MB",
        # international names that are never spelled out
        "ASEAN", "WTO", "WHO", "UNESCO", "UNICEF", "UNDP", "FAO", "COVID", "SARS", "GDP", "GRDP", "FDI", "ODA",
        "OCOP", "PCI", "PAPI", "PAR", "SIPAS", "ISO", "TCVN", "ICT", "PDF", "SMS", "QR", "CCCD", "CMND",
    }
)  # fmt: skip
"""All-capital tokens a report uses without spelling them out (besides Roman numerals and the issuer's code)."""
FULL_FORMS = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "MTTQVN": "Mặt trận Tổ quốc Việt Nam",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "BCH": "Ban Chấp hành",
    "BTV": "Ban Thường vụ",
    "BCĐ": "Ban Chỉ đạo",
    "CCHC": "cải cách hành chính",
    "KT-XH": "kinh tế - xã hội",
    "NTM": "nông thôn mới",
    "CNTT": "công nghệ thông tin",
    "THCS": "trung học cơ sở",
    "THPT": "trung học phổ thông",
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
}


@lru_cache(maxsize=4096)
def _looks_like_abbreviation(token: str) -> bool:
    """`UBND`, `HĐND`, `MTTQ` — not `KHÔNG`, `XÃ` (Vietnamese syllables in capitals) nor `XIV`."""
    if len(token) < 2 or token in WELL_KNOWN_ABBREVIATIONS or _ROMAN.fullmatch(token):
        return False
    return not has_syllable_shape(token)


_ABBREVIATION_ROLES = frozenset({"summary", "basis", "body", "footnote", "heading", "table"})


def _abbreviation_findings(report: Report, fields: list[TextField]) -> list[Finding]:
    exempt = {part for part in re.split(r"[^\w]+", report.issuer.code.upper()) if part}
    kind = DOCUMENT_KINDS.get(report.kind)
    if kind is not None:
        exempt.add(kind.abbreviation.upper())
    defined: set[str] = set()
    reported: set[str] = set()
    findings = []
    for field in fields:
        text = field.text
        if field.role not in _ABBREVIATION_ROLES:
            continue
        matches = list(_CAPITALS_TOKEN.finditer(text))
        if not matches or text.upper() == text:
            continue  # a text all in capitals (a heading typed so) has no abbreviations to tell apart
        definitions = {match.start(1): match.group(1) for match in _DEFINITION.finditer(text)} if "(" in text else {}
        for match in matches:
            token = match.group()
            if token in defined or token in exempt or not _looks_like_abbreviation(token):
                continue
            if match.start() in definitions:
                defined.add(token)
                continue
            if token in reported:
                continue
            reported.add(token)
            full = FULL_FORMS.get(token)
            example = f"«{full} ({token})»" if full else f"«<tên đầy đủ> ({token})»"
            findings.append(
                _field_finding(
                    "writing.abbreviation",
                    "warning",
                    field,
                    ABBREVIATION_REFERENCE,
                    f"Chữ viết tắt «{token}»{_where(field)} được dùng trước khi được viết đầy đủ.",
                    f"Lần dùng đầu tiên hãy viết đầy đủ rồi ghi chữ viết tắt trong ngoặc, ví dụ {example}.",
                )
            )
    return findings


# ---------------------------------------------------------------------------------------------
# All together


_AREAS = (
    "issuer", "kind", "title", "profile", "number", "date", "summary", "to", "basis", "opening", "sections",
    "closing", "recipients", "archive", "drafter", "signature", "appendices",
)  # fmt: skip
_PATH_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def path_order(path: str | None) -> tuple[tuple[int, str], ...]:
    """A key that sorts field paths in reading order (`sections[2]` before `sections[10]`)."""
    if not path:
        return ((len(_AREAS), ""),)
    parts = []
    for index, name in _PATH_PART.findall(path):
        if index:
            parts.append((int(index), ""))
        elif not parts:
            parts.append((_AREAS.index(name) if name in _AREAS else len(_AREAS), name))
        else:
            parts.append((-2 if name == "title" else -1, name))  # a section's title before its blocks
    return tuple(parts)


FORMAT_EQUIVALENTS: dict[str, tuple[str, str | None]] = {
    "issuer.post-reform": ("writing.district-name", None),
    "signer-name.case": ("writing.all-caps", "signature.name"),
    "signer-name.honorific": ("writing.signer-name", None),
    "summary.case": ("writing.all-caps", "summary"),
    "signature.prefix": ("writing.authority", None),
}
"""Format rules of the printed .docx (app.core.conformance) that a writing check already reports on the draft:
conformance rule → (writing rule, field path or None for any). The draft's finding names the field to fix."""


def said_by_writing(format_finding: Finding, findings: list[Finding]) -> bool:
    """Whether a finding on the printed .docx says what one of these writing findings already says."""
    equivalent = FORMAT_EQUIVALENTS.get(format_finding.rule)
    if equivalent is None:
        return False
    rule, path = equivalent
    return any(finding.rule == rule and (path is None or finding.path == path) for finding in findings)


def writing_findings(report: Report, today: dt.date | None = None) -> list[Finding]:
    """Every writing check on a draft, in reading order; `today` is the day "in the future" counts from."""
    today = today or dt.date.today()
    fields = text_fields(report)
    findings = [
        *content_findings(report),
        *_number_findings(report),
        *_date_findings(report, fields, today),
        *_authority_findings(report),
        *_as_above_findings(report),
        *_double_space_findings(fields),
        *_quote_findings(fields),
        *_all_caps_findings(report, fields),
        *_abbreviation_findings(report, fields),
        *post_reform_findings(report, today),
    ]
    return sorted(findings, key=lambda finding: path_order(finding.path))
