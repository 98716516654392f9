"""Warnings about a report that is printable but probably not finished.

Each check returns `Finding`s (rule, severity, field path, message, advice); `report_warnings` gives the same
findings as `Problem`s for the command line's `render`. The writing checks (app/core/writing.py) include these,
so the wizard and `main.py check` show each of them once.
"""

from __future__ import annotations

import datetime as dt
import re

from app.core.findings import Finding
from app.core.model import Report
from app.core.report_file import Problem, sections_with_paths
from app.core.rollforward import needs_review

REFORM_DAY = dt.date(2025, 7, 1)
"""District-level units (huyện, quận, thị xã) ended on this day (Nghị quyết 202, 203/2025/QH15)."""
DISTRICT_LEVEL = re.compile(r"\b(huyện|quận|thị xã)\b", re.IGNORECASE)
"""The words naming a district-level unit, in any case."""

CONTENT_REFERENCE = "formatting-rules.md §4.2 (bố cục báo cáo: mở đầu, nội dung, kết luận)"
PARTY_ARCHIVE_REFERENCE = "formatting-rules.md §2.2 (Nơi nhận, văn bản của Đảng: «- Lưu Văn phòng …»)"
REFORM_REFERENCE = "formatting-rules.md §3.2 (Nghị quyết 202, 203/2025/QH15: chính quyền địa phương hai cấp)"
REVIEW_REFERENCE = "Tạo từ báo cáo cũ: mục chép từ kỳ trước cần được rà soát"


def content_findings(report: Report) -> list[Finding]:
    """A report with no content, sections with nothing written in them, a Party archive line left at «VT»."""
    findings = []
    if not report.sections and not report.opening and not report.closing:
        findings.append(
            Finding(
                "writing.no-content",
                "warning",
                "Nội dung",
                CONTENT_REFERENCE,
                "Báo cáo chưa có nội dung: chưa có mục, đoạn mở đầu hay kết thúc nào.",
                "Hãy viết đoạn mở đầu và thêm các mục nội dung (I., II., …).",
                path="sections",
            )
        )
    elif not report.sections:
        findings.append(
            Finding(
                "writing.no-sections",
                "warning",
                "Nội dung",
                CONTENT_REFERENCE,
                "Báo cáo chưa có mục nội dung nào (I., II., …).",
                "Hãy thêm các mục nội dung ở trang «Xem lại và xuất tệp».",
                path="sections",
            )
        )
    for path, section in sections_with_paths(report):
        if not section.blocks:
            findings.append(
                Finding(
                    "writing.empty-section",
                    "warning",
                    "Mục",
                    CONTENT_REFERENCE,
                    f"Mục «{' '.join(section.title.split())}» chưa có nội dung.",
                    "Hãy viết nội dung cho mục này, hoặc xóa mục nếu không cần.",
                    path=path,
                )
            )
    if report.profile == "party" and report.archive.strip().upper().startswith("VT"):
        findings.append(
            Finding(
                "writing.party-archive",
                "warning",
                "Nơi nhận",
                PARTY_ARCHIVE_REFERENCE,
                "Văn bản của Đảng ghi nơi lưu bằng tên cơ quan, không ghi «VT» (ví dụ «- Lưu Văn phòng Đảng ủy.»).",
                "Hãy sửa ô «Nơi lưu».",
                path="archive",
            )
        )
    return findings


def review_findings(report: Report) -> list[Finding]:
    """The sections copied from last period's report that the officer has not yet confirmed as reviewed."""
    return [
        Finding(
            "writing.review-copied",
            "warning",
            "Mục",
            REVIEW_REFERENCE,
            f"Mục «{' '.join(section.title.split())}» được chép từ báo cáo kỳ trước, cần rà soát lại.",
            "Hãy đọc lại, sửa số liệu và các mốc thời gian, rồi bấm «Đã rà soát».",
            path=path,
        )
        for path, section in sections_with_paths(report)
        if needs_review(section)
    ]


def post_reform_findings(report: Report, today: dt.date | None = None) -> list[Finding]:
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
    findings = []
    for path, text in places:
        shown = " ".join(text.split())
        match = DISTRICT_LEVEL.search(shown)
        if match:
            findings.append(
                Finding(
                    "writing.district-name",
                    "warning",
                    "Tên cơ quan",
                    REFORM_REFERENCE,
                    f"«{shown}» nhắc đến cấp {match.group(1).lower()}, nhưng đơn vị hành chính cấp huyện đã kết thúc "
                    "hoạt động từ ngày 01/7/2025.",
                    "Hãy kiểm tra lại tên cơ quan (sau sắp xếp: tỉnh, thành phố và xã, phường, đặc khu).",
                    path=path,
                )
            )
    return findings


def report_warnings(report: Report) -> list[Problem]:
    """What an officer should look at before printing; none of it stops rendering (the command line's list)."""
    return [finding.as_problem() for finding in (*content_findings(report), *post_reform_findings(report))]
