"""What every bench script reports: figures with targets, a table for people, JSON for bench/run_all.py."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    median_ms: float | None
    baseline_ms: float | None = None
    ratio: float | None = None
    target: float | None = None
    """An upper bound: milliseconds, or the ratio when the figure is a ratio."""
    passed: bool | None = None
    cpu_ms: float | None = None
    """Median CPU time of the same runs (table only): far below median_ms means waiting, for the disk or the CPU."""
    unit: str = "ms"
    """What median_ms, baseline_ms and target are counted in when not milliseconds (e.g. "MB")."""

    def target_text(self) -> str:
        if self.target is None:
            return "—"
        return f"≤ {self.target:g}" + (f" {self.unit}" if self.ratio is None else "")

    def value_text(self) -> str:
        value = self.ratio if self.ratio is not None else self.median_ms
        if value is None:
            return "—"
        return f"{value:.2f}" + (f" {self.unit}" if self.ratio is None and self.unit != "ms" else "")

    def cpu_text(self) -> str:
        return "—" if self.cpu_ms is None else f"{self.cpu_ms:.2f}"

    def result_text(self) -> str:
        return "info" if self.passed is None else "pass" if self.passed else "FAIL"

    def to_data(self) -> dict[str, object]:
        return {
            "name": self.name,
            "median_ms": None if self.median_ms is None else round(self.median_ms, 2),
            "baseline_ms": None if self.baseline_ms is None else round(self.baseline_ms, 2),
            "ratio": None if self.ratio is None else round(self.ratio, 3),
            "target": self.target,
            "passed": self.passed,
            "unit": self.unit,
        }

    @classmethod
    def from_data(cls, data: object) -> Figure:
        """A figure from one object of a bench script's --json output (ValueError when it is not one)."""
        if not isinstance(data, dict) or not isinstance(data.get("name"), str):
            raise ValueError(f"not a figure: {data!r}")

        def number(key: str) -> float | None:
            value = data.get(key)
            if value is None:
                return None
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{data['name']}: {key} is not a number: {value!r}")
            return float(value)

        passed = data.get("passed")
        if passed is not None and not isinstance(passed, bool):
            raise ValueError(f"{data['name']}: passed is not true, false or null: {passed!r}")
        unit = data.get("unit", "ms")
        return cls(
            data["name"],
            number("median_ms"),
            number("baseline_ms"),
            number("ratio"),
            number("target"),
            passed,
            unit=unit if isinstance(unit, str) else "ms",
        )


def median_ms(seconds: Sequence[float]) -> float:
    return statistics.median(seconds) * 1000


def print_figures(figures: Sequence[Figure], say: Callable[[str], None], *, as_json: bool) -> None:
    """The table through `say` (stderr when JSON goes to stdout), then the JSON if asked."""
    with_cpu = any(figure.cpu_ms is not None for figure in figures)
    header = ("figure", "median", *(("cpu ms",) if with_cpu else ()), "target", "result")
    rows = [header]
    for figure in figures:
        cpu = (figure.cpu_text(),) if with_cpu else ()
        rows.append((figure.name, figure.value_text(), *cpu, figure.target_text(), figure.result_text()))
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    right_aligned = {1, 2} if with_cpu else {1}
    for row in rows:
        cells = [f"{cell:>{widths[i]}}" if i in right_aligned else f"{cell:<{widths[i]}}" for i, cell in enumerate(row)]
        say("  ".join(cells).rstrip())
    if any(figure.ratio is not None for figure in figures):
        say("(milliseconds unless a unit is shown; a ratio row shows the ratio)")
    else:
        say("(milliseconds unless a unit is shown)")
    if with_cpu:
        say("(cpu ms: CPU time of the same runs; well below the median means waiting for the disk or a busy machine)")
    if as_json:
        print(json.dumps([figure.to_data() for figure in figures], ensure_ascii=False, indent=2))


def bench_parser(doc: str | None, *, full_runs: int, quick_runs: int) -> argparse.ArgumentParser:
    """The options every bench script takes: --runs, --quick (for bench/run_all.py and CI), --json."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--runs", type=int, default=full_runs, help=f"timed runs (default {full_runs})")
    parser.add_argument("--quick", action="store_true", help=f"only {quick_runs} timed runs")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON on stdout")
    parser.set_defaults(quick_runs=quick_runs)
    return parser


def parse_bench_arguments(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    arguments = parser.parse_args(argv)
    if arguments.quick:
        arguments.runs = arguments.quick_runs
    if arguments.runs < 1:
        parser.error("--runs must be at least 1")
    return arguments


def reporter(as_json: bool) -> Callable[..., None]:
    """Where the human-readable account goes: stderr when stdout carries the JSON."""
    stream = sys.stderr if as_json else sys.stdout

    def say(text: str = "") -> None:
        print(text, file=stream)

    return say
