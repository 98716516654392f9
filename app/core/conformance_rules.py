"""The rules `main.py check` applies, with their sources and the values each element must print with.

One place for the expected values of every element (size range, bold, italic, capitals, alignment) per
profile, so the checker, docs/checks.md and any test reading a rendered .docx agree. Severity follows
formatting-rules.md: a rule quoted from the legal text (Nghị định 30, or the Party guideline as quoted)
gives a violation; a value measured from templates, a convention or an UNCONFIRMED summary gives a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from app.core.findings import Severity
from app.core.model import Profile
from app.core.vietnamese import format_number

Alignment: TypeAlias = Literal["center", "left"]

RULES_FILE = "formatting-rules.md"
_ND30 = "NĐ 30/2020/NĐ-CP"
_ANNEX_I = f"{_ND30}, Phụ lục I"
_PARTY_GUIDE = "HD 36-HD/VPTW (nay HD 05-HD/VPTW)"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a rule comes from: the section of formatting-rules.md and the legal text behind it."""

    section: str
    legal: str
    quoted: bool
    """True when the rule is the wording of the legal text (a violation); False for a template value,
    a convention or an unconfirmed summary (a warning)."""

    @property
    def severity(self) -> Severity:
        return "violation" if self.quoted else "warning"

    @property
    def reference(self) -> str:
        return f"{RULES_FILE} {self.section}; {self.legal}"


# -- sources ------------------------------------------------------------------------------------

PAGE = Source("§1.1", f"{_ANNEX_I}, Phần I, mục I", True)
NATIONAL = Source("§1.2", f"{_ANNEX_I}, mục II.1", True)
ISSUER = Source("§1.2", f"{_ANNEX_I}, mục II.2", True)
NUMBER = Source("§1.2, §1.7", f"{_ANNEX_I}, mục II.3", True)
KIND_ABBREVIATION = Source("§1.10", f"{_ND30}, Phụ lục III, mục I", True)
DATE = Source("§1.2, §1.7", f"{_ANNEX_I}, mục II.4", True)
DATE_PADDING_BY_INFERENCE = Source("§1.7", f"{_ANNEX_I}, mục II.4 (suy ra từ các ví dụ chính thức)", False)
LAYOUT = Source("§1.8", f"{_ANNEX_I}, mục IV (sơ đồ bố trí, giá trị đo từ mẫu)", False)
TITLE = Source("§1.2", f"{_ANNEX_I}, mục II.5", True)
BODY = Source("§1.2", f"{_ANNEX_I}, mục II.6", True)
HEADINGS = Source("§1.4", f"{_ANNEX_I}, mục II.6.đ", True)
SIGNATURE = Source("§1.5", f"{_ANNEX_I}, mục II.7", True)
RECIPIENTS = Source("§1.6", f"{_ANNEX_I}, mục II.9", True)
CONSISTENT_SIZE = Source(
    "§1.2 (ghi chú)", "tổng hợp của bên thứ ba; NĐ 30 không ghi thành quy định (UNCONFIRMED)", False
)
TERMINATOR = Source("§1.11, §4.1", f"{_ND30}, Phụ lục III, các mẫu văn bản (thói quen theo mẫu)", False)
REFORM = Source("§3.2", "Nghị quyết 202/2025/QH15 và 203/2025/QH15 (bên thứ ba tóm tắt)", False)
OPTIONAL_SUMMARY = Source(
    "§1.2", f"{_ANNEX_I}, mục II.5; docs/report-format.md: thông báo được phép không có trích yếu", False
)

PARTY_TABLE = Source("§2.2", f"{_PARTY_GUIDE}, Phụ lục 3", True)
PARTY_NAME = Source("§2.2", f"{_PARTY_GUIDE}, mục 1.1", True)
PARTY_ISSUER = Source("§2.2", f"{_PARTY_GUIDE}, mục 1.2", True)
PARTY_NUMBER = Source("§2.2", f"{_PARTY_GUIDE}, mục 1.3", True)
PARTY_SIGNATURE = Source("§2.2", f"{_PARTY_GUIDE}, mục 1.7.1", True)
PARTY_FONT = Source("§2.2", f"{_PARTY_GUIDE} (tóm tắt); TCVN 6909:2001", True)
PARTY_UNCONFIRMED = Source("§2.2", "tóm tắt HD 05-HD/VPTW của bên thứ ba (UNCONFIRMED)", False)
PARTY_DATE_PADDING = Source("§2.1", "HD 05-HD/VPTW, mục 4.2.2 (UNCONFIRMED)", False)


# -- what each element prints with ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextSpec:
    """How one element of the document must print. None means "not regulated"."""

    element: str
    """The element's name in Vietnamese, as findings show it."""
    sizes: tuple[float, float]
    source: Source
    bold: bool | None = None
    italic: bool | None = None
    capitals: bool | None = None
    """True: prints in capitals (IN HOA); False: must not be all capitals (in thường)."""
    underline: bool | None = None
    alignment: Alignment | None = None

    def properties(self) -> list[str]:
        """The rule-id suffixes this element is checked for."""
        found = ["size"]
        found += [
            name
            for name, value in (
                ("bold", self.bold),
                ("italic", self.italic),
                ("case", self.capitals),
                ("underline", self.underline),
                ("alignment", self.alignment),
            )
            if value is not None
        ]
        return found


STATE_SPECS: dict[str, TextSpec] = {
    "national-name": TextSpec("Quốc hiệu", (12, 13), NATIONAL, bold=True, capitals=True, alignment="center"),
    "motto": TextSpec("Tiêu ngữ", (13, 14), NATIONAL, bold=True, capitals=False, alignment="center"),
    "parent-body": TextSpec("Tên cơ quan chủ quản", (12, 13), ISSUER, bold=False, capitals=True, alignment="center"),
    "issuer": TextSpec("Tên cơ quan ban hành", (12, 13), ISSUER, bold=True, capitals=True, alignment="center"),
    "number": TextSpec("Số, ký hiệu", (13, 13), NUMBER, bold=False, italic=False, alignment="center"),
    "date": TextSpec("Địa danh, ngày tháng", (13, 14), DATE, bold=False, italic=True, alignment="center"),
    "title": TextSpec("Tên loại văn bản", (13, 14), TITLE, bold=True, capitals=True, alignment="center"),
    "summary": TextSpec("Trích yếu", (13, 14), TITLE, bold=True, capitals=False, alignment="center"),
    "salutation": TextSpec("Kính gửi", (13, 14), RECIPIENTS, bold=False, italic=False),
    "basis": TextSpec("Căn cứ", (13, 14), BODY, italic=True),
    "body": TextSpec("Nội dung", (13, 14), BODY),
    "heading": TextSpec("Đề mục I, II, …", (13, 14), HEADINGS, bold=True, capitals=True),
    "part-heading": TextSpec("Phần, Chương", (13, 14), HEADINGS, bold=True, alignment="center"),
    "part-title": TextSpec("Tên phần, chương", (13, 14), HEADINGS, bold=True, capitals=True, alignment="center"),
    "recipients-heading": TextSpec("Nơi nhận", (12, 12), RECIPIENTS, bold=True, italic=True, alignment="left"),
    "recipients": TextSpec("Danh sách nơi nhận", (11, 11), RECIPIENTS, bold=False, italic=False, alignment="left"),
    "authority": TextSpec("Quyền hạn ký", (13, 14), SIGNATURE, bold=True, capitals=True),
    "signer-title": TextSpec("Chức vụ người ký", (13, 14), SIGNATURE, bold=True, capitals=True),
    "signer-name": TextSpec("Họ tên người ký", (13, 14), SIGNATURE, bold=True, capitals=False),
    "page-number": TextSpec("Số trang", (13, 14), PAGE, bold=False, italic=False, alignment="center"),
}

PARTY_SPECS: dict[str, TextSpec] = {
    "party-name": TextSpec(
        "Tiêu đề «ĐẢNG CỘNG SẢN VIỆT NAM»", (15, 15), PARTY_NAME, bold=True, capitals=True, alignment="center"
    ),
    "parent-body": TextSpec(
        "Tên cơ quan cấp trên", (14, 14), PARTY_TABLE, bold=False, capitals=True, alignment="center"
    ),
    "issuer": TextSpec("Tên cơ quan ban hành", (14, 14), PARTY_TABLE, bold=True, capitals=True, alignment="center"),
    "number": TextSpec("Số và ký hiệu", (14, 14), PARTY_TABLE, bold=False, italic=False, alignment="center"),
    "date": TextSpec("Địa danh, ngày tháng", (14, 14), PARTY_TABLE, bold=False, italic=True, alignment="center"),
    "title": TextSpec("Tên loại văn bản", (15, 16), PARTY_TABLE, bold=True, capitals=True, alignment="center"),
    "summary": TextSpec("Trích yếu", (14, 15), PARTY_TABLE, bold=True, capitals=False, alignment="center"),
    "salutation": TextSpec("Kính gửi", (14, 15), PARTY_UNCONFIRMED, bold=False, italic=False),
    "basis": TextSpec("Căn cứ", (14, 15), PARTY_UNCONFIRMED, italic=True),
    "body": TextSpec("Nội dung", (14, 15), PARTY_TABLE),
    "heading": TextSpec("Đề mục I, II, …", (14, 15), PARTY_UNCONFIRMED, bold=True, capitals=True),
    "part-heading": TextSpec("Phần, Chương", (14, 15), PARTY_TABLE, bold=True, alignment="center"),
    "part-title": TextSpec("Tên phần, chương", (14, 15), PARTY_TABLE, bold=True, capitals=True, alignment="center"),
    "recipients-heading": TextSpec(
        "Nơi nhận", (14, 14), PARTY_UNCONFIRMED, bold=False, italic=False, underline=True, alignment="left"
    ),
    "recipients": TextSpec(
        "Danh sách nơi nhận", (12, 12), PARTY_UNCONFIRMED, bold=False, italic=False, alignment="left"
    ),
    "authority": TextSpec("Quyền hạn ký", (14, 14), PARTY_UNCONFIRMED, bold=True, capitals=True),
    "signer-title": TextSpec("Chức vụ người ký", (14, 14), PARTY_UNCONFIRMED, bold=False, capitals=True),
    "signer-name": TextSpec("Họ tên người ký", (14, 14), PARTY_UNCONFIRMED, bold=True, capitals=False),
    "page-number": TextSpec("Số trang", (14, 14), PARTY_UNCONFIRMED, bold=False, italic=False, alignment="center"),
}

SPECS: dict[Profile, dict[str, TextSpec]] = {"state": STATE_SPECS, "party": PARTY_SPECS}


# -- page values -----------------------------------------------------------------------------------

A4_TWIPS = (11906, 16838)
MARGIN_RANGES_MM: dict[Profile, dict[str, tuple[float, float]]] = {
    "state": {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)},
    "party": {"top": (20, 20), "bottom": (20, 20), "left": (30, 30), "right": (15, 15)},
}
FONT = "Times New Roman"
BODY_FIRST_LINE_TWIPS = (567, 720)
"""1 cm or 1,27 cm."""
BODY_MIN_SPACING_TWIPS = 120
"""6 pt between paragraphs."""
BODY_LINE_SPACING = (1.0, 1.5)


# -- every rule ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    """One check: its stable id, the element, what it checks (Vietnamese) and its source per profile."""

    id: str
    element: str
    checks: str
    state: Source | None
    party: Source | None

    def source(self, profile: Profile) -> Source | None:
        return self.state if profile == "state" else self.party


def _describe(spec: TextSpec, name: str) -> str:
    low, high = spec.sizes
    if name == "size":
        return f"cỡ chữ {format_number(low)}" if low == high else f"cỡ chữ {format_number(low)}–{format_number(high)}"
    if name == "bold":
        return "in đậm" if spec.bold else "không in đậm"
    if name == "italic":
        return "in nghiêng" if spec.italic else "chữ đứng, không nghiêng"
    if name == "case":
        return "IN HOA" if spec.capitals else "in thường (không viết hoa toàn bộ)"
    if name == "underline":
        return "gạch chân" if spec.underline else "không gạch chân"
    return "canh giữa" if spec.alignment == "center" else "sát lề trái"


def _spec_rules() -> list[Rule]:
    rules: dict[str, Rule] = {}
    for key in dict.fromkeys([*STATE_SPECS, *PARTY_SPECS]):
        state, party = STATE_SPECS.get(key), PARTY_SPECS.get(key)
        names = dict.fromkeys([*(state.properties() if state else []), *(party.properties() if party else [])])
        for name in names:
            described = [
                f"{label} {_describe(spec, name)}"
                for label, spec in (("Nhà nước:", state), ("Đảng:", party))
                if spec is not None and name in spec.properties()
            ]
            spec = state or party
            assert spec is not None
            element = spec.element
            rules[f"{key}.{name}"] = Rule(
                f"{key}.{name}",
                element,
                "; ".join(described),
                state.source if state and name in state.properties() else None,
                party.source if party and name in party.properties() else None,
            )
    return list(rules.values())


def _rule(rule_id: str, element: str, checks: str, state: Source | None, party: Source | None = None) -> Rule:
    return Rule(rule_id, element, checks, state, party)


_OTHER_RULES = [
    _rule("page.size", "Khổ giấy", "khổ A4 (210 × 297 mm)", PAGE, PARTY_UNCONFIRMED),
    _rule("page.orientation", "Khổ giấy", "trình bày theo chiều dài khổ A4 (khổ dọc)", PAGE, PARTY_UNCONFIRMED),
    _rule(
        "page.margins",
        "Lề trang",
        "Nhà nước: trên, dưới 20–25 mm, trái 30–35 mm, phải 15–20 mm; Đảng: 20, 20, 30, 15 mm",
        PAGE,
        PARTY_UNCONFIRMED,
    ),
    _rule(
        "font.face",
        "Phông chữ",
        "Times New Roman cho mọi chữ (kể cả kiểu mặc định và phông theo chủ đề)",
        PAGE,
        PARTY_FONT,
    ),
    _rule("font.color", "Màu chữ", "chữ màu đen", PAGE, PARTY_FONT),
    _rule("text.nfc", "Mã ký tự", "chữ Việt Unicode dựng sẵn (NFC, TCVN 6909:2001)", PAGE, PARTY_FONT),
    _rule("page-number.missing", "Số trang", "có số trang (trường PAGE) ở đầu trang", PAGE, PARTY_UNCONFIRMED),
    _rule(
        "page-number.position",
        "Số trang",
        "số trang ở lề trên (đầu trang), không ở chân trang",
        PAGE,
        PARTY_UNCONFIRMED,
    ),
    _rule("page-number.first-page", "Số trang", "không hiện số trang ở trang thứ nhất", PAGE, PARTY_UNCONFIRMED),
    _rule("page-number.start", "Số trang", "đánh số trang từ 1", PAGE, PARTY_UNCONFIRMED),
    _rule("national-name.missing", "Quốc hiệu", "có Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»", NATIONAL),
    _rule("motto.missing", "Tiêu ngữ", "có Tiêu ngữ «Độc lập - Tự do - Hạnh phúc»", NATIONAL),
    _rule("motto.hyphens", "Tiêu ngữ", "gạch nối (-) có cách chữ giữa các cụm từ, viết hoa chữ đầu mỗi cụm", NATIONAL),
    _rule("motto.rule", "Tiêu ngữ", "đường kẻ ngang nét liền dưới Tiêu ngữ", NATIONAL),
    _rule(
        "party-name.missing", "Tiêu đề «ĐẢNG CỘNG SẢN VIỆT NAM»", "có tiêu đề ở góc phải trang đầu", None, PARTY_NAME
    ),
    _rule(
        "party-name.rule", "Tiêu đề «ĐẢNG CỘNG SẢN VIỆT NAM»", "đường kẻ ngang nét liền dưới tiêu đề", None, PARTY_NAME
    ),
    _rule("star.missing", "Dấu sao", "dấu «*» dưới tên cơ quan ban hành", None, PARTY_ISSUER),
    _rule("issuer.missing", "Tên cơ quan ban hành", "có tên cơ quan ban hành ở góc trái", ISSUER, PARTY_TABLE),
    _rule("issuer.rule", "Tên cơ quan ban hành", "đường kẻ ngang nét liền dưới tên cơ quan ban hành", ISSUER),
    _rule(
        "issuer.post-reform", "Tên cơ quan ban hành", "văn bản từ 01/7/2025 không còn cơ quan cấp huyện", REFORM, REFORM
    ),
    _rule("number.missing", "Số, ký hiệu", "có dòng «Số: …/…-…» (Đảng: «Số …-…/…»)", NUMBER, PARTY_NUMBER),
    _rule(
        "number.format",
        "Số, ký hiệu",
        "Nhà nước: «Số:» rồi số, «/», ký hiệu, không cách chữ; Đảng: «Số» không có dấu hai chấm, số-loại/cơ quan",
        NUMBER,
        PARTY_NUMBER,
    ),
    _rule("number.leading-zero", "Số, ký hiệu", "số nhỏ hơn 10 có số 0 phía trước", NUMBER),
    _rule(
        "number.symbol", "Số, ký hiệu", "ký hiệu IN HOA gồm chữ viết tắt tên loại và tên cơ quan", NUMBER, PARTY_NUMBER
    ),
    _rule(
        "number.kind",
        "Số, ký hiệu",
        "chữ viết tắt tên loại khớp với tên loại (Báo cáo: BC …)",
        KIND_ABBREVIATION,
        PARTY_NUMBER,
    ),
    _rule("date.missing", "Địa danh, ngày tháng", "có dòng «Địa danh, ngày … tháng … năm …»", DATE, PARTY_TABLE),
    _rule(
        "date.format",
        "Địa danh, ngày tháng",
        "«Địa danh, ngày DD tháng MM năm YYYY» bằng chữ số Ả Rập",
        DATE,
        PARTY_TABLE,
    ),
    _rule("date.comma", "Địa danh, ngày tháng", "dấu phẩy sau địa danh", DATE, PARTY_TABLE),
    _rule("date.place-capital", "Địa danh, ngày tháng", "viết hoa địa danh", DATE, PARTY_TABLE),
    _rule("date.day-zero", "Địa danh, ngày tháng", "ngày nhỏ hơn 10 có số 0 phía trước", DATE, PARTY_DATE_PADDING),
    _rule("date.month-zero", "Địa danh, ngày tháng", "tháng 1, 2 viết «01», «02»", DATE, PARTY_DATE_PADDING),
    _rule(
        "date.month-padding",
        "Địa danh, ngày tháng",
        "tháng 3–12 không thêm số 0",
        DATE_PADDING_BY_INFERENCE,
        PARTY_DATE_PADDING,
    ),
    _rule("date.position", "Địa danh, ngày tháng", "cùng dòng với số, ký hiệu", LAYOUT),
    _rule("title.missing", "Tên loại văn bản", "có tên loại (BÁO CÁO, KẾ HOẠCH …) căn giữa", TITLE, PARTY_TABLE),
    _rule("summary.missing", "Trích yếu", "có trích yếu ngay dưới tên loại", TITLE, PARTY_TABLE),
    _rule(
        "summary.missing-notice",
        "Trích yếu",
        "thông báo nên có trích yếu dưới tên loại (định dạng tệp báo cáo cho phép để trống)",
        OPTIONAL_SUMMARY,
        OPTIONAL_SUMMARY,
    ),
    _rule("summary.rule", "Trích yếu", "đường kẻ ngang dưới trích yếu (Đảng: «-----»)", TITLE, PARTY_UNCONFIRMED),
    _rule("salutation.colon", "Kính gửi", "dấu hai chấm sau «Kính gửi»", RECIPIENTS, PARTY_UNCONFIRMED),
    _rule(
        "salutation.punctuation",
        "Kính gửi",
        "nhiều nơi: mỗi nơi một dòng «- …;», dòng cuối kết thúc «.»",
        RECIPIENTS,
        PARTY_UNCONFIRMED,
    ),
    _rule("basis.punctuation", "Căn cứ", "mỗi căn cứ kết thúc «;», căn cứ cuối kết thúc «.»", BODY, PARTY_UNCONFIRMED),
    _rule("body.size-mixed", "Nội dung", "một cỡ chữ cho toàn bộ nội dung", CONSISTENT_SIZE, CONSISTENT_SIZE),
    _rule("body.alignment", "Nội dung", "canh đều hai lề", BODY, PARTY_UNCONFIRMED),
    _rule("body.indent", "Nội dung", "lùi đầu dòng 1 cm hoặc 1,27 cm", BODY, PARTY_UNCONFIRMED),
    _rule("body.spacing", "Nội dung", "khoảng cách giữa các đoạn tối thiểu 6 pt", BODY, PARTY_UNCONFIRMED),
    _rule("body.line-spacing", "Nội dung", "giãn dòng từ dòng đơn đến 1,5 dòng", BODY, PARTY_UNCONFIRMED),
    _rule("content.terminator", "Nội dung", "nội dung kết thúc bằng «./.»", TERMINATOR, TERMINATOR),
    _rule("recipients.missing", "Nơi nhận", "có phần «Nơi nhận:»", RECIPIENTS, PARTY_UNCONFIRMED),
    _rule("recipients-heading.colon", "Nơi nhận", "dấu hai chấm sau «Nơi nhận»", RECIPIENTS, PARTY_UNCONFIRMED),
    _rule(
        "recipients.dash",
        "Danh sách nơi nhận",
        "mỗi dòng bắt đầu bằng gạch đầu dòng «-»",
        RECIPIENTS,
        PARTY_UNCONFIRMED,
    ),
    _rule(
        "recipients.punctuation",
        "Danh sách nơi nhận",
        "mỗi dòng kết thúc «;», dòng cuối kết thúc «.»",
        RECIPIENTS,
        PARTY_UNCONFIRMED,
    ),
    _rule(
        "recipients.archive",
        "Danh sách nơi nhận",
        "dòng cuối «- Lưu: VT, …» (Đảng: «- Lưu …», không dấu hai chấm)",
        RECIPIENTS,
        PARTY_UNCONFIRMED,
    ),
    _rule(
        "recipients.as-above",
        "Danh sách nơi nhận",
        "có «- Như trên;» khi văn bản có «Kính gửi»",
        RECIPIENTS,
        PARTY_UNCONFIRMED,
    ),
    _rule("signature.missing", "Chữ ký", "có quyền hạn, chức vụ và họ tên người ký", SIGNATURE, PARTY_UNCONFIRMED),
    _rule(
        "signature.prefix",
        "Quyền hạn ký",
        "Nhà nước: TM., KT., Q., TL., TUQ. (dấu chấm); Đảng: T/M, K/T, T/L (gạch chéo)",
        SIGNATURE,
        PARTY_SIGNATURE,
    ),
    _rule(
        "report.incomplete",
        "Báo cáo",
        "đủ các thành phần thể thức để in (cơ quan, chữ ký, trích yếu …)",
        Source("§1.2", f"{_ND30}, Điều 8", True),
        Source("§2.2", f"{_PARTY_GUIDE}, mục 1", True),
    ),
    _rule(
        "signer-name.honorific",
        "Họ tên người ký",
        "không ghi học hàm, học vị, danh hiệu trước họ tên",
        SIGNATURE,
        PARTY_UNCONFIRMED,
    ),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in [*_OTHER_RULES, *_spec_rules()]}


def rules_markdown() -> str:
    """The table of docs/checks.md: every rule with what it checks, its severity and source per profile."""
    lines = [
        "| Mã quy tắc | Yếu tố | Kiểm tra | Nhà nước | Đảng |",
        "|---|---|---|---|---|",
    ]

    def cell(source: Source | None) -> str:
        if source is None:
            return "—"
        kind = "vi phạm" if source.quoted else "lưu ý"
        return f"{kind}: {source.section}, {source.legal}"

    for rule in sorted(RULES.values(), key=lambda rule: rule.id):
        lines.append(f"| `{rule.id}` | {rule.element} | {rule.checks} | {cell(rule.state)} | {cell(rule.party)} |")
    return "\n".join(lines) + "\n"
