"""The drafts library: what the UI and the command line call. Nothing here is ever lost silently.

Every explicit save is a revision; autosaves update the draft and leave a snapshot at most every
five minutes, thinned over time; a save based on an outdated version is refused as a conflict with
the refused text kept; deleting moves to the trash.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from sqlalchemy import Select, column, delete, func, literal_column, select, table, text, update
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, undefer
from sqlalchemy.sql.expression import ColumnClause, ColumnElement

from app.core.model import Report, Signature
from app.core.recipients import is_as_above
from app.core.report_file import parse_report, report_to_data
from app.core.rollforward import detect_period, roll_forward
from app.core.text import fold_for_search
from db.engine import Database
from db.models import Draft, Organisation, Recipient, Revision, Signer, utc_now
from db.records import (
    REVISION_KINDS,
    STATUSES,
    CloneResult,
    ConflictError,
    DraftRecord,
    DraftSummary,
    Filters,
    NotFoundError,
    RepositoryError,
    RevisionSummary,
    SearchHit,
    draft_title,
    status_code,
)
from db.search import SearchQuery, make_snippet, parse_query, search_columns, snippet_texts

SNAPSHOT_INTERVAL = dt.timedelta(minutes=5)
"""Autosaves come every few seconds while typing; a snapshot is kept at most this often."""
PAGE_SIZE = 50
_FTS = table("drafts_fts", column("rowid"))
"""The SQLite full-text index (created by the first migration), for joins."""
_POSTGRESQL_WEIGHTS: ColumnClause[Any] = literal_column("'{0.1, 0.3, 0.5, 1.0}'::real[]")
"""ts_rank_cd's weights of body, people, summary and title (D, C, B, A): as bm25's 1, 3, 5, 10 on SQLite."""


class DraftRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    # -- writing -------------------------------------------------------------------------------

    def create(self, report: Report, *, source_id: int | None = None, status: str = "nhap") -> DraftSummary:
        data, content = _stored(report)
        with self.database.sessions.begin() as session:
            draft = Draft(
                status=status,
                version=1,
                source_id=source_id,
                organisation_id=self._remember_organisation(session, report),
                **self._columns(report, data, content),
            )
            session.add(draft)
            session.flush()
            session.add(Revision(draft_id=draft.id, version=1, kind="luu", content=content))
            self._remember_people(session, report)
            return _summary(draft)

    def save(self, draft_id: int, report: Report, *, expected_version: int, autosave: bool = False) -> DraftSummary:
        """Store a new state of a draft; refused (and kept) if someone saved since `expected_version`."""
        data, content = _stored(report)
        with self.database.sessions.begin() as session:
            result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
                update(Draft)
                .where(Draft.id == draft_id, Draft.version == expected_version)
                .values(version=Draft.version + 1, updated_at=utc_now(), **self._columns(report, data, content))
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 0:
                current = session.scalar(select(Draft.version).where(Draft.id == draft_id))
                if current is None:
                    raise NotFoundError(f"Không có bản nháp số {draft_id}.")
                kept = Revision(draft_id=draft_id, version=expected_version, kind="xung-dot", content=content)
                session.add(kept)
                session.flush()
                conflict = ConflictError(draft_id, expected_version, current, kept.id)
                session.commit()
                raise conflict
            version = expected_version + 1
            if not autosave:
                session.add(Revision(draft_id=draft_id, version=version, kind="luu", content=content))
                self._remember_people(session, report)
                self._complete_organisation(session, report)
            elif self._snapshot_due(session, draft_id):
                session.add(Revision(draft_id=draft_id, version=version, kind="tu-dong", content=content))
                thin_snapshots(session, draft_id)
            return _summary(self._draft(session, draft_id))

    def set_status(
        self, draft_id: int, status: str, *, number: int | None = None, issued_on: dt.date | None = None
    ) -> DraftSummary:
        """Change the status; the number and date the clerk assigned are written into the report too."""
        code = status_code(status)
        record = self.get(draft_id)
        report = record.report
        if number is not None:
            report.number = number
        if issued_on is not None:
            report.date = issued_on
        self.save(draft_id, report, expected_version=record.summary.version)
        with self.database.sessions.begin() as session:
            draft = self._draft(session, draft_id)
            draft.status = code
            return _summary(draft)

    def delete(self, draft_id: int) -> DraftSummary:
        """Move to the trash (restorable); nothing is removed."""
        with self.database.sessions.begin() as session:
            draft = self._draft(session, draft_id)
            if draft.deleted_at is None:
                draft.deleted_at = utc_now()
            return _summary(draft)

    def restore(self, draft_id: int) -> DraftSummary:
        with self.database.sessions.begin() as session:
            draft = self._draft(session, draft_id, include_deleted=True)
            if draft.deleted_at is None:
                raise RepositoryError(f"Bản nháp {draft_id} không nằm trong thùng rác.")
            draft.deleted_at = None
            return _summary(draft)

    def clone(self, draft_id: int, *, year: int, period: str | None = None) -> CloneResult:
        """Next year's (or period's) draft from an old one, with every replacement listed."""
        source = self.get(draft_id, include_deleted=True)
        rolled = roll_forward(source.report, year=year, period=period)
        return CloneResult(self.create(rolled.report, source_id=draft_id), rolled.replacements)

    # -- reading -------------------------------------------------------------------------------

    def get(self, draft_id: int, *, include_deleted: bool = False) -> DraftRecord:
        with self.database.sessions() as session:
            draft = self._draft(session, draft_id, include_deleted=include_deleted, content=True)
            return DraftRecord(_summary(draft), parse_report(draft.content, f"bản nháp {draft_id}", complete=False))

    def list_drafts(
        self, filters: Filters | None = None, *, trash: bool = False, limit: int = PAGE_SIZE, offset: int = 0
    ) -> list[DraftSummary]:
        """The library, newest change first; or the trash."""
        statement = self._filtered(select(Draft), filters, trash=trash)
        statement = statement.order_by(Draft.updated_at.desc(), Draft.id.desc()).limit(limit).offset(offset)
        with self.database.sessions() as session:
            return [_summary(draft) for draft in session.scalars(statement)]

    def years(self) -> list[int]:
        """The reporting years present in the library, newest first (for the year filter)."""
        statement = select(Draft.year).where(Draft.deleted_at.is_(None), Draft.year.is_not(None)).distinct()
        with self.database.sessions() as session:
            return sorted((year for year in session.scalars(statement) if year is not None), reverse=True)

    def count(self, filters: Filters | None = None, *, trash: bool = False) -> int:
        statement = self._filtered(select(func.count(Draft.id)), filters, trash=trash)
        with self.database.sessions() as session:
            return session.scalar(statement) or 0

    def search(self, query: str, filters: Filters | None = None, *, limit: int = 20) -> list[SearchHit]:
        """Best matches first, each with a highlighted snippet of the original text."""
        parsed = parse_query(query)
        if parsed.is_empty:
            return []
        with self.database.sessions() as session:
            # Several words typed: drafts where they stand together come first, then the others.
            ranked: list[tuple[int, float]] = []
            for attempt in (parsed.side_by_side(), parsed):
                if attempt is None or len(ranked) >= limit:
                    continue
                seen = {draft_id for draft_id, _ in ranked}
                found = self._ranked_ids(session, attempt, filters, limit)
                ranked += [(draft_id, rank) for draft_id, rank in found if draft_id not in seen][: limit - len(ranked)]
            if not ranked:
                return []
            columns = (Draft.content, Draft.search_summary, Draft.search_body)
            drafts = {
                draft.id: draft
                for draft in session.scalars(
                    select(Draft)
                    .where(Draft.id.in_([i for i, _ in ranked]))
                    .options(*(undefer(column) for column in columns))
                )
            }
            hits = []
            for draft_id, rank in ranked:
                draft = drafts[draft_id]
                summary, body, people = snippet_texts(draft.content)
                texts = [(summary, draft.search_summary), (body, draft.search_body), (people, None)]
                hits.append(SearchHit(_summary(draft), make_snippet(texts, parsed), rank))
            return hits

    def revisions(self, draft_id: int) -> list[RevisionSummary]:
        with self.database.sessions() as session:
            self._draft(session, draft_id, include_deleted=True)
            rows = session.execute(
                select(Revision.id, Revision.version, Revision.kind, Revision.created_at)
                .where(Revision.draft_id == draft_id)
                .order_by(Revision.id.desc())
            )
            return [RevisionSummary(row.id, row.version, row.kind, _aware(row.created_at)) for row in rows]

    def revision_report(self, draft_id: int, revision_id: int) -> Report:
        with self.database.sessions() as session:
            content = session.scalar(
                select(Revision.content).where(Revision.id == revision_id, Revision.draft_id == draft_id)
            )
        if content is None:
            raise NotFoundError(f"Bản nháp {draft_id} không có bản lưu số {revision_id}.")
        return parse_report(content, f"bản lưu {revision_id}", complete=False)

    def recipients(self, prefix: str = "", limit: int = 50) -> list[str]:
        """The address book, most used first; `prefix` filters insensitive to diacritics."""
        with self.database.sessions() as session:
            names = session.scalars(
                select(Recipient.name).order_by(Recipient.use_count.desc(), Recipient.last_used_at.desc())
            )
            wanted = fold_for_search(prefix)
            return [name for name in names if wanted in fold_for_search(name)][:limit]

    def signers(self, limit: int = 50) -> list[Signature]:
        with self.database.sessions() as session:
            rows = session.scalars(
                select(Signer).order_by(Signer.use_count.desc(), Signer.last_used_at.desc()).limit(limit)
            )
            return [
                Signature(
                    title=row.title,
                    name=row.name,
                    on_behalf_of=row.on_behalf_of,
                    mode=row.mode,  # type: ignore[arg-type]
                    head_title=row.head_title,
                )
                for row in rows
            ]

    def organisations(self) -> list[Organisation]:
        with self.database.sessions() as session:
            return list(session.scalars(select(Organisation).order_by(Organisation.name)))

    # -- helpers -------------------------------------------------------------------------------

    def _draft(self, session: Session, draft_id: int, *, include_deleted: bool = False, content: bool = False) -> Draft:
        statement = select(Draft).where(Draft.id == draft_id)
        if content:
            statement = statement.options(undefer(Draft.content))
        draft = session.scalar(statement)
        if draft is None or (draft.deleted_at is not None and not include_deleted):
            where = " (đang trong thùng rác)" if draft is not None else ""
            raise NotFoundError(f"Không có bản nháp số {draft_id}{where}.")
        return draft

    def _columns(self, report: Report, data: dict[str, Any], content: str) -> dict[str, Any]:
        title = draft_title(report)
        period = detect_period(report)
        return {
            "title": title,
            "kind": report.kind,
            "profile": report.profile,
            "year": period.year if period is not None else report.year,
            "period": period.phrase() if period is not None else None,
            "issuer_name": " ".join(report.issuer.name.split()),
            "issuer_key": " ".join(fold_for_search(report.issuer.name).split()),
            "number": report.number,
            "issued_on": report.date if isinstance(report.date, dt.date) else None,
            "content": content,
            **search_columns(report, title, data),
        }

    def _filtered(self, statement: Select[Any], filters: Filters | None, *, trash: bool) -> Select[Any]:
        statement = statement.where(Draft.deleted_at.is_not(None) if trash else Draft.deleted_at.is_(None))
        if filters is None:
            return statement
        if filters.year is not None:
            statement = statement.where(Draft.year == filters.year)
        if filters.kind:
            statement = statement.where(Draft.kind == filters.kind)
        if filters.status:
            statement = statement.where(Draft.status == status_code(filters.status))
        if filters.issuer:
            statement = statement.where(Draft.issuer_key.contains(" ".join(fold_for_search(filters.issuer).split())))
        return statement

    def _ranked_ids(
        self, session: Session, query: SearchQuery, filters: Filters | None, limit: int
    ) -> list[tuple[int, float]]:
        rank: ColumnElement[Any]
        if self.database.is_sqlite:
            rank = literal_column("bm25(drafts_fts, 10.0, 5.0, 1.0, 3.0)")
            statement = (
                select(Draft.id, rank)
                .join(_FTS, _FTS.c.rowid == Draft.id)
                .where(text("drafts_fts MATCH :query"))
                .order_by(rank)
            )
            parameters = {"query": query.fts5()}
        else:
            # The generated column of the first migration; not mapped, so the ORM never writes it.
            vector = literal_column("drafts.search_vector", TSVECTOR)
            tsquery = func.to_tsquery("simple", query.tsquery())
            rank = func.ts_rank_cd(_POSTGRESQL_WEIGHTS, vector, tsquery)
            statement = (
                select(Draft.id, rank)
                .where(vector.bool_op("@@")(tsquery))
                .order_by(rank.desc(), Draft.updated_at.desc(), Draft.id.desc())
            )
            parameters = {}
        statement = self._filtered(statement, filters, trash=False).limit(limit)
        return [(row[0], float(row[1])) for row in session.execute(statement, parameters)]

    def _snapshot_due(self, session: Session, draft_id: int) -> bool:
        last = session.scalar(
            select(func.max(Revision.created_at)).where(Revision.draft_id == draft_id, Revision.kind == "tu-dong")
        )
        return last is None or utc_now() - _aware(last) >= SNAPSHOT_INTERVAL

    def _remember_people(self, session: Session, report: Report) -> None:
        """Fill the address book and the signers list from a saved draft."""
        now = utc_now()
        names = {" ".join(name.split()).rstrip(";.") for name in (*report.to, *report.recipients)}
        for name in sorted(n for n in names if n and not is_as_above(n)):
            _upsert(session, select(Recipient).where(Recipient.name == name), Recipient(name=name), now)
        signature = report.signature
        if signature.name.strip() and signature.title.strip():
            signer = Signer(
                name=signature.name.strip(),
                title=signature.title.strip(),
                on_behalf_of=signature.on_behalf_of,
                mode=signature.mode,
                head_title=signature.head_title,
            )
            _upsert(
                session, select(Signer).where(Signer.name == signer.name, Signer.title == signer.title), signer, now
            )

    def _complete_organisation(self, session: Session, report: Report) -> None:
        """An organisation created before its signer was known learns it from the first save naming one."""
        organisation = session.scalar(
            select(Organisation).where(Organisation.name == _issuer_lines(report.issuer.name))
        )
        if organisation is None:
            return
        if report.signature.name.strip() and not (organisation.default_signer or {}).get("name"):
            organisation.default_signer = dataclasses.asdict(report.signature)
        if report.recipients and not organisation.default_recipients:
            organisation.default_recipients = list(report.recipients)

    def _remember_organisation(self, session: Session, report: Report) -> int | None:
        """The issuer's organisation profile, created from the first draft that names it."""
        name = _issuer_lines(report.issuer.name)
        if not name:
            return None
        existing = session.scalar(select(Organisation.id).where(Organisation.name == name))
        if existing is not None:
            return existing
        organisation = Organisation(
            name=name,
            parent=report.issuer.parent,
            code=report.issuer.code,
            place=report.issuer.place,
            profile=report.profile,
            default_signer=dataclasses.asdict(report.signature),
            default_recipients=list(report.recipients),
        )
        session.add(organisation)
        session.flush()
        return organisation.id


def _issuer_lines(name: str) -> str:
    """An issuer's name as printed, line by line (`ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY`), spaces tidied."""
    return "\n".join(" ".join(line.split()) for line in name.split("\n") if line.strip())


def _stored(report: Report) -> tuple[dict[str, Any], str]:
    """The report's file data and its stored text: compact JSON (exported files are indented)."""
    data = report_to_data(report)
    return data, json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def thin_snapshots(session: Session, draft_id: int, now: dt.datetime | None = None) -> int:
    """Keep autosave snapshots: all from today, the last of each hour for a week, of each day after.

    Explicit saves and kept conflicts are never thinned. Returns how many snapshots were removed.
    """
    now = now or utc_now()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    week_ago = today - dt.timedelta(days=7)
    rows = session.execute(
        select(Revision.id, Revision.created_at)
        .where(Revision.draft_id == draft_id, Revision.kind == "tu-dong", Revision.created_at < today)
        .order_by(Revision.created_at.desc())
    ).all()
    kept_slots: set[tuple[int, ...]] = set()
    doomed = []
    for revision_id, created in rows:
        created = _aware(created)
        slot = created.timetuple()[:4] if created >= week_ago else created.timetuple()[:3]
        if slot in kept_slots:
            doomed.append(revision_id)
        else:
            kept_slots.add(slot)
    if doomed:
        session.execute(delete(Revision).where(Revision.id.in_(doomed)))
    return len(doomed)


def _upsert(session: Session, existing: Select[Any], new: Recipient | Signer, now: dt.datetime) -> None:
    row = session.scalar(existing)
    if row is None:
        try:
            with session.begin_nested():
                new.use_count, new.last_used_at = 1, now
                session.add(new)
            return
        except IntegrityError:  # another process added it meanwhile
            row = session.scalar(existing)
            if row is None:
                raise
    row.use_count += 1
    row.last_used_at = now


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _summary(draft: Draft) -> DraftSummary:
    return DraftSummary(
        id=draft.id,
        title=draft.title,
        kind=draft.kind,
        profile=draft.profile,
        year=draft.year,
        period=draft.period,
        status=draft.status,
        issuer=draft.issuer_name,
        number=draft.number,
        issued_on=draft.issued_on,
        version=draft.version,
        source_id=draft.source_id,
        created_at=_aware(draft.created_at),
        updated_at=_aware(draft.updated_at),
        deleted_at=_aware(draft.deleted_at) if draft.deleted_at else None,
    )


__all__ = [
    "REVISION_KINDS",
    "STATUSES",
    "CloneResult",
    "ConflictError",
    "DraftRecord",
    "DraftRepository",
    "DraftSummary",
    "Filters",
    "NotFoundError",
    "RepositoryError",
    "RevisionSummary",
    "SearchHit",
    "draft_title",
    "status_code",
    "thin_snapshots",
]
