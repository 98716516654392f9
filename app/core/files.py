"""Atomic file writes: a failed write never leaves a half-written or missing file behind."""

from __future__ import annotations

import contextlib
import errno
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
        raise OutputError(_is_a_folder(target))
    if not folder.is_dir():
        raise OutputError(f"Thư mục «{folder}» không tồn tại; hãy tạo thư mục hoặc chọn nơi lưu khác.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(describe_write_error(error, target, creating=True)) from None
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
        if isinstance(error, OSError):
            raise OutputError(describe_write_error(error, target)) from None
        raise
    _sync_folder(folder)


def atomic_write_bytes(path: str | os.PathLike[str], content: bytes) -> None:
    atomic_write(path, lambda stream: stream.write(content))


def describe_write_error(error: OSError, target: Path, *, creating: bool = False) -> str:
    """Why `target` could not be written and what to do, in Vietnamese (never the system's English text).

    `creating`: the error came when creating the temporary file in the folder, before anything was written.
    """
    folder = target.parent if str(target.parent) else Path(".")
    kept = " Tệp cũ vẫn còn nguyên." if target.is_file() else ""
    code = error.errno
    if code == errno.EROFS:
        return (
            f"Không ghi được «{target}»: thư mục «{folder}» chỉ cho phép đọc (ổ đĩa, thẻ nhớ hoặc thư mục mạng "
            f"được đặt chỉ đọc).{kept} Hãy chọn nơi lưu khác."
        )
    if code in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"Ổ đĩa đầy, không ghi được «{target}».{kept} Hãy giải phóng dung lượng (xóa bớt tệp không cần) "
            "hoặc chọn nơi lưu trên ổ đĩa khác, rồi thử lại."
        )
    if code == errno.EISDIR:
        return _is_a_folder(target)
    if code == errno.ENAMETOOLONG:
        return f"Tên tệp «{target.name}» quá dài; hãy chọn tên ngắn hơn."
    if isinstance(error, PermissionError) and creating:
        return f"Không có quyền ghi vào thư mục «{folder}».{kept} Hãy chọn nơi lưu khác."
    if isinstance(error, PermissionError):
        # Windows refuses to replace a file another program holds open (ERROR_SHARING_VIOLATION).
        return (
            f"Không ghi được «{target}»: tệp đang mở trong chương trình khác (Word?) hoặc không có quyền ghi."
            f"{kept} Hãy đóng tệp rồi thử lại, hoặc lưu với tên khác."
        )
    detail = errno.errorcode.get(code, str(code)) if code is not None else type(error).__name__
    return (
        f"Không ghi được «{target}» (lỗi hệ thống {detail}).{kept} "
        "Hãy thử lại, hoặc chọn nơi lưu khác nếu lỗi còn lặp lại."
    )


def _is_a_folder(target: Path) -> str:
    return f"«{target}» là một thư mục; hãy chọn tên tệp khác."


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
