"""A report checked as it prints: rendered to .docx, then read back by the conformance checker.

The checker itself (app.core.conformance) reads any .docx; this module joins it to the renderer for our own
reports, with the writing checks (app.core.writing) and what stops printing, each problem listed once.
Used by `main.py check REPORT.baocao.json` and the wizard's Xem lại page.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from app.core.conformance import check_docx
from app.core.conformance_rules import RULES
from app.core.findings import Finding
from app.core.model import Report
from app.core.report_file import read_report, validate_report
from app.core.writing import said_by_writing, writing_findings
from app.render.docx import render_docx


def check_report(report: Report) -> list[Finding]:
    """A report's problems: what stops printing, else the rendered .docx checked (formatting rules) and the
    writing checks of app.core.writing, each problem listed once (`printed_findings`)."""
    missing = validate_report(report)
    if missing:
        return [_incomplete(problem.path, problem.message) for problem in missing]
    writing = writing_findings(report)
    return [*printed_findings(report, writing), *writing]


def printed_findings(report: Report, writing: Sequence[Finding] | None = None) -> list[Finding]:
    """The format findings of the report's printed .docx, less those a writing finding already says.

    The writing finding stays (it names the field to fix), so `main.py check` and the Xem lại page list each
    problem once. `writing`: the writing findings of the same report, when already computed. The report must
    be complete (validate_report); rendering takes a moment, so the wizard calls this in the background.
    """
    said = list(writing) if writing is not None else writing_findings(report)
    printed = check_docx(render_docx(report), profile=report.profile)
    return [finding for finding in printed if not said_by_writing(finding, said)]


def check_report_file(path: str | os.PathLike[str]) -> list[Finding]:
    """Check a report file; ReportFileError when the file cannot be read as a report at all.

    A draft that is not complete yet (no signer, no trích yếu) is still read: what is missing is
    reported as findings, like everything else.
    """
    return check_report(read_report(path, complete=False))


def _incomplete(path: str, message: str) -> Finding:
    rule = RULES["report.incomplete"]
    source = rule.state
    assert source is not None
    return Finding(
        rule=rule.id,
        severity="violation",
        element=rule.element,
        reference=source.reference,
        message=message,
        advice="Hãy điền phần còn thiếu trong trình soạn (hoặc trong tệp báo cáo) rồi kiểm tra lại.",
        path=path,
    )
