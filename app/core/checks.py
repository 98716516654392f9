"""Warnings about a report that is printable but probably not finished."""

from __future__ import annotations

import datetime as dt
import re

from app.core.model import Report
from app.core.report_file import Problem, sections_with_paths
from app.core.rollforward import needs_review


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
    if report.profile == "party" and report.archive.strip().upper().startswith("VT"):
        warnings.append(
            Problem(
                "archive",
                "Văn bản của Đảng ghi nơi lưu bằng tên cơ quan, không ghi «VT» (ví dụ «- Lưu Văn phòng Đảng ủy.»); "
                "hãy sửa mục «Lưu».",
            )
        )
    warnings.extend(post_reform_warnings(report))
    return warnings


def review_warnings(report: Report) -> list[Problem]:
    """The sections copied from last period's report that the officer has not yet confirmed as reviewed."""
    return [
        Problem(path, f"Mục «{' '.join(section.title.split())}» được chép từ báo cáo kỳ trước, cần rà soát lại.")
        for path, section in sections_with_paths(report)
        if needs_review(section)
    ]


REFORM_DAY = dt.date(2025, 7, 1)
"""District-level units (huyện, quận, thị xã) ended on this day (Nghị quyết 202, 203/2025/QH15)."""
_DISTRICT = re.compile(r"\b(huyện|quận|thị xã)\b", re.IGNORECASE)


def post_reform_warnings(report: Report, today: dt.date | None = None) -> list[Problem]:
    """A document dated on or after 1/7/2025 that names a district-level body: probably an old header.

    An undated draft counts as dated today; a bare year counts from the year after 2025.
    """
    date = report.date
    if date is None:
        date = today or dt.date.today()
    elif isinstance(date, int):
        date = dt.date(date, 12, 31) if date > REFORM_DAY.year else None
    if date is None or date < REFORM_DAY:
        return []
    places = [("issuer.parent", report.issuer.parent or ""), ("issuer.name", report.issuer.name)]
    places += [(f"to[{i}]", line) for i, line in enumerate(report.to)]
    places += [(f"recipients[{i}]", line) for i, line in enumerate(report.recipients)]
    warnings = []
    for path, text in places:
        match = _DISTRICT.search(" ".join(text.split()))
        if match:
            warnings.append(
                Problem(
                    path,
                    f"«{' '.join(text.split())}» nhắc đến cấp {match.group(1).lower()}, nhưng đơn vị hành chính cấp "
                    "huyện đã kết thúc hoạt động từ ngày 01/7/2025; hãy kiểm tra lại tên cơ quan.",
                )
            )
    return warnings
