"""Warnings about a report that is printable but probably not finished."""

from __future__ import annotations

from app.core.model import Report
from app.core.report_file import Problem, sections_with_paths


def report_warnings(report: Report) -> list[Problem]:
    """What an officer should look at before printing; none of it stops rendering."""
    warnings = []
    if not report.sections and not report.opening and not report.closing:
        warnings.append(Problem("sections", "Báo cáo chưa có nội dung: chưa có mục, đoạn mở đầu hay kết thúc nào."))
    elif not report.sections:
        warnings.append(Problem("sections", "Báo cáo chưa có mục nội dung nào (I., II., …)."))
    for path, section in sections_with_paths(report):
        if not section.blocks:
            warnings.append(Problem(path, f"Mục «{section.title}» chưa có nội dung."))
    return warnings
