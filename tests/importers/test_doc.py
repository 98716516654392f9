"""Word 97–2003 (.doc) through LibreOffice: the text arrives; a missing, failing or hanging LibreOffice,
a password or a file that is not a .doc each give a Vietnamese message; nothing is left behind.

LibreOffice is installed here and by tools/test.sh in CI; the failure cases use small stand-in
programs in place of soffice.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from app.core.docx_format import read_docx_format
from app.core.docx_package import open_docx
from app.importers.doc import convert_doc_to_docx
from app.importers.result import ImportRefused
from tests.importers.test_hostile import word97_document, word_docx
from tests.importers.word_typed import CONVERSION_GUARD_SECONDS, saved_as_word_97


@pytest.fixture(scope="module")
def word97_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A genuine .doc, saved by LibreOffice from a .docx with Vietnamese text."""
    folder = tmp_path_factory.mktemp("doc")
    document = docx.Document()
    document.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    document.add_paragraph("Ủy ban nhân dân xã Trà Tây báo cáo kết quả thực hiện như sau:")
    typed = io.BytesIO()
    document.save(typed)
    converted = folder / "bao-cao.doc"
    converted.write_bytes(saved_as_word_97(typed.getvalue(), folder))
    return converted


@pytest.fixture
def own_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the converter makes its temporary folders during the test, to check it cleans up."""
    folder = tmp_path / "tam"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def fake_soffice(tmp_path: Path, body: str) -> Path:
    """A stand-in for soffice: a shell script with `body`, recording that it ran."""
    script = tmp_path / "soffice"
    script.write_text(f'#!/bin/sh\necho ran >> "{tmp_path}/ran"\n{body}\n', encoding="utf-8")
    script.chmod(0o755)
    return script


def test_a_word_97_document_arrives_as_docx_with_its_text(word97_file: Path, own_temporary_folder: Path) -> None:
    converted = convert_doc_to_docx(word97_file, timeout=CONVERSION_GUARD_SECONDS)
    with open_docx(converted) as package:  # the safe reader accepts what LibreOffice wrote
        assert package.main_document in package.names
    texts = [paragraph.text for paragraph in read_docx_format(converted).paragraphs]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    assert "Ủy ban nhân dân xã Trà Tây báo cáo kết quả thực hiện như sau:" in texts
    assert list(own_temporary_folder.iterdir()) == []  # the profile and copies are gone


def test_a_name_with_vietnamese_letters_and_spaces_is_fine(word97_file: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "Báo cáo sơ kết (bản cũ).doc"
    shutil.copyfile(word97_file, renamed)
    assert read_docx_format(convert_doc_to_docx(renamed, timeout=CONVERSION_GUARD_SECONDS)).paragraphs


def test_without_libreoffice_the_message_says_how_to_install_it(word97_file: Path, tmp_path: Path) -> None:
    with pytest.raises(ImportRefused) as refused:
        convert_doc_to_docx(word97_file, soffice=tmp_path / "khong-co" / "soffice")
    message = str(refused.value)
    assert "Không tìm thấy LibreOffice" in message and "libreoffice.org" in message
    assert "Lưu thành" in message  # the other way: save as .docx in Word


def test_a_hanging_libreoffice_is_killed_with_everything_it_started(tmp_path: Path, own_temporary_folder: Path) -> None:
    document = tmp_path / "treo.doc"
    document.write_bytes(word97_document())
    program = fake_soffice(tmp_path, f'sleep 300 &\necho $! > "{tmp_path}/child"\nsleep 300')
    started = time.monotonic()
    with pytest.raises(ImportRefused) as refused:
        convert_doc_to_docx(document, soffice=program, timeout=1)
    assert time.monotonic() - started < CONVERSION_GUARD_SECONDS
    assert "sau 1 giây" in str(refused.value) and "Hãy thử lại" in str(refused.value)
    child = int((tmp_path / "child").read_text())
    assert not process_running(child)
    assert list(own_temporary_folder.iterdir()) == []


def process_running(pid: int) -> bool:
    """True while `pid` runs (a killed process waiting to be reaped, a zombie, does not count)."""
    deadline = time.monotonic() + 10  # the kill is immediate; reaping by init may take a moment
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return False
        if state in ("Z", "X"):
            return False
        time.sleep(0.1)
    return True


def test_a_failing_libreoffice_gives_its_reason(tmp_path: Path) -> None:
    document = tmp_path / "hong.doc"
    document.write_bytes(word97_document())
    program = fake_soffice(tmp_path, 'echo "Error: source file could not be loaded"\nexit 1')
    with pytest.raises(ImportRefused) as refused:
        convert_doc_to_docx(document, soffice=program, timeout=CONVERSION_GUARD_SECONDS)
    assert "source file could not be loaded" in str(refused.value)
    assert "Hãy mở tệp trong Word" in str(refused.value)


def test_a_document_with_a_password_never_reaches_libreoffice(tmp_path: Path) -> None:
    document = tmp_path / "mat-khau.doc"
    document.write_bytes(word97_document(password=True))
    program = fake_soffice(tmp_path, "exit 0")
    with pytest.raises(ImportRefused, match="đặt mật khẩu"):
        convert_doc_to_docx(document, soffice=program)
    assert not (tmp_path / "ran").exists()


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (word_docx, "tệp nén .zip"),
        (lambda: "Báo cáo sơ kết\n".encode(), "tệp văn bản thuần"),
        (lambda: b"%PDF-1.5\n", "tệp PDF"),
    ],
    ids=["docx", "text", "pdf"],
)
def test_a_file_that_is_not_a_word_97_document_is_refused(
    tmp_path: Path, content: Callable[[], bytes], named: str
) -> None:
    document = tmp_path / "khong-phai.doc"
    document.write_bytes(content())
    program = fake_soffice(tmp_path, "exit 0")
    with pytest.raises(ImportRefused) as refused:
        convert_doc_to_docx(document, soffice=program)
    assert named in str(refused.value) and "không phải tệp Word 97–2003" in str(refused.value)
    assert not (tmp_path / "ran").exists()


def test_a_libreoffice_that_writes_nothing_is_a_failure_not_an_empty_document(tmp_path: Path) -> None:
    document = tmp_path / "rong.doc"
    document.write_bytes(word97_document())
    program = fake_soffice(tmp_path, "exit 0")
    with pytest.raises(ImportRefused, match="LibreOffice không đọc được"):
        convert_doc_to_docx(document, soffice=program)
