"""Word 97–2003 (.doc) → .docx through LibreOffice, so that one reader serves both formats.

LibreOffice is the one found for PDF export (app.render.pdf: the settings, $BAOCAO_SOFFICE, PATH, the
usual install folders); it runs headless with a profile folder of its own in a temporary folder, in a
process group of its own that is killed whole at the time limit. The .doc is checked first (a
compound file holding a WordDocument stream, without a password), so that LibreOffice never sees
a file it would stop on.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from app.core.docx_package import MAX_FILE_BYTES, MEGABYTE, OleKind, describe_file, file_signature
from app.core.vietnamese import format_number
from app.importers.result import ImportRefused
from app.render.pdf import INSTALL_ADVICE, SOFFICE_VARIABLE, find_libreoffice, run_headless_conversion

DEFAULT_TIMEOUT = 60.0
"""Seconds one .doc conversion may take before LibreOffice is killed (a long .doc takes a few seconds)."""
INPUT_NAME = "baocao.doc"
"""The copy LibreOffice converts: an ASCII name, so that no LibreOffice on any system trips on the path."""


def convert_doc_to_docx(
    path: str | os.PathLike[str], *, soffice: str | os.PathLike[str] | None = None, timeout: float = DEFAULT_TIMEOUT
) -> bytes:
    """The .docx bytes of the Word 97–2003 document at `path`, converted by LibreOffice.

    ImportRefused (Vietnamese, saying what to do) when the file is not a .doc, has a password, is too
    large, when LibreOffice is missing, fails, or takes longer than `timeout` seconds.
    """
    source = Path(path)
    _check_doc(source)
    program = find_libreoffice(soffice)
    if program is None:
        configured = soffice or os.environ.get(SOFFICE_VARIABLE)
        where = f"Không tìm thấy LibreOffice tại «{configured}». " if configured else "Không tìm thấy LibreOffice. "
        raise ImportRefused(
            f"{where}Cần LibreOffice để đọc tệp Word 97–2003 (.doc). {INSTALL_ADVICE}\n"
            "Hoặc mở tệp trong Word, chọn Tệp → Lưu thành → Tài liệu Word (.docx), rồi nhập tệp .docx."
        )
    folder = Path(tempfile.mkdtemp(prefix="baocao-doc-"))
    try:
        copy = folder / INPUT_NAME
        shutil.copyfile(source, copy)
        converted = folder / "out"
        code, last_line = run_headless_conversion(program, copy, "docx:MS Word 2007 XML", converted, folder, timeout)
        if code is None:
            raise ImportRefused(
                f"LibreOffice không chuyển xong tệp «{source.name}» sau {format_number(timeout)} giây nên đã bị dừng. "
                "Hãy thử lại; nếu vẫn vậy, hãy mở tệp trong Word và lưu thành .docx rồi nhập tệp .docx."
            )
        result = converted / f"{copy.stem}.docx"
        try:
            data = result.read_bytes()
        except OSError:
            data = b""
        if not data.startswith(b"PK"):
            detail = last_line or f"mã thoát {code}"
            raise ImportRefused(
                f"LibreOffice không đọc được tệp «{source.name}» ({detail}); có thể tệp bị hỏng. "
                "Hãy mở tệp trong Word, lưu thành .docx rồi nhập tệp .docx."
            )
        return data
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_doc(source: Path) -> None:
    """ImportRefused unless `source` is a Word 97–2003 document without a password, within the size limit."""
    _, kind = read_signature(source)
    if source.stat().st_size > MAX_FILE_BYTES:
        raise ImportRefused(
            f"Tệp «{source.name}» quá lớn (giới hạn {MAX_FILE_BYTES // MEGABYTE} MB); "
            "hãy kiểm tra lại có đúng tệp báo cáo không."
        )
    if kind == "doc":
        return
    if kind in ("encrypted-doc", "encrypted-ooxml"):
        raise ImportRefused(
            f"Tệp «{source.name}» được đặt mật khẩu nên không đọc được. Hãy mở tệp trong Word bằng mật khẩu, "
            "gỡ mật khẩu (Tệp → Thông tin → Bảo vệ tài liệu), lưu lại rồi nhập lại."
        )
    raise ImportRefused(
        f"Tệp «{source.name}» là {describe_file(source)}, không phải tệp Word 97–2003 (.doc). "
        "Hãy chọn tệp Word của báo cáo."
    )


def read_signature(source: Path) -> tuple[bytes, OleKind | None]:
    """The file's first bytes and, for a compound file, what it holds; ImportRefused when it cannot be read."""
    try:
        return file_signature(source)
    except OSError as error:
        raise ImportRefused(
            f"Không đọc được tệp «{source}» ({error.strerror or error}); hãy kiểm tra tên tệp và quyền đọc."
        ) from None
