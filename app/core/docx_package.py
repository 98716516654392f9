"""Open a .docx package safely: the one way the checker and the importers read Word files.

A .docx is a zip of XML parts. Files from outside the office (e-mail, USB sticks, the web) may be
broken or hostile, so before anything is decompressed the zip's central directory is checked (number
of parts, declared sizes, compression ratio), every part is then read with a size cap that does not
trust the declared sizes, and XML is parsed without entities, DTDs or network access; a part that
carries a DOCTYPE at all (Word never writes one: billion laughs, external entities) is refused.
Whatever is wrong is refused with a Vietnamese message that says what the file is and what to do.

Limits, and why these numbers:

* The file itself: MAX_FILE_BYTES (200 MB). Reports with photos are legitimately tens of MB, and
  pictures are never decompressed here (only XML parts are read), so this only stops absurd files.
* Any one part read: MAX_PART_BYTES (10 MB: the document.xml of a thousand pages; a 30-page report's
  is about 0.1 MB); all parts read together: MAX_TOTAL_READ_BYTES (30 MB). Parsed XML takes about
  eight times its size in memory, so these bound the memory an import can take.
* Declared sizes in the central directory: an XML part over MAX_PART_BYTES, any part over
  MAX_FILE_BYTES, or a part over BOMB_MIN_BYTES compressed more than BOMB_RATIO times (Word's XML
  compresses 2–10 times; a zip bomb of spaces a thousand times) is refused before reading anything.
"""

from __future__ import annotations

import io
import os
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterator
from types import TracebackType
from typing import IO, Literal, TypeAlias
from urllib.parse import unquote

from lxml import etree

_PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"

_Element: TypeAlias = etree._Element

MEGABYTE = 1024 * 1024
MAX_FILE_BYTES = 200 * MEGABYTE
"""The largest file opened at all."""
MAX_PART_BYTES = 10 * MEGABYTE
"""The largest single part read (and parsed)."""
MAX_TOTAL_READ_BYTES = 30 * MEGABYTE
"""The most bytes read from one package, all parts together."""
MAX_PARTS = 5000
"""The most parts a package may have (a long report with pictures has a few dozen)."""
BOMB_RATIO = 200
BOMB_MIN_BYTES = 1 * MEGABYTE
"""A part larger than this, compressed more than BOMB_RATIO times, is a zip bomb."""

_READ_CHUNK = 1 * MEGABYTE

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of a compound file: Word 97–2003 .doc, and password-protected .docx."""
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

RefusalReason: TypeAlias = Literal[
    "empty",
    "too-large",
    "not-docx",
    "legacy-doc",
    "encrypted",
    "truncated",
    "zip-bomb",
    "part-too-large",
    "missing-document",
    "doctype",
    "broken",
]

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DOCTYPE_MARKERS = tuple(
    marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY") for encoding in ("ascii", "utf-16-le", "utf-16-be")
)

_ADVICE_RESAVE = "Hãy mở tệp trong Word, chọn Tệp → Lưu thành → Tài liệu Word (.docx), rồi nhập tệp mới."
_ADVICE_COPY_AGAIN = "Hãy chép lại tệp từ nơi gốc (thư điện tử, USB, trang web) rồi thử lại."


class PackageRefused(Exception):
    """A file that cannot be read as a .docx; the message says why and what to do, in Vietnamese.

    `reason` says which kind of refusal it is, for callers that act on it (a .doc can be converted).
    """

    def __init__(self, message: str, reason: RefusalReason = "broken") -> None:
        super().__init__(message)
        self.reason: RefusalReason = reason


class DocxPackage:
    """The zip parts of a .docx, parsed on demand and cached. Use as a context manager.

    The central directory is checked when the package is made (PackageRefused); reading and parsing
    parts may still refuse a part whose content is broken or hostile.
    """

    def __init__(self, archive: zipfile.ZipFile, *, owned: IO[bytes] | None = None) -> None:
        self._archive = archive
        self._owned = owned
        self._infos = _checked_directory(archive)
        self.names = frozenset(self._infos)
        self._parsed: dict[str, _Element | None] = {}
        self._read_so_far = 0
        self._parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
        )

    def __enter__(self) -> DocxPackage:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._archive.close()
        if self._owned is not None:
            self._owned.close()

    def read(self, name: str) -> bytes | None:
        """The raw bytes of a part, or None when the package has no such part.

        At most MAX_PART_BYTES are decompressed whatever the part declares, and MAX_TOTAL_READ_BYTES
        over the whole package; beyond that, or when the part is damaged, PackageRefused.
        """
        info = self._infos.get(name)
        if info is None:
            return None
        limit = min(MAX_PART_BYTES, MAX_TOTAL_READ_BYTES - self._read_so_far)
        chunks: list[bytes] = []
        size = 0
        try:
            with self._archive.open(info) as stream:
                # Chunk by chunk: the declared size may lie, and one big read would copy as it grows.
                while size <= limit and (chunk := stream.read(min(_READ_CHUNK, limit + 1 - size))):
                    chunks.append(chunk)
                    size += len(chunk)
        except RuntimeError:  # a zip entry with a password
            raise _encrypted() from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError):
            raise PackageRefused(
                f"Phần «{name}» của tệp bị hỏng hoặc bị cắt cụt (dữ liệu nén không khớp). {_ADVICE_COPY_AGAIN}",
                "truncated",
            ) from None
        if size > limit:
            raise _too_large_part(name) if limit == MAX_PART_BYTES else _too_much_content()
        self._read_so_far += size
        return b"".join(chunks)

    def xml(self, name: str | None) -> _Element | None:
        """The parsed root of an XML part, or None when the package has no such part.

        No entity is expanded, no DTD or network resource loaded; a part with a DOCTYPE or malformed
        XML is refused (PackageRefused).
        """
        if name is None:
            return None
        if name not in self._parsed:
            data = self.read(name)
            self._parsed[name] = None if data is None else self._parse(name, data)
        return self._parsed[name]

    def _parse(self, name: str, data: bytes) -> _Element:
        if any(marker in data for marker in _DOCTYPE_MARKERS):
            raise _doctype(name)
        try:
            root = etree.fromstring(data, self._parser)
        except etree.XMLSyntaxError as error:
            where = f" (lỗi ở dòng {error.lineno})" if error.lineno else ""
            raise PackageRefused(
                f"Phần «{name}» của tệp không phải XML hợp lệ{where}. {_ADVICE_RESAVE}", "broken"
            ) from None
        docinfo = root.getroottree().docinfo
        if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
            raise _doctype(name)
        return root

    def relationships(self, part_name: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, target part name) for the internal targets of a part ("" for the package)."""
        folder, base = posixpath.split(part_name)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        found: dict[str, tuple[str, str]] = {}
        if root is None:
            return found
        for relationship in root.iter(_PACKAGE_RELATIONSHIPS + "Relationship"):
            if relationship.get("TargetMode") == "External":
                continue
            target = unquote(relationship.get("Target", ""))
            # Absolute targets are package names; relative ones resolve against the part's folder.
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[relationship.get("Id", "")] = (relationship.get("Type", ""), target)
        return found

    @property
    def main_document(self) -> str:
        """The name of the main document part (usually word/document.xml)."""
        for relationship_type, target in self.relationships("").values():
            if relationship_type.endswith(_OFFICE_DOCUMENT):
                return target
        return "word/document.xml"


def open_docx(source: str | os.PathLike[str] | bytes | IO[bytes]) -> DocxPackage:
    """Open a .docx from a path, bytes or a binary file; PackageRefused when it is not a readable .docx.

    Checks, before anything is decompressed: the file's size and kind (a PDF, a picture, a .doc, a
    password-protected document… are named as such), the zip's central directory, and that the
    package has a main document.
    """
    stream, owned = _binary_stream(source)
    try:
        size = stream.seek(0, io.SEEK_END)
        stream.seek(0)
        if size == 0:
            raise PackageRefused("Tệp rỗng (0 byte), không có nội dung để đọc. " + _ADVICE_COPY_AGAIN, "empty")
        if size > MAX_FILE_BYTES:
            raise PackageRefused(
                f"Tệp quá lớn ({_megabytes(size)} MB; giới hạn là {MAX_FILE_BYTES // MEGABYTE} MB) nên không được mở. "
                "Hãy kiểm tra lại có đúng tệp báo cáo không; nếu đúng, hãy nén ảnh trong Word "
                "(chọn một ảnh → Định dạng ảnh → Nén ảnh) rồi lưu lại.",
                "too-large",
            )
        head = stream.read(8)
        stream.seek(0)
        if not head.startswith(ZIP_SIGNATURES):
            raise _not_a_zip(stream, head)
        try:
            archive = zipfile.ZipFile(stream)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise PackageRefused(
                f"Tệp Word bị cắt cụt hoặc hỏng (có thể do tải về hay chép chưa xong). {_ADVICE_COPY_AGAIN}",
                "truncated",
            ) from None
        package = DocxPackage(archive, owned=stream if owned else None)
    except BaseException:
        if owned:
            stream.close()
        raise
    try:
        _check_main_document(package)
    except BaseException:
        package.close()
        raise
    return package


# --------------------------------------------------------------------------- what a file is


def describe_file(source: str | os.PathLike[str] | bytes | IO[bytes]) -> str:
    """What a file looks like, in Vietnamese, from its content: "tệp PDF", "tệp Word 97–2003 (.doc)", …"""
    stream, owned = _binary_stream(source)
    try:
        head = stream.read(8)
        stream.seek(0)
        if head.startswith(ZIP_SIGNATURES):
            return "tệp nén .zip"
        return _kind_of_non_zip(stream, head)[1]
    finally:
        if owned:
            stream.close()


OleKind: TypeAlias = Literal["encrypted-ooxml", "doc", "encrypted-doc", "other"]


def file_signature(path: str | os.PathLike[str]) -> tuple[bytes, OleKind | None]:
    """The first bytes of a file (enough to tell a zip from a compound file) and, for a compound file,
    what it holds (`ole2_kind`). OSError when the file cannot be read."""
    with open(path, "rb") as stream:
        head = stream.read(len(OLE2_SIGNATURE))
        return head, ole2_kind(stream) if head == OLE2_SIGNATURE else None


def ole2_kind(stream: IO[bytes]) -> OleKind:
    """What a compound file (OLE2) holds: a password-protected .docx/.xlsx (EncryptionInfo and
    EncryptedPackage streams), a Word 97–2003 .doc (WordDocument, with or without a password), or
    something else (Excel or PowerPoint 97–2003, Outlook…). Reads only the header, the directory and
    the first sector of the WordDocument stream, so a large file costs nothing."""
    entries = dict(_ole2_directory(stream))
    if "EncryptionInfo" in entries and "EncryptedPackage" in entries:
        return "encrypted-ooxml"
    if "WordDocument" in entries:
        start, sector_size = entries["WordDocument"]
        stream.seek((start + 1) * sector_size)
        fib = stream.read(12)
        # FibBase: wIdent 0xA5EC, then at offset 0x0A the flags word whose bit 8 is fEncrypted.
        if len(fib) == 12 and fib[:2] == b"\xec\xa5" and struct.unpack_from("<H", fib, 10)[0] & 0x0100:
            return "encrypted-doc"
        return "doc"
    return "other"


def _ole2_directory(stream: IO[bytes]) -> Iterator[tuple[str, tuple[int, int]]]:
    """(name, (start sector, sector size)) of each entry in a compound file's directory (MS-CFB)."""
    stream.seek(0)
    header = stream.read(512)
    if len(header) < 512 or not header.startswith(OLE2_SIGNATURE):
        return
    sector_shift = struct.unpack_from("<H", header, 0x1E)[0]
    if sector_shift not in (9, 12):
        return
    sector_size = 1 << sector_shift
    fat_sectors = struct.unpack_from("<109I", header, 0x4C)
    per_fat_sector = sector_size // 4

    def next_sector(sector: int) -> int:
        index, offset = divmod(sector, per_fat_sector)
        if index >= len(fat_sectors) or fat_sectors[index] >= 0xFFFFFFFA:
            return 0xFFFFFFFE  # beyond the header's FAT list: stop (only huge files get there)
        stream.seek((fat_sectors[index] + 1) * sector_size + offset * 4)
        entry = stream.read(4)
        return struct.unpack("<I", entry)[0] if len(entry) == 4 else 0xFFFFFFFE

    sector = struct.unpack_from("<I", header, 0x30)[0]
    seen: set[int] = set()
    while sector < 0xFFFFFFFA and sector not in seen and len(seen) < 4096:
        seen.add(sector)
        stream.seek((sector + 1) * sector_size)
        block = stream.read(sector_size)
        for start in range(0, len(block) - 127, 128):
            entry = block[start : start + 128]
            name_length = struct.unpack_from("<H", entry, 64)[0]
            if entry[66] in (1, 2, 5) and 2 <= name_length <= 64:
                name = entry[: name_length - 2].decode("utf-16-le", errors="replace")
                yield name, (struct.unpack_from("<I", entry, 116)[0], sector_size)
        sector = next_sector(sector)


def _kind_of_non_zip(stream: IO[bytes], head: bytes) -> tuple[RefusalReason, str]:
    """(refusal reason, what the file looks like) for a file that is not a zip."""
    if head.startswith(OLE2_SIGNATURE):
        kind = ole2_kind(stream)
        if kind == "encrypted-ooxml":
            return "encrypted", "tài liệu Office được đặt mật khẩu"
        if kind in ("doc", "encrypted-doc"):
            return "legacy-doc", "tệp Word 97–2003 (.doc)"
        return "not-docx", "tệp Office 97–2003 không phải Word (có thể là Excel .xls hoặc PowerPoint .ppt)"
    stream.seek(0)
    sample = stream.read(4096)
    stream.seek(0)
    for signature, description in _SIGNATURES:
        if sample.startswith(signature):
            return "not-docx", description
    if sample[8:12] == b"WEBP" and sample.startswith(b"RIFF"):
        return "not-docx", "ảnh WEBP"
    lowered = sample.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:1024]:
        return "not-docx", "trang web (HTML)"
    if b"<w:worddocument" in lowered or b"<pkg:package" in lowered:
        return "not-docx", "tệp Word XML (.xml)"
    if _looks_like_text(sample):
        return "not-docx", "tệp văn bản thuần (.txt)"
    return "not-docx", "tệp không rõ loại"


_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "tệp PDF"),
    (b"\x89PNG\r\n\x1a\n", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"GIF87a", "ảnh GIF"),
    (b"GIF89a", "ảnh GIF"),
    (b"II*\x00", "ảnh TIFF"),
    (b"MM\x00*", "ảnh TIFF"),
    (b"BM", "ảnh BMP"),
    (b"{\\rtf", "tệp RTF"),
    (b"Rar!", "tệp nén .rar"),
    (b"7z\xbc\xaf\x27\x1c", "tệp nén .7z"),
    (b"\x1f\x8b", "tệp nén .gz"),
    (b"MZ", "tệp chương trình (.exe)"),
)


def _looks_like_text(sample: bytes) -> bool:
    """True for a sample that decodes as UTF-8 or UTF-16 text made of printable characters."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    text = sample.decode("utf-8", errors="ignore")
    if not text or len(text.encode("utf-8")) < len(sample) - 4:
        # Not UTF-8: 8-bit text (TCVN3, Windows-1258) has few control bytes and no NUL.
        controls = sum(byte < 32 and byte not in b"\t\r\n\f" for byte in sample)
        return b"\x00" not in sample and controls <= len(sample) // 100
    printable = sum(character.isprintable() or character in "\t\r\n\f" for character in text)
    return printable >= 0.97 * len(text)


def _not_a_zip(stream: IO[bytes], head: bytes) -> PackageRefused:
    reason, looks_like = _kind_of_non_zip(stream, head)
    if reason == "encrypted":
        return _encrypted()
    if reason == "legacy-doc":
        return PackageRefused(
            "Đây là tệp Word 97–2003 (.doc), không phải .docx. Hãy dùng «Nhập từ Word» của chương trình "
            "(tệp .doc được chuyển qua LibreOffice), hoặc mở tệp trong Word, chọn Tệp → Lưu thành → Tài liệu Word "
            "(.docx), rồi dùng tệp mới.",
            "legacy-doc",
        )
    return PackageRefused(
        f"Tệp này là {looks_like}, không phải tệp Word .docx. "
        "Hãy chọn tệp Word (.docx) của báo cáo; nếu chỉ có tệp này, hãy mở nó, chép nội dung rồi dán vào trình soạn.",
        "not-docx",
    )


def _encrypted() -> PackageRefused:
    return PackageRefused(
        "Tệp được đặt mật khẩu (mã hóa) nên không đọc được. Hãy mở tệp trong Word bằng mật khẩu, gỡ mật khẩu "
        "(Tệp → Thông tin → Bảo vệ tài liệu → Mã hóa bằng mật khẩu, xóa mật khẩu rồi bấm OK), lưu lại rồi nhập lại.",
        "encrypted",
    )


# --------------------------------------------------------------------------- checks


def _checked_directory(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The parts by name, after checking the central directory; PackageRefused when it is hostile."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise PackageRefused(
            f"Tệp có {len(infos)} phần bên trong, quá nhiều so với một tệp Word (giới hạn {MAX_PARTS}); "
            "có thể tệp bị hỏng hoặc không an toàn. " + _ADVICE_RESAVE,
            "zip-bomb",
        )
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if info.filename in by_name:
            raise PackageRefused(
                f"Tệp có hai phần cùng tên «{info.filename}»: tệp bị hỏng hoặc không an toàn. " + _ADVICE_RESAVE,
                "broken",
            )
        if info.flag_bits & 0x1:
            raise _encrypted()
        size, compressed = info.file_size, max(info.compress_size, 1)
        if size > BOMB_MIN_BYTES and size / compressed > BOMB_RATIO:
            raise _bomb(info.filename, size, compressed)
        if size > MAX_FILE_BYTES:
            raise _too_large_part(info.filename)
        if size > MAX_PART_BYTES and info.filename.lower().endswith(_XML_SUFFIXES):
            raise _too_large_part(info.filename)
        by_name[info.filename] = info
    return by_name


def _check_main_document(package: DocxPackage) -> None:
    names = package.names
    main = package.main_document
    if main in names:
        return
    if "xl/workbook.xml" in names:
        looks_like = "bảng tính Excel (.xlsx)"
    elif "ppt/presentation.xml" in names:
        looks_like = "bài trình chiếu PowerPoint (.pptx)"
    elif "mimetype" in names or "content.xml" in names:
        looks_like = "tệp OpenDocument (.odt, .ods)"
    elif "[Content_Types].xml" in names:
        raise PackageRefused(
            f"Tệp Word thiếu phần nội dung chính ({main}) nên không đọc được. " + _ADVICE_RESAVE, "missing-document"
        )
    else:
        looks_like = "tệp nén .zip"
    raise PackageRefused(
        f"Tệp này là {looks_like}, không phải tệp Word .docx. Hãy chọn tệp Word (.docx) của báo cáo, "
        "hoặc mở tệp này rồi lưu thành Tài liệu Word (.docx).",
        "not-docx",
    )


def _bomb(name: str, size: int, compressed: int) -> PackageRefused:
    return PackageRefused(
        f"Tệp không an toàn: phần «{name}» nén {size // compressed} lần (khi giải nén sẽ thành {_megabytes(size)} MB), "
        "kiểu «bom zip» làm treo máy. Tệp không được mở; hãy hỏi lại người gửi tệp Word gốc.",
        "zip-bomb",
    )


def _too_large_part(name: str) -> PackageRefused:
    return PackageRefused(
        f"Phần «{name}» của tệp quá lớn (giới hạn {MAX_PART_BYTES // MEGABYTE} MB cho mỗi phần) nên tệp không được mở. "
        "Hãy kiểm tra lại có đúng tệp báo cáo không; một báo cáo dài cũng chỉ cần vài MB.",
        "part-too-large",
    )


def _too_much_content() -> PackageRefused:
    return PackageRefused(
        f"Nội dung của tệp quá lớn (quá {MAX_TOTAL_READ_BYTES // MEGABYTE} MB chữ và định dạng) "
        "nên không được đọc hết. "
        "Hãy tách tài liệu thành nhiều tệp nhỏ hơn rồi nhập từng tệp.",
        "part-too-large",
    )


def _doctype(name: str) -> PackageRefused:
    return PackageRefused(
        f"Phần «{name}» của tệp có khai báo DOCTYPE hoặc ENTITY, điều Word không bao giờ ghi: tệp đã bị sửa "
        "và có thể không an toàn, nên không được mở. Hãy hỏi lại người gửi tệp Word gốc.",
        "doctype",
    )


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.1f}".replace(".", ",").removesuffix(",0")


def _binary_stream(source: str | os.PathLike[str] | bytes | IO[bytes]) -> tuple[IO[bytes], bool]:
    """A seekable binary stream over `source`, and whether this module opened it (and must close it)."""
    if isinstance(source, bytes | bytearray | memoryview):
        return io.BytesIO(source), True
    if isinstance(source, str | os.PathLike):
        try:
            return open(source, "rb"), True  # closed by the package, or on refusal
        except IsADirectoryError:
            raise PackageRefused(
                f"«{os.fsdecode(source)}» là một thư mục, không phải tệp; hãy chọn tệp .docx.", "not-docx"
            ) from None
        except FileNotFoundError:
            raise PackageRefused(
                f"Không tìm thấy tệp «{os.fsdecode(source)}»; hãy kiểm tra lại tên và thư mục.", "not-docx"
            ) from None
        except OSError as error:
            raise PackageRefused(
                f"Không đọc được tệp «{os.fsdecode(source)}» ({error.strerror}); hãy kiểm tra quyền đọc tệp.",
                "not-docx",
            ) from None
    if not source.seekable():
        return io.BytesIO(source.read(MAX_FILE_BYTES + 1)), True
    return source, False
