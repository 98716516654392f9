"""Benchmark: a 30-page report rendered by our renderer and, as a baseline, by docxtpl.

The 30 pages are an example report whose sections are repeated until the body holds
30 × 450 words (a printed A4 page of our layout at 14 pt). The baseline is a docxtpl template built here
with python-docx (same page setup, header table, headings, paragraphs, bullets, tables,
Nơi nhận and signature), filled with the same content, so both sides do comparable work.

Timed, for each side: report or context in memory → .docx bytes in memory. The two sides run
interleaved (ours, docxtpl, ours, …) so machine noise hits both alike. The script reports;
it exits 0 whatever the timings are (only a broken comparison, i.e. different text, fails).

    python bench/render.py [--runs N | --quick] [--example PATH] [--json]

With --json the figures go to stdout as a JSON list of objects with the keys name, median_ms,
baseline_ms, ratio, target and passed (target is the upper bound: milliseconds for a time,
a plain number for a ratio; null where there is no target), for bench/run_all.py.
"""

from __future__ import annotations

import argparse
import io
import string
import sys
import tempfile
import time
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Length, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl import DocxTemplate, RichText
from jinja2 import Environment, StrictUndefined

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/render.py`

from app.core.model import Bullet, Footnote, Inline, Report, Section, Span, Table
from app.core.numbering import numbered_children
from app.core.report_file import ReportFileError, read_report, report_from_data, report_to_data
from app.core.vietnamese import date_line, date_words, document_number, format_number, roman
from app.render.docx import render_docx
from bench.figures import Figure, bench_parser, median_ms, parse_bench_arguments, print_figures, reporter

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EXAMPLE = REPO.parent / "shared" / "examples" / "ubnd-xa-tra-tay-so-ket-2023.baocao.json"
WORDS_PER_PAGE = 450
"""Words on a printed A4 page of our layout: the Trà Tây example prints 3 142 words on 7 pages."""
TARGET_PAGES = 30
TARGET_MS = 100.0
TARGET_RATIO = 1.5
WARMUP_RUNS = 3
FULL_RUNS = 30
QUICK_RUNS = 7
MIN_WORD_OVERLAP = 0.95
TERMINATOR = "./."
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

GENERIC_TABLE: dict[str, Any] = {
    "type": "table",
    "caption": "Bảng 1. Kết quả khen thưởng Phong trào thi đua “Dân vận khéo” giai đoạn 2020 - 2023",
    "header": [["STT", "Nội dung", "Số tập thể", "Số cá nhân", "Tỷ lệ so với kế hoạch (%)"]],
    "rows": [
        [1, "Chủ tịch UBND huyện tặng Giấy khen", 2, 5, 100],
        [2, "Chủ tịch UBND xã tặng Giấy khen", 6, 18, 112.5],
        [3, "Khen thưởng chuyên đề “Dân vận khéo”", 3, 9, 90],
        [4, "Biểu dương tại hội nghị sơ kết", 4, 12, 100],
        [5, "Mô hình “Dân vận khéo” được công nhận", 5, None, 125],
        [6, "Cán bộ, công chức & người lao động tham gia", None, 1250, 98.4],
        [7, "Hộ dân tham gia các mô hình", None, 3468, 104.2],
        [8, "Kinh phí khen thưởng (đồng)", None, 12500000, 100],
    ],
    "notes": "Ghi chú: số liệu của Văn phòng HĐND & UBND xã; tỷ lệ < 100 % là chưa đạt kế hoạch.",
}
"""Added when the example has no table, so that both sides also build a table."""


# ---------------------------------------------------------------------------------------------
# The 30-page report


@dataclass(frozen=True, slots=True)
class ReportStats:
    words: int
    headings: int
    paragraphs: int
    bullets: int
    tables: int
    footnotes: int
    copies: int

    @property
    def pages(self) -> float:
        return self.words / WORDS_PER_PAGE


def count_words(text: str) -> int:
    return len(text.split())


def report_stats(report: Report, copies: int) -> ReportStats:
    """Words of headings, paragraphs, bullets and tables (footnotes not counted) and block counts."""
    counts = Counter[str]()

    def inline(parts: Inline) -> None:
        counts["words"] += count_words("".join(part.text for part in parts if isinstance(part, Span)))
        counts["footnotes"] += sum(isinstance(part, Footnote) for part in parts)

    def walk(sections: Iterable[Section]) -> None:
        for section in sections:
            counts["headings"] += 1
            counts["words"] += count_words(section.title)
            for block in section.blocks:
                if isinstance(block, Section):
                    continue
                if isinstance(block, Table):
                    counts["tables"] += 1
                    cells = [cell for row in (*block.header, *block.rows) for cell in row if cell is not None]
                    texts = [block.caption or "", block.notes or "", *(cell_text(cell) for cell in cells)]
                    counts["words"] += sum(count_words(text) for text in texts)
                else:
                    counts["bullets" if isinstance(block, Bullet) else "paragraphs"] += 1
                    inline(block.inline)
            walk(section.subsections())

    for item in (*report.opening, *report.closing):
        counts["paragraphs"] += 1
        inline(item.inline)
    walk(report.sections)
    for appendix in report.appendices:
        walk(appendix.sections)
    return ReportStats(
        words=counts["words"],
        headings=counts["headings"],
        paragraphs=counts["paragraphs"],
        bullets=counts["bullets"],
        tables=counts["tables"],
        footnotes=counts["footnotes"],
        copies=copies,
    )


def has_table(sections: Iterable[Section]) -> bool:
    return any(
        isinstance(block, Table) or (isinstance(block, Section) and has_table([block]))
        for section in sections
        for block in section.blocks
    )


def build_long_report(example: Report) -> tuple[Report, ReportStats, bool]:
    """The example with its sections repeated until it holds 30 pages of words; True if a table was added."""
    data = report_to_data(example)
    added_table = not has_table(example.sections) and bool(data["sections"])
    if added_table:
        sections = data["sections"]
        target = next((s for s in sections if s.get("role") == "ket-qua"), sections[-1])
        target["blocks"].insert(0, GENERIC_TABLE)
    report = report_from_data(data, source="bench")
    copies = 1
    while report_stats(report, copies).words < TARGET_PAGES * WORDS_PER_PAGE:
        report.sections.extend(report_from_data(data, source="bench").sections)
        copies += 1
    return report, report_stats(report, copies), added_table


# ---------------------------------------------------------------------------------------------
# The docxtpl baseline: context


def cell_text(cell: str | int | float | None) -> str:
    if cell is None:
        return ""
    return cell if isinstance(cell, str) else format_number(cell)


def clean_list_item(text: str) -> str:
    text = " ".join(text.split()).removeprefix("-").lstrip()
    return text.rstrip(";.,").rstrip()


def inline_value(parts: Inline, *, terminate: bool = False) -> tuple[str, str | RichText]:
    """The kind and value of a paragraph: plain text, or RichText when it has bold or italic spans.

    docxtpl cannot create footnotes, so a footnote's text is printed inline in brackets.
    """
    pieces: list[tuple[str, bool, bool]] = []
    for part in parts:
        if isinstance(part, Footnote):
            pieces.append((f" [{' '.join(part.text.split())}]", False, False))
        else:
            pieces.append((part.text, part.bold, part.italic))
    if terminate:
        text, bold, italic = pieces[-1] if pieces else ("", False, False)
        if not "".join(piece[0] for piece in pieces).rstrip().endswith(TERMINATOR):
            text = text.rstrip()
            pieces[-1:] = [((text[:-1] if text.endswith(".") else text) + TERMINATOR, bold, italic)]
    if not any(bold or italic for _, bold, italic in pieces):
        return "paragraph", "".join(text for text, _, _ in pieces)
    rich = RichText()
    for text, bold, italic in pieces:
        rich.add(text, bold=bold, italic=italic)
    return "rich", rich


def body_items(sections: list[Section], depth: int = 1) -> list[dict[str, Any]]:
    """Headings, paragraphs, bullets and tables in document order, as the renderer prints them."""
    items: list[dict[str, Any]] = []
    for numbered in numbered_children(sections, depth):
        label = f"{numbered.label} " if numbered.label else ""
        title = " ".join(numbered.section.title.split())
        items.append({"kind": f"heading{min(depth, 4)}", "label": label, "text": title})
        for block in numbered.section.blocks:
            if isinstance(block, Section):
                continue
            if isinstance(block, Table):
                items.append(
                    {
                        "kind": "table",
                        "caption": (block.caption or "").strip(),
                        "header": [[cell_text(cell) for cell in row] for row in block.header],
                        "rows": [
                            [{"text": cell_text(cell), "number": isinstance(cell, (int, float))} for cell in row]
                            for row in block.rows
                        ],
                        "notes": (block.notes or "").strip(),
                    }
                )
            else:
                kind, value = inline_value(block.inline)
                items.append({"kind": "bullet" if isinstance(block, Bullet) else kind, "text": value})
        items.extend(body_items(numbered.section.subsections(), depth + 1))
    return items


def template_context(report: Report) -> dict[str, Any]:
    """Everything the docxtpl template prints, prepared from the report as our renderer would."""
    kind = report.document_kind
    number = document_number(report.number, kind.abbreviation, report.issuer.code.strip())
    to = [" ".join(line.split()) for line in report.to if line.strip()]
    if len(to) > 1:
        to = [f"- {clean_list_item(line)};" for line in to]
        to[-1] = to[-1][:-1] + "."
    basis = [clean_list_item(line) for line in report.basis if line.strip()]
    recipients = [clean_list_item(line) for line in report.recipients if line.strip()]
    if report.to and not any(line.casefold() == "như trên" for line in recipients):
        recipients.insert(0, "Như trên")
    signature = report.signature
    signer_lines = []
    if signature.on_behalf_of and signature.on_behalf_of.strip():
        signer_lines.append(f"TM. {signature.on_behalf_of.strip().upper()}")
    if signature.mode and signature.head_title:
        signer_lines.append(f"{signature.mode}. {signature.head_title.strip().upper()}")
    if signature.title.strip():
        signer_lines.append(signature.title.strip().upper())
    closing = [inline_value(item.inline, terminate=index == len(report.closing) - 1)
               for index, item in enumerate(report.closing)]  # fmt: skip
    appendix_items: list[dict[str, Any]] = []
    reference = f"(Kèm theo {kind.title.capitalize()} {number.replace('Số: ', 'số ')} {date_words(report.date)})"
    for index, appendix in enumerate(report.appendices, start=1):
        heading = f"Phụ lục {roman(index)}" if len(report.appendices) > 1 else "Phụ lục"
        for line in (heading, " ".join(appendix.title.split()).upper(), reference):
            appendix_items.append({"kind": "centered", "text": line})
        appendix_items.extend(body_items(appendix.sections))
    return {
        "issuer_parent": (report.issuer.parent or "").strip().upper(),
        "issuer_name": "\n".join(line.strip() for line in report.issuer.name.upper().split("\n") if line.strip()),
        "number": number,
        "place_date": date_line(report.issuer.place.strip(), report.date),
        "title": (report.title or kind.title).upper(),
        "summary": "\n".join(line.strip() for line in (report.summary or "").strip().split("\n")),
        "to": [f"Kính gửi: {line}" if index == 0 else line for index, line in enumerate(to)],
        "basis": [item + ("." if index == len(basis) - 1 else ";") for index, item in enumerate(basis)],
        "opening": [dict(zip(("kind", "text"), inline_value(item.inline), strict=True)) for item in report.opening],
        "items": body_items(report.sections),
        "closing": [{"kind": kind_, "text": text} for kind_, text in closing],
        "recipients": recipients,
        "archive": clean_list_item(report.archive) or "VT",
        "drafter": (report.drafter or "").strip(),
        "signer_lines": signer_lines,
        "signer_name": " ".join(signature.name.split()),
        "appendix_items": appendix_items,
    }


# ---------------------------------------------------------------------------------------------
# The docxtpl baseline: template, built with python-docx at run time

# name: (size pt, bold, italic, alignment, first-line indent mm, space before pt, space after pt)
STYLES: dict[str, tuple[float, bool, bool, WD_ALIGN_PARAGRAPH, float, float, float]] = {
    "CoQuanChuQuan": (13, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    "CoQuanBanHanh": (13, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    "SoKyHieu": (13, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 6, 0),
    "QuocHieu": (13, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    "TieuNgu": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    "DiaDanhNgay": (14, False, True, WD_ALIGN_PARAGRAPH.CENTER, 0, 6, 0),
    "DuongKe": (6, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    "TenLoai": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 24, 0),
    "TrichYeu": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    "KinhGui": (14, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 6, 0),
    "CanCu": (14, False, True, WD_ALIGN_PARAGRAPH.JUSTIFY, 10, 6, 0),
    "NoiDung": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 10, 6, 0),
    "GachDauDong": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 10, 6, 0),
    "MucCap1": (14, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 10, 6, 0),
    "MucCap2": (14, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 10, 6, 0),
    "MucCap3": (14, True, True, WD_ALIGN_PARAGRAPH.JUSTIFY, 10, 6, 0),
    "MucCap4": (14, False, True, WD_ALIGN_PARAGRAPH.JUSTIFY, 10, 6, 0),
    "PhuLuc": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    "TenBang": (13, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 6, 6),
    "OTieuDeBang": (12, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 2, 2),
    "OBang": (12, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 2, 2),
    "OSo": (12, False, False, WD_ALIGN_PARAGRAPH.RIGHT, 0, 2, 2),
    "GhiChuBang": (12, False, True, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, 3, 0),
    "NoiNhanTieuDe": (12, True, True, WD_ALIGN_PARAGRAPH.LEFT, 0, 12, 0),
    "NoiNhan": (11, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, 0),
    "QuyenHanChucVu": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    "HoTenNguoiKy": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 84, 0),
}

ItemBranches = list[tuple[str, list[tuple[str, str]]]]
"""(Jinja condition, [(paragraph text, style)]) for each kind of body item."""

ITEM_BRANCHES: ItemBranches = [
    ("item.kind == 'heading1'", [("{{ item.label }}{{ item.text|upper }}", "MucCap1")]),
    ("item.kind == 'heading2'", [("{{ item.label }}{{ item.text }}", "MucCap2")]),
    ("item.kind == 'heading3'", [("{{ item.label }}{{ item.text }}", "MucCap3")]),
    ("item.kind == 'heading4'", [("{{ item.label }}{{ item.text }}", "MucCap4")]),
    ("item.kind == 'paragraph'", [("{{ item.text }}", "NoiDung")]),
    ("item.kind == 'rich'", [("{{r item.text }}", "NoiDung")]),
    ("item.kind == 'bullet'", [("- {{ item.text }}", "GachDauDong")]),
    ("item.kind == 'centered'", [("{{ item.text }}", "PhuLuc")]),
]


def build_template(path: Path) -> None:
    """A docxtpl template equivalent to what our renderer writes, saved at `path`."""
    document = docx.Document()
    setup_page(document)
    setup_styles(document)
    body_width = Mm(210 - 35 - 20)

    header = document.add_table(rows=2, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    set_widths(header, [Mm(62), Mm(103)])
    tag(left, "{%p if issuer_parent %}")
    add(left, "{{ issuer_parent }}", "CoQuanChuQuan")
    tag(left, "{%p endif %}")
    add(left, "{{ issuer_name }}", "CoQuanBanHanh")
    add_rule(left, Mm(18))
    add(right, NATIONAL_NAME, "QuocHieu")
    add(right, MOTTO, "TieuNgu")
    add_rule(right, Mm(20))
    add(header.rows[1].cells[0], "{{ number }}", "SoKyHieu")
    add(header.rows[1].cells[1], "{{ place_date }}", "DiaDanhNgay")

    add(document, "{{ title }}", "TenLoai")
    tag(document, "{%p if summary %}")
    add(document, "{{ summary }}", "TrichYeu")
    add_rule(document, Mm(55))
    tag(document, "{%p endif %}")
    loop(document, "line in to", [("{{ line }}", "KinhGui")])
    loop(document, "line in basis", [("{{ line }}", "CanCu")])
    add_items_loop(document, "opening", body_width)
    add_items_loop(document, "items", body_width)
    add_items_loop(document, "closing", body_width)

    signature = document.add_table(rows=1, cols=2)
    set_widths(signature, [Mm(62), Mm(93)])
    recipients, signer = signature.rows[0].cells
    add(recipients, "Nơi nhận:", "NoiNhanTieuDe")
    loop(recipients, "line in recipients", [("- {{ line }};", "NoiNhan")])
    add(recipients, "- Lưu: {{ archive }}.", "NoiNhan")
    tag(recipients, "{%p if drafter %}")
    add(recipients, "{{ drafter }}", "NoiNhan")
    tag(recipients, "{%p endif %}")
    loop(signer, "line in signer_lines", [("{{ line }}", "QuyenHanChucVu")])
    add(signer, "{{ signer_name }}", "HoTenNguoiKy")
    add_items_loop(document, "appendix_items", body_width)
    for cell in (left, right, recipients, signer, *header.rows[1].cells):
        drop_first_empty_paragraph(cell)
    document.save(str(path))


def setup_page(document: Any) -> None:
    """A4, margins 25/20/35/20 mm, page number in the header from page 2 on."""
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)
    section.left_margin, section.right_margin = Mm(35), Mm(20)
    section.header_distance = section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for xml in (
        '<w:r {}><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r {}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        '<w:r {}><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r {}><w:t>2</w:t></w:r>",
        '<w:r {}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        number._p.append(parse_xml(xml.format(nsdecls("w"))))


def setup_styles(document: Any) -> None:
    """Times New Roman 14 pt everywhere and one paragraph style per kind of paragraph."""
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, (size, bold, italic, alignment, indent, before, after) in STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        style.paragraph_format.alignment = alignment
        style.paragraph_format.first_line_indent = Mm(indent) if indent else None
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)


def add(container: Any, text: str, style: str) -> DocxParagraph:
    paragraph: DocxParagraph = container.add_paragraph(text, style=style)
    return paragraph


def tag(container: Any, text: str) -> None:
    """A paragraph holding only a paragraph-level Jinja tag (docxtpl removes the paragraph)."""
    container.add_paragraph(text)


def loop(container: Any, head: str, paragraphs: list[tuple[str, str]]) -> None:
    tag(container, f"{{%p for {head} %}}")
    for text, style in paragraphs:
        add(container, text, style)
    tag(container, "{%p endfor %}")


def add_items_loop(document: Any, name: str, body_width: int) -> None:
    """One paragraph per body item, styled by its kind; a table item gets a real table with row loops."""
    tag(document, f"{{%p for item in {name} %}}")
    for index, (condition, paragraphs) in enumerate(ITEM_BRANCHES):
        tag(document, f"{{%p {'if' if index == 0 else 'elif'} {condition} %}}")
        for text, style in paragraphs:
            add(document, text, style)
    tag(document, "{%p elif item.kind == 'table' %}")
    tag(document, "{%p if item.caption %}")
    add(document, "{{ item.caption }}", "TenBang")
    tag(document, "{%p endif %}")
    add_item_table(document, body_width)
    tag(document, "{%p if item.notes %}")
    add(document, "{{ item.notes }}", "GhiChuBang")
    tag(document, "{%p endif %}")
    tag(document, "{%p endif %}")
    tag(document, "{%p endfor %}")


def add_item_table(document: Any, body_width: int) -> None:
    """Header rows and data rows through {%tr %} loops, cells through {%tc %} column loops."""
    table = document.add_table(rows=6, cols=3)
    table.style = document.styles["Table Grid"]
    set_widths(table, [body_width // 3] * 3)
    for row_index, text in ((0, "{%tr for cells in item.header %}"), (2, "{%tr endfor %}"),
                            (3, "{%tr for cells in item.rows %}"), (5, "{%tr endfor %}")):  # fmt: skip
        row = table.rows[row_index]
        merged = row.cells[0].merge(row.cells[2])
        merged.paragraphs[0].text = text
    header, data = table.rows[1], table.rows[4]
    header._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for row in (header, data):
        row.cells[0].paragraphs[0].text = "{%tc for cell in cells %}"
        row.cells[2].paragraphs[0].text = "{%tc endfor %}"
        for cell in row.cells:
            # The grid (rescaled by docxtpl to the column count) decides the widths, not the template cell.
            width = cell._tc.tcPr.find(qn("w:tcW"))
            if width is not None:
                cell._tc.tcPr.remove(width)
    header.cells[1].paragraphs[0].text = "{{ cell }}"
    header.cells[1].paragraphs[0].style = document.styles["OTieuDeBang"]
    cell = data.cells[1]
    cell.paragraphs[0].text = "{%p if cell.number %}"
    add(cell, "{{ cell.text }}", "OSo")
    tag(cell, "{%p else %}")
    add(cell, "{{ cell.text }}", "OBang")
    tag(cell, "{%p endif %}")


def add_rule(container: Any, indent: int) -> None:
    """An empty paragraph whose bottom border is the short line under a name or the motto."""
    rule = add(container, "", "DuongKe")
    rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = indent
    rule._p.get_or_add_pPr().append(
        parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>')
    )


def set_widths(table: Any, widths: list[int]) -> None:
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.iter(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(Length(width).twips))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def drop_first_empty_paragraph(cell: _Cell) -> None:
    """python-docx starts each cell with an empty paragraph; the template must not print it."""
    first = cell.paragraphs[0]
    if not first.text and len(cell.paragraphs) > 1:
        first._p.getparent().remove(first._p)


# ---------------------------------------------------------------------------------------------
# Timing


def render_ours(report: Report) -> float:
    start = time.perf_counter()
    render_docx(report)
    return time.perf_counter() - start


def render_docxtpl(template_path: Path, context: dict[str, Any], environment: Environment) -> tuple[float, float]:
    """(load + render + save, render + save only) in seconds."""
    start = time.perf_counter()
    template = DocxTemplate(template_path)
    template.init_docx()  # the load; render() would do it itself
    loaded = time.perf_counter()
    template.render(context, environment, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    buffer.getvalue()
    end = time.perf_counter()
    return end - start, end - loaded


def docxtpl_bytes(template_path: Path, context: dict[str, Any], environment: Environment) -> bytes:
    template = DocxTemplate(template_path)
    template.render(context, environment, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Same text on both sides

_PUNCTUATION = string.punctuation + "“”‘’…–—"


def document_words(content: bytes) -> Counter[str]:
    """Words of every paragraph (body, tables, footnotes), case-folded, without surrounding punctuation."""
    document = docx.Document(io.BytesIO(content))
    texts = [DocxParagraph(p, document).text for p in document.element.body.iter(qn("w:p"))]
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        if "word/footnotes.xml" in package.namelist():
            footnotes = parse_xml(package.read("word/footnotes.xml"))
            texts.extend("".join(t.text or "" for t in note.iter(qn("w:t"))) for note in footnotes)
    words = Counter[str]()
    for text in texts:
        for word in unicodedata.normalize("NFC", text).split():
            word = word.strip(_PUNCTUATION).casefold()
            if word:
                words[word] += 1
    return words


def overlap(part: Counter[str], whole: Counter[str]) -> float:
    """The share of the words of `part` (with repeats) that `whole` also has."""
    total = sum(part.values())
    return sum((part & whole).values()) / total if total else 1.0


def missing_words(part: Counter[str], whole: Counter[str], limit: int = 8) -> str:
    missing = (part - whole).most_common(limit)
    return ", ".join(f"{word!r}×{count}" for word, count in missing) or "none"


# ---------------------------------------------------------------------------------------------
# Main


def long_report_arguments(
    doc: str | None, argv: list[str] | None, *, full_runs: int, quick_runs: int
) -> argparse.Namespace:
    """The bench options plus --example: the report file repeated into the 30-page report."""
    parser = bench_parser(doc, full_runs=full_runs, quick_runs=quick_runs)
    parser.add_argument("--example", type=Path, default=DEFAULT_EXAMPLE, help="report file to repeat")
    return parse_bench_arguments(parser, argv)


def long_report_from(example_path: Path) -> tuple[Report, ReportStats, bool] | None:
    """build_long_report of a report file; None, with the file's problems on stderr, when it cannot be read."""
    try:
        example = read_report(example_path)
    except ReportFileError as error:
        print(error.describe(), file=sys.stderr)
        return None
    return build_long_report(example)


def main(argv: list[str] | None = None) -> int:
    arguments = long_report_arguments(__doc__, argv, full_runs=FULL_RUNS, quick_runs=QUICK_RUNS)
    say = reporter(arguments.json)
    built = long_report_from(arguments.example)
    if built is None:
        return 2
    report, stats, added_table = built
    say(f"Report: {arguments.example.name} × {stats.copies} copies of its sections")
    say(
        f"  {stats.words} words (≈ {stats.pages:.1f} pages at {WORDS_PER_PAGE} words/page), "
        f"{stats.headings} headings, {stats.paragraphs} paragraphs, {stats.bullets} bullets, "
        f"{stats.tables} tables, {stats.footnotes} footnotes"
    )
    if added_table:
        say("  the example has no table: one generic table was added to each copy (both sides)")

    environment = Environment(autoescape=True, undefined=StrictUndefined)
    context_start = time.perf_counter()
    context = template_context(report)
    context_ms = (time.perf_counter() - context_start) * 1000

    with tempfile.TemporaryDirectory(prefix="bench-render-") as folder:
        template_path = Path(folder) / "baseline-template.docx"
        build_template(template_path)

        ours_words = document_words(render_docx(report))
        theirs_words = document_words(docxtpl_bytes(template_path, context, environment))
        shared = overlap(ours_words, theirs_words)
        say(
            f"Same text: {shared:.1%} of our {sum(ours_words.values())} words appear in docxtpl's "
            f"{sum(theirs_words.values())}; {overlap(theirs_words, ours_words):.1%} the other way round"
        )
        say(f"  words only in ours: {missing_words(ours_words, theirs_words)}")
        say(f"  words only in docxtpl's: {missing_words(theirs_words, ours_words)}")
        say("  (docxtpl cannot create footnotes: the baseline prints footnote text inline in [brackets];")
        say("   heading labels and bullet dashes are Word list numbering in ours, typed text in the baseline)")
        if shared < MIN_WORD_OVERLAP:
            say(f"The two documents differ too much (< {MIN_WORD_OVERLAP:.0%} shared words): timings not comparable.")
            return 2

        ours: list[float] = []
        theirs: list[float] = []
        theirs_without_load: list[float] = []
        for run in range(WARMUP_RUNS + arguments.runs):
            ours_seconds = render_ours(report)
            with_load, without_load = render_docxtpl(template_path, context, environment)
            if run >= WARMUP_RUNS:
                ours.append(ours_seconds)
                theirs.append(with_load)
                theirs_without_load.append(without_load)

    ours_ms, theirs_ms = median_ms(ours), median_ms(theirs)
    ratio = ours_ms / theirs_ms
    figures = [
        Figure("render 30 pages (ours)", ours_ms, target=TARGET_MS, passed=ours_ms <= TARGET_MS),
        Figure("render 30 pages (docxtpl)", theirs_ms),
        Figure("docxtpl render + save, template already loaded", median_ms(theirs_without_load)),
        Figure("ratio ours/docxtpl", ours_ms, theirs_ms, ratio, TARGET_RATIO, ratio <= TARGET_RATIO),
    ]
    say(f"Timing: median of {arguments.runs} runs per side after {WARMUP_RUNS} warm-up runs, interleaved")
    say(f"  (docxtpl context prepared from the report once, untimed: {context_ms:.1f} ms)")
    say()
    print_figures(figures, say, as_json=arguments.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
