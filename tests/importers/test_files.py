"""import_file: the kind of file is told by its content, and each kind goes to its reader."""

from __future__ import annotations

import shutil
import tempfile
from functools import cache
from pathlib import Path

import pytest

from app.core.report_file import read_report
from app.importers.files import import_file
from app.importers.result import ImportRefused
from tests.conftest import example_path
from tests.importers.measure import section_tree, words_in_order
from tests.importers.word_typed import CONVERSION_GUARD_SECONDS, saved_as_word_97, type_report

TRA_TAY = "ubnd-xa-tra-tay-so-ket-2023"
SEED = Path(__file__).resolve().parents[3] / "shared" / "reference" / "seeds" / "003_0f68266f658f0987.txt"


@cache
def typed_docx() -> bytes:
    return type_report(read_report(example_path(TRA_TAY)))


def test_a_docx_is_read_as_word_whatever_its_name(tmp_path: Path) -> None:
    misnamed = tmp_path / "bao-cao.txt"
    misnamed.write_bytes(typed_docx())
    result = import_file(misnamed)
    assert result.source == "bao-cao.txt"
    assert section_tree(result.report.sections) == section_tree(read_report(example_path(TRA_TAY)).sections)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_plain_text_is_read_in_any_unicode_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "bao-cao.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode(encoding))
    report = import_file(path).report
    assert section_tree(report.sections) == section_tree(read_report(example_path(TRA_TAY)).sections)


def test_plain_text_in_tcvn3_bytes_is_converted_with_a_note(tmp_path: Path) -> None:
    from tests.importers.word_typed import tcvn3_runs

    # TCVN3 has no codes for capitals with tone marks (they need the .VnTimeH font, lost in a .txt).
    text = "I. Tình hình chung\nXã Trà Tây là một xã miền núi nằm ở phía Tây của huyện.\n"
    stored = "".join(part for _, part in tcvn3_runs(text))
    path = tmp_path / "cu.txt"
    path.write_bytes(stored.encode("cp1252"))
    result = import_file(path)
    section = result.report.sections[0]
    assert section.title == "Tình hình chung"
    assert section.blocks[0].plain_text == "Xã Trà Tây là một xã miền núi nằm ở phía Tây của huyện."  # type: ignore[union-attr]
    assert any("TCVN3" in note.message for note in result.notes)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n", "tệp PDF"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "ảnh PNG"),
        (b"", "rỗng"),
    ],
)
def test_other_files_are_refused_saying_what_they_are(tmp_path: Path, content: bytes, said: str) -> None:
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(content)
    with pytest.raises(ImportRefused) as refused:
        import_file(path)
    assert said in str(refused.value) and "Hãy" in str(refused.value)


def test_a_file_without_a_word_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "trong.txt"
    path.write_text("\n   \n\t\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match="không có chữ nào"):
        import_file(path)


def test_a_report_file_is_not_recognised_but_sent_to_its_own_import(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.baocao.json"
    shutil.copyfile(example_path(TRA_TAY), path)
    with pytest.raises(ImportRefused, match="drafts import"):
        import_file(path)


def test_a_missing_file_is_refused_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match=r"khong-co\.docx"):
        import_file(tmp_path / "khong-co.docx")


def test_a_doc_without_libreoffice_is_refused_with_the_install_advice(tmp_path: Path) -> None:
    path = tmp_path / "cu.doc"
    path.write_bytes(_word_97_file(tmp_path))
    with pytest.raises(ImportRefused, match="LibreOffice"):
        import_file(path, soffice=tmp_path / "khong-co-soffice")


@pytest.mark.pdf
def test_a_doc_made_by_libreoffice_from_a_typed_report_imports_back(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.doc"
    path.write_bytes(_word_97_file(tmp_path))
    result = import_file(path, timeout=CONVERSION_GUARD_SECONDS)
    source = read_report(example_path(TRA_TAY))
    assert section_tree(result.report.sections) == section_tree(source.sections)
    assert words_in_order(source, result.report) >= 0.99
    assert (result.report.issuer, result.report.signature) == (source.issuer, source.signature)
    assert result.notes[0].message == "Tệp Word 97–2003 (.doc) đã được chuyển qua LibreOffice."
    assert result.source == "bao-cao.doc"


@cache
def _word_97_bytes() -> bytes:
    with tempfile.TemporaryDirectory(prefix="baocao-doc-test-") as folder:
        return saved_as_word_97(typed_docx(), Path(folder))


def _word_97_file(tmp_path: Path) -> bytes:
    """A Word 97–2003 .doc of the typed Trà Tây report, converted once by LibreOffice."""
    return _word_97_bytes()
