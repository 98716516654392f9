"""Report → print-ready .docx following Nghị định 30/2020/NĐ-CP, Phụ lục I.

The static parts (styles, settings, page-number header) live as readable XML under
templates_docx/base/; this module writes the document, footnotes and numbering parts and
packs them together. Every rule applied here is listed in docs/rendering.md.
"""

from __future__ import annotations

import functools
import io
import math
import os
import string
import zipfile
from dataclasses import dataclass
from pathlib import Path

from app.core.cells import cell_text
from app.core.files import atomic_write_bytes
from app.core.model import Bullet, Footnote, Inline, Paragraph, Report, Section, Span, Table
from app.core.numbering import NumberedSection, numbered_children
from app.core.recipients import addressees, archive_line, list_item, recipient_lines
from app.core.report_file import validate_report
from app.core.signature import signature_lines
from app.core.vietnamese import date_line, date_words, document_number, roman
from app.render.metrics import text_width_twips
from app.render.ooxml import (
    UnstorableTextError,
    escape,
    indentation,
    numbering_properties,
    paragraph,
    run,
    run_properties,
    table_cell,
    twips,
)

TEMPLATES = Path(__file__).resolve().parents[2] / "templates_docx"
A4_WIDTH, A4_HEIGHT = 11906, 16838
BULLET_NUM_ID = 1
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
TERMINATOR = "./."

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


MARGIN_LIMITS = {
    "top": ("lề trên", 20, 25),
    "bottom": ("lề dưới", 20, 25),
    "left": ("lề trái", 30, 35),
    "right": ("lề phải", 15, 20),
}


class RenderError(Exception):
    """The report cannot be rendered; the message says why and what to do, in Vietnamese."""


def _decimal(value: float) -> str:
    """A measure as the officer writes it: decimal comma, no trailing zeros (`13,5`)."""
    return f"{value:g}".replace(".", ",")


@dataclass(frozen=True, slots=True)
class Margins:
    """Page margins in millimetres, within the ranges of Nghị định 30 (Phụ lục I, mục I)."""

    top: float = 25
    bottom: float = 20
    left: float = 35
    right: float = 20

    def problems(self) -> list[str]:
        found = []
        for side, (name, low, high) in MARGIN_LIMITS.items():
            value = getattr(self, side)
            if not math.isfinite(value):
                found.append(f"{name.capitalize()} phải là một số từ {low} đến {high} mm.")
            elif not low <= value <= high:
                found.append(f"{name.capitalize()} {_decimal(value)} mm nằm ngoài khoảng {low}–{high} mm.")
        return found


@dataclass(frozen=True, slots=True)
class RenderOptions:
    margins: Margins | None = None
    """None: the profile's own margins (see PROFILE_LAYOUTS)."""
    line_spacing: float = 1.0
    """Body line spacing in lines: from single (1.0) to 1.5 lines."""

    def problems(self) -> list[str]:
        found = self.margins.problems() if self.margins else []
        if not math.isfinite(self.line_spacing):
            found.append("Giãn dòng phải là một số từ 1 đến 1,5 dòng.")
        elif not 1.0 <= self.line_spacing <= 1.5:
            found.append(f"Giãn dòng {_decimal(self.line_spacing)} nằm ngoài khoảng 1–1,5 dòng.")
        return found


@dataclass(frozen=True, slots=True)
class ProfileLayout:
    """What differs between state documents (Nghị định 30) and Party documents (HD 05-HD/VPTW)."""

    margins: Margins
    authority_prefixes: dict[str, str]
    styles: dict[str, str]
    """Values of the $names in templates_docx/base/word/styles.xml."""
    pad_months_below: int = 3
    summary_rule: str = "border"
    """A drawn rule under the trích yếu ("border") or a line of five hyphens ("hyphens")."""
    archive_prefix: str = "Lưu: "
    header_split: float = 0.4
    """Share of the header's width for the issuer's column; the rest holds the national heading."""


PROFILE_LAYOUTS: dict[str, ProfileLayout] = {
    "state": ProfileLayout(
        margins=Margins(),
        authority_prefixes={"TM": "TM.", "KT": "KT.", "Q": "Q.", "TL": "TL.", "TUQ": "TUQ."},
        styles={
            "issuer_size": "26",
            "title_size": "28",
            "recipients_heading_format": '<w:b/><w:bCs/><w:i/><w:iCs/><w:sz w:val="24"/><w:szCs w:val="24"/>',
            "recipients_size": "22",
            "signer_title_format": "<w:b/><w:bCs/>",
        },
    ),
    # Party documents (formatting-rules.md §2). Where the rules are UNCONFIRMED this follows the
    # current summaries of HD 05-HD/VPTW (27/5/2026), the most common practice now: margins
    # 20/20/30/15 mm, title word 16 pt, trích yếu rule "-----", signer's title not bold, "Nơi nhận:"
    # 14 pt underlined, list 12 pt, "- Lưu <archive>." without "VT" or colon. Months below 3 and
    # days below 10 are zero-padded (HD 05 mục 4.2.2; HD 36's own example "tháng 02" agrees).
    "party": ProfileLayout(
        margins=Margins(top=20, bottom=20, left=30, right=15),
        authority_prefixes={"TM": "T/M", "KT": "K/T", "Q": "Q.", "TL": "T/L", "TUQ": "TUQ."},
        styles={
            "issuer_size": "28",
            "title_size": "32",
            "recipients_heading_format": '<w:u w:val="single"/><w:sz w:val="28"/><w:szCs w:val="28"/>',
            "recipients_size": "24",
            "signer_title_format": '<w:b w:val="0"/><w:bCs w:val="0"/>',
        },
        summary_rule="hyphens",
        archive_prefix="Lưu ",
        header_split=0.5,
    ),
}


def render_docx(report: Report, options: RenderOptions | None = None) -> bytes:
    """The .docx file of a report, as bytes."""
    options = options or RenderOptions()
    if problems := options.problems():
        raise RenderError(" ".join(problems))
    if missing := validate_report(report):
        listed = "; ".join(str(problem) for problem in missing)
        raise RenderError(f"Báo cáo chưa đủ để in, còn thiếu: {listed}")
    builder = _DocumentBuilder(report, options)
    try:
        document = builder.document()
    except UnstorableTextError as error:
        raise RenderError(
            f"Văn bản có ký tự {error.codepoint} mà Word không lưu được "
            f"(trong «{error.text[:40]}»); hãy xóa ký tự đó rồi thử lại."
        ) from None
    parts = dict(_template_parts())
    styles = string.Template(parts["word/styles.xml"].decode())
    parts["word/styles.xml"] = styles.substitute(
        body_line=round(240 * options.line_spacing), **builder.layout.styles
    ).encode()
    parts["word/document.xml"] = document.encode()
    parts["word/footnotes.xml"] = builder.footnotes_part().encode()
    parts["word/numbering.xml"] = builder.numbering_part().encode()
    parts["docProps/core.xml"] = _core_properties(report).encode()
    return _zip(parts)


def write_docx(report: Report, path: str | os.PathLike[str], options: RenderOptions | None = None) -> None:
    """Render and write atomically: on any failure an existing file at `path` stays untouched."""
    content = render_docx(report, options)
    atomic_write_bytes(path, content)


@functools.cache
def _template_parts() -> tuple[tuple[str, bytes], ...]:
    folder = TEMPLATES / "base"
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    # [Content_Types].xml first, as Word writes it.
    files.sort(key=lambda p: p.name != "[Content_Types].xml")
    return tuple((p.relative_to(folder).as_posix(), p.read_bytes()) for p in files)


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as package:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, content)
    return buffer.getvalue()


def _core_properties(report: Report) -> str:
    title = " ".join((report.summary or report.document_kind.title).split())
    creator = " ".join(report.issuer.name.split())
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(creator)}</dc:creator>"
        "<dc:language>vi-VN</dc:language></cp:coreProperties>"
    )


def _with_terminator(inline: Inline) -> Inline:
    """The inline ending with `./.`: a final `.` becomes `./.`, anything else gets it appended.

    Footnote marks at the very end stay after it: `… kính báo./.¹`.
    """
    text = "".join(part.text for part in inline if isinstance(part, Span)).rstrip()
    if text.endswith(TERMINATOR):
        return inline
    result = list(inline)
    last_text = max((i for i, part in enumerate(result) if isinstance(part, Span)), default=None)
    if last_text is None:
        return [Span(TERMINATOR), *result]
    last = result[last_text]
    assert isinstance(last, Span)
    body = last.text.rstrip()
    body = body[:-1] if body.endswith(".") else body
    result[last_text] = Span(body + TERMINATOR, last.bold, last.italic)
    return result


def _last_content_block(report: Report) -> Paragraph | Bullet | Table | None:
    """What ends the content: a paragraph gets `./.`; after a table or a bare heading `./.` stands alone."""
    if report.closing:
        return report.closing[-1]
    if report.sections:
        blocks = report.sections[-1].blocks
        while blocks:
            last = blocks[-1]
            if not isinstance(last, Section):
                return last
            blocks = last.blocks
        return None
    return report.opening[-1] if report.opening else None


class _DocumentBuilder:
    def __init__(self, report: Report, options: RenderOptions) -> None:
        self.report = report
        self.layout = PROFILE_LAYOUTS[report.profile]
        self.margins = options.margins or self.layout.margins
        self.party = report.profile == "party"
        self.text_width = A4_WIDTH - twips(self.margins.left) - twips(self.margins.right)
        self.body: list[str] = []
        self.footnotes: list[str] = []
        self.numbering_groups: list[str] = []  # numFmt of each restartable heading list, numId = index + 2
        self.final_block = _last_content_block(report)
        self.previous_was_table = False

    # -- the document --------------------------------------------------------------------------

    def document(self) -> str:
        self.header_block()
        self.title_block()
        self.salutation()
        self.basis()
        for item in self.report.opening:
            self.paragraph_block(item)
        self.sections(self.report.sections, depth=1)
        for item in self.report.closing:
            self.paragraph_block(item)
        if not isinstance(self.final_block, (Paragraph, Bullet)):
            self.emit(paragraph("NoiDung", run(TERMINATOR), "<w:keepNext/>"))
        self.signature_block()
        self.appendices()
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>'
            + "".join(self.body)
            + self.section_properties()
            + "</w:body></w:document>"
        )

    def emit(self, xml: str, *, is_table: bool = False) -> None:
        # Word merges two tables that touch; an empty paragraph keeps them apart.
        if is_table and self.previous_was_table:
            self.body.append('<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:p>')
        self.body.append(xml)
        self.previous_was_table = is_table

    def section_properties(self) -> str:
        margins = self.margins
        return (
            '<w:sectPr><w:headerReference w:type="default" r:id="rId6"/>'
            '<w:headerReference w:type="first" r:id="rId7"/>'
            f'<w:pgSz w:w="{A4_WIDTH}" w:h="{A4_HEIGHT}"/>'
            f'<w:pgMar w:top="{twips(margins.top)}" w:right="{twips(margins.right)}" '
            f'w:bottom="{twips(margins.bottom)}" w:left="{twips(margins.left)}" '
            f'w:header="{twips(10)}" w:footer="{twips(10)}" w:gutter="0"/>'
            '<w:pgNumType w:start="1"/><w:titlePg/></w:sectPr>'
        )

    # -- header (ô 1–4) ------------------------------------------------------------------------

    def header_block(self) -> None:
        """The header as a borderless table: the issuer and number on the left, the national (or Party)
        heading and the date on the right; rows keep the number and the date level."""
        report = self.report
        total = self.text_width + twips(10)
        left_width = round(total * self.layout.header_split)
        right_width = total - left_width
        size = int(self.layout.styles["issuer_size"]) / 2
        issuer_lines = [line.strip() for line in report.issuer.name.upper().split("\n") if line.strip()]
        left = []
        if report.issuer.parent and report.issuer.parent.strip():
            left.append(paragraph("CoQuanChuQuan", run(report.issuer.parent.strip().upper())))
        left.append(paragraph("CoQuanBanHanh", run("\n".join(issuer_lines))))
        kind, code = report.document_kind.abbreviation, report.issuer.code.strip()
        number = paragraph("SoKyHieu", run(document_number(report.number, kind, code, party=self.party)))
        place_date = date_line(report.issuer.place.strip(), report.date, pad_months_below=self.layout.pad_months_below)
        date = paragraph("DiaDanhNgay", run(place_date))
        if self.party:
            # HD 05-HD/VPTW: "ĐẢNG CỘNG SẢN VIỆT NAM" over a rule as long as it; a "*" under the
            # issuer, level with the date line; "Số 45-BC/ĐU" below.
            heading = [
                paragraph("TieuDeDang", run(PARTY_NAME)),
                self.rule(right_width, text_width_twips(PARTY_NAME, 15, bold=True)),
            ]
            star = paragraph("DongSao", run("*"))
            rows = [(left, heading), ([star], [date]), ([number], [])]
        else:
            name_width = max((_widest_line(line, size, bold=True) for line in issuer_lines), default=0)
            # Nghị định 30: a rule 1/3 to 1/2 as long as the name; 40 % sits safely inside that range.
            left.append(self.rule(left_width, round(name_width * 0.4)))
            heading = [
                paragraph("QuocHieu", run(NATIONAL_NAME)),
                paragraph("TieuNgu", run(MOTTO)),
                self.rule(right_width, text_width_twips(MOTTO, 14, bold=True)),
            ]
            rows = [(left, heading), ([number], [date])]
        table_rows = "".join(
            f"<w:tr>{table_cell(left_width, ''.join(cells_left))}{table_cell(right_width, ''.join(cells_right))}</w:tr>"
            for cells_left, cells_right in rows
        )
        self.emit(
            f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:tblInd w:w="-{twips(5)}" w:type="dxa"/>'
            '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/>'
            '<w:right w:w="0" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr>'
            f'<w:tblGrid><w:gridCol w:w="{left_width}"/><w:gridCol w:w="{right_width}"/></w:tblGrid>'
            f"{table_rows}</w:tbl>",
            is_table=True,
        )

    def rule(self, available: int, length: int) -> str:
        """A centered horizontal rule of a given length: the bottom border of an empty paragraph."""
        length = min(length, available)
        side = max(0, (available - length) // 2)
        return paragraph("DuongKe", "", indentation(left=side, right=side))

    # -- title, Kính gửi, căn cứ (ô 5a, 9a) --------------------------------------------------

    def title_block(self) -> None:
        report = self.report
        title = (report.title or report.document_kind.title).upper()
        self.emit(paragraph("TenLoai", run(title)))
        if report.summary and report.summary.strip():
            lines = [line.strip() for line in report.summary.strip().split("\n")]
            self.emit(paragraph("TrichYeu", run("\n".join(lines))))
            if self.layout.summary_rule == "hyphens":
                self.emit(paragraph("TrichYeu", run("-----")))
            else:
                longest = max(_widest_line(line, 14, bold=True) for line in lines)
                self.emit(self.rule(self.text_width, round(min(longest, self.text_width) * 0.4)))

    def salutation(self) -> None:
        recipients = addressees(self.report)
        if not recipients:
            return
        label = "Kính gửi:"
        if len(recipients) == 1:
            self.emit(paragraph("KinhGui", run(f"{label} {recipients[0]}"), '<w:jc w:val="center"/>'))
            return
        # Several recipients: one "- …;" line each, the dashes aligned after "Kính gửi:".
        lines = [f"- {list_item(line)};" for line in recipients]
        lines[-1] = lines[-1][:-1] + "."
        label_width = text_width_twips(label + "  ", 14)
        block = label_width + max(_widest_line(line, 14) for line in lines)
        start = max(0, (self.text_width - block) // 2) + label_width
        tab = f'<w:tabs><w:tab w:val="left" w:pos="{start}"/></w:tabs>'
        self.emit(paragraph("KinhGui", run(f"{label}\t{lines[0]}"), tab + indentation(left=start, hanging=label_width)))
        for line in lines[1:]:
            self.emit(paragraph("KinhGui", run(line), '<w:spacing w:before="0"/>' + indentation(left=start)))

    def basis(self) -> None:
        items = [list_item(line) for line in self.report.basis if line.strip()]
        for index, item in enumerate(items):
            ending = "." if index == len(items) - 1 else ";"
            self.emit(paragraph("CanCu", run(item + ending)))

    # -- body ----------------------------------------------------------------------------------

    def sections(self, sections: list[Section], depth: int) -> None:
        children = numbered_children(sections, depth)
        num_id = self.word_list(children)
        for child in children:
            self.section(child, num_id)

    def section(self, numbered: NumberedSection, num_id: int | None) -> None:
        """A heading, then its blocks in order: sub-sections stand where they stand among them."""
        self.heading(numbered, num_id)
        children = numbered_children(numbered.section.subsections(), numbered.depth + 1)
        child_list = self.word_list(children)
        remaining = iter(children)
        for block in numbered.section.blocks:
            if isinstance(block, Section):
                self.section(next(remaining), child_list)
            elif isinstance(block, Table):
                self.table(block)
            else:
                self.paragraph_block(block)

    def word_list(self, siblings: list[NumberedSection]) -> int | None:
        """A Word list for a group of sibling headings at depth 1 or 2, so it restarts under each parent."""
        if not siblings or siblings[0].depth > 2 or all(child.position is None for child in siblings):
            return None
        self.numbering_groups.append("upperRoman" if siblings[0].depth == 1 else "decimal")
        return len(self.numbering_groups) + 1

    def heading(self, numbered: NumberedSection, num_id: int | None) -> None:
        depth, title = numbered.depth, " ".join(numbered.section.title.split())
        if numbered.is_part:
            # One heading (one entry in Word's navigation pane), its label on a line of its own.
            self.emit(paragraph("TieuDePhan", run(f"{numbered.label}\n{title.upper()}")))
            return
        style = f"MucCap{min(depth, 4)}"
        if depth == 1:
            title = title.upper()
        properties = ""
        if numbered.position is not None and num_id is not None:
            # I. and 1. are Word's own list numbering, so inserting a heading in Word renumbers.
            properties = numbering_properties(num_id)
        elif numbered.position is not None and depth == 3:
            # Word has no numbering format in Vietnamese letter order (… d, đ, e, g …): typed.
            title = f"{numbered.label} {title}"
        elif numbered.position is None:
            if numbered.label:
                title = f"{numbered.label} {title}"
            if depth >= 4:
                properties = numbering_properties(0)  # switch off the style's "-"
        self.emit(paragraph(style, run(title), properties))

    def paragraph_block(self, block: Paragraph | Bullet) -> None:
        inline = block.inline
        properties = ""
        if block is self.final_block:
            inline = _with_terminator(inline)
            properties = "<w:keepNext/>"
        style = "GachDauDong" if isinstance(block, Bullet) else "NoiDung"
        self.emit(paragraph(style, self.inline(inline), properties))

    def inline(self, inline: Inline) -> str:
        parts = []
        for part in inline:
            if isinstance(part, Footnote):
                parts.append(self.footnote(part.text))
            else:
                parts.append(run(part.text, run_properties(bold=part.bold, italic=part.italic)))
        return "".join(parts)

    def footnote(self, text: str) -> str:
        """A real Word footnote: the note in footnotes.xml, its reference mark here."""
        footnote_id = len(self.footnotes) + 1
        reference = '<w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        self.footnotes.append(
            f'<w:footnote w:id="{footnote_id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            f"<w:r>{reference}<w:footnoteRef/></w:r>{run(' ' + ' '.join(text.split()))}</w:p></w:footnote>"
        )
        return f'<w:r>{reference}<w:footnoteReference w:id="{footnote_id}"/></w:r>'

    def table(self, table: Table) -> None:
        if table.caption and table.caption.strip():
            self.emit(paragraph("TenBang", run(table.caption.strip())))
        widths = self.column_widths(table)
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        rows = []
        for cells in table.header:
            row_cells = "".join(
                table_cell(width, paragraph("OTieuDeBang", run(cell_text(cell))), '<w:vAlign w:val="center"/>')
                for width, cell in zip(widths, cells, strict=False)
            )
            rows.append(f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{row_cells}</w:tr>")
        for index, cells in enumerate(table.rows):
            # A table that ends the content keeps its last row with "./." and the signature.
            keep = "<w:keepNext/>" if table is self.final_block and index == len(table.rows) - 1 else ""
            row_cells = "".join(
                table_cell(width, paragraph(_cell_style(cell), run(cell_text(cell)), keep))
                for width, cell in zip(widths, cells, strict=False)
            )
            rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{row_cells}</w:tr>")
        self.emit(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="BangSoLieu"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            f'<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            f"{''.join(rows)}</w:tbl>",
            is_table=True,
        )
        if table.notes and table.notes.strip():
            self.emit(paragraph("GhiChuBang", run(table.notes.strip())))

    def column_widths(self, table: Table) -> list[int]:
        """Widths shared out by the longest text in each column, so short columns stay narrow."""
        count = table.column_count
        weights = [4] * count
        for row in (*table.header, *table.rows):
            for index, cell in enumerate(row):
                longest_word_line = max((len(line) for line in cell_text(cell).split("\n")), default=0)
                weights[index] = max(weights[index], min(longest_word_line, 40))
        total = sum(weights)
        widths = [self.text_width * weight // total for weight in weights]
        widths[-1] += self.text_width - sum(widths)
        return widths

    # -- Nơi nhận and signature (ô 7, 9b, 12) ------------------------------------------------

    def signature_block(self) -> None:
        left_width = round(self.text_width * 0.4)
        right_width = self.text_width - left_width
        first = '<w:spacing w:before="240"/>'
        self.emit(
            f'<w:tbl><w:tblPr><w:tblW w:w="{self.text_width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="0000"/></w:tblPr>'
            f'<w:tblGrid><w:gridCol w:w="{left_width}"/><w:gridCol w:w="{right_width}"/></w:tblGrid>'
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            + table_cell(left_width, self.recipients_cell(first))
            + table_cell(right_width, self.signer_cell(first))
            + "</w:tr></w:tbl>",
            is_table=True,
        )

    def recipients_cell(self, first: str) -> str:
        report = self.report
        content = [paragraph("NoiNhanTieuDe", run("Nơi nhận:"), first)]
        content.extend(paragraph("NoiNhan", run(f"- {line};")) for line in recipient_lines(report))
        content.append(paragraph("NoiNhan", run(archive_line(report.archive, self.layout.archive_prefix))))
        if report.drafter and report.drafter.strip():
            content.append(paragraph("NoiNhan", run(report.drafter.strip())))
        return "".join(content)

    def signer_cell(self, first: str) -> str:
        """Authority lines (TM./KT./… or T/M, K/T, T/L), the signer's title, room to sign, the name."""
        lines = signature_lines(self.report.signature, self.layout.authority_prefixes)
        content = [
            paragraph("QuyenHanChucVu", run(line), first if index == 0 else "")
            for index, line in enumerate(lines.authority)
        ]
        if lines.title:
            content.append(paragraph("ChucVuNguoiKy", run(lines.title), "" if lines.authority else first))
        content.append(paragraph("HoTenNguoiKy", run(lines.name)))
        return "".join(content)

    # -- appendices ----------------------------------------------------------------------------

    def appendices(self) -> None:
        report = self.report
        several = len(report.appendices) > 1
        kind_word = report.document_kind.title.capitalize()
        number = document_number(
            report.number, report.document_kind.abbreviation, report.issuer.code.strip(), party=self.party
        )
        words = date_words(report.date, pad_months_below=self.layout.pad_months_below)
        reference = f"(Kèm theo {kind_word} {number.replace('Số: ', 'số ').replace('Số ', 'số ')} {words})"
        for index, appendix in enumerate(report.appendices, start=1):
            self.emit(paragraph("PhuLuc", run(f"Phụ lục {roman(index)}" if several else "Phụ lục")))
            self.emit(paragraph("PhuLucTen", run(" ".join(appendix.title.split()).upper())))
            self.emit(paragraph("PhuLucKemTheo", run(reference)))
            self.sections(appendix.sections, depth=1)

    # -- parts ---------------------------------------------------------------------------------

    def footnotes_part(self) -> str:
        separators = (
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
            'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
            'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:footnotes xmlns:w="{_W}">{separators}{"".join(self.footnotes)}</w:footnotes>'
        )

    def numbering_part(self) -> str:
        """The "-" list of bullets, then one list per group of sibling headings (so each restarts)."""
        abstracts = [_abstract_list(BULLET_NUM_ID, "bullet", "-")]
        abstracts.extend(
            _abstract_list(index, numbering_format, "%1.")
            for index, numbering_format in enumerate(self.numbering_groups, start=2)
        )
        instances = "".join(
            f'<w:num w:numId="{index}"><w:abstractNumId w:val="{index}"/></w:num>'
            for index in range(1, len(self.numbering_groups) + 2)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:numbering xmlns:w="{_W}">{"".join(abstracts)}{instances}</w:numbering>'
        )


def _abstract_list(abstract_id: int, numbering_format: str, text: str) -> str:
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{numbering_format}"/>'
        f'<w:suff w:val="space"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr>'
        '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" '
        'w:hint="default"/></w:rPr></w:lvl></w:abstractNum>'
    )


def _widest_line(text: str, size_pt: float, *, bold: bool = False) -> int:
    """Width in twips of the widest line of `text`: it may hold line breaks other than LF (U+2028, U+0085 …)."""
    return max((text_width_twips(line, size_pt, bold=bold) for line in text.splitlines()), default=0)


def _cell_style(cell: str | int | float | None) -> str:
    return "OSo" if isinstance(cell, (int, float)) else "OBang"
