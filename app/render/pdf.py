"""Report .docx → PDF through LibreOffice: found on the machine, run headless, stopped at a time limit.

Two ways, one result (docs/pdf.md):

- `convert_docx_to_pdf`: one `soffice --convert-to pdf` per file, with a fresh profile folder of its own
  (≈1 s). What the command line uses: it converts one file and exits.
- `PdfConverter`: one LibreOffice listener kept running with a worker (uno_worker.py, run under a Python
  that can `import uno`) that converts job after job through it (≈0.1–0.3 s each). What the program
  uses; without a uno-capable Python it converts the cold way.

Either way the PDF is written atomically (converted in a temporary folder, then swapped in by
app.core.files), every LibreOffice process runs in a process group of its own and the whole group is
killed at the time limit, and every error is a RenderError with a Vietnamese message saying what to do.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import glob
import itertools
import json
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from app.core.files import atomic_write_bytes
from app.render.docx import RenderError

SOFFICE_VARIABLE = "BAOCAO_SOFFICE"
"""Environment variable naming the LibreOffice program (soffice) to use, before any search."""
UNO_PYTHON_VARIABLE = "BAOCAO_UNO_PYTHON"
"""Environment variable naming the Python that runs the warm converter's worker."""
DEFAULT_TIMEOUT = 120.0
"""Seconds one conversion (or the listener's start) may take before LibreOffice is killed."""
WORKER_SCRIPT = Path(__file__).with_name("uno_worker.py")
WORKER_STOP_SECONDS = 10.0
REPLY_POLL_SECONDS = 0.25
INPUT_NAME = "baocao.docx"
"""The converted copy's name: ASCII, so that no LibreOffice on any system trips on the path."""

INSTALL_ADVICE = (
    "Cách cài LibreOffice (miễn phí):\n"
    "  - Windows, macOS: tải LibreOffice tại https://www.libreoffice.org/download/ rồi cài như bình thường;\n"
    "  - Debian, Ubuntu: sudo apt install libreoffice-writer-nogui fonts-liberation2\n"
    "Nếu LibreOffice đã được cài ở thư mục khác, hãy chỉ đường dẫn tới tệp soffice trong phần Cài đặt, "
    f"bằng tùy chọn --soffice hoặc biến môi trường {SOFFICE_VARIABLE}."
)

METRIC_COMPATIBLE_SERIFS = ("Times New Roman", "Liberation Serif", "Tinos")
"""Fonts with Times New Roman's metrics: with one of them, lines and pages break where Word breaks them."""
LIBERATION_2_VERSION = 2 << 16
"""fontconfig's fontversion of Liberation 2.0; 1.07 lacks ơ, ư and most tone letters."""


class PdfError(RenderError):
    """The PDF could not be made; the old file, if any, is untouched."""


class ConverterMissing(PdfError):
    """No LibreOffice on this machine (or not where the settings say)."""

    def __init__(self, configured: str | os.PathLike[str] | None = None) -> None:
        where = f"Không tìm thấy LibreOffice tại «{configured}». " if configured else "Không tìm thấy LibreOffice. "
        super().__init__(f"{where}Cần LibreOffice để tạo tệp PDF.\n{INSTALL_ADVICE}")


class ConversionTimeout(PdfError):
    """LibreOffice took longer than the time limit and was killed."""


class ConversionFailed(PdfError):
    """LibreOffice ran but gave no PDF."""


# -- finding LibreOffice -----------------------------------------------------------------------


def find_libreoffice(configured: str | os.PathLike[str] | None = None) -> Path | None:
    """The LibreOffice program to run: `configured` (the settings or --soffice), else $BAOCAO_SOFFICE,
    else soffice or libreoffice on PATH, else the usual install folders of Linux, Windows and macOS.

    A configured value may also be a name on PATH or LibreOffice's install folder. None when not found
    (a configured value that names nothing is not replaced by a search: the user asked for that one).
    """
    wanted = configured or os.environ.get(SOFFICE_VARIABLE)
    if wanted:
        return _program_at(Path(wanted).expanduser()) or _on_path(str(wanted))
    for name in ("soffice", "libreoffice"):
        if found := _on_path(name):
            return found
    for candidate in _install_locations():
        if _is_program(candidate):
            return candidate
    return None


def require_libreoffice(configured: str | os.PathLike[str] | None = None) -> Path:
    """find_libreoffice, or ConverterMissing with the Vietnamese install advice."""
    found = find_libreoffice(configured)
    if found is None:
        raise ConverterMissing(configured or os.environ.get(SOFFICE_VARIABLE))
    return found


def _on_path(name: str) -> Path | None:
    found = shutil.which(name)
    return Path(found) if found else None


def _is_program(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _program_at(path: Path) -> Path | None:
    """`path` itself when it is the program; the program inside it when it is LibreOffice's folder."""
    if _is_program(path):
        return path
    if path.is_dir():
        for inside in ("soffice", "soffice.exe", "program/soffice", "program/soffice.exe", "Contents/MacOS/soffice"):
            if _is_program(path / inside):
                return path / inside
    return None


def _install_locations() -> list[Path]:
    if sys.platform == "win32":
        roots = {os.environ.get(name) for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")}
        roots |= {r"C:\Program Files", r"C:\Program Files (x86)"}
        return [Path(root, "LibreOffice", "program", "soffice.exe") for root in sorted(r for r in roots if r)]
    if sys.platform == "darwin":
        bundle = Path("LibreOffice.app", "Contents", "MacOS", "soffice")
        return [Path("/Applications") / bundle, Path.home() / "Applications" / bundle]
    # Debian and Fedora packages, then the libreoffice.org builds (/opt/libreoffice7.6, …), newest first.
    packaged = [Path("/usr/lib/libreoffice/program/soffice"), Path("/usr/lib64/libreoffice/program/soffice")]
    downloaded = sorted(glob.glob("/opt/libreoffice*/program/soffice"), reverse=True)
    return [*packaged, *map(Path, downloaded), Path("/snap/bin/libreoffice")]


def find_uno_python(soffice: Path) -> Path | None:
    """A Python that can `import uno`, to run the warm converter's worker: $BAOCAO_UNO_PYTHON, else
    LibreOffice's own (Windows, macOS, libreoffice.org builds), else this one, else the system's
    python3 (Debian's python3-uno). None when there is none: conversions then go the cold way."""
    if configured := os.environ.get(UNO_PYTHON_VARIABLE):
        return Path(configured) if _can_import_uno(configured) else None
    program = soffice.resolve().parent
    candidates = [
        program / "python.exe",
        program / "python",
        program.parent / "Resources" / "python",  # macOS: Contents/MacOS/soffice, Contents/Resources/python
        Path(sys.executable),
        Path("/usr/bin/python3"),
    ]
    if on_path := shutil.which("python3"):
        candidates.append(Path(on_path))
    for candidate in dict.fromkeys(candidates):
        if _is_program(candidate) and _can_import_uno(str(candidate)):
            return candidate
    return None


@functools.cache
def _can_import_uno(python: str) -> bool:
    try:
        probe = subprocess.run(
            [python, "-c", "import uno"], env=_worker_environment(), capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.returncode == 0


def _worker_environment(temporary: Path | None = None) -> dict[str, str]:
    """This environment without what would point another Python at this one's packages; with
    `temporary`, LibreOffice's own temporary files go there (removed with it, even after a kill)."""
    environment = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    if temporary is not None:
        temporary.mkdir(exist_ok=True)
        environment.update(TMPDIR=str(temporary), TMP=str(temporary), TEMP=str(temporary))
    return environment


def font_problem() -> str | None:
    """On Linux and the BSDs: a Vietnamese warning when fontconfig has no font with Times New Roman's
    metrics for LibreOffice to use (the PDF's lines and pages would then break elsewhere than in Word).
    None when the font is right, or where fontconfig does not decide (Windows and macOS have Times New Roman).
    """
    fc_match = shutil.which("fc-match")
    if sys.platform in ("win32", "darwin") or fc_match is None:
        return None
    try:
        found = subprocess.run(
            [fc_match, "-f", "%{family[0]}\t%{fontversion}", "Times New Roman"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    family, _, version = found.partition("\t")
    if family == "Liberation Serif" and version.isdigit() and int(version) < LIBERATION_2_VERSION:
        return (
            "Phông Liberation Serif trên máy này là bản cũ (1.x), thiếu các chữ ơ, ư và nhiều dấu thanh; "
            "hãy cài bản 2: sudo apt install fonts-liberation2"
        )
    if family in METRIC_COMPATIBLE_SERIFS:
        return None
    return (
        f"Máy này không có phông Times New Roman hay phông cùng cỡ chữ (Liberation Serif 2, Tinos): "
        f"LibreOffice dùng «{family or 'phông khác'}», nên dòng và trang của tệp PDF sẽ khác bản in từ Word. "
        "Debian, Ubuntu: sudo apt install fonts-liberation2"
    )


# -- the cold way: one soffice per file ----------------------------------------------------------


def convert_docx_to_pdf(
    docx: bytes | Path,
    output: str | os.PathLike[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    pdfa: bool = False,
    soffice: str | os.PathLike[str] | None = None,
) -> None:
    """Convert a .docx (bytes or a file) to the PDF `output` with one headless LibreOffice run.

    LibreOffice gets a fresh profile folder of its own (two conversions never collide) and a process
    group of its own, killed whole at `timeout` seconds (ConversionTimeout). `output` is replaced
    atomically: on any failure the old file, if any, is untouched.
    """
    program = require_libreoffice(soffice)
    content = docx.read_bytes() if isinstance(docx, Path) else docx
    target = Path(output)
    folder = Path(tempfile.mkdtemp(prefix="baocao-pdf-"))
    try:
        source = folder / INPUT_NAME
        source.write_bytes(content)
        converted = folder / "out"
        code, last_line = run_headless_conversion(
            program, source, _convert_to_argument(pdfa), converted, folder, timeout
        )
        if code is None:
            raise ConversionTimeout(_timeout_message(timeout, target))
        pdf = _read_pdf(converted / f"{source.stem}.pdf")
        if pdf is None:
            raise ConversionFailed(_failure_message(last_line or f"mã thoát {code}", target))
        atomic_write_bytes(target, pdf)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_headless_conversion(
    program: Path, source: Path, convert_to: str, output_folder: Path, folder: Path, timeout: float
) -> tuple[int | None, str]:
    """Run one headless `soffice --convert-to` (PDF here, the importer's .doc → .docx) with a fresh profile and
    temporary files in `folder`, in a process group of its own killed whole at the end or at `timeout`.

    Returns the exit code (None at the time limit) and the last line LibreOffice logged.
    """
    command = [
        str(program),
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        convert_to,
        "--outdir",
        str(output_folder),
        str(source),
    ]
    log = folder / "soffice.log"
    with log.open("wb") as log_stream:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log_stream,
            stderr=subprocess.STDOUT,
            env=_worker_environment(folder / "tmp"),
            **_own_process_group(),
        )
        code: int | None
        try:
            code = process.wait(timeout)
        except subprocess.TimeoutExpired:
            code = None
        finally:
            _kill_process_group(process)
    return code, _last_line(log.read_text(encoding="utf-8", errors="replace"))


def _convert_to_argument(pdfa: bool) -> str:
    if not pdfa:
        return "pdf"
    # PDF/A-2b (LibreOffice 7.4 and later read filter options as JSON).
    options = {"SelectPdfVersion": {"type": "long", "value": "2"}}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def _read_pdf(path: Path) -> bytes | None:
    """The PDF LibreOffice wrote, or None when it wrote none or stopped half-way."""
    try:
        content = path.read_bytes()
    except OSError:
        return None
    complete = content.startswith(b"%PDF-") and b"%%EOF" in content[-1024:]
    return content if complete else None


def _seconds(timeout: float) -> str:
    """Seconds as Vietnamese writes them: 2, 1,5."""
    return f"{timeout:g}".replace(".", ",")


def _timeout_message(timeout: float, target: Path) -> str:
    return (
        f"LibreOffice không chuyển xong sang PDF sau {_seconds(timeout)} giây nên đã bị dừng; "
        f"tệp «{target}» không bị thay đổi. Hãy thử lại, hoặc đặt thời gian chờ dài hơn."
    )


def _failure_message(detail: str, target: Path) -> str:
    return f"LibreOffice không chuyển được báo cáo sang PDF ({detail}); tệp «{target}» không bị thay đổi."


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip() and "javaldx" not in line]
    return lines[-1] if lines else ""


def _own_process_group() -> dict[str, Any]:
    """Popen arguments that give the child a process group of its own, to be killed whole."""
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.CREATE_NO_WINDOW}
    return {"start_new_session": True}


def _kill_process_group(process: subprocess.Popen[Any]) -> None:
    """Kill `process` and everything it started (soffice → oosplash → soffice.bin), then reap it."""
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False, timeout=30)
    else:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        process.kill()
    process.wait()


# -- the warm way: one listener, many files -----------------------------------------------------


class _Worker:
    """uno_worker.py running under a uno-capable Python, with the listener it started."""

    def __init__(self, process: subprocess.Popen[str], log: IO[bytes]) -> None:
        self.process = process
        self.log = log
        self.replies: queue.Queue[dict[str, Any] | None] = queue.Queue()
        threading.Thread(target=self._read, name="pdf-worker-replies", daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        with self.process.stdout:
            for line in self.process.stdout:
                with contextlib.suppress(ValueError):
                    message = json.loads(line)
                    if isinstance(message, dict):
                        self.replies.put(message)
        self.replies.put(None)  # the worker is gone

    def send(self, job: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(job, ensure_ascii=False) + "\n")
        self.process.stdin.flush()

    def reply(self, deadline: float) -> dict[str, Any] | None:
        """The next reply; None when the worker exited; queue.Empty at the deadline."""
        while True:
            try:
                return self.replies.get(timeout=min(REPLY_POLL_SECONDS, max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                if self.process.poll() is not None:
                    # Its last words may still be on their way; but a child that outlives the worker
                    # may hold its stdout open, so that the end of file never comes.
                    try:
                        return self.replies.get(timeout=REPLY_POLL_SECONDS)
                    except queue.Empty:
                        return None
                if time.monotonic() >= deadline:
                    raise

    def stop(self, *, at_once: bool) -> None:
        """Close stdin (the worker shuts LibreOffice down), then kill whatever is left of the group."""
        if not at_once:
            with contextlib.suppress(OSError):
                assert self.process.stdin is not None
                self.process.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(WORKER_STOP_SECONDS)
        _kill_process_group(self.process)
        with contextlib.suppress(OSError):
            assert self.process.stdin is not None
            self.process.stdin.close()
        # stdout is the reader thread's to close: closing it here would wait for that thread's read.
        self.log.close()


class PdfConverter:
    """A warm converter: the first conversion starts LibreOffice (≈1 s), every later one reuses it.

    Use as a context manager, or call close(); it is also closed when the program exits. Thread-safe:
    conversions run one at a time. A conversion that passes the time limit kills the listener and the
    worker (ConversionTimeout); the next one starts them again. Without a Python that can `import uno`,
    each conversion runs the cold way (`warm` is False and `cold_reason` says why).
    """

    def __init__(
        self,
        soffice: str | os.PathLike[str] | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        uno_python: str | os.PathLike[str] | None = None,
    ) -> None:
        self.configured = soffice
        self.timeout = timeout
        self.uno_python = Path(uno_python) if uno_python else None
        self.cold_reason: str | None = None
        self._soffice: Path | None = None
        self._worker: _Worker | None = None
        self._folder: Path | None = None
        self._jobs = itertools.count(1)
        self._lock = threading.Lock()
        self._closed = False

    def __enter__(self) -> PdfConverter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    @property
    def warm(self) -> bool:
        """True while a listener and its worker are running."""
        return self._worker is not None and self._worker.process.poll() is None

    def start(self) -> None:
        """Start LibreOffice now (else the first conversion does), e.g. in the background at startup."""
        with self._lock:
            self._start()

    def convert(self, docx: bytes | Path, output: str | os.PathLike[str], *, pdfa: bool = False) -> None:
        """Convert like convert_docx_to_pdf, through the running listener when there is one."""
        with self._lock:
            self._start()
            if self._worker is None:
                assert self._soffice is not None
                convert_docx_to_pdf(docx, output, timeout=self.timeout, pdfa=pdfa, soffice=self._soffice)
                return
            self._convert_warm(self._worker, docx, Path(output), pdfa)

    def close(self) -> None:
        """Stop the worker and the listener (the whole process group) and remove the temporary folder."""
        self._closed = True
        atexit.unregister(self.close)
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop(at_once=False)
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def _start(self) -> None:
        if self._closed:
            raise ConversionFailed("Bộ chuyển đổi PDF đã đóng; hãy mở lại chương trình rồi thử lại.")
        if self._soffice is None:
            self._soffice = require_libreoffice(self.configured)
        if self.warm or self.cold_reason is not None:
            return
        if self._worker is not None:  # it died: start a new one
            self._stop_worker(at_once=True)
        python = self.uno_python or find_uno_python(self._soffice)
        if python is None:
            self.cold_reason = "không có Python nào nạp được uno (Debian: sudo apt install python3-uno)"
            return
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="baocao-pdf-"))
            atexit.register(self.close)
        worker = self._launch(python, self._soffice, self._folder)
        try:
            ready = worker.reply(time.monotonic() + self.timeout)
        except queue.Empty:
            worker.stop(at_once=True)
            raise ConversionTimeout(
                f"LibreOffice không khởi động xong sau {_seconds(self.timeout)} giây nên đã bị dừng; hãy thử lại."
            ) from None
        if ready is None or not ready.get("ready"):
            # The listener would not start: convert the cold way, whose errors say what is wrong.
            worker.stop(at_once=True)
            detail = ready.get("error") if ready else "bộ chuyển đổi dừng ngay khi khởi động"
            self.cold_reason = f"không khởi động được LibreOffice ở chế độ chờ ({detail})"
            return
        self._worker = worker

    def _launch(self, python: Path, soffice: Path, folder: Path) -> _Worker:
        start = next(self._jobs)
        profile = folder / f"profile-{start}"  # a fresh one after each restart: a killed one may be locked
        log = (folder / "worker.log").open("ab")
        command = [
            str(python),
            str(WORKER_SCRIPT),
            "--soffice",
            str(soffice),
            "--profile",
            profile.as_uri(),
            "--pipe",
            f"baocao-{os.getpid()}-{secrets.token_hex(8)}",
            # The worker's own limit comes after ours, so that ours decides.
            "--startup-timeout",
            f"{self.timeout + 30:g}",
            # Stdin ends only at close() or when the program dies: then this folder is no longer needed.
            "--remove-at-end",
            str(folder),
        ]
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            encoding="utf-8",
            env=_worker_environment(folder / "tmp"),
            **_own_process_group(),
        )
        return _Worker(process, log)

    def _convert_warm(self, worker: _Worker, docx: bytes | Path, target: Path, pdfa: bool) -> None:
        assert self._folder is not None
        job = next(self._jobs)
        folder = self._folder / f"job-{job}"
        folder.mkdir()
        try:
            source, converted = folder / INPUT_NAME, folder / "baocao.pdf"
            source.write_bytes(docx.read_bytes() if isinstance(docx, Path) else docx)
            deadline = time.monotonic() + self.timeout
            try:
                worker.send({"id": job, "input": str(source), "output": str(converted), "pdfa": pdfa})
                answer = worker.reply(deadline)
                while answer is not None and answer.get("id") != job:
                    answer = worker.reply(deadline)
            except queue.Empty:
                self._stop_worker(at_once=True)
                raise ConversionTimeout(_timeout_message(self.timeout, target)) from None
            except OSError:  # the worker's stdin is closed: it died
                answer = None
            if answer is None or answer.get("fatal"):
                self._stop_worker(at_once=True)  # started again by the next conversion
            if answer is None or not answer.get("ok"):
                detail = answer.get("error") if answer else "LibreOffice dừng giữa chừng"
                raise ConversionFailed(_failure_message(str(detail), target))
            pdf = _read_pdf(converted)
            if pdf is None:
                raise ConversionFailed(_failure_message("LibreOffice không ghi ra tệp PDF", target))
            atomic_write_bytes(target, pdf)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _stop_worker(self, *, at_once: bool) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop(at_once=at_once)
