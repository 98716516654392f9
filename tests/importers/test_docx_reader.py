"""The .docx reader: what Word stores in its own ways — list numbering, merged cells, text boxes, hidden text,
old TCVN3 fonts — and the program's own .docx read back."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from app.core.model import Bullet, Paragraph, Report, Span, Table, walk_sections
from app.core.report_file import read_report
from app.importers.files import import_docx
from app.importers.result import ImportRefused, ImportResult
from app.render.docx import render_docx
from tests.conftest import EXAMPLE_NAMES, example_path
from tests.importers.measure import section_tree, words_in_order
from tests.importers.word_typed import tcvn3_runs

W = nsdecls("w")


def document_with(*body_xml: str, numbering: str = "") -> bytes:
    """A .docx made by python-docx with a header, a title and the given body elements (raw WordprocessingML)."""
    document: Any = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).paragraphs[0].add_run("ỦY BAN NHÂN DÂN XÃ TRÀ TÂY").bold = True
    table.cell(0, 1).paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    document.add_paragraph().add_run("BÁO CÁO").bold = True
    document.add_paragraph().add_run("Công tác năm 2024").bold = True
    body = document.element.body
    for xml in body_xml:
        body.insert(len(body) - 1, parse_xml(xml))  # before the final sectPr
    if numbering:
        part = document.part.numbering_part.element
        for element in parse_xml(f"<w:numbering {W}>{numbering}</w:numbering>"):
            part.append(element)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def paragraph_xml(text: str, *, bold: bool = False, properties: str = "", run_properties: str = "") -> str:
    run = f"<w:rPr>{'<w:b/>' if bold else ''}{run_properties}</w:rPr>"
    return f'<w:p {W}><w:pPr>{properties}</w:pPr><w:r>{run}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def body_of(result: ImportResult) -> list[tuple[int, str]]:
    """(depth, what) for every section and block, to compare a document's shape at a glance."""
    shape: list[tuple[int, str]] = []
    for depth, section in walk_sections(result.report.sections):
        shape.append((depth, f"§ {section.title}"))
        for block in section.blocks:
            if isinstance(block, Bullet):
                shape.append((depth, f"- {block.plain_text}"))
            elif isinstance(block, Paragraph):
                shape.append((depth, block.plain_text))
            elif isinstance(block, Table):
                shape.append((depth, "bảng"))
    return shape


# -- Word's own list numbering -------------------------------------------------------------------------


LISTS = (
    '<w:abstractNum w:abstractNumId="71">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="72">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="71"><w:abstractNumId w:val="71"/></w:num>'
    '<w:num w:numId="72"><w:abstractNumId w:val="72"/></w:num>'
)


def listed(text: str, num_id: int, level: int = 0, *, bold: bool = False) -> str:
    numbering = f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    return paragraph_xml(text, bold=bold, properties=numbering)


def test_words_own_list_numbering_gives_headings_and_bullets() -> None:
    data = document_with(
        listed("TÌNH HÌNH CHUNG", 71, bold=True),
        paragraph_xml("Xã có 729 hộ."),
        listed("Thuận lợi", 71, 1, bold=True),
        listed("Được sự quan tâm của cấp ủy;", 72),
        listed("Nhân dân đồng thuận.", 72),
        listed("KẾT QUẢ", 71, bold=True),
        paragraph_xml("Đạt kế hoạch."),
        numbering=LISTS,
    )
    assert body_of(import_docx(data)) == [
        (1, "§ Tình hình chung"),
        (1, "Xã có 729 hộ."),
        (2, "§ Thuận lợi"),
        (2, "- Được sự quan tâm của cấp ủy;"),
        (2, "- Nhân dân đồng thuận."),
        (1, "§ Kết quả"),
        (1, "Đạt kế hoạch."),
    ]


def test_word_numbered_paragraphs_that_are_not_headings_keep_their_number_as_text() -> None:
    data = document_with(
        listed("PHƯƠNG HƯỚNG", 71, bold=True),
        listed("Tiếp tục thực hiện công tác tuyên truyền, quán triệt nâng cao nhận thức của cán bộ.", 71, 1),
        listed("Tăng cường công tác phối hợp, sơ kết, tổng kết, phát hiện nhân tố mới.", 71, 1),
        numbering=LISTS,
    )
    assert body_of(import_docx(data)) == [
        (1, "§ Phương hướng"),
        (1, "1. Tiếp tục thực hiện công tác tuyên truyền, quán triệt nâng cao nhận thức của cán bộ."),
        (1, "2. Tăng cường công tác phối hợp, sơ kết, tổng kết, phát hiện nhân tố mới."),
    ]


# -- tables, text boxes, hidden text, spans -------------------------------------------------------------


def cell_xml(text: str, properties: str = "") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{paragraph_xml(text).replace(f' {W}', '')}</w:tc>"


def imported_table(rows: str) -> Table:
    """The one table of a report whose section I holds a three-column table with these rows."""
    grid = '<w:tblGrid><w:gridCol w:w="1000"/><w:gridCol w:w="3000"/><w:gridCol w:w="2000"/></w:tblGrid>'
    table = f'<w:tbl {W}><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{grid}{rows}</w:tbl>'
    data = document_with(paragraph_xml("I. KẾT QUẢ", bold=True), table, paragraph_xml("Nội dung sau bảng."))
    [found] = [
        block
        for _, s in walk_sections(import_docx(data).report.sections)
        for block in s.blocks
        if isinstance(block, Table)
    ]
    return found


def test_merged_cells_keep_their_text_in_the_first_cell_of_the_merge() -> None:
    restart, merged, span = '<w:vMerge w:val="restart"/>', "<w:vMerge/>", '<w:gridSpan w:val="2"/>'
    found = imported_table(
        f"<w:tr>{cell_xml('STT', restart)}{cell_xml('Kết quả', span)}</w:tr>"
        f"<w:tr>{cell_xml('', merged)}{cell_xml('Nội dung')}{cell_xml('Số lượng')}</w:tr>"
        f"<w:tr>{cell_xml('1')}{cell_xml('Giấy khen')}{cell_xml('12')}</w:tr>"
    )
    assert found.header == [["STT", "Kết quả", None]]
    assert found.rows == [[None, "Nội dung", "Số lượng"], [1, "Giấy khen", 12]]


def test_a_row_that_starts_after_empty_grid_columns_keeps_its_cells_in_their_columns() -> None:
    found = imported_table(
        f"<w:tr>{cell_xml('STT')}{cell_xml('Nội dung')}{cell_xml('Số lượng')}</w:tr>"
        f'<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>{cell_xml("15")}</w:tr>'
    )
    assert found.header == [["STT", "Nội dung", "Số lượng"]]
    assert found.rows == [[None, None, 15]]


def test_text_in_a_text_box_is_kept_after_its_anchor() -> None:
    box = (
        f'<w:p {W}><w:r><w:t xml:space="preserve">Kết quả cụ thể như sau. </w:t></w:r><w:r><w:pict>'
        '<v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
        "<w:p><w:r><w:t>Mô hình Nồi cháo tình thương</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    )
    result = import_docx(document_with(paragraph_xml("I. KẾT QUẢ", bold=True), box))
    assert body_of(result)[1:] == [(1, "Kết quả cụ thể như sau."), (1, "Mô hình Nồi cháo tình thương")]
    assert any("text box" in note.message for note in result.notes if note.kind == "check")


def test_hidden_text_is_left_out_with_a_note() -> None:
    hidden = (
        f'<w:p {W}><w:r><w:t xml:space="preserve">Đạt kế hoạch. </w:t></w:r>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>Ghi chú riêng của người soạn.</w:t></w:r></w:p>"
    )
    result = import_docx(document_with(paragraph_xml("I. KẾT QUẢ", bold=True), hidden))
    assert body_of(result)[1:] == [(1, "Đạt kế hoạch.")]
    assert any("ẩn" in note.message for note in result.notes if note.kind == "check")


def test_bold_and_italic_spans_are_kept() -> None:
    mixed = (
        f'<w:p {W}><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Kết quả: </w:t></w:r>'
        '<w:r><w:t xml:space="preserve">đạt </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>105%</w:t></w:r></w:p>'
    )
    report = import_docx(document_with(paragraph_xml("I. KẾT QUẢ", bold=True), mixed)).report
    [paragraph] = report.sections[0].blocks
    assert isinstance(paragraph, Paragraph)
    assert paragraph.inline == [Span("Kết quả: ", bold=True), Span("đạt "), Span("105%", italic=True)]


# -- the old TCVN3 encoding ------------------------------------------------------------------------------


def tcvn3_paragraph(text: str, *, bold: bool = False) -> str:
    runs = "".join(
        f'<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>{"<w:b/>" if bold else ""}</w:rPr>'
        f'<w:t xml:space="preserve">{stored}</w:t></w:r>'
        for font, stored in tcvn3_runs(text)
    )
    return f"<w:p {W}>{runs}</w:p>"


def test_text_typed_in_vntime_is_converted_to_unicode() -> None:
    data = document_with(
        tcvn3_paragraph("I. TÌNH HÌNH CHUNG", bold=True),
        tcvn3_paragraph("Xã Trà Tây là một xã miền núi, Ủy ban nhân dân xã gồm có 11 cán bộ."),
    )
    result = import_docx(data)
    assert body_of(result) == [
        (1, "§ Tình hình chung"),
        (1, "Xã Trà Tây là một xã miền núi, Ủy ban nhân dân xã gồm có 11 cán bộ."),
    ]
    assert any("TCVN3" in note.message for note in result.notes if note.kind == "recognised")


def test_tcvn3_text_whose_font_was_changed_to_times_new_roman_is_still_converted() -> None:
    # "ê" and "ô" are TCVN3's ờ and ụ: a run holding them is not Unicode Vietnamese for that alone.
    data = document_with(
        paragraph_xml("I. KẾT QUẢ"),
        paragraph_xml(
            "§êi sèng nh©n d©n ®\u00adîc c¶i thiÖn râ rÖt, thu nhËp b×nh qu©n t¨ng.",
            run_properties=('<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'),
        ),
    )
    result = import_docx(data)
    assert body_of(result)[1] == (1, "Đời sống nhân dân được cải thiện rõ rệt, thu nhập bình quân tăng.")
    assert any("TCVN3" in note.message for note in result.notes if note.kind == "recognised")


# -- the program's own documents, and broken ones ----------------------------------------------------------


@pytest.mark.parametrize("profile", ["state", "party"])
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_programs_own_docx_reads_back_as_the_same_report(name: str, profile: str) -> None:
    source: Report = dataclasses.replace(read_report(example_path(name)), profile=profile)  # type: ignore[arg-type]
    report = import_docx(render_docx(source)).report
    assert section_tree(report.sections) == section_tree(source.sections)
    assert words_in_order(source, report) >= 0.99
    assert report.profile == profile
    assert (report.issuer, report.date, report.summary, report.to) == (
        source.issuer,
        source.date,
        source.summary,
        source.to,
    )
    assert (report.recipients, report.archive, report.signature) == (
        source.recipients,
        source.archive,
        source.signature,
    )


def test_a_path_bytes_or_an_open_file_give_the_same_report(tmp_path: Path) -> None:
    data = render_docx(read_report(example_path(EXAMPLE_NAMES[0])))
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(data)
    from_path = import_docx(path)
    assert from_path.source == "bao-cao.docx"
    with path.open("rb") as stream:
        assert import_docx(stream).report == from_path.report == import_docx(data).report


def test_a_docx_with_broken_xml_is_refused_in_vietnamese() -> None:
    original = zipfile.ZipFile(io.BytesIO(document_with(paragraph_xml("I. A"))))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        for item in original.infolist():
            content = original.read(item)
            archive.writestr(item, content[: len(content) // 2] if item.filename == "word/document.xml" else content)
    with pytest.raises(ImportRefused) as refused:
        import_docx(broken.getvalue(), name="hong.docx")
    assert "hãy" in str(refused.value).lower()
