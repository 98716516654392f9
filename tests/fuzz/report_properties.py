"""What must hold for any report file, checked on one generated case (by the tests and by bench/fuzz.py).

- parse_report raises nothing but ReportFileError; each problem is a Vietnamese message, and when the file is
  a JSON object each problem names a field that is in the file (or the missing key of an object in it). A fault
  put in at a known place is reported at that place; a valid report is never refused.
- An accepted report is written back and read again unchanged.
- write_docx raises nothing but RenderError (Vietnamese); it then leaves the previous file byte-identical and no
  temporary file. A written file is a complete .docx that read_docx_format opens, all its text in NFC, with one
  footnote for each footnote of the report and the signer's name printed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any, Literal, TypeAlias

from app.core.docx_format import read_docx_format
from app.core.docx_package import PackageRefused
from app.core.model import Footnote, Inline, Report, Section, Table
from app.core.report_file import ReportFileError, dump_report, parse_report, sections_with_paths, validate_report
from app.render.docx import RenderError, write_docx
from tests.fuzz.messages import vietnamese_problem
from tests.fuzz.report_cases import ReportCase

Outcome: TypeAlias = Literal["rendered", "rejected", "render-refused"]
OUTPUT_NAME = "báo cáo.docx"
SOURCE_NAME = "báo cáo thử.baocao.json"
PREVIOUS_CONTENT = b"PK previous report, must survive a failed render"
_PATH_TOKEN = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


class PropertyFailure(AssertionError):
    """A property of the reader or the renderer does not hold for a generated case."""


def check_report_case(case: ReportCase, folder: Path) -> Outcome:
    """Run one case through the reader and, if accepted, the renderer into `folder`; PropertyFailure if wrong.

    Any exception other than PropertyFailure escaping from here is a crash of the program under test.
    """
    content = case.content()
    data = _plain_json(content)
    try:
        report = parse_report(content, SOURCE_NAME, complete=case.complete)
    except ReportFileError as error:
        _check_rejection(error, case, data)
        return "rejected"
    if case.expectation == "reject":
        raise PropertyFailure(
            f"accepted a file with a fault ({case.fault}); it must be refused at {case.expected_path}"
        )
    again = parse_report(dump_report(report), complete=case.complete)
    if again != report:
        raise PropertyFailure(
            f"the report changed when written back and read again: {_first_difference(report, again)}"
        )
    return _check_render(report, case, folder)


def _first_difference(first: Any, second: Any, path: str = "") -> str:
    """Where two reports (or parts of them) first differ, for the failure message."""
    if type(first) is not type(second):
        return f"{path}: {first!r:.80} ≠ {second!r:.80}"
    if isinstance(first, list):
        if len(first) != len(second):
            return f"{path}: {len(first)} items ≠ {len(second)}"
        for index, (a, b) in enumerate(zip(first, second, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{path}[{index}]")
    if hasattr(first, "__dataclass_fields__"):
        for name in first.__dataclass_fields__:
            a, b = getattr(first, name), getattr(second, name)
            if a != b:
                return _first_difference(a, b, f"{path}.{name}")
    return f"{path}: {first!r:.80} ≠ {second!r:.80}"


def _plain_json(content: bytes | str) -> Any:
    """The file as standard JSON data, or None when it is not JSON (then problems may point at the whole file)."""
    try:
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.removeprefix("\ufeff")
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _check_rejection(error: ReportFileError, case: ReportCase, data: Any) -> None:
    if not error.problems:
        raise PropertyFailure("ReportFileError without any problem")
    # The file's name and the field paths are the officer's and the format's words, not the message's.
    summary = error.describe().replace(SOURCE_NAME, "")
    for problem in error.problems:
        summary = summary.replace(f"  - {problem}", f"  - {problem.message}")
    for text in (str(error).replace(SOURCE_NAME, ""), summary):
        if (why := vietnamese_problem(text)) is not None:
            raise PropertyFailure(f"error text {text!r}: {why}")
    for problem in error.problems:
        if (why := vietnamese_problem(problem.message)) is not None:
            raise PropertyFailure(f"message at {problem.path!r}: {problem.message!r}: {why}")
        if isinstance(data, dict):
            if not problem.path:
                raise PropertyFailure(f"no field named for a problem of a JSON object: {problem.message!r}")
            if not _points_into(data, problem.path):
                raise PropertyFailure(f"path {problem.path!r} does not point into the file ({problem.message!r})")
    if case.expectation == "valid":
        listed = "; ".join(str(problem) for problem in error.problems)
        raise PropertyFailure(f"refused a valid report (complete={case.complete}): {listed}")
    if case.expected_path is not None and not any(_within(p.path, case.expected_path) for p in error.problems):
        listed = "; ".join(str(problem) for problem in error.problems)
        raise PropertyFailure(f"{case.fault}: no problem at {case.expected_path!r}, only: {listed}")


def _within(path: str, expected: str) -> bool:
    """`path` is the field `expected` or a field inside it."""
    if not expected:
        return True
    return path == expected or path.startswith((expected + ".", expected + "["))


def _points_into(data: Any, path: str) -> bool:
    """Every step of `path` but the last exists in `data`; the last exists or is a key missing from an object."""
    tokens: list[str | int] = []
    position = 0
    while position < len(path):
        match = _PATH_TOKEN.match(path, position)
        if match is None or match.end() == position:
            return True  # a key with brackets or dots in it: cannot be checked, not wrong
        tokens.append(int(match[1]) if match[1] is not None else match[2])
        position = match.end()
    current = data
    for index, token in enumerate(tokens):
        last = index == len(tokens) - 1
        if isinstance(current, dict) and isinstance(token, str):
            if token not in current:
                return last
            current = current[token]
        elif isinstance(current, list) and isinstance(token, int):
            if token >= len(current):
                return False
            current = current[token]
        else:
            return False
    return True


def _check_render(report: Report, case: ReportCase, folder: Path) -> Outcome:
    for leftover in folder.iterdir():
        leftover.unlink()
    target = folder / OUTPUT_NAME
    target.write_bytes(PREVIOUS_CONTENT)
    options_valid = case.options is None or not case.options.problems()
    try:
        write_docx(report, target, case.options)
    except RenderError as error:
        message = str(error)
        for problem in validate_report(report):  # the fields it lists are the format's words, not the message's
            message = message.replace(f"{problem.path}: ", "")
        if (why := vietnamese_problem(message)) is not None:
            raise PropertyFailure(f"render error {str(error)!r}: {why}") from None
        if case.complete and options_valid:
            raise PropertyFailure(f"a report accepted as complete could not be rendered: {error}") from None
        if target.read_bytes() != PREVIOUS_CONTENT:
            raise PropertyFailure("a failed render changed the previous file") from None
        _check_only_output(folder)
        return "render-refused"
    if not options_valid:
        raise PropertyFailure(f"rendered with options out of range: {case.options}")
    _check_only_output(folder)
    content = target.read_bytes()
    if content == PREVIOUS_CONTENT:
        raise PropertyFailure("write_docx returned but the previous file is still there")
    try:
        document = read_docx_format(content)
    except PackageRefused as error:
        raise PropertyFailure(f"the rendered file does not open as a Word document: {error}") from None
    paragraphs = list(document.all_paragraphs())
    # Per run: a span starting with a combining mark cannot compose with the letter ending the span before it.
    for run in (run for paragraph in paragraphs for run in paragraph.runs):
        if not unicodedata.is_normalized("NFC", run.text):
            raise PropertyFailure(f"text not in NFC in the .docx: {run.text[:60]!r}")
    texts = [paragraph.text for paragraph in paragraphs]
    expected_notes = _footnote_count(report)
    if len(document.footnotes) != expected_notes:
        raise PropertyFailure(f"{len(document.footnotes)} footnotes in the .docx, {expected_notes} in the report")
    name = " ".join(report.signature.name.split())
    if name and not any(name in text for text in texts):
        raise PropertyFailure(f"the signer's name {name[:40]!r} is not printed")
    return "rendered"


def _check_only_output(folder: Path) -> None:
    names = sorted(path.name for path in folder.iterdir())
    if names != [OUTPUT_NAME]:
        raise PropertyFailure(f"files left beside the output: {names}")


def _footnote_count(report: Report) -> int:
    def in_inline(inline: Inline) -> int:
        return sum(isinstance(part, Footnote) for part in inline)

    count = sum(in_inline(paragraph.inline) for paragraph in (*report.opening, *report.closing))
    for _, section in sections_with_paths(report):
        for block in section.blocks:
            if not isinstance(block, (Section, Table)):
                count += in_inline(block.inline)
    return count
