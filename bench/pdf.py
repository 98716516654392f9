"""Benchmark: the same 30-page report to PDF by a cold `soffice --convert-to pdf` and by our warm converter.

The report is bench/render.py's: an example whose sections are repeated until the body holds
30 × 450 words. It is rendered to .docx once; then, interleaved (cold, warm, cold, …) so that machine
noise hits both alike:

    cold   `soffice --headless --norestore --convert-to pdf` as a user would run it, with a fresh
           profile folder each time (what every one-off conversion pays: start, load, convert, quit)
    warm   PdfConverter.convert(): the .docx bytes → the PDF file through the LibreOffice listener
           the program keeps running (started, and warmed by one conversion, before timing)

Both PDFs must have the same number of pages (else the comparison is broken: exit 2). Targets:
warm ≤ 400 ms and warm/cold ≤ 0.35. The script reports; it exits 0 whatever the timings are.

    python bench/pdf.py [--runs N | --quick] [--example PATH] [--json]

With --json the figures go to stdout as a JSON list of objects with the keys name, median_ms,
baseline_ms, ratio, target and passed (target is the upper bound: milliseconds for a time,
a plain number for a ratio; null where there is no target), for bench/run_all.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/pdf.py`

from app.render.docx import render_docx
from app.render.pdf import PdfConverter, PdfError, find_libreoffice, font_problem
from bench.figures import Figure, median_ms, print_figures, reporter
from bench.render import WORDS_PER_PAGE, long_report_arguments, long_report_from

TARGET_WARM_MS = 400.0
TARGET_RATIO = 0.35
FULL_RUNS = 10
QUICK_RUNS = 2
COLD_TIMEOUT = 180


def cold_convert(soffice: Path, document: Path, folder: Path, run: int) -> float:
    """Seconds for one `soffice --convert-to pdf` with a fresh profile; the PDF lands in folder/cold-RUN."""
    profile = folder / f"profile-{run}"
    started = time.perf_counter()
    subprocess.run(
        [
            str(soffice),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / f"cold-{run}"),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=COLD_TIMEOUT,
    )
    return time.perf_counter() - started


def warm_convert(converter: PdfConverter, content: bytes, output: Path) -> float:
    started = time.perf_counter()
    converter.convert(content, output)
    return time.perf_counter() - started


def page_count(pdf: Path) -> int | None:
    """Pages of a PDF (pdfinfo when installed, else the /Type /Page objects LibreOffice writes)."""
    try:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())) or None
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(found.group(1)) if found else None


def main(argv: list[str] | None = None) -> int:
    arguments = long_report_arguments(__doc__, argv, full_runs=FULL_RUNS, quick_runs=QUICK_RUNS)
    say = reporter(arguments.json)

    soffice = find_libreoffice()
    if soffice is None:
        say("LibreOffice is not installed here (Debian: apt install libreoffice-writer-nogui fonts-liberation2).")
        return 2
    built = long_report_from(arguments.example)
    if built is None:
        return 2
    report, stats, _ = built
    content = render_docx(report)
    say(f"Report: {arguments.example.name} × {stats.copies} copies of its sections")
    say(f"  {stats.words} words (≈ {stats.pages:.1f} pages at {WORDS_PER_PAGE} words/page), {len(content)} bytes")
    say(f"LibreOffice: {soffice}")
    if problem := font_problem():
        say(f"  fonts: {problem}")

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as name, PdfConverter(soffice) as converter:
        folder = Path(name)
        document = folder / "bao-cao-30-trang.docx"
        document.write_bytes(content)
        started = time.perf_counter()
        try:
            converter.start()
            first = warm_convert(converter, content, folder / "warm.pdf")  # the listener's first load
        except PdfError as error:
            say(str(error))
            return 2
        start_ms = (time.perf_counter() - started) * 1000
        if not converter.warm:
            say(f"No warm converter here ({converter.cold_reason}): the warm side converts the cold way.")

        cold: list[float] = []
        warm: list[float] = []
        for run in range(arguments.runs):
            cold.append(cold_convert(soffice, document, folder, run))
            warm.append(warm_convert(converter, content, folder / "warm.pdf"))

        cold_pages = page_count(folder / "cold-0" / f"{document.stem}.pdf")
        warm_pages = page_count(folder / "warm.pdf")
        say(f"Pages: {cold_pages} cold, {warm_pages} warm")
        if cold_pages != warm_pages or not cold_pages:
            say("The two PDFs differ in page count: timings not comparable.")
            return 2

    cold_ms, warm_ms = median_ms(cold), median_ms(warm)
    ratio = warm_ms / cold_ms
    warm_passed = warm_ms <= TARGET_WARM_MS
    figures = [
        Figure(f"cold soffice --convert-to pdf ({cold_pages} pages)", cold_ms),
        Figure(f"warm converter ({warm_pages} pages)", warm_ms, target=TARGET_WARM_MS, passed=warm_passed),
        Figure("ratio warm/cold", warm_ms, cold_ms, ratio, TARGET_RATIO, ratio <= TARGET_RATIO),
        Figure("warm converter start + first conversion (once per program run)", start_ms),
    ]
    say(f"Timing: median of {arguments.runs} runs per side, interleaved; first warm conversion {first * 1000:.0f} ms")
    say()
    print_figures(figures, say, as_json=arguments.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
