"""Hostile and broken files: refused with a Vietnamese message, in bounded memory, nothing saved.

Each file is built here. Each is opened in a subprocess of its own (so that a hang cannot take the
test run with it, and so that its peak memory can be measured) through the three doors a file
comes in by: the package reader, the formatting reader of the conformance checker, and the
importer; and through the command line `main.py drafts import`, which must not create a draft.
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest

from db.engine import database_url, open_database
from db.repository import DraftRepository
from tests.conftest import REPO

MEMORY_BOUND_MB = 200
"""Generous: the largest legitimate part is 20 MB; a zip bomb would take a gigabyte."""
HANG_GUARD_SECONDS = 120
"""Not a timing assertion: only stops a run that hangs (the refusals take well under a second)."""

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="word/document.xml"/></Relationships>'
)


def document_xml(body: str = "<w:p><w:r><w:t>Báo cáo sơ kết</w:t></w:r></w:p>", prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


def package(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of `parts` as Word lays them out."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def minimal_docx(document: bytes | None = None, rels: bytes = ROOT_RELS) -> bytes:
    return package(
        {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": rels, "word/document.xml": document or document_xml()}
    )


def word_docx() -> bytes:
    """A genuine .docx from python-docx, with Vietnamese text."""
    document = docx.Document()
    document.add_heading("BÁO CÁO", level=1)
    for number in range(40):
        document.add_paragraph(f"Đoạn {number}: Ủy ban nhân dân xã Trà Tây báo cáo kết quả thực hiện như sau.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- raw zips, for lies


@dataclass
class RawEntry:
    """One zip entry written byte by byte: what it stores and what it declares may disagree."""

    name: str
    stored: bytes
    declared_size: int
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0


def raw_zip(entries: list[RawEntry]) -> bytes:
    """A zip (no zip64: every size below 4 GiB) whose headers say exactly what the entries declare."""
    body, directory = io.BytesIO(), io.BytesIO()
    for entry in entries:
        offset = body.tell()
        name = entry.name.encode()
        common = (20, entry.flags, entry.method, 0, 0x21, entry.crc, len(entry.stored), entry.declared_size)
        body.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *common, len(name), 0) + name + entry.stored)
        directory.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *common, len(name), 0, 0, 0, 0, 0, offset))
        directory.write(name)
    central = directory.getvalue()
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), body.tell(), 0)
    return body.getvalue() + central + end


def deflated_spaces(megabytes: int) -> tuple[bytes, int]:
    """(raw deflate stream, CRC-32) of `megabytes` MB of spaces, built without deflating them all:
    after a full flush the compressor starts afresh, so each megabyte compresses to the same bytes."""
    chunk = b" " * (1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return block * megabytes + compressor.flush(zlib.Z_FINISH), crc


def zip_bomb(declared_size: int | None = None, crc: int | None = None) -> bytes:
    """A .docx whose document.xml is 1 GB of spaces deflated into about 1 MB (declaring its true size
    and CRC unless told otherwise)."""
    stream, true_crc = deflated_spaces(1024)
    plain = [
        RawEntry(name, data, len(data), zlib.crc32(data), method=zipfile.ZIP_STORED)
        for name, data in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS))
    ]
    size = 1024 << 20 if declared_size is None else declared_size
    return raw_zip([*plain, RawEntry("word/document.xml", stream, size, true_crc if crc is None else crc)])


def with_encrypted_flag(data: bytes) -> bytes:
    """A zip whose entries claim a (traditional PKWARE) password, as `zip -e` writes."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    entries = []
    for info in archive.infolist():
        stored = data[info.header_offset :][30 + len(info.filename.encode()) :][: info.compress_size]
        entries.append(RawEntry(info.filename, stored, info.file_size, info.CRC, info.compress_type, flags=0x1))
    return raw_zip(entries)


# --------------------------------------------------------------------------- compound files (OLE2)


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (MS-CFB, 512-byte sectors) holding `streams`, each in regular
    sectors: sector 0 is the FAT, sector 1 the directory, then the streams."""
    sector = 512
    names = list(streams)
    assert len(names) <= 3, "one directory sector holds four entries"
    data_sectors: list[bytes] = []
    starts: list[int] = []
    for name in names:
        content = streams[name]
        starts.append(2 + len(data_sectors))
        for offset in range(0, max(len(content), 1), sector):
            data_sectors.append(content[offset : offset + sector].ljust(sector, b"\0"))
    fat = [0xFFFFFFFD, 0xFFFFFFFE]
    for index, name in enumerate(names):
        count = max(1, -(-len(streams[name]) // sector))
        fat.extend(starts[index] + step + 1 for step in range(count - 1))
        fat.append(0xFFFFFFFE)
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(sector, b"\xff")

    def entry(name: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF, right: int = 0xFFFFFFFF) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(encoded), kind, 1, 0xFFFFFFFF, right, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1 if names else 0xFFFFFFFF)
    for index, name in enumerate(names):
        following = index + 2 if index + 1 < len(names) else 0xFFFFFFFF
        directory += entry(name, 2, starts[index], len(streams[name]), right=following)
    directory = directory.ljust(sector, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<5H", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<4I", 0, 1, 1, 0)  # directory sectors (0 for v3), FAT sectors, first directory, transaction
        + struct.pack("<4I", 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)  # mini cutoff, mini FAT, count, first DIFAT
        + struct.pack("<2I", 0, 0)  # DIFAT sectors; the first FAT sector is sector 0
        + b"\xff" * (108 * 4)
    )
    assert len(header) == sector
    return header + fat_sector + directory + b"".join(data_sectors)


def encrypted_docx() -> bytes:
    """What Word writes for a .docx with a password: an OLE2 file with EncryptionInfo and EncryptedPackage."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b"\0" * 200  # agile encryption, version 4.4
    return compound_file({"EncryptionInfo": info, "EncryptedPackage": os.urandom(3000)})


def word97_document(*, password: bool = False) -> bytes:
    """A Word 97–2003 file as far as its kind shows: a WordDocument stream starting with its FIB."""
    flags = 0x0100 if password else 0
    fib = struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0x042A, 0, flags)
    return compound_file({"WordDocument": fib.ljust(4096, b"\0"), "1Table": b"\0" * 1024})


# --------------------------------------------------------------------------- the catalogue


def truncated(fraction: float) -> Callable[[], bytes]:
    def build() -> bytes:
        whole = word_docx()
        return whole[: int(len(whole) * fraction)]

    return build


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    + "]>"
)

HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    # name: (builder, the refusal reason open_docx gives)
    "zip-bomb": (zip_bomb, "zip-bomb"),
    # The directory lies: it declares a small part, so only the read's own cap stops it (the CRC then fails).
    "zip-bomb-declaring-9-mb": (lambda: zip_bomb(declared_size=9 << 20), "truncated"),
    "zip-bomb-declaring-1-kb": (lambda: zip_bomb(declared_size=1000, crc=zlib.crc32(b" " * 1000)), "broken"),
    "billion-laughs-in-document": (
        lambda: minimal_docx(document_xml("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", BILLION_LAUGHS)),
        "doctype",
    ),
    "billion-laughs-in-rels": (
        lambda: minimal_docx(rels=ROOT_RELS.replace(b"<Relationships", BILLION_LAUGHS.encode() + b"<Relationships")),
        "doctype",
    ),
    "external-entity": (
        lambda: minimal_docx(
            document_xml(
                "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>",
                '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
            )
        ),
        "doctype",
    ),
    "external-dtd": (
        lambda: minimal_docx(document_xml(prolog='<!DOCTYPE w:document SYSTEM "http://192.0.2.1/word.dtd">')),
        "doctype",
    ),
    "doctype-in-utf-16": (
        lambda: minimal_docx(
            document_xml(prolog='<!DOCTYPE w:document [<!ENTITY a "b">]>')
            .decode()
            .replace("UTF-8", "UTF-16")
            .encode("utf-16")
        ),
        "doctype",
    ),
    "deep-nesting": (lambda: minimal_docx(document_xml("<w:p>" * 5000 + "</w:p>" * 5000)), "broken"),
    "truncated-at-10%": (truncated(0.1), "truncated"),
    "truncated-at-50%": (truncated(0.5), "truncated"),
    "truncated-at-90%": (truncated(0.9), "truncated"),
    "truncated-before-end-record": (lambda: word_docx()[:-10], "truncated"),
    "encrypted-office-document": (encrypted_docx, "encrypted"),
    "zip-with-password": (lambda: with_encrypted_flag(word_docx()), "encrypted"),
    "50-mb-document-xml": (
        lambda: package(
            {
                "[Content_Types].xml": CONTENT_TYPES,
                "_rels/.rels": ROOT_RELS,
                "word/document.xml": document_xml(
                    "".join(f"<w:p><w:r><w:t>{os.urandom(3000).hex()}</w:t></w:r></w:p>" for _ in range(8740))
                ),
            },
            compression=zipfile.ZIP_STORED,
        ),
        "part-too-large",
    ),
    "50-mb-random-bytes": (lambda: os.urandom(50 << 20), "not-docx"),
    "pdf": (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n", "not-docx"),
    "png": (lambda: b"\x89PNG\r\n\x1a\n" + os.urandom(2000), "not-docx"),
    "jpeg": (lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF" + os.urandom(2000), "not-docx"),
    "random-bytes": (lambda: os.urandom(10_000), "not-docx"),
    "empty": (lambda: b"", "empty"),
    "excel-workbook": (
        lambda: package({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"}),
        "not-docx",
    ),
    "plain-zip": (lambda: package({"anh/hinh.txt": b"khong phai word"}), "not-docx"),
    "no-main-document": (
        lambda: package({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS}),
        "missing-document",
    ),
    "too-many-parts": (lambda: package({f"word/media/{n}.xml": b"" for n in range(6000)}), "zip-bomb"),
    "word-97-with-password": (lambda: word97_document(password=True), "legacy-doc"),
}


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, (build, _reason) in HOSTILE.items():
        (folder / f"{name}.docx").write_bytes(build())
    # More than the file size limit, without writing it: a sparse file that begins like a zip.
    with (folder / "over-200-mb.docx").open("wb") as stream:
        stream.write(b"PK\x03\x04")
        stream.truncate(201 << 20)
    return folder


PROBE = """
import json, re, sys, time
from app.core.docx_package import PackageRefused, open_docx
from app.core.docx_format import read_docx_format
door, path = sys.argv[1], sys.argv[2]
if door == "import":
    from app.importers.files import import_file
    from app.importers.result import ImportRefused
else:
    ImportRefused = PackageRefused

def memory_kb(field):
    with open("/proc/self/status") as status:
        return int(re.search(field + r":\\s+(\\d+)", status.read()).group(1))

with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")  # resets the peak (VmHWM) to the current resident size
before = memory_kb("VmRSS")
started = time.monotonic()
outcome = {"refused": False}
try:
    if door == "control":
        size = 100 << 20
        allocated = b"x" * size
    elif door == "package":
        with open_docx(path) as package:
            for name in sorted(package.names):
                if name.endswith((".xml", ".rels")):
                    package.xml(name)
    elif door == "format":
        read_docx_format(path)
    else:
        import_file(path)
except (PackageRefused, ImportRefused) as error:
    outcome = {"refused": True, "message": str(error), "reason": getattr(error, "reason", None)}
outcome["seconds"] = time.monotonic() - started
outcome["extra_mb"] = (memory_kb("VmHWM") - before) / 1024
print(json.dumps(outcome))
"""
"""Runs in a fresh interpreter: opens a file through one door, reports the outcome and the peak memory
it took (Linux: the peak resident size is reset before, read after)."""


def probe(door: str, path: Path) -> dict[str, object]:
    """Open `path` through `door` in a fresh interpreter; what happened, the time and the extra peak memory."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, door, str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def assert_refused_in_vietnamese(outcome: dict[str, object]) -> str:
    assert outcome["refused"], outcome
    message = str(outcome["message"])
    assert any(word in message for word in ("Hãy", "hãy")), message  # says what to do
    assert "Traceback" not in message and "root:" not in message  # no internals, nothing leaked
    assert float(str(outcome["extra_mb"])) < MEMORY_BOUND_MB, outcome
    return message


ALL_FILES = [*HOSTILE, "over-200-mb"]


@pytest.mark.parametrize("name", ALL_FILES)
def test_the_package_reader_refuses_it(hostile_folder: Path, name: str) -> None:
    outcome = probe("package", hostile_folder / f"{name}.docx")
    assert_refused_in_vietnamese(outcome)
    expected = HOSTILE[name][1] if name in HOSTILE else "too-large"
    assert outcome["reason"] == expected, outcome["message"]


@pytest.mark.parametrize("name", ALL_FILES)
def test_the_formatting_reader_refuses_it_the_same_way(hostile_folder: Path, name: str) -> None:
    assert_refused_in_vietnamese(probe("format", hostile_folder / f"{name}.docx"))


def test_the_messages_name_what_the_file_is(hostile_folder: Path) -> None:
    messages = {
        name: assert_refused_in_vietnamese(probe("package", hostile_folder / f"{name}.docx"))
        for name in ("pdf", "png", "jpeg", "encrypted-office-document", "zip-bomb", "excel-workbook", "over-200-mb")
    }
    assert "tệp PDF" in messages["pdf"]
    assert "ảnh PNG" in messages["png"]
    assert "ảnh JPEG" in messages["jpeg"]
    assert "mật khẩu" in messages["encrypted-office-document"]
    assert "bom zip" in messages["zip-bomb"]
    assert "Excel" in messages["excel-workbook"]
    assert "200 MB" in messages["over-200-mb"]


def test_the_memory_probe_sees_an_allocation(tmp_path: Path) -> None:
    """Guard for the test itself: the probe's memory figure would show a part read into memory."""
    outcome = probe("control", tmp_path / "unused.docx")
    assert float(str(outcome["extra_mb"])) >= 80


def test_the_zip_bomb_is_a_real_one() -> None:
    """Guard for the test itself: the bomb inflates to spaces, and its directory tells the truth."""
    archive = zipfile.ZipFile(io.BytesIO(zip_bomb()))
    info = archive.getinfo("word/document.xml")
    assert info.file_size == 1024 << 20 and info.compress_size < 2 << 20
    with archive.open(info) as stream:
        assert stream.read(1 << 20) == b" " * (1 << 20)


@pytest.mark.parametrize("name", ALL_FILES)
def test_the_importer_refuses_it(hostile_folder: Path, name: str) -> None:
    assert_refused_in_vietnamese(probe("import", hostile_folder / f"{name}.docx"))


@pytest.mark.parametrize(
    "name", ["zip-bomb", "billion-laughs-in-document", "encrypted-office-document", "truncated-at-50%", "pdf"]
)
def test_drafts_import_refuses_it_and_saves_nothing(hostile_folder: Path, tmp_path: Path, name: str) -> None:
    database = tmp_path / "baocao.sqlite3"
    environment = {**os.environ, "BAOCAO_NO_AUTO_BACKUP": "1"}
    done = subprocess.run(
        [sys.executable, "main.py", "drafts", "import", str(hostile_folder / f"{name}.docx"), "--db", str(database)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        env=environment,
        check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    expected = {
        "zip-bomb": "bom zip",
        "billion-laughs-in-document": "DOCTYPE",
        "encrypted-office-document": "mật khẩu",
        "truncated-at-50%": "cắt cụt",
        "pdf": "tệp PDF",
    }[name]
    assert expected in done.stderr, done.stderr
    if database.exists():
        opened = open_database(database_url(path=database))
        try:
            assert DraftRepository(opened).count() == 0
            assert DraftRepository(opened).count(trash=True) == 0
        finally:
            opened.close()
