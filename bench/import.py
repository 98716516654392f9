"""Benchmark: importing a 30-page report typed in Word (issue 7: target ≤ 300 ms median).

The 30 pages are the example report with its sections repeated until the body holds 30 × 450 words (as
bench/render.py builds them), typed into a .docx the way an officer types it (tests/importers/word_typed.py:
header table, typed numbering, bullets, footnotes, Nơi nhận table). Timed: the .docx bytes in memory →
`import_docx` → a report and its notes (the whole recogniser, nothing saved). For comparison, untargeted:
the same report as the program itself renders it, and as plain text.

    python bench/import.py [--runs N | --quick] [--example PATH] [--json]

With --json the figures go to stdout as a JSON list (bench/figures.py), for bench/run_all.py. The script
reports; it exits 0 whatever the timings are (2 only when the import does not read the report back).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/import.py`

from app.core.model import Report, Section
from app.core.numbering import numbered_sections
from app.importers.clipboard import blocks_to_plain_text
from app.importers.files import import_docx, import_text
from app.render.docx import render_docx
from bench.figures import Figure, median_ms, print_figures, reporter
from bench.render import WORDS_PER_PAGE, long_report_arguments, long_report_from
from tests.importers.measure import section_tree, words_in_order
from tests.importers.word_typed import type_report

TARGET_MS = 300.0
WARMUP_RUNS = 2
FULL_RUNS = 20
QUICK_RUNS = 5
MIN_WORDS_IN_ORDER = 0.99


def timed(work: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of `runs` calls, after WARMUP_RUNS untimed ones."""
    wall: list[float] = []
    cpu: list[float] = []
    for run in range(WARMUP_RUNS + runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        work()
        if run >= WARMUP_RUNS:
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
    return wall, cpu


def report_as_text(report: Report) -> str:
    """The report as a plain-text file of it reads: title, labelled headings, paragraphs, "- " bullets."""
    lines = ["BÁO CÁO", report.summary or "", *(paragraph.plain_text for paragraph in report.opening)]
    for numbered in numbered_sections(report.sections):
        lines.append(f"{numbered.label or ''} {numbered.section.title}".strip())
        own_blocks = [block for block in numbered.section.blocks if not isinstance(block, Section)]
        lines.append(blocks_to_plain_text(own_blocks))
    lines.extend(paragraph.plain_text + "./." for paragraph in report.closing)
    return "\n".join(line for line in lines if line)


def main(argv: list[str] | None = None) -> int:
    arguments = long_report_arguments(__doc__, argv, full_runs=FULL_RUNS, quick_runs=QUICK_RUNS)
    say = reporter(arguments.json)
    built = long_report_from(arguments.example)
    if built is None:
        return 2
    report, stats, _ = built
    typed = type_report(report)
    rendered = render_docx(report)
    text = report_as_text(report)
    say(f"Report: {arguments.example.name} × {stats.copies} copies of its sections")
    say(
        f"  {stats.words} words (≈ {stats.pages:.1f} pages at {WORDS_PER_PAGE} words/page), {stats.headings} headings, "
        f"{stats.paragraphs} paragraphs, {stats.bullets} bullets, {stats.tables} tables, {stats.footnotes} footnotes"
    )
    say(f"  typed .docx {len(typed) // 1024} KB, rendered .docx {len(rendered) // 1024} KB")

    check = import_docx(typed).report
    share = words_in_order(report, check)
    same_tree = section_tree(check.sections) == section_tree(report.sections)
    say(f"Read back: {share:.2%} of the words in order, section tree {'identical' if same_tree else 'DIFFERENT'}")
    if share < MIN_WORDS_IN_ORDER or not same_tree:
        say("The import does not read the report back: timings not meaningful.")
        return 2

    typed_wall, typed_cpu = timed(lambda: import_docx(typed), arguments.runs)
    rendered_wall, _ = timed(lambda: import_docx(rendered), arguments.runs)
    text_wall, _ = timed(lambda: import_text(text, "bao-cao.txt"), arguments.runs)
    typed_ms = median_ms(typed_wall)
    figures = [
        Figure(
            "import 30-page typed .docx",
            typed_ms,
            target=TARGET_MS,
            passed=typed_ms <= TARGET_MS,
            cpu_ms=median_ms(typed_cpu),
        ),
        Figure("import 30-page .docx made by the program", median_ms(rendered_wall)),
        Figure("import 30-page plain text", median_ms(text_wall)),
    ]
    say(f"Timing: median of {arguments.runs} runs after {WARMUP_RUNS} warm-up runs (bytes in memory → report)")
    say()
    print_figures(figures, say, as_json=arguments.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
