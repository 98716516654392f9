"""The drafts library's plain records: rows, filters, statuses and errors.

No SQLAlchemy here, so the window can show these before the database layer has even been imported.
db.repository re-exports everything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.core.model import Report
from app.core.rollforward import Replacement
from app.core.text import fold_for_search
from db.search import Snippet

STATUSES = {"nhap": "Nháp", "trinh-ky": "Đã trình ký", "ban-hanh": "Đã ban hành"}
REVISION_KINDS = {
    "luu": "Lưu",
    "tu-dong": "Tự động lưu",
    "xung-dot": "Bản bị từ chối do xung đột",
}


class RepositoryError(Exception):
    """A library operation that cannot be done; the message is Vietnamese and says what to do."""


class NotFoundError(RepositoryError):
    pass


class ConflictError(RepositoryError):
    """The draft was saved elsewhere since this copy was opened; the refused text is kept."""

    def __init__(self, draft_id: int, expected: int, current: int, kept_revision_id: int) -> None:
        self.draft_id = draft_id
        self.expected_version = expected
        self.current_version = current
        self.kept_revision_id = kept_revision_id
        super().__init__(
            f"Bản nháp {draft_id} đã được lưu ở nơi khác (phiên bản {current}, bạn đang sửa phiên bản {expected}). "
            f"Nội dung của bạn không bị mất: đã được giữ thành bản lưu {kept_revision_id} "
            f"(xem: main.py drafts history {draft_id}). Hãy mở lại bản nháp rồi đối chiếu hai phiên bản."
        )


@dataclass(frozen=True, slots=True)
class DraftSummary:
    """A row of the library list."""

    id: int
    title: str
    kind: str
    profile: str
    year: int | None
    period: str | None
    status: str
    issuer: str
    number: int | None
    issued_on: dt.date | None
    version: int
    source_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted_at: dt.datetime | None

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    def to_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "year": self.year,
            "status": self.status_label,
            "status_code": self.status,
            "kind": self.kind,
            "profile": self.profile,
            "period": self.period,
            "issuer": self.issuer,
            "number": self.number,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "version": self.version,
            "source_id": self.source_id,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "deleted_at": self.deleted_at.isoformat() if self.deleted_at else None,
        }


@dataclass(frozen=True, slots=True)
class DraftRecord:
    summary: DraftSummary
    report: Report


@dataclass(frozen=True, slots=True)
class SearchHit:
    draft: DraftSummary
    snippet: Snippet
    rank: float


@dataclass(frozen=True, slots=True)
class RevisionSummary:
    id: int
    version: int
    kind: str
    created_at: dt.datetime

    @property
    def kind_label(self) -> str:
        return REVISION_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True, slots=True)
class CloneResult:
    draft: DraftSummary
    replacements: list[Replacement]


@dataclass(frozen=True, slots=True)
class Filters:
    """Library filters; None means any."""

    year: int | None = None
    kind: str | None = None
    issuer: str | None = None
    status: str | None = None


def status_code(value: str) -> str:
    """A status from its code or its Vietnamese label, typed with or without diacritics."""
    wanted = fold_for_search(value).replace("-", " ").strip()
    for code, label in STATUSES.items():
        if wanted in (fold_for_search(code).replace("-", " "), fold_for_search(label)):
            return code
    choices = ", ".join(f"«{label}»" for label in STATUSES.values())
    raise RepositoryError(f"Trạng thái «{value}» không hợp lệ; chọn một trong {choices}.")


def draft_title(report: Report) -> str:
    """What the library shows: the trích yếu on one line, else the title word."""
    summary = " ".join((report.summary or "").split())
    if summary:
        return summary[:500]
    return " ".join((report.title or report.document_kind.title).split()).capitalize()[:500]
