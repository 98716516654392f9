"""Type a report into a .docx the way an officer does in Word, for the importer's tests and benchmark.

Not our renderer: python-docx with Word's default template, and what people actually type — the header as a
two-column borderless table (chủ quản and cơ quan on the left, Quốc hiệu and Tiêu ngữ on the right, Số and the
date in a second row), the title and trích yếu centred in bold, section labels typed as text ("I. ĐẶC ĐIỂM…",
"1. …", "a) …"), bullets typed as "- ", footnotes as real Word footnotes, "./." typed at the end, and Nơi nhận
with the signature in a two-column table. Options switch to the other common ways: the header typed in
paragraphs with tabs, Word's own list numbering for the headings, the signature typed in paragraphs, and the
old TCVN3 encoding (.VnTime).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from app.core.cells import cell_text
from app.core.model import Bullet, Footnote, Inline, Paragraph, Report, Section, Span, Table
from app.core.numbering import numbered_children
from app.core.vietnamese import date_line, document_number
from app.importers.legacy import TCVN3_TO_UNICODE
from app.render.pdf import find_libreoffice, run_headless_conversion

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
FOOTNOTES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
LIST_ID = 90
"""numId of the list used for Word-numbered headings (far from the template's own lists)."""
_UNICODE_TO_TCVN3 = {letter: legacy for legacy, letter in TCVN3_TO_UNICODE.items()}


@dataclass(frozen=True)
class Typing:
    """How the officer typed the report."""

    header: Literal["table", "paragraphs"] = "table"
    numbering: Literal["typed", "word"] = "typed"
    signature: Literal["table", "paragraphs"] = "table"
    legacy_font: bool = False
    """Body text typed in TCVN3 with .VnTime (capitals with .VnTimeH), as on machines of the 2000s."""
    untidy: bool = False
    """As documents edited for years look: runs cut mid-word (Word's revision marks do that), two spaces after
    full stops, non-breaking spaces, empty paragraphs between blocks, headings ending with a colon."""


MESSY_RUN_LENGTH = 9
"""Characters per run in an untidy document (Word cuts runs anywhere, even inside words)."""


def tcvn3_runs(text: str) -> list[tuple[str, str]]:
    """Unicode text as (font, stored text) runs the way it was typed in TCVN3: .VnTime, and .VnTimeH (which draws
    small letters as capitals) for the capitals with tone marks that TCVN3 has no code for."""
    runs: list[tuple[str, str]] = []
    for character in text:
        if character in _UNICODE_TO_TCVN3 or character.isascii() or not character.isupper():
            font, stored = ".VnTime", _UNICODE_TO_TCVN3.get(character, character)
        else:
            font, stored = ".VnTimeH", _UNICODE_TO_TCVN3.get(character.lower(), character.lower())
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + stored)
        else:
            runs.append((font, stored))
    return runs


class _Typist:
    def __init__(self, report: Report, typing: Typing) -> None:
        self.report = report
        self.typing = typing
        self.document: Any = docx.Document()
        self.footnotes: list[str] = []
        style = self.document.styles["Normal"]
        style.font.name = "Times New Roman"
        style.font.size = Pt(14)
        if typing.numbering == "word":
            self._add_heading_list()

    # -- pieces ------------------------------------------------------------------------------------

    def run(self, paragraph: DocxParagraph, text: str, *, bold: bool = False, italic: bool = False) -> None:
        if self.typing.legacy_font and text.strip():
            for font, stored in tcvn3_runs(text):
                run = paragraph.add_run(stored)
                run.font.name = font
                run.bold = bold or None
                run.italic = italic or None
            return
        if self.typing.untidy:
            text = text.replace(". ", ".  ").replace(" và ", " và\u00a0")
            pieces = [text[start : start + MESSY_RUN_LENGTH] for start in range(0, len(text), MESSY_RUN_LENGTH)]
        else:
            pieces = [text]
        for piece in pieces:
            run = paragraph.add_run(piece)
            run.bold = bold or None
            run.italic = italic or None

    def paragraph(
        self,
        text: str = "",
        *,
        container: Any = None,
        bold: bool = False,
        italic: bool = False,
        center: bool = False,
        justify: bool = False,
    ) -> DocxParagraph:
        target = container if container is not None else self.document
        paragraph: DocxParagraph = target.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif justify:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if text:
            self.run(paragraph, text, bold=bold, italic=italic)
        return paragraph

    def inline(self, paragraph: DocxParagraph, inline: Inline) -> None:
        for part in inline:
            if isinstance(part, Footnote):
                self.footnotes.append(part.text)
                number = len(self.footnotes)
                paragraph._p.append(
                    parse_xml(
                        f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                        f'<w:footnoteReference w:id="{number}"/></w:r>'
                    )
                )
            else:
                self.run(paragraph, part.text, bold=part.bold, italic=part.italic)

    @staticmethod
    def first_cell_paragraph(cell: Any) -> DocxParagraph:
        paragraph: DocxParagraph = cell.paragraphs[0]
        return paragraph

    # -- the document ------------------------------------------------------------------------------

    def header(self) -> None:
        report = self.report
        party = report.profile == "party"
        kind = report.document_kind.abbreviation
        number = document_number(report.number, kind, report.issuer.code, party=party)
        place_date = date_line(report.issuer.place, report.date)
        name_lines = report.issuer.name.upper().split("\n")
        national = [PARTY_NAME] if party else [NATIONAL_NAME, MOTTO]
        if self.typing.header == "paragraphs":
            left = ([report.issuer.parent.upper()] if report.issuer.parent else []) + name_lines
            for index in range(max(len(left), len(national))):
                line = left[index] if index < len(left) else ""
                right = national[index] if index < len(national) else ""
                self.paragraph(f"{line}\t\t{right}".rstrip("\t"), bold=index >= (1 if report.issuer.parent else 0))
            if party:
                self.paragraph("*", center=True)
            self.paragraph(f"{number}\t\t{place_date}", italic=False)
            return
        table = self.document.add_table(rows=2, cols=2)
        left_cell, right_cell = table.cell(0, 0), table.cell(0, 1)
        first = self.first_cell_paragraph(left_cell)
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if report.issuer.parent:
            self.run(first, report.issuer.parent.upper())
            first = self.paragraph(container=left_cell, center=True)
        for index, line in enumerate(name_lines):
            if index:
                first.add_run().add_break()
            self.run(first, line, bold=True)
        if party:
            self.paragraph("*", container=left_cell, center=True)
        right = self.first_cell_paragraph(right_cell)
        right.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(right, national[0], bold=True)
        for line in national[1:]:
            self.paragraph(line, container=right_cell, bold=True, center=True)
        self.paragraph("_" * 16, container=right_cell, center=True)
        number_paragraph = self.first_cell_paragraph(table.cell(1, 0))
        number_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(number_paragraph, number)
        date_paragraph = self.first_cell_paragraph(table.cell(1, 1))
        date_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(date_paragraph, place_date, italic=True)

    def title(self) -> None:
        report = self.report
        self.paragraph()
        self.paragraph(report.title or report.document_kind.title, bold=True, center=True)
        if report.summary:
            summary = self.paragraph(center=True)
            for index, line in enumerate(report.summary.split("\n")):
                if index:
                    summary.add_run().add_break()
                self.run(summary, line, bold=True)
            self.paragraph("-----" if report.profile == "party" else "", center=True)
        if report.to:
            if len(report.to) == 1:
                self.paragraph(f"Kính gửi: {report.to[0]}.", center=True)
            else:
                self.paragraph(f"Kính gửi:\t- {report.to[0]};")
                for index, line in enumerate(report.to[1:], 2):
                    self.paragraph(f"\t- {line}{'.' if index == len(report.to) else ';'}")
        for index, line in enumerate(report.basis):
            ending = "." if index == len(report.basis) - 1 else ";"
            self.paragraph(line + ending, italic=True, justify=True)

    def body(self) -> None:
        report = self.report
        last_text = self._last_text_block()
        for paragraph in report.opening:
            self.text(paragraph.inline, terminate=paragraph is last_text)
        self.sections(report.sections, 1, last_text)
        for paragraph in report.closing:
            self.text(paragraph.inline, terminate=paragraph is last_text)

    def _last_text_block(self) -> object:
        if self.report.closing:
            return self.report.closing[-1]
        return None

    def text(self, inline: Inline, *, terminate: bool = False, prefix: str = "") -> None:
        if self.typing.untidy:
            self.paragraph()
        paragraph = self.paragraph(justify=True)
        if prefix:
            self.run(paragraph, prefix)
        parts = list(inline)
        if terminate:
            body = "".join(part.text for part in parts if isinstance(part, Span))
            if not body.rstrip().endswith("./."):
                parts.append(Span("./." if not body.rstrip().endswith(".") else "/."))
        self.inline(paragraph, parts)

    def sections(self, sections: list[Section], depth: int, last_text: object) -> None:
        for numbered in numbered_children(sections, depth):
            section = numbered.section
            title = section.title.upper() if depth == 1 else section.title
            label = numbered.label or ""
            if numbered.is_part:
                self.paragraph(label, bold=True, center=True)
                self.paragraph(section.title.upper(), bold=True, center=True)
            elif self.typing.numbering == "word" and numbered.position is not None and depth <= 3:
                heading = self.paragraph(title, bold=depth <= 2, italic=depth == 3, justify=True)
                heading._p.get_or_add_pPr().append(
                    parse_xml(
                        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{depth - 1}"/><w:numId w:val="{LIST_ID}"/></w:numPr>'
                    )
                )
            else:
                colon = ":" if self.typing.untidy and depth >= 2 else ""
                self.paragraph(f"{label} {title}{colon}".strip(), bold=depth <= 2, justify=True)
            for block in section.blocks:
                if isinstance(block, Section):
                    continue
                if isinstance(block, Paragraph):
                    self.text(block.inline, terminate=block is last_text)
                elif isinstance(block, Bullet):
                    self.text(block.inline, prefix="- ")
                elif isinstance(block, Table):
                    self.table(block)
            self.sections(section.subsections(), depth + 1, last_text)

    def table(self, table: Table) -> None:
        if table.caption:
            self.paragraph(table.caption, bold=True, center=True)
        rows = [*table.header, *table.rows]
        width = table.column_count
        grid = self.document.add_table(rows=len(rows), cols=width)
        grid.style = "Table Grid"
        for row_index, row in enumerate(rows):
            for column in range(width):
                value = row[column] if column < len(row) else None
                paragraph = self.first_cell_paragraph(grid.cell(row_index, column))
                if value is not None:
                    self.run(paragraph, cell_text(value), bold=row_index < len(table.header))
        if table.notes:
            self.paragraph(table.notes, italic=True)

    def ending(self) -> None:
        report = self.report
        party = report.profile == "party"
        recipients = [f"- {line};" for line in report.recipients]
        archive = f"- Lưu {report.archive}." if party else f"- Lưu: {report.archive}."
        signature = report.signature
        prefixes = {
            "TM": "T/M" if party else "TM.",
            "KT": "K/T" if party else "KT.",
            "Q": "Q.",
            "TL": "T/L" if party else "TL.",
            "TUQ": "TUQ.",
        }
        lines = []
        if signature.on_behalf_of:
            lines.append(f"{prefixes['TM']} {signature.on_behalf_of.upper()}")
        if signature.mode and signature.head_title:
            lines.append(f"{prefixes[signature.mode]} {signature.head_title.upper()}")
        if signature.title:
            lines.append(signature.title.upper())
        if self.typing.signature == "paragraphs":
            self.paragraph()
            self.paragraph("Nơi nhận:", bold=True, italic=True)
            for line in [*recipients, archive]:
                self.paragraph(line)
            for line in lines:
                self.paragraph(line, bold=True, center=True)
            for _ in range(3):
                self.paragraph()
            self.paragraph(signature.name, bold=True, center=True)
            return
        table = self.document.add_table(rows=1, cols=2)
        left, right = table.cell(0, 0), table.cell(0, 1)
        heading = self.first_cell_paragraph(left)
        self.run(heading, "Nơi nhận:", bold=True, italic=True)
        for line in [*recipients, archive]:
            self.paragraph(line, container=left)
        first = self.first_cell_paragraph(right)
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if lines:
            self.run(first, lines[0], bold=True)
        for line in lines[1:]:
            self.paragraph(line, container=right, bold=True, center=True)
        for _ in range(3):
            self.paragraph(container=right)
        self.paragraph(signature.name, container=right, bold=True, center=True)

    # -- Word parts ----------------------------------------------------------------------------------

    def _add_heading_list(self) -> None:
        numbering = self.document.part.numbering_part.element
        levels = (("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"))
        xml = "".join(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
            for level, (number_format, text) in enumerate(levels)
        )
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{LIST_ID}">{xml}</w:abstractNum>')
        instance = parse_xml(f'<w:num {nsdecls("w")} w:numId="{LIST_ID}"><w:abstractNumId w:val="{LIST_ID}"/></w:num>')
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        numbering.append(instance)

    def _add_footnotes_part(self) -> None:
        if not self.footnotes:
            return
        notes = "".join(
            f'<w:footnote w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {_escape(text)}</w:t></w:r></w:p></w:footnote>'
            for number, text in enumerate(self.footnotes, 1)
        )
        xml = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {nsdecls("w")}>'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
            f"</w:p></w:footnote>{notes}</w:footnotes>"
        )
        part = Part(
            PackURI("/word/footnotes.xml"), FOOTNOTES_CONTENT_TYPE, xml.encode("utf-8"), self.document.part.package
        )
        self.document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)

    def save(self) -> bytes:
        self.header()
        self.title()
        self.body()
        self.ending()
        self._add_footnotes_part()
        stream = io.BytesIO()
        self.document.save(stream)
        return stream.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def type_report(report: Report, typing: Typing = Typing()) -> bytes:
    """The report typed into a .docx by hand, as `typing` says."""
    return _Typist(report, typing).save()


CONVERSION_GUARD_SECONDS = 180.0
"""Not a timing assertion: only stops a LibreOffice run that hangs."""


def saved_as_word_97(docx_bytes: bytes, folder: Path) -> bytes:
    """The .doc LibreOffice saves from a .docx (as an office converts old files), made in `folder`.

    Fails the test when LibreOffice is missing: tools/test.sh installs it, and a skipped test proves nothing.
    """
    program = find_libreoffice()
    if program is None:
        pytest.fail("LibreOffice is needed for this test (tools/test.sh installs it)")
    source = folder / "bao-cao.docx"
    source.write_bytes(docx_bytes)
    code, last_line = run_headless_conversion(
        program, source, "doc:MS Word 97", folder, folder, CONVERSION_GUARD_SECONDS
    )
    converted = folder / "bao-cao.doc"
    assert code == 0 and converted.is_file(), f"LibreOffice did not save a .doc: {last_line}"
    data = converted.read_bytes()
    assert data.startswith(b"\xd0\xcf\x11\xe0")
    return data
