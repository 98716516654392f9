"""Reading formatting back from .docx files built the way Word users build them."""

from __future__ import annotations

import io
import time
from pathlib import Path

import docx
import pytest
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import (
    CONTENT_TYPE,
    RELATIONSHIP_TYPE,
)
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from app.core.docx_format import DocxFormat, ParagraphFormat, read_docx_format, story_paragraphs
from app.core.docx_package import PackageRefused

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
NSDECL = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'


def read(document: WordDocument) -> DocxFormat:
    buffer = io.BytesIO()
    document.save(buffer)
    return read_docx_format(buffer.getvalue())


def xml(fragment: str) -> etree._Element:
    """One WordprocessingML element written with the w: prefix."""
    wrapped = f"<root {NSDECL}>{fragment}</root>"
    return etree.fromstring(wrapped)[0]


def append_to_body(document: WordDocument, fragment: str) -> None:
    document.element.body.sectPr.addprevious(xml(fragment))


def theme_latin_face(document: WordDocument, which: str) -> str:
    """The typeface the package's own theme gives to the major/minor latin slot."""
    for relationship in document.part.rels.values():
        if relationship.reltype.endswith("/theme"):
            theme = etree.fromstring(relationship.target_part.blob)
            latin = theme.find(f".//{{{A_NS}}}{which}Font/{{{A_NS}}}latin")
            assert latin is not None
            return str(latin.get("typeface"))
    raise AssertionError("template without a theme")


def body_text(formats: DocxFormat, text: str) -> ParagraphFormat:
    return next(p for p in formats.paragraphs if p.text == text)


# --------------------------------------------------------------------------- fonts


def test_font_comes_from_the_style_chain_unless_set_on_the_run() -> None:
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    derived = document.styles.add_style("Body VN", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = normal
    paragraph = document.add_paragraph(style="Body VN")
    paragraph.add_run("theo kiểu ")
    direct = paragraph.add_run("trực tiếp")
    direct.font.name = "Arial"

    formats = read(document)

    inherited_run, direct_run = body_text(formats, "theo kiểu trực tiếp").runs
    assert inherited_run.font == "Times New Roman"
    assert inherited_run.fonts["hAnsi"] == "Times New Roman"  # Vietnamese letters use hAnsi
    assert inherited_run.size_pt == 14.0
    assert direct_run.font == "Arial"
    assert direct_run.size_pt == 14.0  # size still inherited from Normal through basedOn
    assert formats.styles["BodyVN"].based_on == "Normal"
    assert formats.styles["Normal"].font == "Times New Roman"


def test_theme_fonts_of_the_default_template_are_resolved_and_reported() -> None:
    document = docx.Document()
    document.add_heading("Heading", level=1)
    document.add_paragraph("Body")
    minor = theme_latin_face(document, "minor")
    major = theme_latin_face(document, "major")
    assert minor != major  # otherwise the assertions below could not tell them apart

    formats = read(document)

    assert formats.default_fonts["ascii"] == minor
    assert body_text(formats, "Body").runs[0].font == minor
    assert body_text(formats, "Heading").runs[0].font == major
    assert any("w:docDefaults" in place and "asciiTheme=minorHAnsi" in place for place in formats.theme_font_attributes)
    assert any("[style Heading1]" in place for place in formats.theme_font_attributes)


def test_theme_attribute_wins_over_the_explicit_face_and_audit_can_be_clean() -> None:
    document = docx.Document()
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attribute}"), None)
        fonts.set(qn("w:ascii"), "Times New Roman")
        fonts.set(qn("w:hAnsi"), "Times New Roman")
    run = document.add_paragraph().add_run("chữ")
    run.font.name = "Arial"
    clean = read(document)
    assert clean.theme_font_attributes == []
    assert clean.default_fonts == {"ascii": "Times New Roman", "hAnsi": "Times New Roman"}

    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:asciiTheme"), "majorHAnsi")
    themed = read(document)

    assert body_text(themed, "chữ").runs[0].font == theme_latin_face(document, "major")
    assert body_text(themed, "chữ").runs[0].fonts["hAnsi"] == "Arial"
    assert len(themed.theme_font_attributes) == 1
    assert themed.theme_font_attributes[0].startswith("word/document.xml: /w:document/w:body")


# --------------------------------------------------------------------------- numbering

NUMBERING_DEFINITIONS = """
<w:abstractNum {ns} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>
    <w:lvlText w:val="%1."/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="27"/><w:numFmt w:val="upperLetter"/>
    <w:lvlRestart w:val="0"/><w:lvlText w:val="%1.%3)"/></w:lvl>
</w:abstractNum>
<w:abstractNum {ns} w:abstractNumId="91">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>
    <w:lvlText w:val="-"/></w:lvl>
</w:abstractNum>
<w:num {ns} w:numId="90"><w:abstractNumId w:val="90"/></w:num>
<w:num {ns} w:numId="91"><w:abstractNumId w:val="90"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num {ns} w:numId="92"><w:abstractNumId w:val="91"/></w:num>
"""


def add_numbering(document: WordDocument) -> None:
    numbering = document.part.numbering_part.element
    wrapped = f"<root>{NUMBERING_DEFINITIONS.format(ns=NSDECL)}</root>"
    definitions = list(etree.fromstring(wrapped))
    abstracts = [item for item in definitions if item.tag == qn("w:abstractNum")]
    nums = [item for item in definitions if item.tag == qn("w:num")]
    first_num = numbering.find(qn("w:num"))
    for abstract in abstracts:  # abstractNum elements must precede every w:num
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
    for num in nums:
        numbering.append(num)


def numbered(document: WordDocument, text: str, num_id: int, level: int) -> None:
    paragraph = document.add_paragraph(text)
    number_properties = xml(f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    paragraph._p.get_or_add_pPr().append(number_properties)


def test_upper_roman_list_with_restarts_and_shared_counters() -> None:
    document = docx.Document()
    add_numbering(document)
    dash_style = document.styles.add_style("Gach dau dong", WD_STYLE_TYPE.PARAGRAPH)
    dash_style.element.get_or_add_pPr().append(xml('<w:numPr><w:numId w:val="92"/></w:numPr>'))
    numbered(document, "Tình hình", 90, 0)
    numbered(document, "Kết quả một", 90, 1)
    numbered(document, "Kết quả hai", 90, 1)
    numbered(document, "Chữ cái", 90, 2)
    numbered(document, "Phương hướng", 90, 0)
    numbered(document, "Nhiệm vụ một", 90, 1)  # restarted by the level above
    numbered(document, "Chữ cái tiếp", 90, 2)  # lvlRestart 0: never restarts
    document.add_paragraph("Gạch đầu dòng", style="Gach dau dong")
    numbered(document, "Danh sách mới", 91, 0)  # startOverride: restart at I
    numbered(document, "Tiếp tục", 90, 0)  # same abstract: continues the shared counter
    document.add_paragraph("Không đánh số")

    formats = read(document)

    labels = {p.text: p.label for p in formats.paragraphs}
    assert labels == {
        "Tình hình": "I.",
        "Kết quả một": "1.",
        "Kết quả hai": "2.",
        "Chữ cái": "I.AA)",
        "Phương hướng": "II.",
        "Nhiệm vụ một": "1.",
        "Chữ cái tiếp": "II.BB)",
        "Gạch đầu dòng": "-",
        "Danh sách mới": "I.",
        "Tiếp tục": "II.",
        "Không đánh số": None,
    }
    first = body_text(formats, "Tình hình")
    assert (first.num_id, first.list_level) == (90, 0)
    assert first.left_indent_twips == 720  # indentation of the list level
    assert first.first_line_indent_twips == -360  # hanging is negative


# --------------------------------------------------------------------------- paragraph properties


def test_bold_centered_title_inherited_from_a_style() -> None:
    document = docx.Document()
    title = document.styles.add_style("Tieu de VB", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = document.styles["Normal"]
    title.font.bold = True
    title.font.all_caps = True
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    emphasis = document.styles.add_style("Nhan manh", WD_STYLE_TYPE.CHARACTER)
    emphasis.font.italic = True
    paragraph = document.add_paragraph("BÁO CÁO", style="Tieu de VB")
    plain = paragraph.add_run(" thường")
    plain.bold = False  # <w:b w:val="0"/> switches the style's bold off
    paragraph.add_run(" nghiêng", style="Nhan manh")

    formats = read(document)

    result = body_text(formats, "BÁO CÁO thường nghiêng")
    assert result.alignment == "center"
    assert result.style_name == "Tieu de VB"
    inherited, switched_off, character_styled = result.runs
    assert inherited.bold and inherited.caps
    assert not switched_off.bold
    assert character_styled.italic and character_styled.bold
    assert character_styled.style_id == "Nhanmanh"
    assert formats.styles["TieudeVB"].bold


def test_indents_spacing_outline_and_borders_are_resolved() -> None:
    document = docx.Document()
    body = document.styles.add_style("Noi dung", WD_STYLE_TYPE.PARAGRAPH)
    body.paragraph_format.first_line_indent = Mm(10)
    body.paragraph_format.space_before = Pt(6)
    body.element.get_or_add_pPr().append(
        xml(
            '<w:pBdr><w:top w:val="single" w:sz="4" w:space="1" w:color="auto"/>'
            '<w:bottom w:val="single" w:sz="8" w:space="1" w:color="auto"/></w:pBdr>'
        )
    )
    document.add_paragraph("Đoạn theo kiểu", style="Noi dung")
    overridden = document.add_paragraph("Đoạn treo", style="Noi dung")
    overridden.paragraph_format.line_spacing = Pt(18)  # exact 18 pt
    overridden.paragraph_format.space_after = Pt(0)
    for fragment in (
        '<w:pBdr><w:top w:val="nil"/></w:pBdr>',
        '<w:ind w:hanging="284"/>',
        '<w:jc w:val="end"/>',
    ):
        overridden._p.get_or_add_pPr().append(xml(fragment))
    document.add_heading("Mục lớn", level=2)

    formats = read(document)

    first = body_text(formats, "Đoạn theo kiểu")
    assert first.first_line_indent_twips == 567
    assert first.space_before_twips == 120
    assert first.space_after_twips == 200  # docDefaults of the template
    assert first.line_spacing == pytest.approx(276 / 240)
    assert first.line_spacing_rule == "auto"
    assert first.alignment == "left"
    assert set(first.borders) == {"top", "bottom"}
    assert first.borders["bottom"]["sz"] == "8"
    second = body_text(formats, "Đoạn treo")
    assert second.first_line_indent_twips == -284
    assert second.alignment == "right"
    assert second.line_spacing_rule == "exact"
    assert second.line_twips == 360
    assert second.line_spacing is None
    assert second.space_after_twips == 0
    assert set(second.borders) == {"bottom"}  # the direct nil removes the style's top border
    heading = body_text(formats, "Mục lớn")
    assert heading.outline_level == 1
    assert heading.keep_next
    assert first.outline_level is None


def test_runs_in_wrappers_are_read_and_deleted_runs_ignored() -> None:
    document = docx.Document()
    append_to_body(
        document,
        "<w:p>"
        '<w:r><w:br w:type="page"/></w:r>'
        "<w:r><w:t>Trước</w:t><w:tab/></w:r>"
        '<w:hyperlink r:id="rIdX"><w:r><w:t>liên kết</w:t></w:r></w:hyperlink>'
        '<w:ins w:id="1" w:author="a"><w:r><w:t xml:space="preserve"> chèn</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>xóa</w:delText></w:r></w:del>'
        "<w:smartTag><w:r><w:t> thẻ</w:t></w:r></w:smartTag>"
        "<w:sdt><w:sdtContent><w:r><w:t> ô</w:t><w:br/></w:r></w:sdtContent></w:sdt>"
        '<w:r><w:t>a</w:t><w:noBreakHyphen/><w:t>b</w:t><w:sym w:char="F0B7"/></w:r>'
        "</w:p>",
    )
    append_to_body(
        document,
        '<w:p><w:r><w:t>giữa</w:t><w:br w:type="page"/><w:t>trang</w:t></w:r></w:p>',
    )

    formats = read(document)

    first, second = formats.paragraphs
    assert first.text == "Trước\tliên kết chèn thẻ ô\na-b"
    assert first.page_break_before
    assert second.text == "giữatrang"
    assert not second.page_break_before


# --------------------------------------------------------------------------- page, header, fields


def test_page_setup_in_millimetres() -> None:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(12.5)

    page = read(document).page

    assert (page.width_mm, page.height_mm) == (210.0, 297.0)
    assert (page.top_mm, page.bottom_mm, page.left_mm, page.right_mm) == (20, 20, 30, 15)
    assert page.header_mm == 12.5
    assert page.orientation == "portrait"
    assert not page.title_page


PAGE_FIELD = (
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    "<w:r><w:t>2</w:t></w:r>"
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
)


def test_page_number_field_in_header_from_the_second_page() -> None:
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header_paragraph = section.header.paragraphs[0]
    header_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in xml(f"<w:p>{PAGE_FIELD}</w:p>"):
        header_paragraph._p.append(run)
    section.footer.paragraphs[0]._p.append(
        xml('<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple>')
    )
    document.add_paragraph("Nội dung")
    document.add_section()  # without header references: it inherits the first section's

    formats = read(document)

    assert len(formats.sections) == 2
    assert formats.page.title_page  # python-docx copies titlePg into the new section
    assert formats.headers["first"] == ()
    header = formats.headers["default"]
    assert header[0].alignment == "center"
    assert header[0].story == "header:default"
    assert header[0].text == "2"
    (page_field,) = formats.fields_named("PAGE")
    assert (page_field.story, page_field.kind, page_field.result) == ("header:default", "complex", "2")
    assert page_field.instruction == " PAGE "
    (total,) = formats.fields_named("numpages")
    assert (total.story, total.kind, total.result) == ("footer:default", "simple", "9")
    assert formats.footers["default"][0].text == "9"


# --------------------------------------------------------------------------- footnotes

FOOTNOTES_XML = f"""<w:footnotes {NSDECL}>
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0">
    <w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
  <w:footnote w:id="1">
    <w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>
      <w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>
      <w:r><w:t xml:space="preserve"> Theo Nghị định 30/2020/NĐ-CP.</w:t></w:r></w:p>
  </w:footnote>
</w:footnotes>"""


def test_footnote_reference_and_footnote_text() -> None:
    document = docx.Document()
    text_style = document.styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
    text_style.element.set(qn("w:styleId"), "FootnoteText")
    text_style.font.size = Pt(10)
    reference_style = document.styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
    reference_style.element.set(qn("w:styleId"), "FootnoteReference")
    reference_style.font.superscript = True
    part = Part(
        PackURI("/word/footnotes.xml"),
        CONTENT_TYPE.WML_FOOTNOTES,
        FOOTNOTES_XML.encode(),
        document.part.package,
    )
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    paragraph = document.add_paragraph("Căn cứ")
    paragraph._p.append(
        xml('<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>')
    )

    formats = read(document)

    reference = body_text(formats, "Căn cứ").runs[-1]
    assert reference.is_footnote_reference
    assert reference.footnote_id == 1
    assert reference.superscript  # from the character style, not set on the run
    assert not body_text(formats, "Căn cứ").runs[0].superscript
    assert list(formats.footnotes) == [1]
    (note,) = formats.footnotes[1]
    assert note.story == "footnote:1"
    assert note.text == " Theo Nghị định 30/2020/NĐ-CP."
    assert note.runs[0].is_footnote_number and note.runs[0].superscript
    assert note.runs[1].size_pt == 10.0


# --------------------------------------------------------------------------- tables


def test_table_header_row_borders_and_cell_positions() -> None:
    document = docx.Document()
    document.add_paragraph("Trước bảng")
    grid = document.add_table(rows=3, cols=2)
    grid.style = "Table Grid"
    grid.cell(0, 0).text, grid.cell(0, 1).text = "STT", "Nội dung"
    grid.cell(1, 1).text = "Dòng một"
    grid.rows[0]._tr.get_or_add_trPr().append(xml("<w:tblHeader/>"))
    nested = grid.cell(2, 1).add_table(rows=1, cols=1)
    nested.cell(0, 0).text = "lồng"
    plain = document.add_table(rows=1, cols=2)
    plain.cell(0, 0).text = "không viền"
    plain.cell(0, 1)._tc.get_or_add_tcPr().append(xml('<w:tcBorders><w:bottom w:val="single" w:sz="4"/></w:tcBorders>'))
    borderless = document.add_table(rows=1, cols=1)
    borderless.cell(0, 0).text = "trống"

    formats = read(document)

    first, second, third = formats.tables
    assert first.rows[0] == ("STT", "Nội dung")
    # The cell's own empty paragraph, the nested table, the paragraph a cell must end with.
    assert first.rows[2] == ("", "\nlồng\n")
    assert first.header_rows == (0,) and first.repeated_header_rows == 1
    assert first.has_borders and first.borders["insideH"]["val"] == "single"
    assert len(first.column_widths_twips) == 2 and all(first.column_widths_twips)
    assert not second.borders and second.has_borders  # only a cell border
    assert second.cell_borders == {(0, 1): {"bottom": {"val": "single", "sz": "4"}}}
    assert not third.has_borders
    cell = body_text(formats, "Dòng một")
    assert (cell.in_table, cell.table_index, cell.cell) == (True, 0, (1, 1))
    inner = body_text(formats, "lồng")
    assert (inner.table_index, inner.cell) == (0, (2, 1))
    assert not body_text(formats, "Trước bảng").in_table
    assert cell.space_after_twips == 0  # Table Grid's pPr beats docDefaults in cells
    assert body_text(formats, "Trước bảng").space_after_twips == 200


def test_merged_cells_keep_their_grid_column() -> None:
    """A row starting after two empty grid columns (w:gridBefore) and a cell spanning two: the cells' columns."""
    document = docx.Document()
    append_to_body(
        document,
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Kết quả</w:t></w:r></w:p></w:tc>'
        "<w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"
        '<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr><w:tc><w:p/></w:tc>'
        '<w:tc><w:tcPr><w:gridSpan w:val="999999"/></w:tcPr><w:p><w:r><w:t>hỏng</w:t></w:r></w:p></w:tc></w:tr>'
        "</w:tbl>",
    )

    [table] = read(document).tables

    assert table.cell_columns == ((0, 2, 3), (2, 3))
    assert (table.grid_column(0, 1), table.grid_column(1, 0), table.grid_column(5, 1)) == (2, 2, 1)
    # Word has at most 63 columns: a damaged span counts as that, not as a million empty columns.
    assert table.column_count == 3 + 63


def test_the_public_walk_gives_the_paragraphs_in_the_order_they_are_read() -> None:
    """Through content controls, custom XML, tracked insertions and nested tables; not through deleted text."""
    document = docx.Document()
    document.add_paragraph("một")
    append_to_body(document, "<w:sdt><w:sdtContent><w:p><w:r><w:t>hai</w:t></w:r></w:p></w:sdtContent></w:sdt>")
    append_to_body(
        document,
        "<w:tbl><w:tr><w:customXml><w:tc><w:p><w:r><w:t>ba</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>bốn</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc>"
        "</w:customXml></w:tr></w:tbl>",
    )
    append_to_body(document, '<w:ins w:id="1" w:author="a"><w:p><w:r><w:t>năm</w:t></w:r></w:p></w:ins>')
    append_to_body(document, '<w:del w:id="2" w:author="a"><w:p><w:r><w:t>xóa</w:t></w:r></w:p></w:del>')

    formats = read(document)
    tables: list[etree._Element] = []
    walked = list(story_paragraphs(document.element.body, tables))

    texts = ["".join(node.text or "" for node in paragraph.iter(qn("w:t"))) for paragraph, _ in walked]
    assert texts == [paragraph.text for paragraph in formats.paragraphs] == ["một", "hai", "ba", "bốn", "", "năm"]
    assert len(tables) == len(formats.tables) == 1
    places = [(place.table_index, place.cell) if place else None for _, place in walked]
    assert places == [None, None, (0, (0, 0)), (0, (0, 0)), (0, (0, 0)), None]
    assert walked[3][1] is not None and walked[3][1].table is not tables[0]  # the nested table, whose style applies


# --------------------------------------------------------------------------- sources and speed


def test_reads_paths_and_file_objects(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("một")
    path = tmp_path / "bao-cao.docx"
    document.save(str(path))

    from_path = read_docx_format(path)
    with path.open("rb") as handle:
        from_file = read_docx_format(handle)

    assert [p.text for p in from_path.paragraphs] == ["một"]
    assert from_file.paragraphs == from_path.paragraphs


def test_shapes_anchored_in_a_paragraph_are_counted() -> None:
    document = docx.Document()
    drawn = document.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    drawn._p.append(
        xml('<w:r><w:pict><v:line xmlns:v="urn:schemas-microsoft-com:vml" from="0,0" to="100pt,0"/></w:pict></w:r>')
    )
    modern = document.add_paragraph()
    modern._p.append(
        xml(
            '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            '<mc:Choice Requires="wps"><w:drawing/></mc:Choice><mc:Fallback><w:pict/></mc:Fallback>'
            "</mc:AlternateContent></w:r>"
        )
    )
    document.add_paragraph("chữ thường")

    formats = read(document)

    assert [p.drawings for p in formats.paragraphs] == [1, 1, 0]
    assert formats.paragraphs[0].text == "Độc lập - Tự do - Hạnh phúc"


def test_a_package_without_a_body_is_refused_in_vietnamese() -> None:
    document = docx.Document()
    body = document.element.body
    document.element.remove(body)
    buffer = io.BytesIO()
    document.save(buffer)

    with pytest.raises(PackageRefused) as refused:
        read_docx_format(buffer.getvalue())

    assert "Word" in str(refused.value) and "Lưu thành" in str(refused.value)


def test_a_thirty_page_document_reads_quickly() -> None:
    document = docx.Document()
    for index in range(450):
        paragraph = document.add_paragraph(f"Đoạn {index} ")
        for word in range(8):
            paragraph.add_run(f"từ {word} ").bold = word % 2 == 0
    buffer = io.BytesIO()
    document.save(buffer)

    started = time.perf_counter()
    formats = read_docx_format(buffer.getvalue())
    elapsed = time.perf_counter() - started

    assert len(formats.paragraphs) == 450
    assert sum(len(p.runs) for p in formats.paragraphs) == 450 * 9
    assert elapsed < 30  # a hang guard only: a normal read takes a few tens of milliseconds
