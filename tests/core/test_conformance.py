"""`main.py check` rules: our rendered reports pass; Word-typed documents break exactly one rule at a time.

The Word-typed documents are built with python-docx the way an officer builds them in Word: a
two-column header table (with or without borders) or tab-separated header lines, headings typed as
"I." and "1.", a signature table, a PAGE field in the header with "Different first page". Each
test then breaks one thing the way Word users break it (Calibri body, 12 pt, Letter paper, Quốc hiệu
not bold, …) and asserts that exactly that rule is reported. Rule ids: app/core/conformance_rules.py.
"""

from __future__ import annotations

import io
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from app.core.conformance import check_docx, conform_docx
from app.core.conformance_rules import PARTY_SPECS, RULES, STATE_SPECS, rules_markdown
from app.core.docx_package import PackageRefused
from app.core.findings import Finding
from app.core.report_file import read_report, report_from_data
from app.core.writing import writing_findings
from app.render.docx import render_docx
from app.render.report_check import check_report, check_report_file, printed_findings
from tests.conftest import EXAMPLE_NAMES, REPO, example_path
from tests.render.test_party import PARTY
from tests.render.test_rules import FULL, report_data

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
V_NS = "urn:schemas-microsoft-com:vml"
TNR = "Times New Roman"


# -- building a document as a Word user does ----------------------------------------------------


def _xml(fragment: str) -> Any:
    return parse_xml(f'<root xmlns:w="{W_NS}" xmlns:v="{V_NS}">{fragment}</root>')[0]


def bottom_border(paragraph: Paragraph) -> None:
    """Format → Borders → Bottom border, as Word users draw a rule under a line."""
    properties = paragraph._p.get_or_add_pPr()
    border = _xml('<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>')
    properties.insert_element_before(border, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr")


def drawn_line(paragraph: Paragraph) -> None:
    """Insert → Shapes → Line: a VML line anchored in the paragraph."""
    paragraph._p.append(_xml('<w:r><w:pict><v:line from="0,0" to="120pt,0" strokeweight=".5pt"/></w:pict></w:r>'))


def page_number_field(paragraph: Paragraph) -> None:
    """Insert → Page Number: a PAGE field."""
    for fragment in (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> PAGE   \\* MERGEFORMAT </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r><w:t>2</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(_xml(fragment))


def line(
    container: WordDocument | _Cell,
    text: str,
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    center: bool = False,
    first: bool = False,
) -> Paragraph:
    """A paragraph typed with direct formatting (what Word users do); `first` reuses a cell's empty paragraph."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    if size is not None:
        run.font.size = Pt(size)
    return paragraph


def body_paragraph(document: WordDocument, text: str, *, bold: bool = False) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold = bold or None
    return paragraph


@dataclass
class Typed:
    """A Word-typed report and the paragraphs a test may break."""

    document: WordDocument
    parts: dict[str, Paragraph] = field(default_factory=dict)
    lists: dict[str, list[Paragraph]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Paragraph:
        return self.parts[name]

    def content(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    def findings(self, profile: Any = None) -> list[Finding]:
        return check_docx(self.content(), profile=profile)

    def rules(self, profile: Any = None) -> set[str]:
        return {finding.rule for finding in self.findings(profile)}


STATE_BODY = [
    (
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 10/01/2023 của Ủy ban nhân dân huyện, Ủy ban nhân dân xã Trà Tây "
        "báo cáo kết quả như sau:",
        False,
    ),
    ("I. KẾT QUẢ THỰC HIỆN", True),
    ("1. Công tác lãnh đạo, chỉ đạo", True),
    ("Ủy ban nhân dân xã đã ban hành 05 kế hoạch triển khai thực hiện phong trào thi đua.", False),
    ("- Tổ chức 12 buổi tuyên truyền tại các thôn, thu hút hơn 1.200 lượt người tham gia.", False),
    ("2. Kết quả cụ thể", True),
    ("a) Trên lĩnh vực kinh tế: tổng giá trị sản xuất tăng 8,5% so với cùng kỳ.", False),
    ("II. PHƯƠNG HƯỚNG, NHIỆM VỤ", True),
    ("Tiếp tục đẩy mạnh phong trào thi đua trong toàn xã.", False),
]
STATE_CLOSING = "Trên đây là báo cáo sơ kết của Ủy ban nhân dân xã Trà Tây./."


def _page(document: WordDocument, party: bool) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15 if party else 20)
    normal = document.styles["Normal"]
    normal.font.name = TNR
    normal.font.size = Pt(14)
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_number_field(number)


def state_report(*, bordered: bool = False) -> Typed:
    """A correct báo cáo of a commune, typed in Word with a header table."""
    document = docx.Document()
    typed = Typed(document)
    _page(document, party=False)
    header = document.add_table(rows=1, cols=2)
    if bordered:
        header.style = document.styles["Table Grid"]
    left, right = header.cell(0, 0), header.cell(0, 1)
    issuer = [
        line(left, "ỦY BAN NHÂN DÂN", size=13, bold=True, center=True, first=True),
        line(left, "XÃ TRÀ TÂY", size=13, bold=True, center=True),
    ]
    typed.lists["issuer"] = issuer
    typed.parts["issuer_rule"] = line(left, "________", size=13, center=True)
    typed.parts["number"] = line(left, "Số: 05/BC-UBND", size=13, center=True)
    typed.parts["national"] = line(
        right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, center=True, first=True
    )
    typed.parts["motto"] = line(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, center=True)
    typed.parts["motto_rule"] = line(right, "", center=True)
    bottom_border(typed["motto_rule"])
    typed.parts["date"] = line(right, "Trà Tây, ngày 05 tháng 6 năm 2023", size=14, italic=True, center=True)
    typed.parts["title"] = line(document, "BÁO CÁO", bold=True, center=True)
    typed.parts["summary"] = line(
        document, "Sơ kết 03 năm thực hiện Phong trào thi đua «Dân vận khéo»", bold=True, center=True
    )
    typed.parts["summary_rule"] = line(document, "", center=True)
    drawn_line(typed["summary_rule"])
    typed.lists["body"] = [body_paragraph(document, text, bold=bold) for text, bold in STATE_BODY]
    typed.parts["closing"] = body_paragraph(document, STATE_CLOSING)
    signature = document.add_table(rows=1, cols=2)
    left, right = signature.cell(0, 0), signature.cell(0, 1)
    typed.parts["recipients_heading"] = line(left, "Nơi nhận:", size=12, bold=True, italic=True, first=True)
    typed.lists["recipients"] = [
        line(left, "- UBND huyện Trà Bồng;", size=11),
        line(left, "- Thường trực Đảng ủy xã;", size=11),
        line(left, "- Lưu: VT.", size=11),
    ]
    typed.parts["authority"] = line(right, "TM. ỦY BAN NHÂN DÂN", bold=True, center=True, first=True)
    typed.parts["signer_title"] = line(right, "CHỦ TỊCH", bold=True, center=True)
    for _ in range(3):
        line(right, "", center=True)
    typed.parts["name"] = line(right, "Nguyễn Văn An", bold=True, center=True)
    return typed


def party_report() -> Typed:
    """A correct báo cáo of a Party committee (HD 05-HD/VPTW), typed in Word."""
    document = docx.Document()
    typed = Typed(document)
    _page(document, party=True)
    header = document.add_table(rows=1, cols=2)
    left, right = header.cell(0, 0), header.cell(0, 1)
    typed.parts["parent"] = line(left, "ĐẢNG BỘ TỈNH QUẢNG NGÃI", size=14, center=True, first=True)
    typed.parts["issuer"] = line(left, "ĐẢNG ỦY XÃ TRÀ TÂY", size=14, bold=True, center=True)
    typed.parts["star"] = line(left, "*", size=14, center=True)
    typed.parts["number"] = line(left, "Số 45-BC/ĐU", size=14, center=True)
    typed.parts["party_name"] = line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, center=True, first=True)
    bottom_border(typed["party_name"])
    typed.parts["date"] = line(right, "Trà Tây, ngày 05 tháng 6 năm 2026", size=14, italic=True, center=True)
    typed.parts["title"] = line(document, "BÁO CÁO", size=16, bold=True, center=True)
    typed.parts["summary"] = line(
        document, "sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2026", bold=True, center=True
    )
    typed.parts["summary_rule"] = line(document, "-----", center=True)
    typed.lists["body"] = [body_paragraph(document, text, bold=bold) for text, bold in STATE_BODY]
    typed.parts["closing"] = body_paragraph(document, "Trên đây là báo cáo của Đảng ủy xã Trà Tây./.")
    signature = document.add_table(rows=1, cols=2)
    left, right = signature.cell(0, 0), signature.cell(0, 1)
    typed.parts["recipients_heading"] = line(left, "Nơi nhận:", underline=True, first=True)
    typed.lists["recipients"] = [
        line(left, "- Ban Thường vụ Tỉnh ủy (b/c);", size=12),
        line(left, "- Lưu Văn phòng Đảng ủy.", size=12),
    ]
    typed.parts["authority"] = line(right, "T/M ĐẢNG ỦY", bold=True, center=True, first=True)
    typed.parts["signer_title"] = line(right, "BÍ THƯ", center=True)
    typed.parts["name"] = line(right, "Đinh Văn Hòa", bold=True, center=True)
    return typed


def tabbed_report() -> Typed:
    """A correct báo cáo whose header and signature are tab-separated lines, rules drawn as shapes."""
    document = docx.Document()
    typed = Typed(document)
    _page(document, party=False)

    def tabbed(
        left: str,
        right: str,
        *,
        left_bold: bool,
        right_bold: bool = False,
        right_italic: bool = False,
        right_size: float = 13,
    ) -> Paragraph:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(3.5), alignment=1)  # centered tab stops
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(11.5), alignment=1)
        first = paragraph.add_run(f"\t{left}\t")
        first.bold, first.font.size = left_bold or None, Pt(13)
        second = paragraph.add_run(right)
        second.bold, second.italic, second.font.size = right_bold or None, right_italic or None, Pt(right_size)
        return paragraph

    typed.parts["first_line"] = tabbed(
        "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", left_bold=True, right_bold=True
    )
    second = tabbed("XÃ TRÀ TÂY", "Độc lập - Tự do - Hạnh phúc", left_bold=True, right_bold=True, right_size=14)
    drawn_line(second)
    drawn_line(second)
    tabbed("Số: 05/BC-UBND", "Trà Tây, ngày 05 tháng 6 năm 2023", left_bold=False, right_italic=True, right_size=14)
    line(document, "BÁO CÁO", bold=True, center=True)
    summary = line(document, "Kết quả công tác văn thư năm 2023", bold=True, center=True)
    drawn_line(summary)
    for text, bold in STATE_BODY:
        body_paragraph(document, text, bold=bold)
    body_paragraph(document, STATE_CLOSING)
    for left, right, size, bold in (
        ("Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", 12, True),
        ("- UBND huyện Trà Bồng;", "CHỦ TỊCH", 11, False),
        ("- Lưu: VT.", "", 11, False),
        ("", "", 11, False),
        ("", "Nguyễn Văn An", 11, False),
    ):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(11.5), alignment=1)
        left_run = paragraph.add_run(f"{left}\t")
        left_run.font.size = Pt(size)
        left_run.bold = left_run.italic = bold or None
        if right:
            right_run = paragraph.add_run(right)
            right_run.bold = True
    return typed


def rules_of(findings: list[Finding]) -> set[str]:
    return {finding.rule for finding in findings}


# -- our own rendered reports -------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_rendered_examples_have_no_finding(name: str) -> None:
    findings = check_docx(render_docx(read_report(example_path(name))))
    assert findings == []


def test_rendered_report_with_every_feature_has_no_finding() -> None:
    result = conform_docx(render_docx(report_from_data(FULL)))
    assert result.profile == "state"
    assert result.findings == []


def test_rendered_party_report_is_checked_as_party_and_has_no_finding() -> None:
    result = conform_docx(render_docx(report_from_data(PARTY)))
    assert result.profile == "party"
    assert result.findings == []


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_examples_issued_as_party_documents_have_no_violation(name: str) -> None:
    data = json.loads(example_path(name).read_text(encoding="utf-8"))
    data.update(profile="party", archive="Văn phòng Đảng ủy", date="2026-06-05")
    data["issuer"] = {**data["issuer"], "code": "ĐU"}
    result = conform_docx(render_docx(report_from_data(data)))
    assert result.profile == "party"
    assert result.violations == []


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_check_report_adds_the_writing_checks_to_the_formatting_ones(name: str) -> None:
    report = read_report(example_path(name))
    findings = check_report(report)
    assert [finding for finding in findings if finding.rule in RULES] == []  # the rendered .docx conforms
    assert [finding for finding in findings if finding.rule not in RULES] == writing_findings(report)


def test_a_problem_both_checks_see_is_listed_once_under_the_field_to_fix() -> None:
    report = read_report(example_path(EXAMPLE_NAMES[0]))
    report.signature.name = report.signature.name.upper()
    assert "signer-name.case" in rules_of(check_docx(render_docx(report)))  # the printed .docx shows it too
    findings = check_report(report)
    assert [(f.rule, f.path) for f in findings if f.rule in ("writing.all-caps", "signer-name.case")] == [
        ("writing.all-caps", "signature.name")
    ]
    assert printed_findings(report) == [finding for finding in findings if finding.rule in RULES]


def test_an_unfinished_report_file_lists_what_is_missing(tmp_path: Path) -> None:
    data = json.loads(example_path(EXAMPLE_NAMES[0]).read_text(encoding="utf-8"))
    data["signature"]["name"] = ""
    path = tmp_path / "nhap.baocao.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (finding,) = check_report_file(path)
    assert (finding.rule, finding.severity, finding.path) == ("report.incomplete", "violation", "signature.name")
    assert "họ tên người ký" in finding.message


# -- Word-typed documents that are correct ------------------------------------------------------


@pytest.mark.parametrize("bordered", [False, True], ids=["borderless", "bordered"])
def test_word_typed_report_with_header_table_has_no_finding(bordered: bool) -> None:
    assert state_report(bordered=bordered).findings() == []


def test_word_typed_report_with_tabbed_header_and_drawn_rules_has_no_finding() -> None:
    assert tabbed_report().findings() == []


def test_word_typed_party_report_has_no_finding() -> None:
    typed = party_report()
    assert conform_docx(typed.content()).profile == "party"
    assert typed.findings() == []


def test_word_numbered_headings_count_as_headings() -> None:
    typed = state_report()
    numbering = typed.document.part.numbering_part.element
    numbering.append(
        _xml(
            '<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
            '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(_xml('<w:num w:numId="7"><w:abstractNumId w:val="7"/></w:num>'))
    heading = typed.lists["body"][1]
    heading.runs[0].text = "KẾT QUẢ THỰC HIỆN"
    heading._p.get_or_add_pPr().insert_element_before(
        _xml('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr>'), "w:spacing", "w:ind", "w:jc"
    )
    assert typed.findings() == []
    heading.runs[0].bold = False
    assert typed.rules() == {"heading.bold"}


# -- one broken rule at a time (state) ----------------------------------------------------------


def _set(paragraphs: list[Paragraph], **values: Any) -> None:
    for paragraph in paragraphs:
        for run in paragraph.runs:
            for name, value in values.items():
                if name in ("size", "name", "all_caps"):
                    setattr(run.font, name, Pt(value) if name == "size" else value)
                else:
                    setattr(run, name, value)


def _body(typed: Typed) -> list[Paragraph]:
    return [*typed.lists["body"], typed["closing"]]


def _plain(typed: Typed) -> list[Paragraph]:
    """The body paragraphs that are not headings."""
    return [paragraph for paragraph in _body(typed) if not paragraph.runs[0].bold]


def _remove(paragraph: Paragraph) -> None:
    paragraph._p.getparent().remove(paragraph._p)


def _salutation(typed: Typed, lines: list[str]) -> None:
    """Kính gửi lines typed between the trích yếu and the content."""
    first_body = typed.lists["body"][0]
    for text in lines:
        first_body.insert_paragraph_before(text).alignment = WD_ALIGN_PARAGRAPH.CENTER


def _as_above(typed: Typed) -> None:
    typed.lists["recipients"][0].insert_paragraph_before("- Như trên;").runs[0].font.size = Pt(11)


def _landscape_appendix(typed: Typed) -> None:
    """A wide table put in a landscape section after the signature: Word rotates the margins."""
    section = typed.document.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(30), Mm(20)
    section.left_margin, section.right_margin = Mm(20), Mm(20)
    line(typed.document, "Phụ lục", bold=True, center=True)
    line(typed.document, "BIỂU SỐ LIỆU", bold=True, center=True)


def _retype(paragraph: Paragraph, text: str) -> None:
    paragraph.runs[0].text = text
    for run in paragraph.runs[1:]:
        run.text = ""


BREAKS: list[tuple[str, Callable[[Typed], None], set[str]]] = [
    ("Calibri body", lambda t: _set(_body(t), name="Calibri"), {"font.face"}),
    ("theme font left in Normal", lambda t: setattr(t.document.styles["Normal"].font, "name", None), {"font.face"}),
    ("12 pt body", lambda t: _set(_plain(t), size=12), {"body.size"}),
    ("12 pt everywhere below the title", lambda t: _set(_body(t), size=12), {"body.size", "heading.size"}),
    ("mixed 13 and 14 pt body", lambda t: _set(_plain(t)[:2], size=13), {"body.size-mixed"}),
    (
        "coloured text",
        lambda t: setattr(_body(t)[0].runs[0].font.color, "rgb", docx.shared.RGBColor(0xFF, 0, 0)),
        {"font.color"},
    ),
    (
        "Letter paper",
        lambda t: (
            setattr(t.document.sections[0], "page_width", Mm(215.9)),
            setattr(t.document.sections[0], "page_height", Mm(279.4)),
        ),
        {"page.size"},
    ),
    (
        "landscape",
        lambda t: (
            setattr(t.document.sections[0], "page_width", Mm(297)),
            setattr(t.document.sections[0], "page_height", Mm(210)),
        ),
        {"page.orientation"},
    ),
    ("left margin 2 cm", lambda t: setattr(t.document.sections[0], "left_margin", Cm(2)), {"page.margins"}),
    ("Quốc hiệu not bold", lambda t: _set([t["national"]], bold=False), {"national-name.bold"}),
    ("Quốc hiệu 14 pt", lambda t: _set([t["national"]], size=14), {"national-name.size"}),
    (
        "Quốc hiệu in lower case",
        lambda t: _retype(t["national"], "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        {"national-name.case"},
    ),
    ("Quốc hiệu spelt CỘNG HOÀ", lambda t: _retype(t["national"], "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"), set()),
    ("no Quốc hiệu", lambda t: _remove(t["national"]), {"national-name.missing"}),
    ("Tiêu ngữ without rule", lambda t: _remove(t["motto_rule"]), {"motto.rule"}),
    (
        "Tiêu ngữ underlined instead of a rule",
        lambda t: (_remove(t["motto_rule"]), _set([t["motto"]], underline=True)),
        set(),
    ),
    ("Tiêu ngữ with en dashes", lambda t: _retype(t["motto"], "Độc lập – Tự do – Hạnh phúc"), {"motto.hyphens"}),
    ("Tiêu ngữ in capitals", lambda t: _retype(t["motto"], "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"), {"motto.case"}),
    ("Tiêu ngữ not bold", lambda t: _set([t["motto"]], bold=False), {"motto.bold"}),
    ("no rule under the issuer", lambda t: _remove(t["issuer_rule"]), {"issuer.rule"}),
    ("issuer not bold", lambda t: _set(t.lists["issuer"], bold=False), {"issuer.bold"}),
    ("issuer in lower case", lambda t: _retype(t.lists["issuer"][1], "Xã Trà Tây"), {"issuer.case"}),
    ("date not italic", lambda t: _set([t["date"]], italic=False), {"date.italic"}),
    ("date without comma", lambda t: _retype(t["date"], "Trà Tây ngày 05 tháng 6 năm 2023"), {"date.comma"}),
    ("day below 10 not padded", lambda t: _retype(t["date"], "Trà Tây, ngày 5 tháng 6 năm 2023"), {"date.day-zero"}),
    ("February not padded", lambda t: _retype(t["date"], "Trà Tây, ngày 15 tháng 2 năm 2023"), {"date.month-zero"}),
    ("June padded", lambda t: _retype(t["date"], "Trà Tây, ngày 05 tháng 06 năm 2023"), {"date.month-padding"}),
    ("date that does not exist", lambda t: _retype(t["date"], "Trà Tây, ngày 30 tháng 02 năm 2023"), {"date.format"}),
    ("place in lower case", lambda t: _retype(t["date"], "trà Tây, ngày 05 tháng 6 năm 2023"), {"date.place-capital"}),
    ("no Số line", lambda t: _remove(t["number"]), {"number.missing"}),
    ("Số: 5/BC", lambda t: _retype(t["number"], "Số: 5/BC"), {"number.leading-zero", "number.symbol"}),
    ("Số without colon", lambda t: _retype(t["number"], "Số 05/BC-UBND"), {"number.format"}),
    ("number of another kind", lambda t: _retype(t["number"], "Số: 05/KH-UBND"), {"number.kind"}),
    ("number in bold", lambda t: _set([t["number"]], bold=True), {"number.bold"}),
    ("blank number for the clerk", lambda t: _retype(t["number"], "Số:       /BC-UBND"), set()),
    ("title not bold", lambda t: _set([t["title"]], bold=False), {"title.bold"}),
    ("title not centred", lambda t: setattr(t["title"], "alignment", WD_ALIGN_PARAGRAPH.LEFT), {"title.alignment"}),
    (
        "title with caps formatting",
        lambda t: (_retype(t["title"], "Báo cáo"), _set([t["title"]], all_caps=True)),
        set(),
    ),
    ("title typed in lower case", lambda t: _retype(t["title"], "Báo cáo"), {"title.case"}),
    ("no title", lambda t: _remove(t["title"]), {"title.missing"}),
    ("trích yếu in capitals", lambda t: _retype(t["summary"], "SƠ KẾT 03 NĂM THỰC HIỆN PHONG TRÀO"), {"summary.case"}),
    ("trích yếu not bold", lambda t: _set([t["summary"]], bold=False), {"summary.bold"}),
    ("no rule under the trích yếu", lambda t: _remove(t["summary_rule"]), {"summary.rule"}),
    ("no ./. at the end", lambda t: _retype(t["closing"], STATE_CLOSING.removesuffix("/.")), {"content.terminator"}),
    (
        "body left aligned",
        lambda t: [setattr(p, "alignment", WD_ALIGN_PARAGRAPH.LEFT) for p in _body(t)],
        {"body.alignment"},
    ),
    (
        "body without first-line indent",
        lambda t: [setattr(p.paragraph_format, "first_line_indent", Cm(0)) for p in _body(t)],
        {"body.indent"},
    ),
    (
        "body indented 1,27 cm",
        lambda t: [setattr(p.paragraph_format, "first_line_indent", Cm(1.27)) for p in _body(t)],
        set(),
    ),
    (
        "body without paragraph spacing",
        lambda t: [setattr(p.paragraph_format, "space_before", Pt(0)) for p in _body(t)],
        {"body.spacing"},
    ),
    (
        "body double spaced",
        lambda t: [setattr(p.paragraph_format, "line_spacing", 2.0) for p in _body(t)],
        {"body.line-spacing"},
    ),
    ("heading not in capitals", lambda t: _retype(t.lists["body"][1], "I. Kết quả thực hiện"), {"heading.case"}),
    (
        "Nơi nhận not italic, 14 pt",
        lambda t: _set([t["recipients_heading"]], italic=False, size=14),
        {"recipients-heading.italic", "recipients-heading.size"},
    ),
    ("Nơi nhận without colon", lambda t: _retype(t["recipients_heading"], "Nơi nhận"), {"recipients-heading.colon"}),
    ("recipient lines 13 pt", lambda t: _set(t.lists["recipients"], size=13), {"recipients.size"}),
    (
        "recipient lines without ; and .",
        lambda t: [_retype(p, p.text.rstrip(";.")) for p in t.lists["recipients"]],
        {"recipients.punctuation"},
    ),
    (
        "recipient lines without dash",
        lambda t: [_retype(p, p.text.lstrip("- ")) for p in t.lists["recipients"]],
        {"recipients.dash"},
    ),
    (
        "no Lưu line",
        lambda t: _remove(t.lists["recipients"][-1]),
        {"recipients.archive"},
    ),
    (
        "no Nơi nhận at all",
        lambda t: [_remove(p) for p in (t["recipients_heading"], *t.lists["recipients"])],
        {"recipients.missing"},
    ),
    ("T/M in a state document", lambda t: _retype(t["authority"], "T/M ỦY BAN NHÂN DÂN"), {"signature.prefix"}),
    ("TM without dot", lambda t: _retype(t["authority"], "TM ỦY BAN NHÂN DÂN"), {"signature.prefix"}),
    ("authority not bold", lambda t: _set([t["authority"]], bold=False), {"authority.bold"}),
    ("signer's title not bold", lambda t: _set([t["signer_title"]], bold=False), {"signer-title.bold"}),
    ("signer's name in capitals", lambda t: _retype(t["name"], "NGUYỄN VĂN AN"), {"signer-name.case"}),
    ("signer's name with a degree", lambda t: _retype(t["name"], "TS. Nguyễn Văn An"), {"signer-name.honorific"}),
    (
        "page number on page 1",
        lambda t: setattr(t.document.sections[0], "different_first_page_header_footer", False),
        {"page-number.first-page"},
    ),
    ("no page number", lambda t: _remove(t.document.sections[0].header.paragraphs[0]), {"page-number.missing"}),
    (
        "page number at the bottom",
        lambda t: (
            _remove(t.document.sections[0].header.paragraphs[0]),
            page_number_field(t.document.sections[0].footer.paragraphs[0]),
        ),
        {"page-number.position"},
    ),
    (
        "page number not centred",
        lambda t: setattr(t.document.sections[0].header.paragraphs[0], "alignment", WD_ALIGN_PARAGRAPH.RIGHT),
        {"page-number.alignment"},
    ),
    ("NFD text", lambda t: _retype(_body(t)[3], unicodedata.normalize("NFD", _body(t)[3].text)), {"text.nfc"}),
    ("no trích yếu", lambda t: (_remove(t["summary"]), _remove(t["summary_rule"])), {"summary.missing"}),
    (
        "Kính gửi without Như trên",
        lambda t: _salutation(t, ["Kính gửi: Ủy ban nhân dân huyện Trà Bồng"]),
        {"recipients.as-above"},
    ),
    (
        "Kính gửi without colon",
        lambda t: (_salutation(t, ["Kính gửi Ủy ban nhân dân huyện Trà Bồng"]), _as_above(t)),
        {"salutation.colon"},
    ),
    (
        "Kính gửi several without ; and .",
        lambda t: (_salutation(t, ["Kính gửi:\t- Ủy ban nhân dân huyện", "- Phòng Nội vụ huyện"]), _as_above(t)),
        {"salutation.punctuation"},
    ),
    (
        "Kính gửi several, well punctuated",
        lambda t: (_salutation(t, ["Kính gửi:\t- Ủy ban nhân dân huyện;", "- Phòng Nội vụ huyện."]), _as_above(t)),
        set(),
    ),
    ("landscape appendix section", lambda t: _landscape_appendix(t), set()),
    (
        "post-reform district issuer",
        lambda t: (
            _retype(t.lists["issuer"][1], "HUYỆN TRÀ BỒNG"),
            _retype(t["date"], "Trà Bồng, ngày 05 tháng 8 năm 2025"),
        ),
        {"issuer.post-reform"},
    ),
]


@pytest.mark.parametrize(("change", "expected"), [(b[1], b[2]) for b in BREAKS], ids=[b[0] for b in BREAKS])
def test_each_broken_rule_is_reported_alone(change: Callable[[Typed], None], expected: set[str]) -> None:
    typed = state_report()
    change(typed)
    assert typed.rules() == expected


def _paragraph_count(build: Callable[[], Typed]) -> int:
    return len(list(build().document.element.body.iter(f"{{{W_NS}}}p")))


@pytest.mark.parametrize(
    ("build", "position"),
    [(build, position) for build in (state_report, party_report) for position in range(_paragraph_count(build))],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_a_missing_line_gives_one_finding_not_a_cascade(build: Callable[[], Typed], position: int) -> None:
    typed = build()
    removed = list(typed.document.element.body.iter(f"{{{W_NS}}}p"))[position]
    removed.getparent().remove(removed)
    assert len(typed.findings()) <= 1


def test_findings_say_where_what_and_why() -> None:
    typed = state_report()
    _set([typed["national"]], bold=False)
    (finding,) = typed.findings()
    assert finding.severity == "violation"
    assert finding.element == "Quốc hiệu"
    assert finding.reference.startswith("formatting-rules.md §1.2; NĐ 30/2020/NĐ-CP")
    assert finding.paragraph == 5  # the left cell's four lines come first: issuer (2), rule, number
    assert finding.excerpt == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert "đậm" in finding.message and "Ctrl+B" in finding.advice
    for text in (finding.message, finding.advice, finding.element):
        assert unicodedata.is_normalized("NFC", text)


def test_conventions_are_warnings_and_quoted_rules_violations() -> None:
    typed = state_report()
    _retype(typed["closing"], STATE_CLOSING.removesuffix("/."))
    _set(_body(typed)[:2], size=13)
    _set([typed["title"]], bold=False)
    severities = {finding.rule: finding.severity for finding in typed.findings()}
    assert severities == {"content.terminator": "warning", "body.size-mixed": "warning", "title.bold": "violation"}


def test_a_long_document_in_calibri_gives_one_font_finding() -> None:
    typed = state_report()
    for _ in range(30):
        typed["closing"].insert_paragraph_before("Nội dung thêm của báo cáo.")
    _set(typed.document.paragraphs, name="Calibri")
    findings = [finding for finding in typed.findings() if finding.rule == "font.face"]
    assert len(findings) == 1
    assert "Calibri" in findings[0].message


def test_a_notice_without_trich_yeu_is_a_warning_as_the_report_file_format_allows_it() -> None:
    """docs/checks.md: a thông báo may go without trích yếu (report-format.md); other kinds may not."""
    typed = state_report()
    _retype(typed["title"], "THÔNG BÁO")
    _retype(typed["number"], "Số: 05/TB-UBND")
    _remove(typed["summary"])
    _remove(typed["summary_rule"])
    (finding,) = typed.findings()
    assert (finding.rule, finding.severity, finding.excerpt) == ("summary.missing-notice", "warning", "THÔNG BÁO")
    data = report_data(kind="thong-bao")
    del data["summary"]
    assert [(f.rule, f.severity) for f in check_report(report_from_data(data))] == [
        ("summary.missing-notice", "warning")
    ]
    report = state_report()
    _remove(report["summary"])
    _remove(report["summary_rule"])
    assert [(f.rule, f.severity) for f in report.findings()] == [("summary.missing", "violation")]


def test_an_official_letter_quoting_a_date_in_its_v_v_line() -> None:
    """A công văn has no title word; its "V/v …" line, under the number, is not the date line."""
    typed = state_report()
    _retype(typed["number"], "Số: 12/UBND-VP")
    letter_subject = "V/v báo cáo theo Công văn ngày 03 tháng 4 năm 2023"
    line(typed.document.tables[0].cell(0, 0), letter_subject, size=12, center=True)
    for name in ("title", "summary", "summary_rule"):
        _remove(typed[name])
    assert typed.findings() == []


# -- one broken rule at a time (Party) ------------------------------------------------------------

PARTY_BREAKS: list[tuple[str, Callable[[Typed], None], set[str]]] = [
    ("TM. in a Party document", lambda t: _retype(t["authority"], "TM. ĐẢNG ỦY"), {"signature.prefix"}),
    ("no star", lambda t: _remove(t["star"]), {"star.missing"}),
    ("Số with a colon", lambda t: _retype(t["number"], "Số: 45-BC/ĐU"), {"number.format"}),
    ("party name 14 pt", lambda t: _set([t["party_name"]], size=14), {"party-name.size"}),
    ("title 14 pt", lambda t: _set([t["title"]], size=14), {"title.size"}),
    ("body 13 pt", lambda t: _set(_plain(t), size=13), {"body.size"}),
    (
        "Nơi nhận bold italic as for the state",
        lambda t: _set([t["recipients_heading"]], bold=True, italic=True),
        {"recipients-heading.bold", "recipients-heading.italic"},
    ),
    ("Lưu with a colon", lambda t: _retype(t.lists["recipients"][-1], "- Lưu: VT."), {"recipients.archive"}),
    ("state margins", lambda t: setattr(t.document.sections[0], "left_margin", Mm(35)), {"page.margins"}),
]


@pytest.mark.parametrize(("change", "expected"), [(b[1], b[2]) for b in PARTY_BREAKS], ids=[b[0] for b in PARTY_BREAKS])
def test_each_broken_party_rule_is_reported_alone(change: Callable[[Typed], None], expected: set[str]) -> None:
    typed = party_report()
    change(typed)
    assert typed.rules() == expected


def test_party_unconfirmed_rules_are_warnings() -> None:
    typed = party_report()
    typed.document.sections[0].left_margin = Mm(35)
    _retype(typed["authority"], "TM. ĐẢNG ỦY")
    severities = {finding.rule: finding.severity for finding in typed.findings()}
    assert severities == {"page.margins": "warning", "signature.prefix": "violation"}


def test_profile_can_be_forced() -> None:
    rules = state_report().rules(profile="party")
    assert {"party-name.missing", "signature.prefix"} <= rules


# -- files that are not documents ---------------------------------------------------------------


def test_a_file_that_is_not_a_docx_is_refused_in_vietnamese(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    path.write_text("đây không phải tệp Word", encoding="utf-8")
    with pytest.raises(PackageRefused) as refused:
        check_docx(path)
    assert "Word" in str(refused.value) or "tệp" in str(refused.value)


# -- the rule table ----------------------------------------------------------------------------


def test_docs_list_every_rule_with_its_source_and_severity() -> None:
    assert rules_markdown() in (REPO / "docs" / "checks.md").read_text(encoding="utf-8")


def test_every_spec_property_has_a_rule() -> None:
    for specs in (STATE_SPECS, PARTY_SPECS):
        for key, spec in specs.items():
            for name in spec.properties():
                assert f"{key}.{name}" in RULES
