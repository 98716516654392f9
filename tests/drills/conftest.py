"""Fixtures of the drills: the UI fixtures (offscreen Qt, settings in tmp_path, recorded message boxes) and
file systems that really are read-only or full.

The machine the tests run on is usually root, which ignores permission bits: a read-only folder is a
bind mount remounted read-only, a full disk a small tmpfs filled up. Where mounting is impossible (no
CAP_SYS_ADMIN in a container, or BAOCAO_DRILL_NO_MOUNT=1), the fixtures fall back to patching the
Python calls that would fail with the same errno; a fault SQLite itself must meet (it does its own
I/O in C) cannot be patched and its test is skipped with the reason. Each test prints which one ran.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import (  # noqa: F401 - the UI fixtures, for the drills that drive the windows
    _clipboard_emptied,
    _settings_in_tmp,
    database,
    filled_library,
    library,
    message_boxes,
)
from tests.ui.test_whole_path import open_wizard  # noqa: F401 - opens a wizard as the app does

NO_MOUNT_VARIABLE = "BAOCAO_DRILL_NO_MOUNT"
FILLER = "lap-day-o-dia.bin"


def _run(*command: str) -> bool:
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


@functools.cache
def _mounting_works() -> bool:
    with tempfile.TemporaryDirectory() as folder:
        if not _run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", folder):
            return False
        _run("umount", folder)
        return True


def mounting_works() -> bool:
    """True when this process may mount file systems (root with CAP_SYS_ADMIN, not told otherwise)."""
    return not os.environ.get(NO_MOUNT_VARIABLE) and _mounting_works()


class Mounts:
    """The mounts one test made, undone at its end (lazily when something still holds them open)."""

    def __init__(self) -> None:
        self.points: list[Path] = []

    def tmpfs(self, folder: Path, size_kb: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if not _run("mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(folder)):
            raise RuntimeError(f"mounting a tmpfs on {folder} failed")
        self.points.append(folder)

    def read_only(self, path: Path) -> None:
        """The file or folder at `path`, as it is now, becomes read-only for everyone, root included."""
        if not _run("mount", "--bind", str(path), str(path)):
            raise RuntimeError(f"bind-mounting {path} failed")
        self.points.append(path)
        if not _run("mount", "-o", "remount,bind,ro", str(path), str(path)):
            raise RuntimeError(f"remounting {path} read-only failed")

    def undo(self) -> None:
        for point in reversed(self.points):
            if not _run("umount", str(point)):
                _run("umount", "-l", str(point))
        self.points.clear()


@pytest.fixture
def mounts() -> Iterator[Mounts]:
    made = Mounts()
    try:
        yield made
    finally:
        made.undo()


def _writes(flags: int) -> bool:
    return bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND))


@pytest.fixture
def make_read_only(mounts: Mounts, monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], str]:
    """Seal a folder read-only as it is; returns how: "mount" or "patched os.open (EROFS)"."""

    def seal(folder: Path) -> str:
        if mounting_works():
            mounts.read_only(folder)
            return "mount"
        real_open = os.open
        sealed = folder.resolve()

        def refusing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if _writes(flags) and Path(os.fsdecode(path)).resolve().is_relative_to(sealed):
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fsdecode(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refusing_open)
        return "patched os.open (EROFS)"

    return seal


class SmallDisk:
    """A folder on a small disk that can be filled: a tmpfs, or (without mounting) patched writes."""

    def __init__(self, folder: Path, mounts: Mounts, monkeypatch: pytest.MonkeyPatch, size_kb: int) -> None:
        self.folder = folder
        self.monkeypatch = monkeypatch
        self._real_fdopen = os.fdopen
        self.mounted = mounting_works()
        if self.mounted:
            mounts.tmpfs(folder, size_kb)
        else:
            folder.mkdir(parents=True, exist_ok=True)
        self.how = "tmpfs" if self.mounted else "patched os.fdopen (ENOSPC)"

    def fill(self) -> None:
        """Take every free byte: the next write of more than a few bytes fails with ENOSPC."""
        if not self.mounted:
            self._patch_writes()
            return
        chunk = b"\0" * 4096
        with (self.folder / FILLER).open("wb", buffering=0) as filler, contextlib.suppress(OSError):
            while True:
                filler.write(chunk)

    def free(self) -> None:
        """Give the space back (the officer deleted some files)."""
        (self.folder / FILLER).unlink(missing_ok=True)
        if not self.mounted:
            self.monkeypatch.setattr(os, "fdopen", self._real_fdopen)

    def _patch_writes(self) -> None:
        real_fdopen = self._real_fdopen
        folder = self.folder.resolve()

        def fdopen(descriptor: int, *args: Any, **kwargs: Any) -> Any:
            stream = real_fdopen(descriptor, *args, **kwargs)
            if Path(os.readlink(f"/proc/self/fd/{descriptor}")).parent == folder:
                return _FullStream(stream)
            return stream

        self.monkeypatch.setattr(os, "fdopen", fdopen)


class _FullStream:
    """A file whose writes fail as on a full disk (the fallback when no tmpfs can be mounted)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def __enter__(self) -> _FullStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()


@pytest.fixture
def small_disk(mounts: Mounts, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[str, int], SmallDisk]:
    """`small_disk(name, size_kb)`: a folder under tmp_path on its own small disk."""

    def make(name: str, size_kb: int = 512) -> SmallDisk:
        return SmallDisk(tmp_path / name, mounts, monkeypatch, size_kb)

    return make
