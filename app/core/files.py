"""Atomic file writes: a failed write never leaves a half-written or missing file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


class OutputError(Exception):
    """A file could not be written; the message says why and what to do, in Vietnamese."""


def atomic_write(path: str | os.PathLike[str], write: Callable[[BinaryIO], object]) -> None:
    """Write through `write` into a temporary file beside `path`, then swap it in with os.replace.

    Until the swap the old file, if any, is untouched; after a failure no temporary file remains.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError(f"«{target}» là một thư mục; hãy chọn tên tệp khác.")
    if not folder.is_dir():
        raise OutputError(f"Thư mục «{folder}» không tồn tại; hãy tạo thư mục hoặc chọn nơi lưu khác.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except PermissionError:
        raise OutputError(f"Không có quyền ghi vào thư mục «{folder}»; hãy chọn nơi lưu khác.") from None
    except OSError as error:
        raise OutputError(f"Không tạo được tệp trong «{folder}»: {error.strerror}.") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            # Same permissions as the file it replaces, or the usual ones for a new file.
            os.chmod(temporary, target.stat().st_mode if target.exists() else 0o644)
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, PermissionError):
            raise OutputError(
                f"Không ghi được «{target}»: tệp đang mở trong chương trình khác (Word?) "
                "hoặc không có quyền ghi; hãy đóng tệp rồi thử lại."
            ) from None
        if isinstance(error, OSError) and error.errno == 28:
            raise OutputError(
                f"Ổ đĩa đầy, không ghi được «{target}»; tệp cũ vẫn còn nguyên. Hãy giải phóng dung lượng."
            ) from None
        if isinstance(error, OSError):
            raise OutputError(f"Không ghi được «{target}»: {error.strerror or error}.") from None
        raise
    _sync_folder(folder)


def atomic_write_bytes(path: str | os.PathLike[str], content: bytes) -> None:
    atomic_write(path, lambda stream: stream.write(content))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles for this."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
