"""Run every benchmark script and print one table: figure, median, baseline, ratio, target, result.

Every `bench/*.py` except the helpers (figures.py, run_all.py) is a benchmark script and must follow
the convention of bench/figures.py: it takes `--json` (figures as a JSON list on stdout, its own account
on stderr) and `--quick`. A new script is picked up without being listed here; a file that does not
take `--json` is reported as an error row, never skipped silently. The scripts run one after the other
(side by side they would disturb each other's timings), each as a subprocess with a time limit; a
script that fails, hangs or prints no figures gives an "error" row with the reason and the others are
still reported.

    python bench/run_all.py [--quick] [--only NAME ...] [--skip NAME ...] [--markdown] [--json] [--verbose]

--quick: every script's quick mode (small sizes, few runs), under a minute in all; `.ci/run` calls it.
Exit status: with --quick always 0 — it reports, and timings on a shared CI machine prove nothing. A
full run exits 1 when a target is missed or a script failed, else 0 (use it before a release, on a
quiet machine). 2: wrong usage.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/run_all.py`

from bench.figures import Figure

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
HELPERS = frozenset({"__init__.py", "figures.py", "run_all.py"})
"""Files in bench/ that are not benchmark scripts."""
FULL_TIMEOUT_S = 1800
QUICK_TIMEOUT_S = 180
QUICK_BUDGET_S = 60
ERROR_LINES = 6


@dataclass(frozen=True, slots=True)
class ScriptResult:
    script: str
    figures: tuple[Figure, ...]
    seconds: float
    error: str | None = None


def discover(folder: Path = BENCH) -> list[Path]:
    """Every benchmark script in `folder`, by name."""
    return sorted(path for path in folder.glob("*.py") if path.name not in HELPERS)


def follows_convention(script: Path) -> bool:
    """The script takes --json (through bench_parser or its own parser)."""
    source = script.read_text(encoding="utf-8")
    return "bench_parser" in source or '"--json"' in source


def last_lines(text: str, count: int = ERROR_LINES) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " | ".join(lines[-count:]) or "no message"


def run_script(script: Path, *, quick: bool, timeout: float, verbose: bool) -> ScriptResult:
    """Run one script with --json (and --quick); its figures, or the reason there are none."""
    name = script.name
    if not follows_convention(script):
        return ScriptResult(name, (), 0.0, "does not take --json (see bench/figures.py: bench_parser)")
    command = [sys.executable, str(script), "--json", *(["--quick"] if quick else [])]
    environment = dict(os.environ)
    environment.setdefault("QT_QPA_PLATFORM", "offscreen")
    environment["PYTHONUNBUFFERED"] = "1"
    started = time.perf_counter()
    # Its own process group: on a time-out, what it started (the program, LibreOffice) is stopped too.
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=None if verbose else subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return ScriptResult(name, (), time.perf_counter() - started, f"no result after {timeout:.0f} s: stopped")
    except BaseException:  # Ctrl+C: leave nothing running behind
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        raise
    seconds = time.perf_counter() - started
    failed = None
    if process.returncode != 0:
        detail = last_lines(stderr or "") if not verbose else "see its output above"
        failed = f"exit {process.returncode}: {detail}"
    try:
        data = json.loads(stdout)
        if not isinstance(data, list) or not data:
            raise ValueError("the JSON is not a non-empty list of figures")
        figures = tuple(Figure.from_data(item) for item in data)
    except ValueError as error:  # json.JSONDecodeError is a ValueError
        return ScriptResult(name, (), seconds, failed or f"no figures on stdout ({error})")
    # A script that failed after printing its figures (a drill whose check failed): both are shown.
    return ScriptResult(name, figures, seconds, failed)


# ---------------------------------------------------------------------------------------------
# The table


HEADER = ("script", "figure", "median", "baseline", "ratio", "target", "result")


def number_text(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:.2f}" + (f" {unit}" if unit and unit != "ms" else "")


def rows(results: Sequence[ScriptResult]) -> list[tuple[str, ...]]:
    table: list[tuple[str, ...]] = []
    for result in results:
        script = result.script.removesuffix(".py")
        if result.error is not None:
            table.append((script, result.error, "—", "—", "—", "—", "error"))
        for figure in result.figures:
            table.append(
                (
                    script,
                    figure.name,
                    number_text(figure.median_ms, figure.unit),
                    number_text(figure.baseline_ms, figure.unit),
                    "—" if figure.ratio is None else f"{figure.ratio:.2f}",
                    figure.target_text(),
                    figure.result_text(),
                )
            )
    return table


def text_table(table: list[tuple[str, ...]]) -> list[str]:
    every = [HEADER, *table]
    widths = [max(len(row[column]) for row in every) for column in range(len(HEADER))]
    right = {2, 3, 4}
    return [
        "  ".join(
            f"{cell:>{widths[i]}}" if i in right else f"{cell:<{widths[i]}}" for i, cell in enumerate(row)
        ).rstrip()
        for row in every
    ]


def markdown_table(table: list[tuple[str, ...]]) -> list[str]:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    separator = ["---" if i not in {2, 3, 4} else "---:" for i in range(len(HEADER))]
    return [line(HEADER), "|" + "|".join(separator) + "|", *(line(row) for row in table)]


def machine() -> str:
    """The machine the figures were measured on, for the README."""
    model = ""
    try:
        for entry in Path("/proc/cpuinfo").read_text().splitlines():
            if entry.startswith("model name"):
                model = entry.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    cores = os.cpu_count() or 0
    system = f"{platform.system()} {platform.release()}"
    return f"{model or platform.machine()}, {cores} cores, {system}, Python {platform.python_version()}"


def summary(results: Sequence[ScriptResult]) -> tuple[int, int, int]:
    """(targets met, targets missed, scripts failed)."""
    figures = [figure for result in results for figure in result.figures]
    met = sum(figure.passed is True for figure in figures)
    missed = sum(figure.passed is False for figure in figures)
    return met, missed, sum(result.error is not None for result in results)


# ---------------------------------------------------------------------------------------------
# Main


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="each script's quick mode; always exits 0")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these scripts (render, drafts.py, …)")
    parser.add_argument("--skip", nargs="+", metavar="NAME", default=[], help="leave these scripts out")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown (for the README)")
    parser.add_argument("--json", action="store_true", help="print every figure as JSON on stdout")
    parser.add_argument("--verbose", action="store_true", help="show each script's own account as it runs")
    parser.add_argument(
        "--timeout", type=float, help=f"seconds per script (default {FULL_TIMEOUT_S}, quick {QUICK_TIMEOUT_S})"
    )
    return parser.parse_args(argv)


def chosen_scripts(arguments: argparse.Namespace, parser_error: Callable[[str], None]) -> list[Path]:
    scripts = discover()
    names = {script.stem: script for script in scripts}

    def stem(name: str) -> str:
        stem = Path(name).name.removesuffix(".py")
        if stem not in names:
            parser_error(f"no bench script {name!r}; there are: {', '.join(names)}")
        return stem

    # Skipping a script that is not there (renamed, not written yet) is no reason to run nothing.
    skipped = {Path(name).name.removesuffix(".py") for name in arguments.skip}
    if arguments.only:
        wanted = [stem(name) for name in arguments.only]
        return [names[name] for name in wanted if name not in skipped]
    return [script for script in scripts if script.stem not in skipped]


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)

    def usage_error(message: str) -> None:
        print(f"run_all.py: {message}", file=sys.stderr)
        raise SystemExit(2)

    scripts = chosen_scripts(arguments, usage_error)
    timeout = arguments.timeout or (QUICK_TIMEOUT_S if arguments.quick else FULL_TIMEOUT_S)
    # With --json or --markdown, stdout carries only that; the progress goes to stderr.
    out = sys.stderr if arguments.json or arguments.markdown else sys.stdout

    def say(line: str = "") -> None:
        print(line, file=out, flush=True)

    mode = "quick" if arguments.quick else "full"
    say(f"Running {len(scripts)} bench scripts ({mode}), one after the other: {', '.join(s.name for s in scripts)}")
    started = time.perf_counter()
    results = []
    for script in scripts:
        result = run_script(script, quick=arguments.quick, timeout=timeout, verbose=arguments.verbose)
        outcome = ", ".join(
            [*([f"{len(result.figures)} figures"] if result.figures else []), *(["error"] if result.error else [])]
        )
        say(f"  {script.name:<16} {result.seconds:6.1f} s  {outcome}")
        results.append(result)
    total = time.perf_counter() - started
    met, missed, failed = summary(results)
    table = rows(results)
    stamp = dt.datetime.now().astimezone()
    say()
    if arguments.markdown:
        print(f"Measured {stamp:%Y-%m-%d} ({mode} run, {total:.0f} s) on {machine()}:")
        print()
        print("\n".join(markdown_table(table)))
    elif arguments.json:
        data = [{"script": result.script, **figure.to_data()} for result in results for figure in result.figures]
        data += [{"script": result.script, "error": result.error} for result in results if result.error]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for line in text_table(table):
            say(line)
    say()
    say(f"{stamp:%Y-%m-%d %H:%M}, {machine()}")
    say("(milliseconds unless a unit is shown; target is an upper bound; ratio rows: median is ours, baseline theirs)")
    say(
        f"{mode} run: {total:.1f} s; {met} targets met, {missed} missed, {failed} scripts failed"
        + (f" (over the {QUICK_BUDGET_S} s budget of --quick)" if arguments.quick and total > QUICK_BUDGET_S else "")
    )
    if arguments.quick:
        return 0
    return 1 if missed or failed else 0


if __name__ == "__main__":
    sys.exit(main())
