"""Fuzzing at scale: 50 000 generated report files through the reader and the renderer, 5 000 damaged .docx
files through the importer; prints the counts, the failures, the slowest case and the time per case.

The properties and the generators are those of the tests (tests/fuzz/): there 2 000 reports and 1 000 damaged
files per CI run, here as many as the run can afford, new ones each time unless --seed is given.

    python bench/fuzz.py [--runs N | --quick] [--imports N] [--jobs N] [--seed S] [--json]

--runs: generated report files (default 50 000; --quick 200); --imports: damaged .docx files (default a tenth
of --runs); --jobs: processes sharing the reports (default: the number of processors, at most 4). A failure is
printed with the case that caused it, and counted in the "failures" figures, whose target is 0. The other
figures only report; the importer's slowest file is held to the 2 s bound (in CPU time, as the tests do).
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/fuzz.py`

from hypothesis import HealthCheck, Phase, given, seed, settings

from bench.figures import Figure, bench_parser, median_ms, parse_bench_arguments, print_figures, reporter
from tests.fuzz.docx_mutations import DamagedDocx, base_documents, damaged_docx
from tests.fuzz.import_worker import CPU_LIMIT_SECONDS, ImportWorker
from tests.fuzz.messages import vietnamese_problem
from tests.fuzz.report_cases import ReportCase, report_cases
from tests.fuzz.report_properties import PropertyFailure, check_report_case

FULL_REPORTS = 50_000
QUICK_REPORTS = 200
SHOWN_FAILURES = 8


@dataclass
class Tally:
    """What one process saw: outcomes counted, seconds per case, failures with their case."""

    outcomes: collections.Counter[str] = field(default_factory=collections.Counter)
    seconds: list[float] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    """(what failed, the case), at most SHOWN_FAILURES kept."""
    failure_count: int = 0
    slowest: tuple[float, str] = (0.0, "")
    """The largest CPU time and its case: wall times on a shared machine also count the other programs."""

    def add(self, outcome: str, elapsed: float, cpu: float, case: str, failure: str | None = None) -> None:
        self.outcomes[outcome] += 1
        self.seconds.append(elapsed)
        if cpu > self.slowest[0]:
            self.slowest = (cpu, case)
        if failure is not None:
            self.failure_count += 1
            if len(self.failures) < SHOWN_FAILURES:
                self.failures.append((failure, case))

    def merge(self, other: Tally) -> None:
        self.outcomes.update(other.outcomes)
        self.seconds.extend(other.seconds)
        self.failure_count += other.failure_count
        self.failures.extend(other.failures[: SHOWN_FAILURES - len(self.failures)])
        self.slowest = max(self.slowest, other.slowest)


def _settings(count: int) -> settings:
    return settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


def fuzz_reports(count: int, run_seed: int | None) -> Tally:
    """`count` generated report files, each checked; never stops at a failure."""
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:

        @_settings(count)
        @given(report_cases())
        def one(case: ReportCase) -> None:
            started, started_cpu = time.perf_counter(), time.process_time()
            failure = None
            try:
                outcome: str = check_report_case(case, Path(folder))
            except PropertyFailure as error:
                outcome, failure = "failed", str(error)
            except Exception as error:  # a crash of the reader or the renderer: what fuzzing is for
                outcome = "crashed"
                failure = "".join(traceback.format_exception_only(error)).strip() + " " + _where(error)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
            tally.add(outcome, elapsed, cpu, _describe(case), failure)

        (seed(run_seed)(one) if run_seed is not None else one)()
    return tally


def _where(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    return f"at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""


def _describe(case: ReportCase) -> str:
    text = repr(case)
    return text if len(text) <= 600 else text[:600] + "…"


def fuzz_imports(count: int, run_seed: int | None) -> Tally:
    """`count` damaged .docx files through the importer's worker, each checked; never stops at a failure."""
    tally = Tally()
    bases = base_documents()
    worker = ImportWorker()

    @_settings(count)
    @given(damaged_docx)
    def one(case: DamagedDocx) -> None:
        outcome = worker.run(case.content(bases))
        failure = None
        if not outcome.is_clean:
            name, failure = outcome.outcome, outcome.message.strip().splitlines()[-1][:300]
        elif outcome.cpu_seconds > CPU_LIMIT_SECONDS:
            name, failure = "too slow", f"{outcome.cpu_seconds:.2f} s of CPU time"
        elif outcome.outcome == "refused" and (why := vietnamese_problem(outcome.message)) is not None:
            name, failure = "refused in English", f"{outcome.message[:200]!r}: {why}"
        else:
            name = outcome.outcome
        tally.add(name, outcome.wall_seconds, outcome.cpu_seconds, repr(case)[:600], failure)

    try:
        (seed(run_seed)(one) if run_seed is not None else one)()
    finally:
        worker.close()
    return tally


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = bench_parser(__doc__, full_runs=FULL_REPORTS, quick_runs=QUICK_REPORTS)
    parser.add_argument("--imports", type=int, help="damaged .docx files (default: a tenth of --runs, at least 20)")
    parser.add_argument("--jobs", type=int, default=min(os.cpu_count() or 1, 4), help="processes for the reports")
    parser.add_argument("--seed", type=int, help="the same cases as an earlier run with this seed")
    arguments = parse_bench_arguments(parser, argv)
    if arguments.imports is None:
        arguments.imports = max(20, arguments.runs // 10)
    if arguments.jobs < 1 or arguments.imports < 0:
        parser.error("--jobs must be at least 1 and --imports at least 0")
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    say = reporter(arguments.json)
    jobs = min(arguments.jobs, arguments.runs)
    shares = [arguments.runs // jobs + (1 if index < arguments.runs % jobs else 0) for index in range(jobs)]
    say(f"Report files: {arguments.runs} in {jobs} process(es); damaged .docx files: {arguments.imports}")

    started = time.perf_counter()
    reports = Tally()
    if jobs == 1:
        reports = fuzz_reports(arguments.runs, arguments.seed)
    else:
        seeds = [None if arguments.seed is None else arguments.seed + index for index in range(jobs)]
        with ProcessPoolExecutor(jobs) as pool:
            for tally in pool.map(fuzz_reports, shares, seeds):
                reports.merge(tally)
    report_seconds = time.perf_counter() - started
    started = time.perf_counter()
    imports = fuzz_imports(arguments.imports, arguments.seed) if arguments.imports else Tally()
    import_seconds = time.perf_counter() - started

    for title, tally, total in (("Report files", reports, report_seconds), ("Damaged .docx", imports, import_seconds)):
        counted = ", ".join(f"{name}: {number}" for name, number in sorted(tally.outcomes.items()))
        say(f"{title}: {len(tally.seconds)} cases in {total:.0f} s (generation included) — {counted}")
        say(f"  slowest: {tally.slowest[0] * 1000:.0f} ms of CPU — {tally.slowest[1][:300]}")
        for failure, case in tally.failures:
            say(f"  FAILURE: {failure}\n    case: {case}")
        if tally.failure_count > len(tally.failures):
            say(f"  … and {tally.failure_count - len(tally.failures)} more failures")

    figures = [
        Figure("fuzz: report-file failures", float(reports.failure_count), target=0, passed=not reports.failure_count,
               unit="cases"),
        Figure("fuzz: time per report file (read + render + checks)", _median(reports.seconds)),
        Figure("fuzz: slowest report file (CPU)", reports.slowest[0] * 1000),
    ]  # fmt: skip
    if arguments.imports:
        figures += [
            Figure("fuzz: damaged .docx failures", float(imports.failure_count), target=0,
                   passed=not imports.failure_count, unit="cases"),
            Figure("fuzz: time per damaged .docx import", _median(imports.seconds)),
            Figure("fuzz: slowest damaged .docx import (CPU)", imports.slowest[0] * 1000,
                   target=CPU_LIMIT_SECONDS * 1000, passed=imports.slowest[0] <= CPU_LIMIT_SECONDS),
        ]  # fmt: skip
    print_figures(figures, say, as_json=arguments.json)
    return 0


def _median(seconds: list[float]) -> float | None:
    return median_ms(seconds) if seconds else None


if __name__ == "__main__":
    sys.exit(main())
