"""A finding of a check: what is wrong, which rule says so, where it is and what to do.

Shared by the .docx conformance checker (`main.py check`), the writing checks on a draft and the
wizard's Xem lại page. Violations of a quoted rule and warnings on a convention are kept apart
(`severity`), as formatting-rules.md keeps [PRIMARY] rules apart from conventions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from app.core.report_file import Problem

Severity: TypeAlias = Literal["violation", "warning"]


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    """A stable identifier for scripts and tests, e.g. "page.margins" or "writing.double-space"."""
    severity: Severity
    element: str
    """The element of the document, in Vietnamese: "Quốc hiệu", "Nơi nhận", "Đoạn văn", …"""
    reference: str
    """Where the rule comes from, e.g. "formatting-rules.md §1.3; NĐ 30, Phụ lục I, mục II.3"."""
    message: str
    """What is wrong, in Vietnamese."""
    advice: str
    """What to do about it, in Vietnamese."""
    paragraph: int | None = None
    """1-based number of the paragraph in a .docx (body paragraphs and table-cell paragraphs in reading order)."""
    excerpt: str | None = None
    """The first words of that paragraph, so the officer finds it in Word."""
    path: str | None = None
    """The field path in a report (`date`, `sections[0].blocks[2]`), so the wizard can jump to it."""

    def where(self) -> str:
        if self.paragraph is not None:
            words = f" «{self.excerpt}»" if self.excerpt else ""
            return f"đoạn {self.paragraph}{words}"
        return self.path or "toàn văn bản"

    def __str__(self) -> str:
        kind = "Vi phạm" if self.severity == "violation" else "Lưu ý"
        return f"{kind} – {self.element} ({self.where()}): {self.message} {self.advice}"

    def as_problem(self) -> Problem:
        """The finding as a warnings list shows it (`main.py render`): field path, what is wrong, what to do."""
        return Problem(self.path or "", " ".join(part for part in (self.message, self.advice) if part))

    def to_data(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "element": self.element,
            "reference": self.reference,
            "message": self.message,
            "advice": self.advice,
            "paragraph": self.paragraph,
            "excerpt": self.excerpt,
            "path": self.path,
        }
