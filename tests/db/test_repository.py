"""The drafts library as the wizard and the command line use it, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.core.model import Report
from db.models import Revision
from db.repository import (
    ConflictError,
    DraftRepository,
    Filters,
    NotFoundError,
    RepositoryError,
    thin_snapshots,
)

TRA_TAY = "ubnd-xa-tra-tay-so-ket-2023"
BINH_SON = "ubnd-huyen-binh-son-so-ket-2022"
BAN_DAN_TOC = "ban-dan-toc-tinh-so-ket-2022"


def test_a_created_draft_reads_back_as_the_same_report(library: DraftRepository, examples: dict[str, Report]) -> None:
    draft = library.create(examples[TRA_TAY])
    record = library.get(draft.id)
    assert record.report == examples[TRA_TAY]
    assert record.summary.title.startswith("Sơ kết 03 năm thực hiện Phong trào")
    assert record.summary.year == 2023 and record.summary.status_label == "Nháp"
    assert record.summary.issuer == "ỦY BAN NHÂN DÂN XÃ TRÀ TÂY"


def test_every_explicit_save_is_a_revision_and_the_version_rises(
    library: DraftRepository, examples: dict[str, Report]
) -> None:
    report = examples[TRA_TAY]
    draft = library.create(report)
    report.summary = "Sơ kết 03 năm (bản sửa)"
    saved = library.save(draft.id, report, expected_version=draft.version)
    assert saved.version == draft.version + 1
    revisions = library.revisions(draft.id)
    assert [r.kind for r in revisions] == ["luu", "luu"]
    assert library.revision_report(draft.id, revisions[-1].id).summary != report.summary
    assert library.get(draft.id).report.summary == "Sơ kết 03 năm (bản sửa)"


def test_a_save_from_an_outdated_copy_is_a_conflict_and_keeps_both_versions(
    library: DraftRepository, examples: dict[str, Report]
) -> None:
    first = examples[TRA_TAY]
    draft = library.create(first)
    first.summary = "Bản của máy thứ nhất"
    library.save(draft.id, first, expected_version=draft.version)
    second = library.get(draft.id).report
    second.summary = "Bản của máy thứ hai"
    with pytest.raises(ConflictError) as conflict:
        library.save(draft.id, second, expected_version=draft.version)
    assert "đã được lưu ở nơi khác" in str(conflict.value)
    assert library.get(draft.id).report.summary == "Bản của máy thứ nhất"
    kept = library.revision_report(draft.id, conflict.value.kept_revision_id)
    assert kept.summary == "Bản của máy thứ hai"


def test_autosave_keeps_a_snapshot_at_most_every_few_minutes(
    library: DraftRepository, examples: dict[str, Report]
) -> None:
    report = examples[BINH_SON]
    draft = library.create(report)
    version = draft.version
    for index in range(5):
        report.closing[0].inline[0].text += f" {index}"  # type: ignore[union-attr]
        version = library.save(draft.id, report, expected_version=version, autosave=True).version
    assert library.get(draft.id).report == report
    kinds = [r.kind for r in library.revisions(draft.id)]
    assert kinds.count("tu-dong") == 1 and kinds.count("luu") == 1


def test_snapshots_are_thinned_all_today_hourly_for_a_week_daily_after(
    library: DraftRepository, examples: dict[str, Report]
) -> None:
    draft = library.create(examples[BAN_DAN_TOC])
    now = dt.datetime(2026, 11, 22, 15, 0, tzinfo=dt.UTC)
    moments = [now - dt.timedelta(minutes=10 * i) for i in range(12)]  # today: all kept
    moments += [now - dt.timedelta(days=2, minutes=10 * i) for i in range(12)]  # 2 hours' worth: 2-3 kept
    moments += [now - dt.timedelta(days=20, hours=i) for i in range(5)]  # one day: 1 kept
    with library.database.sessions.begin() as session:
        for moment in moments:
            session.add(Revision(draft_id=draft.id, version=1, kind="tu-dong", content="{}", created_at=moment))
    with library.database.sessions.begin() as session:
        removed = thin_snapshots(session, draft.id, now=now)
        left = session.scalar(select(func.count()).where(Revision.draft_id == draft.id, Revision.kind == "tu-dong"))
    hours_two_days_ago = len({(m.day, m.hour) for m in moments[12:24]})
    assert left == 12 + hours_two_days_ago + 1
    assert removed == len(moments) - left
    assert any(r.kind == "luu" for r in library.revisions(draft.id))


def test_the_library_lists_newest_first_with_filters(library: DraftRepository, examples: dict[str, Report]) -> None:
    ids = {name: library.create(report).id for name, report in examples.items()}
    assert [d.id for d in library.list_drafts()] == sorted(ids.values(), reverse=True)
    assert {d.id for d in library.list_drafts(Filters(year=2022))} == {ids[BINH_SON], ids[BAN_DAN_TOC]}
    assert [d.id for d in library.list_drafts(Filters(issuer="ban dan toc"))] == [ids[BAN_DAN_TOC]]
    assert [d.id for d in library.list_drafts(Filters(issuer="Trà Tây"))] == [ids[TRA_TAY]]
    assert library.count(Filters(status="Nháp")) == 3 and library.count(Filters(status="da ban hanh")) == 0
    with pytest.raises(RepositoryError, match="Trạng thái"):
        library.list_drafts(Filters(status="xong"))


def test_search_ignores_case_and_diacritics_including_d_with_stroke(
    library: DraftRepository, examples: dict[str, Report]
) -> None:
    ids = {name: library.create(report).id for name, report in examples.items()}
    hits = library.search("dang uy")
    assert {hit.draft.id for hit in hits} == set(ids.values())
    for hit in hits:
        words = [hit.snippet.text[start:end].casefold() for start, end in hit.snippet.highlights]
        assert words and set(words) <= {"đảng", "ủy", "uỷ"}, hit.snippet.marked()
    assert any("[Đảng] [ủy]" in hit.snippet.marked() for hit in hits)
    tra_tay = library.search("tra tay")
    assert tra_tay[0].draft.id == ids[TRA_TAY]
    assert library.search("TRÀ TÂY")[0].draft.id == ids[TRA_TAY]
    highlighted = tra_tay[0].snippet.text[slice(*tra_tay[0].snippet.highlights[0])]
    assert highlighted.casefold() == "trà"


def test_phrase_search_ranks_and_highlights(library: DraftRepository, examples: dict[str, Report]) -> None:
    ids = {name: library.create(report).id for name, report in examples.items()}
    hits = library.search('"dan van kheo" binh son')
    assert hits[0].draft.id == ids[BINH_SON]
    marked = hits[0].snippet.marked()
    assert "[" in marked and "]" in marked
    assert library.search("dân vận khéo", Filters(year=2023))[0].draft.id == ids[TRA_TAY]
    assert library.search("") == [] and library.search("xyzzyq") == []


def test_search_finds_recipients_and_signers(library: DraftRepository, examples: dict[str, Report]) -> None:
    ids = {name: library.create(report).id for name, report in examples.items()}
    assert library.search("pham quang su")[0].draft.id == ids[BINH_SON]
    assert [hit.draft.id for hit in library.search('"pham quang su"')] == [ids[BINH_SON]]
    assert ids[BINH_SON] in [hit.draft.id for hit in library.search("so noi vu quang ngai")]


def test_delete_goes_to_the_trash_and_restores(library: DraftRepository, examples: dict[str, Report]) -> None:
    draft = library.create(examples[TRA_TAY])
    library.delete(draft.id)
    assert library.list_drafts() == [] and [d.id for d in library.list_drafts(trash=True)] == [draft.id]
    assert library.search("tra tay") == []
    with pytest.raises(NotFoundError, match="thùng rác"):
        library.get(draft.id)
    assert library.get(draft.id, include_deleted=True).report == examples[TRA_TAY]
    library.restore(draft.id)
    assert [d.id for d in library.list_drafts()] == [draft.id]


def test_status_writes_back_the_assigned_number_and_date(library: DraftRepository, examples: dict[str, Report]) -> None:
    draft = library.create(examples[TRA_TAY])
    issued = library.set_status(draft.id, "Đã ban hành", number=45, issued_on=dt.date(2023, 6, 5))
    assert issued.status_label == "Đã ban hành" and issued.number == 45
    report = library.get(draft.id).report
    assert report.number == 45 and report.date == dt.date(2023, 6, 5)


def test_address_book_and_signers_fill_as_drafts_are_saved(
    library: DraftRepository, examples: dict[str, Report]
) -> None:
    library.create(examples[BINH_SON])
    library.create(examples[TRA_TAY])
    recipients = library.recipients()
    assert "Sở Nội vụ tỉnh Quảng Ngãi" in recipients and "Như trên" not in recipients
    assert library.recipients("noi vu") and all(
        "Nội vụ" in name or "NV" in name for name in library.recipients("noi vu")
    )
    assert {s.name for s in library.signers()} == {"Phạm Quang Sự", "Đinh Văn Hòa"}
    assert {o.name for o in library.organisations()} == {
        "ỦY BAN NHÂN DÂN\nHUYỆN BÌNH SƠN",
        "ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY",
    }


def test_missing_drafts_are_reported_in_vietnamese(library: DraftRepository, examples: dict[str, Report]) -> None:
    with pytest.raises(NotFoundError, match="Không có bản nháp số 999"):
        library.get(999)
    with pytest.raises(NotFoundError):
        library.save(999, examples[TRA_TAY], expected_version=1)


def test_an_unfinished_draft_is_kept_and_reopened_but_not_printed(
    library: DraftRepository, examples: dict[str, Report]
) -> None:
    from app.render.docx import RenderError, render_docx

    report = examples[TRA_TAY]
    report.signature.name = ""  # a new report whose signer the officer has not chosen yet
    report.summary = ""
    draft = library.create(report)
    reopened = library.get(draft.id).report
    assert reopened.signature.name == "" and reopened.summary == ""
    with pytest.raises(RenderError, match="chưa đủ để in") as refused:
        render_docx(reopened)
    assert "signature.name" in str(refused.value) and "summary" in str(refused.value)


def test_words_typed_together_rank_the_drafts_where_they_stand_together_first(
    library: DraftRepository, examples: dict[str, Report]
) -> None:
    ids = {name: library.create(report).id for name, report in examples.items()}
    hits = library.search("tra tay")  # "kiểm tra … tay" elsewhere matches the words apart
    assert hits[0].draft.id == ids[TRA_TAY]
    assert "[Trà] [Tây]" in hits[0].snippet.marked()
    apart = [hit.draft.id for hit in hits[1:]]
    assert ids[TRA_TAY] not in apart  # each draft once
    assert library.search("tra ta")[0].draft.id == ids[TRA_TAY]  # still typing the last word
