"""Every Nghị định 30 rule, read back from the rendered .docx the way Word resolves it.

Each test renders a report (the shared examples, or a small one built for the feature) and reads
the result with app.core.docx_format, which resolves run → character style → paragraph style chain
→ document defaults. So a test fails when Word would print something else, not merely when a style
name changes. Rule numbers refer to ../shared/reference/formatting-rules.md.
"""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile
from collections.abc import Iterator
from typing import Any, TypeAlias

import pytest
from lxml import etree

from app.core.conformance_rules import STATE_SPECS, TextSpec
from app.core.docx_format import DocxFormat, ParagraphFormat, RunFormat, read_docx_format
from app.core.report_file import read_report, report_from_data
from app.render.docx import Margins, RenderOptions, render_docx
from app.render.metrics import text_width_twips
from tests.conftest import EXAMPLE_NAMES, example_path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TNR = "Times New Roman"
FONT_SLOTS = ("ascii", "hAnsi", "cs", "eastAsia")
A4_WIDTH_TWIPS, A4_HEIGHT_TWIPS = 11906, 16838
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
TERMINATOR = "./."

# -- reports -------------------------------------------------------------------------------------

ISSUER = {"parent": "UBND TỈNH QUẢNG NGÃI", "name": "SỞ NỘI VỤ", "code": "SNV", "place": "Quảng Ngãi"}
KT_SIGNATURE = {
    "on_behalf_of": None,
    "mode": "KT",
    "head_title": "GIÁM ĐỐC",
    "title": "PHÓ GIÁM ĐỐC",
    "name": "Trần Văn Bình",
}
DEPTH_THREE_TITLES = [
    "Lĩnh vực tổ chức bộ máy",
    "Lĩnh vực biên chế",
    "Lĩnh vực tiền lương",
    "Lĩnh vực cải cách hành chính",
    "Lĩnh vực chính quyền địa phương",
    "Lĩnh vực thi đua, khen thưởng",
    "Lĩnh vực tôn giáo",
]
DEPTH_FOUR_TITLES = ["Sắp xếp các phòng chuyên môn", "Kiện toàn đơn vị sự nghiệp"]
SUMMARY = "Kết quả công tác nội vụ năm 2023\nvà phương hướng, nhiệm vụ năm 2024"
OPENING = "Thực hiện Công văn số 516/UBND-NC ngày 05/12/2023 của Ủy ban nhân dân tỉnh, Sở Nội vụ báo cáo như sau:"
BODY_PARAGRAPH = "Sở Nội vụ có 08 phòng chuyên môn và 02 đơn vị sự nghiệp trực thuộc."
BULLET = "Đội ngũ công chức cơ bản ổn định, đáp ứng yêu cầu nhiệm vụ."
FOOTNOTES = ["Số liệu tính đến ngày 31/12/2023.", "Theo Kế hoạch số 17/KH-SNV ngày 02/4/2023 của Sở Nội vụ."]
CLOSING = "Trên đây là báo cáo kết quả công tác nội vụ năm 2023 của Sở Nội vụ, kính báo cáo Ủy ban nhân dân tỉnh."
TABLE_HEADER = ["TT", "Loại văn bản", "Số lượng"]
TABLE_CAPTION = "Bảng 1. Số văn bản đã ban hành"
TABLE_NOTES = "Nguồn: Văn phòng Sở Nội vụ."


def report_data(**changes: Any) -> dict[str, Any]:
    """A small valid báo cáo; `changes` replace top-level keys."""
    data: dict[str, Any] = {
        "format": "baocao/1",
        "kind": "bao-cao",
        "issuer": ISSUER,
        "number": 5,
        "date": "2024-01-05",
        "summary": "Kết quả công tác văn thư năm 2023",
        "sections": [{"title": "Kết quả thực hiện", "blocks": [BODY_PARAGRAPH]}],
        "closing": ["Trên đây là báo cáo của Sở Nội vụ."],
        "signature": KT_SIGNATURE,
    }
    data.update(copy.deepcopy(changes))
    return data


FULL = report_data(
    summary=SUMMARY,
    to=["Ủy ban nhân dân tỉnh Quảng Ngãi", "Bộ Nội vụ"],
    basis=[
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
        "Căn cứ Quyết định số 12/2021/QĐ-UBND của Ủy ban nhân dân tỉnh.",
    ],
    opening=[OPENING],
    sections=[
        {
            "title": "Đặc điểm tình hình",
            "blocks": [
                BODY_PARAGRAPH,
                {"type": "bullet", "text": BULLET},
                {"title": "Thuận lợi", "blocks": ["Được sự quan tâm của Ủy ban nhân dân tỉnh."]},
                {"title": "Khó khăn", "blocks": ["Biên chế còn thiếu so với nhu cầu."]},
            ],
        },
        {
            "title": "Kết quả thực hiện",
            "blocks": [
                {
                    "title": "Công tác văn thư",
                    "blocks": [
                        ["Đã ban hành 1.200 văn bản", {"footnote": FOOTNOTES[0]}, " đúng thể thức."],
                        {
                            "type": "table",
                            "caption": TABLE_CAPTION,
                            "header": [TABLE_HEADER],
                            "rows": [[1, "Báo cáo", 1234567.5], [2, "Kế hoạch", 42], [3, "Tờ trình", None]],
                            "notes": TABLE_NOTES,
                        },
                        {
                            "title": DEPTH_THREE_TITLES[0],
                            "blocks": [
                                "Đã trình Ủy ban nhân dân tỉnh phương án sắp xếp.",
                                *({"title": title, "blocks": ["Đã hoàn thành."]} for title in DEPTH_FOUR_TITLES),
                            ],
                        },
                        *({"title": title, "blocks": ["Thực hiện đúng kế hoạch."]} for title in DEPTH_THREE_TITLES[1:]),
                    ],
                },
                {
                    "title": "Công tác lưu trữ",
                    "number": "2.1.",
                    "blocks": [["Đã chỉnh lý 300 mét tài liệu", {"footnote": FOOTNOTES[1]}, "."]],
                },
            ],
        },
        {
            "title": "Phương hướng, nhiệm vụ năm 2024",
            "blocks": [{"title": "Nhiệm vụ trọng tâm", "blocks": ["Tiếp tục cải cách hành chính."]}],
        },
        {"title": "Kiến nghị, đề xuất", "number": "V.", "blocks": ["Đề nghị bổ sung biên chế."]},
        {"title": "Lời cảm ơn", "numbered": False, "blocks": ["Sở Nội vụ trân trọng cảm ơn."]},
    ],
    closing=[CLOSING],
    recipients=["Giám đốc, các Phó Giám đốc Sở", "Văn phòng Ủy ban nhân dân tỉnh"],
    archive="VT, VP",
    drafter="PL.(05)",
    appendices=[
        {
            "title": "Danh mục văn bản đã ban hành",
            "sections": [{"title": "Văn bản hành chính", "blocks": ["Gồm 1.200 văn bản."]}],
        },
        {"title": "Danh sách công chức", "sections": []},
    ],
)

FULL_HEADINGS = [
    ("I. ĐẶC ĐIỂM TÌNH HÌNH", 0),
    ("1. Thuận lợi", 1),
    ("2. Khó khăn", 1),
    ("II. KẾT QUẢ THỰC HIỆN", 0),
    ("1. Công tác văn thư", 1),
    (f"a) {DEPTH_THREE_TITLES[0]}", 2),
    (f"- {DEPTH_FOUR_TITLES[0]}", 3),
    (f"- {DEPTH_FOUR_TITLES[1]}", 3),
    *((f"{letter}) {title}", 2) for letter, title in zip("bcdđeg", DEPTH_THREE_TITLES[1:], strict=True)),
    ("2.1. Công tác lưu trữ", 1),
    ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024", 0),
    ("1. Nhiệm vụ trọng tâm", 1),
    ("V. KIẾN NGHỊ, ĐỀ XUẤT", 0),
    ("LỜI CẢM ƠN", 0),
]


# -- rendering and reading, cached so the whole file stays fast -----------------------------------

_CACHE: dict[str, tuple[bytes, DocxFormat]] = {}


def _render(key: str, data: dict[str, Any] | None, options: RenderOptions | None) -> tuple[bytes, DocxFormat]:
    if key not in _CACHE:
        report = read_report(example_path(key)) if data is None else report_from_data(data)
        content = render_docx(report, options)
        _CACHE[key] = (content, read_docx_format(content))
    return _CACHE[key]


def rendered(data: dict[str, Any], options: RenderOptions | None = None) -> DocxFormat:
    """The formatting of a report built from report-file data."""
    return rendered_bytes(data, options)[1]


def rendered_bytes(data: dict[str, Any], options: RenderOptions | None = None) -> tuple[bytes, DocxFormat]:
    key = json.dumps(data, sort_keys=True, ensure_ascii=False) + "|" + repr(options)
    return _render(key, data, options)


def example(name: str) -> DocxFormat:
    """The formatting of one of the shared example reports."""
    return _render(name, None, None)[1]


ALL_DOCUMENTS = (*EXAMPLE_NAMES, "full")


def named_bytes(name: str) -> tuple[bytes, DocxFormat]:
    """A shared example by name, or "full": the report built here to cover every feature."""
    return rendered_bytes(FULL) if name == "full" else _render(name, None, None)


def named(name: str) -> DocxFormat:
    return named_bytes(name)[1]


# -- reading helpers -----------------------------------------------------------------------------


def body(document: DocxFormat) -> list[ParagraphFormat]:
    return [paragraph for paragraph in document.paragraphs if paragraph.story == "body"]


def printed(paragraph: ParagraphFormat) -> str:
    """What the reader sees: Word's list label, then the paragraph text."""
    return f"{paragraph.label} {paragraph.text}" if paragraph.label else paragraph.text


def find(document: DocxFormat, text: str, *, start: bool = False) -> ParagraphFormat:
    """The single body paragraph printing `text` (whole, or at its start); labels count, as on paper."""
    found = [
        paragraph
        for paragraph in body(document)
        if any((shown.startswith(text) if start else shown == text) for shown in (printed(paragraph), paragraph.text))
    ]
    assert len(found) == 1, f"{len(found)} paragraphs print {text!r}"
    return found[0]


def text_runs(paragraph: ParagraphFormat) -> tuple[RunFormat, ...]:
    runs = paragraph.text_runs
    assert runs, f"no text in {paragraph.text!r}"
    return runs


def sizes(paragraph: ParagraphFormat) -> set[float | None]:
    return {run.size_pt for run in text_runs(paragraph)}


def is_bold(paragraph: ParagraphFormat) -> bool:
    return all(run.bold for run in text_runs(paragraph))


def is_regular(paragraph: ParagraphFormat) -> bool:
    return not any(run.bold or run.italic for run in text_runs(paragraph))


def is_italic(paragraph: ParagraphFormat) -> bool:
    return all(run.italic for run in text_runs(paragraph))


def prints_in_capitals(paragraph: ParagraphFormat) -> bool:
    """Capital letters on paper: typed in capitals, or shown so by the caps property."""
    return all(run.caps or run.text == run.text.upper() for run in text_runs(paragraph))


def rule_length(document: DocxFormat, rule: ParagraphFormat) -> int:
    """Length of a rule drawn as a paragraph's bottom border: the space between its indents."""
    if rule.cell is not None and rule.table_index is not None:
        available = document.tables[rule.table_index].column_widths_twips[rule.cell[1]]
    else:
        page = document.page
        available = page.width_twips - page.left_twips - page.right_twips
    return available - rule.left_indent_twips - rule.right_indent_twips


def is_rule(paragraph: ParagraphFormat) -> bool:
    bottom = paragraph.borders.get("bottom")
    return bottom is not None and bottom.get("val") == "single" and not paragraph.text.strip()


def header_cell(document: DocxFormat, row: int, column: int) -> list[ParagraphFormat]:
    return [paragraph for paragraph in body(document) if paragraph.table_index == 0 and paragraph.cell == (row, column)]


def signature_table(document: DocxFormat) -> int:
    index = find(document, "Nơi nhận:").table_index
    assert index is not None
    return index


def signature_cell(document: DocxFormat, column: int) -> list[ParagraphFormat]:
    index = signature_table(document)
    return [
        paragraph for paragraph in body(document) if paragraph.table_index == index and paragraph.cell == (0, column)
    ]


def content(document: DocxFormat) -> list[ParagraphFormat]:
    """Body paragraphs between the header table and the signature table."""
    signature = signature_table(document)
    paragraphs = []
    for paragraph in body(document):
        if paragraph.table_index == signature:
            break
        if paragraph.table_index != 0:
            paragraphs.append(paragraph)
    return paragraphs


def headings(document: DocxFormat) -> list[ParagraphFormat]:
    """The headings of the report's own content (appendices excluded), in order."""
    return [
        paragraph for paragraph in content(document) if paragraph.outline_level is not None and not paragraph.in_table
    ]


def heading(document: DocxFormat, text: str) -> ParagraphFormat:
    found = [paragraph for paragraph in headings(document) if printed(paragraph) == text]
    assert len(found) == 1, f"{len(found)} headings print {text!r}"
    return found[0]


def document_xml(content: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def date_line(document: DocxFormat) -> str:
    return header_cell(document, 1, 1)[0].text


# -- the checker's catalogue: each element as app/core/conformance_rules.py expects it -----------------
# `main.py check` compares every element with STATE_SPECS / PARTY_SPECS; the renderer is held to the same table
# here, so the two cannot drift apart. The tests below that name a size or a property pin the most important
# rules with literal values, so a wrong catalogue cannot make both pass.

Line: TypeAlias = list[tuple[str, RunFormat]]
"""One printed line of a paragraph: its visible pieces of text with the runs that print them."""


def printed_lines(paragraph: ParagraphFormat) -> list[Line]:
    """The paragraph's lines (cut at line breaks), each with its visible text; empty lines left out."""
    lines: list[Line] = [[]]
    for run in paragraph.runs:
        for number, part in enumerate(run.text.split("\n")):
            if number:
                lines.append([])
            if part.strip() and not run.is_footnote_reference:
                lines[-1].append((part, run))
    return [line for line in lines if line]


def catalogue_differences(line: Line, alignment: str, spec: TextSpec) -> list[str]:
    """How a printed line differs from what the checker's catalogue expects of its element."""
    low, high = spec.sizes
    differences = []
    line_sizes = {run.size_pt for _, run in line}
    if not all(size is not None and low <= size <= high for size in line_sizes):
        differences.append(f"cỡ {line_sizes}, cần {low}–{high}")
    for name in ("bold", "italic", "underline"):
        wanted = getattr(spec, name)
        if wanted is not None and any(getattr(run, name) != wanted for _, run in line):
            differences.append(f"{name} phải là {wanted}")
    if spec.capitals is not None and all(run.caps or text == text.upper() for text, run in line) != spec.capitals:
        differences.append("IN HOA" if spec.capitals else "không được IN HOA toàn bộ")
    if spec.alignment is not None and alignment != spec.alignment:
        differences.append(f"canh {alignment}, cần {spec.alignment}")
    return differences


def elements_against(specs: dict[str, TextSpec], located: dict[str, list[tuple[Line, str]]]) -> dict[str, list[str]]:
    """Every located line that differs from its element's spec, by element."""
    found: dict[str, list[str]] = {}
    for key, lines in located.items():
        for line, alignment in lines:
            differences = catalogue_differences(line, alignment, specs[key])
            if differences:
                found.setdefault(key, []).append(f"{''.join(text for text, _ in line)!r}: {', '.join(differences)}")
    return found


def lines_of(*paragraphs: ParagraphFormat) -> list[tuple[Line, str]]:
    return [(line, paragraph.alignment) for paragraph in paragraphs for line in printed_lines(paragraph)]


def page_number_paragraph(document: DocxFormat) -> ParagraphFormat:
    (field,) = document.fields_named("PAGE")
    return document.headers[field.story.split(":")[1]][field.paragraph_index]


def part_heading_lines(document: DocxFormat) -> dict[str, list[tuple[Line, str]]]:
    """«Phần thứ nhất» and the part's title under it: two lines of one paragraph."""
    parts = [paragraph for paragraph in content(document) if paragraph.text.startswith("Phần thứ")]
    located: dict[str, list[tuple[Line, str]]] = {"part-heading": [], "part-title": []}
    for paragraph in parts:
        label, title = printed_lines(paragraph)
        located["part-heading"].append((label, paragraph.alignment))
        located["part-title"].append((title, paragraph.alignment))
    return located


PART_SECTIONS = [
    {"title": "Tình hình chung", "number": "Phần thứ nhất", "blocks": [{"title": "Thuận lợi"}]},
    {"title": "Phương hướng", "number": "Phần thứ hai", "blocks": [BODY_PARAGRAPH]},
]
"""A report in parts: «Phần thứ nhất» with its title on the line under it."""


def content_elements(document: DocxFormat) -> dict[str, list[tuple[Line, str]]]:
    """The lines of each element from the title word to the signature, and the page number, by spec key."""
    paragraphs = content(document)
    title = find(document, "BÁO CÁO")
    salutation: list[ParagraphFormat] = []  # "Kính gửi: …" and the dash lines under it
    for paragraph in paragraphs:
        if salutation and not paragraph.text.startswith("- "):
            break
        if salutation or paragraph.text.startswith("Kính gửi"):
            salutation.append(paragraph)
    recipients = signature_cell(document, 0)
    archive = next(i for i, line in enumerate(recipients) if line.text.startswith("- Lưu"))
    signer = signature_cell(document, 1)
    return {
        "title": lines_of(title),
        "summary": lines_of(paragraphs[paragraphs.index(title) + 1]),
        "salutation": lines_of(*salutation),
        "basis": lines_of(*(p for p in paragraphs if p.text.startswith("Căn cứ"))),
        "body": lines_of(*(p for p in paragraphs if p.style_id == "NoiDung")),
        "heading": lines_of(*(p for p in headings(document) if p.outline_level == 0)),
        "recipients-heading": lines_of(recipients[0]),
        "recipients": lines_of(*recipients[1 : archive + 1]),
        "authority": lines_of(*signer[:-2]),
        "signer-title": lines_of(signer[-2]),
        "signer-name": lines_of(signer[-1]),
        "page-number": lines_of(page_number_paragraph(document)),
    }


def state_elements(document: DocxFormat) -> dict[str, list[tuple[Line, str]]]:
    """The lines of each element of a state document the renderer printed, by STATE_SPECS key."""
    issuer_cell = [paragraph for paragraph in header_cell(document, 0, 0) if paragraph.text]
    return {
        "national-name": lines_of(header_cell(document, 0, 1)[0]),
        "motto": lines_of(header_cell(document, 0, 1)[1]),
        "parent-body": lines_of(*issuer_cell[:-1]),
        "issuer": lines_of(issuer_cell[-1]),
        "number": lines_of(header_cell(document, 1, 0)[0]),
        "date": lines_of(header_cell(document, 1, 1)[0]),
        **content_elements(document),
    }


@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_every_element_prints_as_the_checkers_catalogue_expects(name: str) -> None:
    located = state_elements(named(name))
    if name == "full":  # the report built to cover every feature has every element but parts
        assert {key for key, lines in located.items() if lines} == set(STATE_SPECS) - {"part-heading", "part-title"}
    assert elements_against(STATE_SPECS, located) == {}


def test_part_headings_print_as_the_checkers_catalogue_expects() -> None:
    located = part_heading_lines(rendered(report_data(sections=PART_SECTIONS)))
    assert [len(lines) for lines in located.values()] == [2, 2]
    assert elements_against(STATE_SPECS, located) == {}


# -- page (§1.1) ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_page_is_a4_portrait(name: str) -> None:
    document = named(name)
    assert (document.page.width_twips, document.page.height_twips) == (A4_WIDTH_TWIPS, A4_HEIGHT_TWIPS)
    assert (document.page.width_mm, document.page.height_mm) == (210.0, 297.0)
    assert document.page.orientation == "portrait"
    assert len(document.sections) == 1


def test_default_margins_are_those_of_the_official_template() -> None:
    page = rendered(FULL).page
    assert (page.top_mm, page.bottom_mm, page.left_mm, page.right_mm) == (25.0, 20.0, 35.0, 20.0)


def test_margins_chosen_by_the_user_are_honoured() -> None:
    options = RenderOptions(margins=Margins(top=20, bottom=25, left=30, right=15))
    document = rendered(FULL, options)
    page = document.page
    assert (page.top_mm, page.bottom_mm, page.left_mm, page.right_mm) == (20.0, 25.0, 30.0, 15.0)
    # The rule under the trích yếu stays centered in the wider text area.
    rule = content(document)[content(document).index(find(document, SUMMARY)) + 1]
    text_width = page.width_twips - page.left_twips - page.right_twips
    assert abs(rule.left_indent_twips - rule.right_indent_twips) <= 1
    assert 0 < rule_length(document, rule) < text_width


# -- font (§1.1, quick reference 3) --------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_every_run_of_every_story_prints_in_times_new_roman(name: str) -> None:
    document = named(name)
    stories = set()
    for paragraph in document.all_paragraphs():
        stories.add(paragraph.story.split(":")[0])
        for run in paragraph.runs:
            assert {slot: run.fonts.get(slot) for slot in FONT_SLOTS} == dict.fromkeys(FONT_SLOTS, TNR), (
                f"{paragraph.story} {paragraph.text[:40]!r}: {run.fonts}"
            )
    assert {"body", "header"} <= stories
    if name == "full":
        assert "footnote" in stories
        assert any(paragraph.in_table for paragraph in body(document))


@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_no_theme_font_can_replace_times_new_roman(name: str) -> None:
    document = named(name)
    assert document.theme_font_attributes == []
    assert document.default_fonts == dict.fromkeys(FONT_SLOTS, TNR)
    assert {style.font for style in document.styles.values() if style.type in ("paragraph", "character")} == {TNR}


# -- header block: issuer, Quốc hiệu, Tiêu ngữ, number, date (§1.2, §1.9) ----------------------


def test_parent_body_prints_13_pt_above_the_issuing_body() -> None:
    parent = header_cell(rendered(FULL), 0, 0)[0]  # capitals, not bold, centred: the catalogue test
    assert parent.text == "UBND TỈNH QUẢNG NGÃI"
    assert sizes(parent) == {13}


@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_issuing_body_prints_13_pt_upright(name: str) -> None:
    document = named(name)
    cell = [paragraph for paragraph in header_cell(document, 0, 0) if paragraph.text]
    issuer = cell[-1]  # bold capitals, centred: the catalogue test
    expected_parent = 2 if name in ("ban-dan-toc-tinh-so-ket-2022", "full") else 1
    assert len(cell) == expected_parent
    assert sizes(issuer) == {13}
    assert not any(run.italic for run in issuer.runs)


@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_rule_under_issuing_body_is_a_third_to_half_of_its_name(name: str) -> None:
    document = named(name)
    cell = header_cell(document, 0, 0)
    issuer = [paragraph for paragraph in cell if paragraph.text][-1]
    rules = [paragraph for paragraph in cell if is_rule(paragraph)]
    assert len(rules) == 1
    assert cell.index(rules[0]) == cell.index(issuer) + 1
    widest = max(text_width_twips(line, 13, bold=True) for line in issuer.text.split("\n") if line)
    length = rule_length(document, rules[0])
    assert widest / 3 <= length <= widest / 2, (length, widest)
    assert abs(rules[0].left_indent_twips - rules[0].right_indent_twips) <= 1  # centered under the name


@pytest.mark.parametrize(("number", "expected"), [(5, "Số: 05/BC-SNV"), (12, "Số: 12/BC-SNV")])
def test_number_prints_13_pt_with_leading_zero(number: int, expected: str) -> None:
    document = rendered(report_data(number=number))
    number_line = header_cell(document, 1, 0)[0]
    assert number_line.text == expected
    assert sizes(number_line) == {13}


def test_missing_number_leaves_a_blank_slot_for_the_clerk() -> None:
    number_line = header_cell(rendered(report_data(number=None)), 1, 0)[0]
    assert re.fullmatch(r"Số: {2,}/BC-SNV", number_line.text), number_line.text


@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_national_name_prints_13_pt_bold_capitals(name: str) -> None:
    national = header_cell(named(name), 0, 1)[0]
    assert national.text == NATIONAL_NAME
    assert sizes(national) == {13}
    assert is_bold(national)
    assert prints_in_capitals(national)
    assert national.alignment == "center"


@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_motto_prints_14_pt_with_spaced_hyphens(name: str) -> None:
    motto = header_cell(named(name), 0, 1)[1]
    assert motto.text == MOTTO  # ASCII hyphens with a space each side, not en dashes
    assert "–" not in motto.text
    assert sizes(motto) == {14}


@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_rule_under_motto_is_as_long_as_the_motto(name: str) -> None:
    document = named(name)
    cell = header_cell(document, 0, 1)
    rules = [paragraph for paragraph in cell if is_rule(paragraph)]
    assert len(rules) == 1
    assert cell.index(rules[0]) == 2
    motto_width = text_width_twips(MOTTO, 14, bold=True)
    assert abs(rule_length(document, rules[0]) - motto_width) <= 0.02 * motto_width
    assert abs(rules[0].left_indent_twips - rules[0].right_indent_twips) <= 1


@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_date_prints_14_pt_on_the_same_line_as_the_number(name: str) -> None:
    document = named(name)
    number_line = header_cell(document, 1, 0)[0]
    date = header_cell(document, 1, 1)[0]
    assert number_line.text.startswith("Số: ")
    assert re.search(r", ngày .* năm \d{4}$", date.text)
    assert number_line.table_index == date.table_index == 0
    assert number_line.cell is not None and date.cell is not None
    assert number_line.cell[0] == date.cell[0] and number_line.cell[1] != date.cell[1]
    assert number_line.space_before_twips == date.space_before_twips
    assert sizes(date) == {14}


# -- dates (§1.7) --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2024-01-05", "Quảng Ngãi, ngày 05 tháng 01 năm 2024"),
        ("2024-02-29", "Quảng Ngãi, ngày 29 tháng 02 năm 2024"),
        ("2023-03-09", "Quảng Ngãi, ngày 09 tháng 3 năm 2023"),
        ("2023-06-05", "Quảng Ngãi, ngày 05 tháng 6 năm 2023"),
        ("2023-12-10", "Quảng Ngãi, ngày 10 tháng 12 năm 2023"),
    ],
    ids=["january", "february", "march", "june", "december"],
)
def test_date_pads_days_below_ten_and_january_february_only(date: str, expected: str) -> None:
    assert date_line(rendered(report_data(date=date))) == expected


def test_bare_year_leaves_day_and_month_blank() -> None:
    line = date_line(rendered(report_data(date="2025")))
    assert re.fullmatch(r"Quảng Ngãi, ngày {2,}tháng {2,}năm 2025", line), line


# -- title, trích yếu, Kính gửi, căn cứ (§1.2) --------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "title", "abbreviation"),
    [
        ("bao-cao", "BÁO CÁO", "BC"),
        ("thong-bao", "THÔNG BÁO", "TB"),
        ("ke-hoach", "KẾ HOẠCH", "KH"),
        ("to-trinh", "TỜ TRÌNH", "TTr"),
    ],
)
def test_kind_decides_title_word_and_number_abbreviation(kind: str, title: str, abbreviation: str) -> None:
    document = rendered(report_data(kind=kind))
    assert header_cell(document, 1, 0)[0].text == f"Số: 05/{abbreviation}-SNV"
    title_line = find(document, title)
    assert title_line.table_index is None
    assert sizes(title_line) == {14}
    assert is_bold(title_line)
    assert prints_in_capitals(title_line)
    assert title_line.alignment == "center"


def test_summary_prints_14_pt_in_sentence_case() -> None:
    document = rendered(FULL)
    paragraphs = content(document)
    summary = find(document, SUMMARY)
    assert paragraphs[paragraphs.index(summary) - 1].text == "BÁO CÁO"
    assert sizes(summary) == {14}
    assert not any(run.caps for run in summary.runs)


@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_short_rule_under_summary(name: str) -> None:
    document = named(name)
    paragraphs = content(document)
    title = next(paragraph for paragraph in paragraphs if paragraph.text == "BÁO CÁO")
    summary = paragraphs[paragraphs.index(title) + 1]
    rule = paragraphs[paragraphs.index(title) + 2]
    assert is_rule(rule)
    longest = max(text_width_twips(line, 14, bold=True) for line in summary.text.split("\n"))
    length = rule_length(document, rule)
    assert longest / 3 <= length <= longest / 2, (length, longest)
    assert abs(rule.left_indent_twips - rule.right_indent_twips) <= 1


def test_salutation_absent_without_recipients_above() -> None:
    document = rendered(report_data())
    assert not any(paragraph.text.startswith("Kính gửi") for paragraph in body(document))


def test_single_salutation_recipient_stays_on_the_kinh_gui_line() -> None:
    document = rendered(report_data(to=["Sở Nội vụ tỉnh Quảng Ngãi"]))
    salutation = find(document, "Kính gửi: Sở Nội vụ tỉnh Quảng Ngãi")
    assert sizes(salutation) == {14}
    assert salutation.table_index is None


def test_several_salutation_recipients_one_dash_line_each() -> None:
    document = rendered(FULL)
    paragraphs = content(document)
    first = find(document, "Kính gửi:", start=True)
    second = paragraphs[paragraphs.index(first) + 1]
    assert first.text == "Kính gửi:\t- Ủy ban nhân dân tỉnh Quảng Ngãi;"
    assert second.text == "- Bộ Nội vụ."
    # The dashes line up: the second line starts where the first line's text resumes after the label.
    assert second.left_indent_twips == first.left_indent_twips > 0
    assert first.first_line_indent_twips < 0 and second.first_line_indent_twips == 0
    for line in (first, second):
        assert sizes(line) == {14}


def test_basis_lines_end_with_semicolons_and_a_final_full_stop() -> None:
    document = rendered(FULL)
    lines = [find(document, "Căn cứ Luật", start=True)]
    paragraphs = content(document)
    lines += paragraphs[paragraphs.index(lines[0]) + 1 : paragraphs.index(lines[0]) + 3]
    assert [line.text for line in lines] == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
        "Căn cứ Quyết định số 12/2021/QĐ-UBND của Ủy ban nhân dân tỉnh.",
    ]
    for line in lines:
        assert sizes(line) == {14}
        assert line.alignment == "both"


# -- body (§1.2 Nội dung, quick reference 9) -----------------------------------------------------


def test_body_paragraphs_are_14_pt_justified_indented_and_spaced() -> None:
    document = rendered(FULL)
    for text in (OPENING, BODY_PARAGRAPH, "Biên chế còn thiếu so với nhu cầu.", "Sở Nội vụ trân trọng cảm ơn."):
        paragraph = find(document, text)
        assert sizes(paragraph) == {14}
        assert is_regular(paragraph)
        assert paragraph.alignment == "both"
        assert paragraph.first_line_indent_twips == 567
        assert paragraph.space_before_twips >= 120
        assert paragraph.line_spacing_rule in (None, "auto")
        assert paragraph.line_spacing is not None and 1.0 <= paragraph.line_spacing <= 1.5
        assert paragraph.outline_level is None


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_body_text_follows_body_rules(name: str) -> None:
    document = example(name)
    paragraphs = [paragraph for paragraph in content(document) if paragraph.style_id == "NoiDung"]
    assert len(paragraphs) > 5
    for paragraph in paragraphs:
        assert sizes(paragraph) == {14}
        assert paragraph.alignment == "both"
        assert paragraph.first_line_indent_twips == 567
        assert paragraph.space_before_twips >= 120
        assert paragraph.line_spacing == 1.0


@pytest.mark.parametrize("spacing", [1.0, 1.15, 1.5])
def test_line_spacing_option_is_applied_to_body_text(spacing: float) -> None:
    document = rendered(FULL, RenderOptions(line_spacing=spacing))
    for text in (OPENING, BODY_PARAGRAPH, CLOSING.removesuffix(".") + TERMINATOR):
        paragraph = find(document, text)
        assert paragraph.line_spacing_rule == "auto"
        assert paragraph.line_spacing == pytest.approx(spacing, abs=0.005)


def test_bullets_print_a_dash_with_body_formatting() -> None:
    bullet = find(rendered(FULL), f"- {BULLET}")
    assert bullet.label == "-"
    assert bullet.text == BULLET
    assert sizes(bullet) == {14}
    assert is_regular(bullet)
    assert bullet.alignment == "both"
    assert bullet.first_line_indent_twips == 567
    assert bullet.space_before_twips >= 120
    assert bullet.outline_level is None


def _bullet_texts(blocks: list[Any]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, dict) and block.get("type") == "bullet" and isinstance(block["text"], str):
            yield block["text"]
        elif isinstance(block, dict) and "title" in block:
            yield from _bullet_texts(block.get("blocks", []))


def test_bullets_in_examples_print_a_dash() -> None:
    name = "ubnd-xa-tra-tay-so-ket-2023"
    data = json.loads(example_path(name).read_text(encoding="utf-8"))
    texts = list(_bullet_texts(data["sections"]))
    assert len(texts) > 5
    for text in texts:
        bullet = find(example(name), " ".join(text.split()))
        assert bullet.label == "-"
        assert bullet.first_line_indent_twips == 567


# -- headings (§1.4) -----------------------------------------------------------------------------


def test_navigation_pane_shows_the_report_structure() -> None:
    document = rendered(FULL)
    assert [(printed(paragraph), paragraph.outline_level) for paragraph in headings(document)] == FULL_HEADINGS


def test_depth_one_headings_print_roman_numbers_and_bold_capitals() -> None:
    document = rendered(FULL)
    for text in ("I. ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ THỰC HIỆN", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024"):
        paragraph = heading(document, text)
        assert paragraph.label == text.split()[0]  # Word's own list numbering, renumbered on insertion
        assert paragraph.outline_level == 0
        assert is_bold(paragraph)
        assert prints_in_capitals(paragraph)
        assert sizes(paragraph) == {14}
        assert paragraph.keep_next


def test_depth_two_headings_print_bold_arabic_numbers_restarting_under_each_part() -> None:
    document = rendered(FULL)
    first_under_each = [heading(document, "1. Thuận lợi"), heading(document, "1. Công tác văn thư")]
    first_under_each.append(heading(document, "1. Nhiệm vụ trọng tâm"))
    for paragraph in [*first_under_each, heading(document, "2. Khó khăn")]:
        assert paragraph.label is not None and re.fullmatch(r"\d+\.", paragraph.label)
        assert paragraph.outline_level == 1
        assert is_bold(paragraph)
        assert not prints_in_capitals(paragraph)
        assert sizes(paragraph) == {14}


def test_depth_three_headings_follow_vietnamese_letter_order() -> None:
    document = rendered(FULL)
    depth_three = [paragraph for paragraph in headings(document) if paragraph.outline_level == 2]
    assert [printed(paragraph).split(")")[0] for paragraph in depth_three] == list("abcdđeg")
    for paragraph in depth_three:
        assert is_regular(paragraph)
        assert sizes(paragraph) == {14}


def test_depth_four_headings_print_a_dash() -> None:
    document = rendered(FULL)
    depth_four = [paragraph for paragraph in headings(document) if paragraph.outline_level == 3]
    assert [printed(paragraph) for paragraph in depth_four] == [f"- {title}" for title in DEPTH_FOUR_TITLES]
    for paragraph in depth_four:
        assert is_regular(paragraph)
        assert sizes(paragraph) == {14}


@pytest.mark.parametrize("name", ["full", *EXAMPLE_NAMES])
def test_heading_styles_have_vietnamese_names(name: str) -> None:
    document = named(name)
    for paragraph in headings(document):
        style_name = paragraph.style_name or ""
        assert not re.fullmatch(r"(?i)heading ?\d", style_name), style_name
        assert style_name != paragraph.style_id
        assert not style_name.isascii(), style_name  # Vietnamese, with its diacritics


def test_section_number_override_is_printed_verbatim() -> None:
    document = rendered(FULL)
    for text, level in (("2.1. Công tác lưu trữ", 1), ("V. KIẾN NGHỊ, ĐỀ XUẤT", 0)):
        paragraph = heading(document, text)
        assert paragraph.outline_level == level
        assert is_bold(paragraph)
    # The example from huyện Bình Sơn numbers a depth-3 section "2.1." and keeps two "IV.".
    binh_son = [printed(paragraph) for paragraph in headings(example("ubnd-huyen-binh-son-so-ket-2022"))]
    assert any(text.startswith("2.1. Kết quả thực hiện") for text in binh_son)
    assert [text.split()[0] for text in binh_son if text.split()[0] == "IV."] == ["IV.", "IV."]


def test_unnumbered_section_prints_no_label() -> None:
    paragraph = heading(rendered(FULL), "LỜI CẢM ƠN")
    assert paragraph.label is None
    assert paragraph.outline_level == 0
    assert is_bold(paragraph)


def test_part_number_prints_centered_on_its_own_line_above_the_title() -> None:
    document = rendered(report_data(sections=PART_SECTIONS))
    part = find(document, "Phần thứ nhất", start=True)
    # One heading, one entry in the navigation pane: the label, a line break, the title in capitals.
    assert part.text == "Phần thứ nhất\nTÌNH HÌNH CHUNG"
    assert part.alignment == "center"
    assert is_bold(part)
    assert sizes(part) == {14}
    assert part.label is None
    assert part.outline_level == 0
    assert not prints_in_capitals(part)
    assert find(document, "Phần thứ hai", start=True).alignment == "center"
    assert [p.text for p in document.paragraphs if p.outline_level == 0 and "Phần" in p.text] == [
        "Phần thứ nhất\nTÌNH HÌNH CHUNG",
        "Phần thứ hai\nPHƯƠNG HƯỚNG",
    ]


# -- tables --------------------------------------------------------------------------------------


def _data_table(document: DocxFormat) -> int:
    index = find(document, "Loại văn bản").table_index
    assert index is not None
    return index


def test_tables_have_borders_and_repeat_header_rows_on_each_page() -> None:
    document = rendered(FULL)
    table = document.tables[_data_table(document)]
    assert table.has_borders
    assert {"top", "left", "bottom", "right", "insideH", "insideV"} <= set(table.borders)
    assert table.rows[0] == tuple(TABLE_HEADER)
    assert table.repeated_header_rows == 1


def test_table_header_cells_bold_and_centered() -> None:
    document = rendered(FULL)
    index = _data_table(document)
    header = [paragraph for paragraph in body(document) if paragraph.table_index == index and paragraph.cell[0] == 0]
    assert [paragraph.text for paragraph in header] == TABLE_HEADER
    for paragraph in header:
        assert is_bold(paragraph)
        assert paragraph.alignment == "center"


def test_table_numbers_print_vietnamese_style_right_aligned() -> None:
    document = rendered(FULL)
    index = _data_table(document)
    assert document.tables[index].rows[1] == ("1", "Báo cáo", "1.234.567,5")
    assert document.tables[index].rows[3] == ("3", "Tờ trình", "")
    cells = {paragraph.text: paragraph for paragraph in body(document) if paragraph.table_index == index}
    for number in ("1", "2", "42", "1.234.567,5"):
        assert cells[number].alignment == "right"
    assert cells["Báo cáo"].alignment != "right"


def test_table_rows_never_split_across_pages() -> None:
    content_bytes, document = rendered_bytes(FULL)
    tables = document_xml(content_bytes).findall(f"{W}body/{W}tbl")
    rows = tables[_data_table(document)].findall(f"{W}tr")
    assert rows and all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)


def test_table_caption_above_and_notes_below() -> None:
    document = rendered(FULL)
    index = _data_table(document)
    paragraphs = body(document)
    in_table = [position for position, paragraph in enumerate(paragraphs) if paragraph.table_index == index]
    caption, notes = paragraphs[in_table[0] - 1], paragraphs[in_table[-1] + 1]
    assert caption.text == TABLE_CAPTION and caption.table_index is None
    assert is_bold(caption) and caption.alignment == "center" and caption.keep_next
    assert notes.text == TABLE_NOTES and notes.table_index is None
    assert is_italic(notes)


# -- footnotes -----------------------------------------------------------------------------------


def test_footnotes_are_real_word_footnotes_numbered_in_order() -> None:
    content_bytes, document = rendered_bytes(FULL)
    references = [run for paragraph in body(document) for run in paragraph.runs if run.is_footnote_reference]
    assert [run.footnote_id for run in references] == [1, 2]
    assert all(run.superscript for run in references)
    assert sorted(document.footnotes) == [1, 2]  # separators (ids -1 and 0) are not footnotes
    for note_id, text in zip((1, 2), FOOTNOTES, strict=True):
        paragraphs = document.footnotes[note_id]
        assert "".join(paragraph.text for paragraph in paragraphs).strip() == text
        numbers = [run for paragraph in paragraphs for run in paragraph.runs if run.is_footnote_number]
        assert len(numbers) == 1 and numbers[0].superscript
    with zipfile.ZipFile(io.BytesIO(content_bytes)) as package:
        notes = etree.fromstring(package.read("word/footnotes.xml"))
    types = [note.get(f"{W}type", "normal") for note in notes.iter(f"{W}footnote")]
    assert types == ["separator", "continuationSeparator", "normal", "normal"]


def test_example_footnotes_follow_the_text() -> None:
    document = example("ubnd-xa-tra-tay-so-ket-2023")
    references = [run.footnote_id for paragraph in body(document) for run in paragraph.runs if run.footnote_id]
    assert references == sorted(document.footnotes) == [1, 2]


# -- ./. terminator (§1.11, §4.1) ----------------------------------------------------------------


def _last_content_text(document: DocxFormat) -> str:
    return content(document)[-1].text


@pytest.mark.parametrize(
    ("closing", "expected"),
    [
        pytest.param(["Trên đây là báo cáo"], "Trên đây là báo cáo./.", id="added when missing"),
        pytest.param(["Trên đây là báo cáo."], "Trên đây là báo cáo./.", id="full stop replaced"),
        pytest.param(["Trên đây là báo cáo./."], "Trên đây là báo cáo./.", id="not doubled"),
        pytest.param(["Trên đây là báo cáo. "], "Trên đây là báo cáo./.", id="trailing space"),
        pytest.param([["Trên đây là ", {"text": "báo cáo", "bold": True}, "."]], "Trên đây là báo cáo./.", id="spans"),
    ],
)
def test_content_ends_with_terminator_exactly_once(closing: list[Any], expected: str) -> None:
    document = rendered(report_data(closing=closing))
    assert _last_content_text(document) == expected
    assert sum(paragraph.text.count(TERMINATOR) for paragraph in body(document)) == 1


@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_reports_end_their_content_with_terminator(name: str) -> None:
    document = named(name)
    assert _last_content_text(document).endswith(TERMINATOR)
    assert not _last_content_text(document).endswith("../.")
    assert sum(paragraph.text.count(TERMINATOR) for paragraph in body(document)) == 1


def test_terminator_after_a_final_table_stands_on_its_own() -> None:
    table = {"type": "table", "header": [["TT", "Nội dung"]], "rows": [[1, "Văn bản"]]}
    document = rendered(report_data(closing=[], sections=[{"title": "Số liệu", "blocks": [table]}]))
    last = content(document)[-1]
    assert last.text == TERMINATOR and last.table_index is None
    assert sizes(last) == {14}


def test_terminator_ends_a_report_without_closing() -> None:
    data = report_data(closing=[], sections=[{"title": "Một", "blocks": [{"title": "Hai", "blocks": ["Ba."]}]}])
    assert _last_content_text(rendered(data)) == "Ba./."


def test_terminator_replaces_the_full_stop_before_a_final_footnote() -> None:
    closing = [["Trên đây là báo cáo.", {"footnote": "Số liệu đến ngày 31/12/2023."}]]
    document = rendered(report_data(closing=closing))
    assert _last_content_text(document) == "Trên đây là báo cáo./."


def test_blocks_keep_their_order_after_a_sub_section() -> None:
    sections = [
        {
            "title": "Kết quả",
            "blocks": [
                "Trước mục con.",
                {"title": "Mục con", "blocks": ["Trong mục con."]},
                "Sau mục con.",
            ],
        }
    ]
    document = rendered(report_data(closing=[], sections=sections))
    texts = [printed(paragraph) for paragraph in content(document)]
    start = texts.index("I. KẾT QUẢ")
    assert texts[start:] == ["I. KẾT QUẢ", "Trước mục con.", "1. Mục con", "Trong mục con.", "Sau mục con./."]


# -- Nơi nhận and signature (§1.5, §1.6) --------------------------------------------------------


def test_recipients_heading_is_12_pt_flush_left() -> None:
    heading_line = signature_cell(rendered(FULL), 0)[0]  # bold italic: the catalogue test
    assert heading_line.text == "Nơi nhận:"
    assert sizes(heading_line) == {12}
    assert heading_line.left_indent_twips == heading_line.first_line_indent_twips == 0


def test_recipient_lines_are_11_pt_dash_lines_ending_with_archive() -> None:
    lines = signature_cell(rendered(FULL), 0)[1:]
    assert [line.text for line in lines] == [
        "- Như trên;",
        "- Giám đốc, các Phó Giám đốc Sở;",
        "- Văn phòng Ủy ban nhân dân tỉnh;",
        "- Lưu: VT, VP.",
        "PL.(05)",
    ]
    for line in lines:
        assert sizes(line) == {11}
        assert line.left_indent_twips == line.first_line_indent_twips == 0


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_examples_end_recipients_with_the_archive_line(name: str) -> None:
    lines = [line.text for line in signature_cell(example(name), 0)]
    assert lines[0] == "Nơi nhận:"
    assert all(re.fullmatch(r"- .+;", line) for line in lines[1:-1]), lines
    assert re.fullmatch(r"- Lưu: VT(, .+)?\.", lines[-1])


def test_nhu_tren_is_added_first_when_kinh_gui_is_used() -> None:
    lines = [line.text for line in signature_cell(rendered(FULL), 0)]
    assert lines[1] == "- Như trên;"
    assert lines.count("- Như trên;") == 1


def test_nhu_tren_is_not_doubled_when_already_listed() -> None:
    lines = [line.text for line in signature_cell(example("ubnd-huyen-binh-son-so-ket-2022"), 0)]
    assert lines[1] == "- Như trên;"
    assert lines.count("- Như trên;") == 1
    data = report_data(to=["Bộ Nội vụ"], recipients=["Như trên;", "Giám đốc Sở"])
    lines = [line.text for line in signature_cell(rendered(data), 0)]
    assert lines[1:] == ["- Như trên;", "- Giám đốc Sở;", "- Lưu: VT."]


def test_nhu_tren_is_absent_without_kinh_gui() -> None:
    lines = [line.text for line in signature_cell(rendered(report_data(recipients=["Giám đốc Sở"])), 0)]
    assert lines[1:] == ["- Giám đốc Sở;", "- Lưu: VT."]


def test_nhu_tren_is_absent_when_kinh_gui_is_not_printed() -> None:
    document = rendered(report_data(to=[""], recipients=["Giám đốc Sở"]))
    assert not any(paragraph.text.startswith("Kính gửi") for paragraph in body(document))
    lines = [line.text for line in signature_cell(document, 0)]
    assert lines[1:] == ["- Giám đốc Sở;", "- Lưu: VT."]


def test_nhu_tren_comes_first_even_when_listed_later() -> None:
    data = report_data(to=["Bộ Nội vụ"], recipients=["Giám đốc Sở", "Như trên"])
    lines = [line.text for line in signature_cell(rendered(data), 0)]
    assert lines[1:] == ["- Như trên;", "- Giám đốc Sở;", "- Lưu: VT."]


def _signer(on_behalf_of: str | None, mode: str | None, head: str | None, title: str) -> dict[str, Any]:
    return {"on_behalf_of": on_behalf_of, "mode": mode, "head_title": head, "title": title, "name": "Lê Thị Hoa"}


@pytest.mark.parametrize(
    ("signature", "lines"),
    [
        pytest.param(_signer(None, None, None, "GIÁM ĐỐC"), ["GIÁM ĐỐC"], id="head"),
        pytest.param(_signer("Ủy ban nhân dân", None, None, "Chủ tịch"), ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], id="TM"),
        pytest.param(
            _signer("ỦY BAN NHÂN DÂN", "KT", "CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
            id="TM+KT",
        ),
        pytest.param(_signer(None, "KT", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], id="KT"),
        pytest.param(_signer(None, "Q", "GIÁM ĐỐC", "GIÁM ĐỐC"), ["Q. GIÁM ĐỐC"], id="Q"),
        pytest.param(_signer(None, "TL", "CHỦ TỊCH", "CHÁNH VĂN PHÒNG"), ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"], id="TL"),
        pytest.param(
            _signer(None, "TUQ", "CHỦ TỊCH", "GIÁM ĐỐC SỞ NỘI VỤ"), ["TUQ. CHỦ TỊCH", "GIÁM ĐỐC SỞ NỘI VỤ"], id="TUQ"
        ),
    ],
)
def test_signature_authority_lines_are_14_pt_bold_capitals(signature: dict[str, Any], lines: list[str]) -> None:
    cell = signature_cell(rendered(report_data(signature=signature)), 1)
    authority, name = cell[:-1], cell[-1]
    assert [line.text for line in authority] == lines
    for line in authority:
        assert sizes(line) == {14}
        assert is_bold(line)
        assert prints_in_capitals(line)
        assert line.alignment == "center"
    assert name.text == "Lê Thị Hoa"


def test_signer_name_is_14_pt_bold_below_space_to_sign() -> None:
    name = signature_cell(rendered(FULL), 1)[-1]
    assert name.text == "Trần Văn Bình"
    assert sizes(name) == {14}
    assert is_bold(name)
    assert not prints_in_capitals(name)
    assert name.alignment == "center"
    assert name.space_before_twips >= 1000


def test_noi_nhan_stands_level_with_the_authority_line() -> None:
    document = rendered(FULL)
    recipients_heading, authority = signature_cell(document, 0)[0], signature_cell(document, 1)[0]
    assert recipients_heading.cell == (0, 0) and authority.cell == (0, 1)
    assert recipients_heading.space_before_twips == authority.space_before_twips


@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_signature_never_stands_alone_on_a_page(name: str) -> None:
    content_bytes, document = named_bytes(name)
    tables = document_xml(content_bytes).findall(f"{W}body/{W}tbl")
    rows = tables[signature_table(document)].findall(f"{W}tr")
    assert len(rows) == 1
    assert rows[0].find(f"{W}trPr/{W}cantSplit") is not None
    assert content(document)[-1].keep_next


# -- page numbers (§1.1) -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_page_number_14_pt_in_the_header_from_page_two(name: str) -> None:
    document = named(name)
    page_fields = document.fields_named("PAGE")
    assert [field.story for field in page_fields] == ["header:default"]
    number = document.headers["default"][page_fields[0].paragraph_index]
    assert {run.size_pt for run in number.runs} == {14}
    assert document.page.title_page
    first = document.headers["first"]
    assert first, "titlePg needs a first-page header, else Word shows the default one"
    assert not "".join(paragraph.text for paragraph in first).strip()
    assert document.page.page_number_start in (None, 1)


# -- appendices (§1.2) ---------------------------------------------------------------------------


def _appendix_paragraphs(document: DocxFormat) -> list[ParagraphFormat]:
    paragraphs = body(document)
    last_signature = max(i for i, paragraph in enumerate(paragraphs) if paragraph.table_index is not None)
    return paragraphs[last_signature + 1 :]


def test_several_appendices_start_new_pages_with_roman_numbers() -> None:
    document = rendered(FULL)
    paragraphs = _appendix_paragraphs(document)
    labels = [paragraph for paragraph in paragraphs if paragraph.text.startswith("Phụ lục")]
    assert [paragraph.text for paragraph in labels] == ["Phụ lục I", "Phụ lục II"]
    reference = "(Kèm theo Báo cáo số 05/BC-SNV ngày 05 tháng 01 năm 2024)"
    for label, title in zip(labels, ("DANH MỤC VĂN BẢN ĐÃ BAN HÀNH", "DANH SÁCH CÔNG CHỨC"), strict=True):
        assert label.page_break_before
        assert sizes(label) == {14} and is_bold(label) and label.alignment == "center"
        title_line = paragraphs[paragraphs.index(label) + 1]
        assert title_line.text == title
        assert is_bold(title_line) and prints_in_capitals(title_line) and title_line.alignment == "center"
        attached = paragraphs[paragraphs.index(label) + 2]
        assert attached.text == reference
        assert is_italic(attached) and attached.alignment == "center"


def test_single_appendix_prints_phu_luc_without_number() -> None:
    data = report_data(appendices=[{"title": "Biểu số liệu", "sections": [{"title": "Số liệu", "blocks": ["x"]}]}])
    paragraphs = _appendix_paragraphs(rendered(data))
    assert [paragraph.text for paragraph in paragraphs[:3]] == [
        "Phụ lục",
        "BIỂU SỐ LIỆU",
        "(Kèm theo Báo cáo số 05/BC-SNV ngày 05 tháng 01 năm 2024)",
    ]
    assert paragraphs[0].page_break_before
    assert sizes(paragraphs[0]) == {14} and is_bold(paragraphs[0]) and paragraphs[0].alignment == "center"


def test_appendix_sections_are_numbered_afresh() -> None:
    paragraphs = _appendix_paragraphs(rendered(FULL))
    appendix_headings = [printed(paragraph) for paragraph in paragraphs if paragraph.label]
    assert appendix_headings == ["I. VĂN BẢN HÀNH CHÍNH"]


# -- package: what Word needs to read the properties above at all --------------------------------

_SCHEMA_ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
    "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
    "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr "
    "shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
    "sectPr": "headerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType pgNumType cols "
    "formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings",
    "style": "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat "
    "locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr",
    "lvl": "start numFmt lvlRestart pStyle isLgl suff lvlText lvlPicBulletId legacy lvlJc pPr rPr",
}


def _out_of_order_properties(content_bytes: bytes) -> list[str]:
    found = []
    with zipfile.ZipFile(io.BytesIO(content_bytes)) as package:
        for part in package.namelist():
            if not part.startswith("word/") or not part.endswith(".xml"):
                continue
            root = etree.fromstring(package.read(part))
            for element in root.iter(*(W + name for name in _SCHEMA_ORDER)):
                order = _SCHEMA_ORDER[element.tag[len(W) :]].split()
                names = [
                    child.tag[len(W) :].replace("footerReference", "headerReference")
                    for child in element
                    if isinstance(child.tag, str) and child.tag.startswith(W)
                ]
                ranks = [order.index(name) if name in order else -1 for name in names]
                if -1 in ranks or ranks != sorted(ranks):
                    found.append(f"{part}: {root.getroottree().getpath(element)} {names}")
    return found


def test_properties_are_written_in_the_order_word_reads_them() -> None:
    assert _out_of_order_properties(rendered_bytes(FULL)[0]) == []
