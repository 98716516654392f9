"""Backups of the SQLite database: daily automatic copies with rotation, by hand, and restore.

Copies are made with SQLite's online backup API (consistent even while the program writes) into a
temporary file that is renamed into place, so a backup file is either whole or absent.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from db.engine import Database, DatabaseError

FOLDER_NAME = "sao-luu"
DAILY = "hang-ngay"
BEFORE_RESTORE = "truoc-khoi-phuc"
DAMAGED = "hong"
"""The reason of a byte-for-byte copy of a damaged database kept before a restore: never restored from."""
KEEP_DAILY = 7
KEEP_WEEKLY = 4
_NAME = re.compile(r"^baocao-(\d{8})-(\d{6})(?:-([a-z0-9-]+))?\.sqlite3$")


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken_at: dt.datetime
    reason: str | None

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def backup_folder(database: Database) -> Path:
    path = _require_file(database)
    return path.parent / FOLDER_NAME


def backup_database(
    database: Database, *, reason: str | None = None, destination: Path | None = None, now: dt.datetime | None = None
) -> Path:
    """A consistent copy of the database; by default into the backup folder beside it."""
    path = _require_file(database)
    if destination is None:
        try:
            destination = _new_backup_path(path.parent / FOLDER_NAME, reason, now)
        except OSError as error:
            raise DatabaseError(_cannot_write(path.parent / FOLDER_NAME, error)) from None
    destination = destination.resolve()
    temporary = destination.with_name(f".{destination.name}.tmp")
    raw = database.engine.raw_connection()
    try:
        # Created here first: sqlite3 would only say "unable to open database file", not why.
        with open(temporary, "wb"):
            pass
        target = sqlite3.connect(temporary)
        try:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
            # A copy is a plain file: no -wal/-shm appear beside it when it is read later.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        os.replace(temporary, destination)
    except (OSError, sqlite3.Error) as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(error, OSError):
            raise DatabaseError(_cannot_write(destination.parent, error)) from None
        full = "full" in str(error)
        raise DatabaseError(
            f"Không sao lưu được vào «{destination}»: "
            + ("ổ đĩa đầy; hãy giải phóng dung lượng rồi thử lại." if full else f"lỗi SQLite ({error}).")
        ) from None
    finally:
        raw.close()
    return destination


def _why(error: OSError) -> str:
    """The reason of a file system error in Vietnamese words (the system's own text is English)."""
    if error.errno == errno.EROFS:
        return "thư mục chỉ cho phép đọc"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "ổ đĩa đầy"
    if isinstance(error, PermissionError):
        return "không có quyền ghi"
    return f"lỗi hệ thống {errno.errorcode.get(error.errno or 0, error.errno)}"


def _cannot_write(folder: Path, error: OSError) -> str:
    """Why a backup could not be written into `folder`, in Vietnamese, with what to do."""
    return (
        f"Không sao lưu được vào thư mục «{folder}» ({_why(error)}). Hãy kiểm tra quyền ghi và dung lượng của ổ đĩa, "
        "hoặc chuyển cơ sở dữ liệu sang thư mục ghi được (--db hoặc biến môi trường BAOCAO_DB)."
    )


def _new_backup_path(folder: Path, reason: str | None, now: dt.datetime | None) -> Path:
    """A name no existing backup has: two backups in one second must not replace each other."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = f"baocao-{(now or dt.datetime.now()):%Y%m%d-%H%M%S}"
    suffix = f"-{reason}" if reason else ""
    candidate = folder / f"{stamp}{suffix}.sqlite3"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stamp}{suffix or '-ban'}-{counter}.sqlite3"
        counter += 1
    return candidate


def list_backups(database: Database) -> list[Backup]:
    """Backups in the backup folder, newest first."""
    return backups_in(backup_folder(database))


def backups_in(folder: Path) -> list[Backup]:
    """Backups that can be restored, newest first.

    Byte-for-byte copies of a damaged database, kept before a restore (reason «hong»), stay in the
    folder for a technician but are not backups: "the latest backup" must never be one of them.
    """
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match and not _is_damaged_copy(match.group(3)):
            taken = dt.datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
            found.append(Backup(path, taken, match.group(3)))
    return sorted(found, key=lambda backup: (backup.taken_at, backup.path.stat().st_mtime), reverse=True)


def automatic_backup(database: Database, now: dt.datetime | None = None) -> Path | None:
    """Once a day: a copy, then rotation (7 daily, 4 weekly). Does nothing for a server database."""
    if database.path is None:
        return None
    now = now or dt.datetime.now()
    daily = [b for b in list_backups(database) if b.reason == DAILY]
    if daily and daily[0].taken_at.date() == now.date():
        return None
    path = backup_database(database, reason=DAILY, now=now)
    rotate_backups(database)
    return path


def rotate_backups(database: Database) -> list[Path]:
    """Keep the newest daily copy of each of the last 7 days with one, and of each of 4 weeks before.

    Only automatic daily copies are rotated; copies made by hand or before a restore or upgrade stay.
    """
    daily = [b for b in list_backups(database) if b.reason == DAILY]
    kept_days: set[dt.date] = set()
    kept_weeks: set[tuple[int, int]] = set()
    removed = []
    for backup in daily:
        day = backup.taken_at.date()
        week = _week(day)
        if day in kept_days:
            keep = False
        elif len(kept_days) < KEEP_DAILY:
            kept_days.add(day)
            keep = True
        elif len(kept_weeks) < KEEP_WEEKLY and week not in kept_weeks | {_week(d) for d in kept_days}:
            kept_weeks.add(week)
            keep = True
        else:
            keep = False
        if not keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def _week(day: dt.date) -> tuple[int, int]:
    calendar = day.isocalendar()
    return calendar.year, calendar.week


def verify_backup(path: Path) -> None:
    """Refuse a file that is not a whole, sound database of this program."""
    path = path.resolve()
    if not path.is_file():
        raise DatabaseError(f"Không tìm thấy bản sao lưu «{path}».")
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"«{path}» không phải bản sao lưu hợp lệ: {error}.") from None
    if result != ["ok"]:
        raise DatabaseError(f"Bản sao lưu «{path}» bị hỏng ({'; '.join(result[:3])}); hãy chọn bản khác.")
    if "drafts" not in tables:
        raise DatabaseError(f"«{path}» không phải bản sao lưu của Trợ lý Báo cáo.")


def _is_damaged_copy(reason: str | None) -> bool:
    """`hong`, or `hong-2` for a second one in the same second (see _new_backup_path)."""
    return reason is not None and (reason == DAMAGED or reason.startswith(f"{DAMAGED}-"))


def newest_good_backup(folder: Path) -> Backup | None:
    """The newest backup in `folder` that passes verify_backup (a damaged one is passed over), or None."""
    for backup in backups_in(folder):
        try:
            verify_backup(backup.path)
        except DatabaseError:
            continue
        return backup
    return None


def count_drafts(path: Path) -> int:
    """Drafts outside the trash in a database or backup file, read without changing it."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM drafts WHERE deleted_at IS NULL").fetchone()[0])
    except sqlite3.Error as error:
        raise DatabaseError(f"Không đọc được «{path}»: {error}.") from None
    finally:
        connection.close()


def describe_backup(backup: Backup) -> str:
    """`bản sao lưu ngày 05/06/2024 lúc 14:05 (tự động hằng ngày)`, for messages to the officer."""
    labels = {DAILY: "tự động hằng ngày", "thu-cong": "sao lưu bằng tay", BEFORE_RESTORE: "trước một lần khôi phục"}
    reason = backup.reason or ""
    label = labels.get(reason) or ("trước khi nâng cấp chương trình" if reason.startswith("truoc-nang-cap") else "")
    return f"bản sao lưu ngày {backup.taken_at:%d/%m/%Y} lúc {backup.taken_at:%H:%M}" + (f" ({label})" if label else "")


@dataclass(frozen=True, slots=True)
class Restored:
    """What a restore did: from which backup, where the data before it was kept, how many drafts came back."""

    backup: Backup
    kept_at: Path
    drafts: int

    def message(self) -> str:
        """For the officer: what was restored, from when, and where the replaced data is."""
        return (
            f"Đã khôi phục thư viện bản nháp từ {describe_backup(self.backup)}: {self.drafts} bản nháp. "
            f"Những gì soạn sau thời điểm đó không có trong bản sao lưu. "
            f"Dữ liệu trước khi khôi phục được giữ tại «{self.kept_at}»."
        )


def restore_backup(path: Path, backup: Backup) -> Restored:
    """Put a backup in place of the database file at `path` (see restore_file) and say what came back."""
    kept_at = restore_file(path, backup.path)
    return Restored(backup, kept_at, count_drafts(path))


def restore_database(database: Database, source: Path) -> Path:
    """Close the database and replace its file with a backup (see restore_file)."""
    path = _require_file(database)
    database.close()
    return restore_file(path, source)


def restore_file(path: Path, source: Path) -> Path:
    """Replace a database file that nobody has open with a backup; returns where the old one was kept.

    Works on a damaged database too: a sound one is copied with the backup API, a damaged one byte
    for byte (with its -wal), so nothing is ever overwritten without a copy.
    """
    source = source.resolve()
    verify_backup(source)
    temporary = path.with_name(f".{path.name}.restore.tmp")
    try:
        safety = _keep_current(path, path.parent / FOLDER_NAME)
        shutil.copyfile(source, temporary)
        # The old WAL belongs to the old database; left in place SQLite would replay it onto the backup.
        for extra in ("-wal", "-shm"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise DatabaseError(
            f"Không khôi phục được cơ sở dữ liệu «{path}» ({_why(error)}). Hãy kiểm tra quyền ghi và dung lượng "
            f"ổ đĩa rồi thử lại; bản sao lưu «{source}» không bị thay đổi."
        ) from None
    return safety


def _keep_current(path: Path, folder: Path) -> Path:
    """Copy the database about to be replaced into the backup folder: a sound one whole, a damaged one as is."""
    safety = _new_backup_path(folder, BEFORE_RESTORE, None)
    if not path.exists():
        return safety
    try:
        current = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if [row[0] for row in current.execute("PRAGMA quick_check")] != ["ok"]:
                raise sqlite3.DatabaseError("damaged")
            target = sqlite3.connect(safety)
            try:
                current.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            current.close()
    except sqlite3.DatabaseError:
        safety.unlink(missing_ok=True)
        safety = _new_backup_path(folder, DAMAGED, None)
        shutil.copy2(path, safety)
        for extra in ("-wal", "-shm"):
            if Path(f"{path}{extra}").exists():
                shutil.copy2(f"{path}{extra}", f"{safety}{extra}")
    return safety


def _require_file(database: Database) -> Path:
    if database.path is None:
        raise DatabaseError(
            "Sao lưu và khôi phục ở đây chỉ dành cho cơ sở dữ liệu SQLite trên máy; "
            "với máy chủ PostgreSQL hãy dùng pg_dump của quản trị viên."
        )
    return database.path
