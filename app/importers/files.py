"""Import a file into a report: .docx, .doc (through LibreOffice) or plain text, chosen by content.

The one entry point of `main.py drafts import` and of the program's "Nhập từ Word". Nothing here writes
anything: the caller shows `ImportResult.summary()` and saves the report as a draft if the officer agrees.
A file that cannot be imported raises ImportRefused with a Vietnamese message saying why and what to do.
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from app.core.docx_package import ZIP_SIGNATURES, PackageRefused, describe_file
from app.core.report_file import FILE_SUFFIX
from app.importers.doc import DEFAULT_TIMEOUT, convert_doc_to_docx, read_signature
from app.importers.docx_reader import DocxSource, docx_items
from app.importers.legacy import decode_text_file
from app.importers.result import ImportNote, ImportRefused, ImportResult
from app.importers.source import SourceItem, SourceParagraph
from app.importers.structure import recognise
from app.importers.text_reader import text_items

MAX_TEXT_BYTES = 20 * 1024 * 1024
"""A plain-text report is a few hundred KB; beyond this the file is something else."""
TEXT_DESCRIPTION = "tệp văn bản thuần (.txt)"
_BROKEN = (
    "Tệp Word «{name}» bị hỏng bên trong nên không đọc được ({detail}). Hãy mở tệp trong Word, chọn "
    "Tệp → Lưu thành → Tài liệu Word (.docx), rồi nhập tệp mới."
)


def import_file(
    path: str | os.PathLike[str], *, soffice: str | os.PathLike[str] | None = None, timeout: float = DEFAULT_TIMEOUT
) -> ImportResult:
    """A report out of the file at `path`: .docx, .doc (needs LibreOffice) or plain text, told by content."""
    source = Path(path)
    name = source.name
    if name.lower().endswith(FILE_SUFFIX):
        raise ImportRefused(
            f"«{name}» là tệp báo cáo của chương trình, không cần nhận dạng: hãy mở nó bằng «Mở tệp báo cáo» "
            "hoặc lệnh `drafts import`."
        )
    head, kind = read_signature(source)
    if head.startswith(ZIP_SIGNATURES):
        return import_docx(source)
    if kind in ("doc", "encrypted-doc"):
        data = convert_doc_to_docx(source, soffice=soffice, timeout=timeout)
        result = import_docx(data, name=name)
        result.notes.insert(0, ImportNote("recognised", "Tệp Word 97–2003 (.doc) đã được chuyển qua LibreOffice."))
        return result
    if head and describe_file(source) == TEXT_DESCRIPTION:
        return _import_text_file(source)
    return import_docx(source)  # refused there, with a message naming what the file is


def import_docx(source: DocxSource, *, name: str | None = None) -> ImportResult:
    """A report out of a .docx (path, bytes or binary file); `name` is the file name shown to the officer."""
    name = name or _name_of(source)
    try:
        items, notes = docx_items(source)
    except PackageRefused as error:
        raise ImportRefused(str(error)) from None
    except (etree.LxmlError, ValueError, KeyError, IndexError, EOFError, OSError) as error:
        raise ImportRefused(_BROKEN.format(name=name, detail=_short(error))) from None
    _require_text(items, name)
    return recognise(items, name, notes)


def import_text(text: str, source: str) -> ImportResult:
    """A report out of plain text already decoded (pasted, or read from a .txt)."""
    items, notes = text_items(text)
    _require_text(items, source)
    return recognise(items, source, notes)


def _import_text_file(source: Path) -> ImportResult:
    if source.stat().st_size > MAX_TEXT_BYTES:
        raise ImportRefused(
            f"Tệp văn bản «{source.name}» quá lớn (giới hạn {MAX_TEXT_BYTES // (1024 * 1024)} MB) để là một báo cáo; "
            "hãy kiểm tra lại có đúng tệp không."
        )
    text, decoding_notes = decode_text_file(source.read_bytes())
    result = import_text(text, source.name)
    result.notes[:0] = decoding_notes
    return result


def _require_text(items: list[SourceItem], name: str) -> None:
    """ImportRefused for a file without a single word: there is nothing to make a draft of."""
    for item in items:
        paragraphs = [item] if isinstance(item, SourceParagraph) else [p for row in item.rows for c in row for p in c]
        if any(paragraph.text.strip() for paragraph in paragraphs):
            return
    raise ImportRefused(f"Tệp «{name}» không có chữ nào để nhập; hãy kiểm tra lại có đúng tệp báo cáo không.")


def _name_of(source: DocxSource) -> str:
    if isinstance(source, (str, os.PathLike)):
        return Path(source).name
    return getattr(source, "name", None) or "tệp Word"


def _short(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "…"
