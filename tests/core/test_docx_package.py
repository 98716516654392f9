"""The safe .docx reader: genuine Word files open (large pictures too); the limits hold even when a
zip lies; every refusal is Vietnamese and leaves no file open. The hostile catalogue itself, with
memory measured, is tests/importers/test_hostile.py."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Mm
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import docx_package
from app.core.docx_format import read_docx_format
from app.core.docx_package import PackageRefused, describe_file, ole2_kind, open_docx
from tests.importers.test_hostile import (
    CONTENT_TYPES,
    ROOT_RELS,
    compound_file,
    document_xml,
    encrypted_docx,
    minimal_docx,
    package,
    word97_document,
    word_docx,
)

# A 1×1 PNG: python-docx needs a real picture to insert.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201a5f3f1b20000000049454e44ae426082"
)


def open_file_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_a_word_document_opens_with_its_parts_and_relationships() -> None:
    with open_docx(word_docx()) as opened:
        assert opened.main_document == "word/document.xml"
        assert "word/styles.xml" in opened.names
        types = {
            relationship_type.rsplit("/", 1)[-1]
            for relationship_type, _ in opened.relationships(opened.main_document).values()
        }
        assert "styles" in types
        root = opened.xml("word/document.xml")
        assert root is not None
        text = "".join(root.itertext())
        assert "Ủy ban nhân dân xã Trà Tây" in text
        assert opened.read("word/nothing.xml") is None
        assert opened.xml("word/nothing.xml") is None


def test_paths_bytes_and_binary_files_all_open(tmp_path: Path) -> None:
    data = word_docx()
    path = tmp_path / "báo cáo.docx"
    path.write_bytes(data)
    for source in (path, str(path), data, io.BytesIO(data)):
        with open_docx(source) as opened:
            assert opened.xml(opened.main_document) is not None


def test_a_report_with_60_mb_of_photos_opens_and_the_photos_are_not_read(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Hình ảnh hoạt động của xã")
    document.add_picture(io.BytesIO(TINY_PNG), width=Mm(50))
    buffer = io.BytesIO()
    document.save(buffer)
    # Photos do not compress: store 60 MB of noise as the picture, as a phone's JPEGs would be.
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as original:
        parts = {info.filename: original.read(info) for info in original.infolist()}
    picture = next(name for name in parts if name.startswith("word/media/"))
    parts[picture] = os.urandom(60 << 20)
    path = tmp_path / "anh.docx"
    path.write_bytes(package(parts, compression=zipfile.ZIP_STORED))
    assert path.stat().st_size > 60 << 20

    formats = read_docx_format(path)
    assert [p.text for p in formats.paragraphs if p.text] == ["Hình ảnh hoạt động của xã"]
    with open_docx(path) as opened:
        opened.xml(opened.main_document)
        assert opened._read_so_far < 1 << 20  # the picture was never decompressed


def test_a_large_but_honest_document_opens() -> None:
    paragraphs = "".join(f"<w:p><w:r><w:t>Đoạn {n}: kết quả thực hiện</w:t></w:r></w:p>" for n in range(60_000))
    data = minimal_docx(document_xml(paragraphs))
    with open_docx(data) as opened:
        root = opened.xml("word/document.xml")
        assert root is not None and len(root[0]) == 60_000


def test_a_part_over_the_limit_is_refused_before_it_is_read() -> None:
    body = "<w:p><w:r><w:t>" + os.urandom((docx_package.MAX_PART_BYTES // 2) + 1000).hex() + "</w:t></w:r></w:p>"
    data = package(
        {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "word/document.xml": document_xml(body)}
    )
    with pytest.raises(PackageRefused) as refused:
        open_docx(data)
    assert refused.value.reason == "part-too-large"
    assert f"{docx_package.MAX_PART_BYTES // docx_package.MEGABYTE} MB" in str(refused.value)


def test_all_parts_together_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_package, "MAX_TOTAL_READ_BYTES", 50_000)
    parts = {f"word/header{n}.xml": document_xml("<w:p/>" * 2000) for n in range(1, 6)}
    data = package(
        {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "word/document.xml": document_xml(), **parts}
    )
    with open_docx(data) as opened, pytest.raises(PackageRefused) as refused:
        for name in sorted(parts):
            opened.read(name)
    assert refused.value.reason == "part-too-large"
    assert "tách tài liệu" in str(refused.value)


def test_a_doctype_is_refused_even_without_entities() -> None:
    data = minimal_docx(document_xml(prolog="<!DOCTYPE w:document>"))
    with open_docx(data) as opened, pytest.raises(PackageRefused) as refused:
        opened.xml("word/document.xml")
    assert refused.value.reason == "doctype"
    assert "word/document.xml" in str(refused.value)


def test_malformed_xml_is_refused_in_vietnamese() -> None:
    data = minimal_docx(b"<w:document><w:body><w:p></w:body>")
    with open_docx(data) as opened, pytest.raises(PackageRefused) as refused:
        opened.xml("word/document.xml")
    assert refused.value.reason == "broken"
    assert "không phải XML hợp lệ" in str(refused.value)


def test_two_parts_with_one_name_are_refused() -> None:
    buffer = io.BytesIO()
    with pytest.warns(UserWarning), zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("word/document.xml", document_xml())
        archive.writestr("word/document.xml", document_xml("<w:p><w:r><w:t>khác</w:t></w:r></w:p>"))
    with pytest.raises(PackageRefused) as refused:
        open_docx(buffer.getvalue())
    assert "hai phần cùng tên" in str(refused.value)


def test_missing_files_and_folders_are_refused_in_vietnamese(tmp_path: Path) -> None:
    with pytest.raises(PackageRefused, match="Không tìm thấy tệp"):
        open_docx(tmp_path / "khong-co.docx")
    with pytest.raises(PackageRefused, match="là một thư mục"):
        open_docx(tmp_path)


def test_no_file_stays_open_after_use_or_refusal(tmp_path: Path) -> None:
    good, bad = tmp_path / "tot.docx", tmp_path / "hong.docx"
    good.write_bytes(word_docx())
    bad.write_bytes(word_docx()[:-100])
    before = open_file_descriptors()
    for _ in range(20):
        with open_docx(good) as opened:
            opened.xml(opened.main_document)
        with pytest.raises(PackageRefused):
            open_docx(bad)
    assert open_file_descriptors() == before


def test_what_a_file_looks_like() -> None:
    assert describe_file(b"%PDF-1.4 ...") == "tệp PDF"
    assert describe_file(b"\x89PNG\r\n\x1a\n....") == "ảnh PNG"
    assert describe_file("Báo cáo sơ kết\nnăm 2023\n".encode()) == "tệp văn bản thuần (.txt)"
    assert describe_file(b"<html><body>trang</body></html>") == "trang web (HTML)"
    assert describe_file(b"{\\rtf1\\ansi ...}") == "tệp RTF"
    assert describe_file(word_docx()) == "tệp nén .zip"
    assert describe_file(word97_document()) == "tệp Word 97–2003 (.doc)"
    assert describe_file(encrypted_docx()) == "tài liệu Office được đặt mật khẩu"


def test_compound_files_are_told_apart() -> None:
    assert ole2_kind(io.BytesIO(encrypted_docx())) == "encrypted-ooxml"
    assert ole2_kind(io.BytesIO(word97_document())) == "doc"
    assert ole2_kind(io.BytesIO(word97_document(password=True))) == "encrypted-doc"
    assert ole2_kind(io.BytesIO(compound_file({"Workbook": b"\0" * 5000}))) == "other"
    assert ole2_kind(io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)) == "other"  # cut short


def test_a_word_97_file_is_refused_with_the_way_to_import_it() -> None:
    with pytest.raises(PackageRefused) as refused:
        open_docx(word97_document())
    assert refused.value.reason == "legacy-doc"
    assert "Word 97–2003 (.doc)" in str(refused.value) and "Lưu thành" in str(refused.value)


WORD_DOCX = word_docx()


def damaged(data: bytes, damage: list[tuple[int, int]]) -> bytes:
    """`data` with the bytes at some positions overwritten, as a bad disk or a cut download leaves a file."""
    changed = bytearray(data)
    for position, value in damage:
        changed[position] = value
    return bytes(changed)


WORD_97 = word97_document()


@given(st.lists(st.tuples(st.integers(8, len(WORD_97) - 1), st.integers(0, 255)), min_size=1, max_size=16))
@settings(max_examples=300, deadline=None)
def test_a_damaged_compound_file_is_told_apart_without_an_error(damage: list[tuple[int, int]]) -> None:
    assert ole2_kind(io.BytesIO(damaged(WORD_97, damage))) in ("encrypted-ooxml", "doc", "encrypted-doc", "other")


@given(st.lists(st.tuples(st.integers(0, len(WORD_DOCX) - 1), st.integers(0, 255)), min_size=1, max_size=8))
@settings(max_examples=200, deadline=None)
def test_a_damaged_word_file_opens_or_is_refused_never_anything_else(damage: list[tuple[int, int]]) -> None:
    try:
        with open_docx(damaged(WORD_DOCX, damage)) as opened:
            for name in sorted(opened.names):
                if name.endswith((".xml", ".rels")):
                    opened.xml(name)
    except PackageRefused as refused:
        assert "Hãy" in str(refused) or "hãy" in str(refused)
