""".docx → paragraphs and tables for the recogniser, as Word shows them.

The formatting is resolved by app.core.docx_format (styles, inherited bold, Word's list labels, footnotes),
which reads the package through app.core.docx_package (safe against hostile files). This module adds what
an import needs on top: tables laid out on their grid (merged cells), text boxes at their anchor, footnote
texts at their marks, and TCVN3/VNI runs (fonts .VnTime, VNI-Times…) converted to Unicode.
"""

from __future__ import annotations

import os
from typing import IO, TypeAlias

from lxml import etree

from app.core.docx_format import DocxFormat, ParagraphFormat, RunFormat, read_docx_format, story_paragraphs
from app.core.docx_package import DocxPackage, open_docx
from app.core.model import Footnote, Inline, Span
from app.importers.legacy import font_encoding, legacy_encoding, legacy_to_unicode
from app.importers.result import ImportNote
from app.importers.source import SourceItem, SourceParagraph, SourceTable

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P = _W + "p"
_TEXT_BOX = _W + "txbxContent"
_TEXT_BOX_MARKER = b"txbxContent"
_ALIGNMENTS = {"both": "both", "distribute": "both", "justify": "both", "center": "center", "right": "right"}
_SOFT_HYPHEN = "\u00ad"
"""Invisible in Unicode text (dropped), but the letter ư in TCVN3 (converted)."""
_ENCODING_NAMES = {"tcvn3": "TCVN3 (phông .VnTime…)", "vni": "VNI (phông VNI-Times…)"}

_Element: TypeAlias = etree._Element
DocxSource: TypeAlias = "str | os.PathLike[str] | bytes | IO[bytes]"


def docx_items(source: DocxSource) -> tuple[list[SourceItem], list[ImportNote]]:
    """The body of a .docx as paragraphs and tables in order, with notes (legacy encodings, hidden text)."""
    data = _as_bytes(source)
    formatting = read_docx_format(data)
    with open_docx(data) as package:
        raw = package.read(package.main_document) or b""
        # Only documents with text boxes need their body read a second time.
        text_boxes = _read_text_boxes(package) if _TEXT_BOX_MARKER in raw else {}
    items, notes = _Converter(formatting, text_boxes).items()
    pictures = raw.count(b"<pic:pic ") + raw.count(b"<v:imagedata ")
    if pictures:
        notes.append(
            ImportNote(
                "check",
                f"Tệp có {pictures} hình ảnh; hình ảnh không được nhập (bản nháp chỉ giữ chữ và bảng), "
                "hãy chèn lại vào tệp Word sau khi xuất nếu cần.",
            )
        )
    return items, notes


def _as_bytes(source: DocxSource) -> bytes:
    """The file's bytes, read only once the package reader has checked the file (size, kind, zip directory)."""
    if isinstance(source, bytes):
        return source
    if isinstance(source, (str, os.PathLike)):
        open_docx(source).close()  # PackageRefused for a file too large, not a .docx, or hostile
        with open(source, "rb") as stream:
            return stream.read()
    start = source.tell()
    open_docx(source).close()
    source.seek(start)
    return source.read()


# ---------------------------------------------------------------------------------------------
# Text boxes: what docx_format does not read


def _read_text_boxes(package: DocxPackage) -> dict[int, list[str]]:
    """Paragraph index (as in DocxFormat.paragraphs) → the texts of the text boxes anchored in that paragraph."""
    document = package.xml(package.main_document)
    body = document.find(_W + "body") if document is not None else None
    if body is None:
        return {}
    found: dict[int, list[str]] = {}
    for index, (paragraph, _) in enumerate(story_paragraphs(body)):
        boxes = _text_boxes(paragraph)
        if boxes:
            found[index] = boxes
    return found


def _text_boxes(paragraph: _Element) -> list[str]:
    """The text of the text boxes anchored in a paragraph, one entry per paragraph inside them."""
    texts: list[str] = []
    for box in paragraph.iter(_TEXT_BOX):
        if any(ancestor.tag == _MC_FALLBACK for ancestor in box.iterancestors()):
            continue  # the same box again, for old versions of Word
        for inner in box.iter(_P):
            text = "".join(node.text or "" for node in inner.iter(_W + "t"))
            if text.strip():
                texts.append(text)
    return texts


# ---------------------------------------------------------------------------------------------
# Conversion


class _Converter:
    def __init__(self, formatting: DocxFormat, text_boxes: dict[int, list[str]]) -> None:
        self.formatting = formatting
        self.text_box_texts = text_boxes
        self.notes: list[ImportNote] = []
        self.converted: dict[str, int] = {}
        self.hidden = 0
        self.footnote_texts: dict[int, str] = {}

    def items(self) -> tuple[list[SourceItem], list[ImportNote]]:
        items: list[SourceItem] = []
        paragraphs = self.formatting.paragraphs
        index = 0
        while index < len(paragraphs):
            paragraph = paragraphs[index]
            if paragraph.table_index is None:
                items.append(self.paragraph(paragraph))
                items.extend(self.text_boxes(index))
                index += 1
                continue
            table_index = paragraph.table_index
            end = index
            while end < len(paragraphs) and paragraphs[end].table_index == table_index:
                end += 1
            items.append(self.table(table_index, paragraphs[index:end]))
            for inside in range(index, end):
                items.extend(self.text_boxes(inside))
            index = end
        for encoding, count in self.converted.items():
            self.notes.append(
                ImportNote(
                    "recognised",
                    f"Văn bản mã {_ENCODING_NAMES[encoding]} đã được chuyển sang Unicode ({count} đoạn chữ).",
                )
            )
        if self.hidden:
            self.notes.append(
                ImportNote(
                    "check",
                    f"{self.hidden} đoạn chữ ẩn (không in ra) trong tệp Word đã được bỏ qua; nếu cần chúng, hãy bỏ "
                    "định dạng ẩn trong Word (Phông chữ → Ẩn) rồi nhập lại.",
                )
            )
        return items, self.notes

    def text_boxes(self, index: int) -> list[SourceParagraph]:
        texts = self.text_box_texts.get(index, [])
        if texts:
            self.notes.append(
                ImportNote(
                    "check",
                    "Chữ trong khung (text box) được đưa vào thành đoạn văn ngay sau chỗ đặt khung; hãy kiểm tra "
                    "vị trí các đoạn này.",
                )
            )
        return [SourceParagraph([Span(self.unicode(text, None))]) for text in texts]

    def table(self, table_index: int, paragraphs: tuple[ParagraphFormat, ...]) -> SourceTable:
        layout = self.formatting.tables[table_index]
        cells: dict[tuple[int, int], list[SourceParagraph]] = {}
        for paragraph in paragraphs:
            row, cell = paragraph.cell or (0, 0)
            cells.setdefault((row, layout.grid_column(row, cell)), []).append(self.paragraph(paragraph))
        row_count = max((row for row, _ in cells), default=-1) + 1
        width = max(layout.column_count, max((column for _, column in cells), default=-1) + 1)
        rows = [[cells.get((row, column), []) for column in range(width)] for row in range(row_count)]
        return SourceTable(rows)

    def paragraph(self, paragraph: ParagraphFormat) -> SourceParagraph:
        inline: Inline = []
        bold_runs: list[bool] = []
        for run in paragraph.runs:
            if run.is_footnote_reference and run.footnote_id is not None:
                inline.append(Footnote(self.footnote(run.footnote_id)))
                continue
            if not run.text:
                continue
            if run.hidden:
                self.hidden += 1
                continue
            text = self.unicode(run.text, run)
            inline.append(Span(text, bold=run.bold, italic=run.italic))
            if text.strip():
                bold_runs.append(run.bold)
        return SourceParagraph(
            inline,
            list_label=paragraph.label or None,
            bold=all(bold_runs) if bold_runs else None,
            alignment=_ALIGNMENTS.get(paragraph.alignment, "left"),
            outline_level=paragraph.outline_level,
        )

    def footnote(self, footnote_id: int) -> str:
        if footnote_id not in self.footnote_texts:
            parts = []
            for paragraph in self.formatting.footnotes.get(footnote_id, ()):
                text = "".join(self.unicode(run.text, run) for run in paragraph.runs if not run.hidden)
                if text.strip():
                    parts.append(text.strip())
            self.footnote_texts[footnote_id] = " ".join(parts)
        return self.footnote_texts[footnote_id]

    def unicode(self, text: str, run: RunFormat | None) -> str:
        """A run's text in Unicode: TCVN3 and VNI fonts (and text that reads as such) converted."""
        font = run.font if run is not None else None
        encoding = None if text.isascii() and font_encoding(font) is None else legacy_encoding(text, font)
        if encoding is None:
            return text.replace(_SOFT_HYPHEN, "")
        self.converted[encoding] = self.converted.get(encoding, 0) + 1
        return legacy_to_unicode(text, encoding, font=font)
