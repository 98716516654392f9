"""The dialogs of the library: Báo cáo mới, Tạo từ báo cáo cũ, Thùng rác. Never shown modally."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.core.kinds import KIND_KEY, KindCatalog
from app.core.report_file import read_report
from app.core.rollforward import needs_review, roll_forward
from app.ui.clone_dialog import CloneDialog
from app.ui.new_report import NewReportDialog
from app.ui.trash import TrashDialog
from db.repository import DraftRepository
from tests.conftest import EXAMPLE_NAMES, example_path
from tests.ui.conftest import type_text
from tests.ui.test_library import _ENGLISH, visible_texts

TODAY = dt.date(2025, 3, 10)
TRA_TAY = 1


def new_dialog(qtbot: QtBot, catalog: KindCatalog, repository: DraftRepository) -> NewReportDialog:
    dialog = NewReportDialog(catalog, repository, today=TODAY)
    qtbot.addWidget(dialog)
    return dialog


def fill_new_organisation(dialog: NewReportDialog, *, parent: str, name: str, code: str, place: str) -> None:
    assert dialog.select_organisation(None)
    assert dialog.new_fields.isVisibleTo(dialog)
    for widget, text in (
        (dialog.parent_edit, parent),
        (dialog.name_edit, name),
        (dialog.code_edit, code),
        (dialog.place_edit, place),
    ):
        type_text(widget, text)


# -- Báo cáo mới ----------------------------------------------------------------------------


def test_a_state_report_for_a_saved_organisation(
    qtbot: QtBot, catalog: KindCatalog, filled_library: DraftRepository
) -> None:
    dialog = new_dialog(qtbot, catalog, filled_library)
    assert dialog.profile() == "state"
    names = [dialog.organisation_combo.itemText(i) for i in range(dialog.organisation_combo.count())]
    assert names[-1] == "Cơ quan mới…"
    assert "ỦY BAN NHÂN DÂN XÃ TRÀ TÂY" in names
    assert not dialog.new_fields.isVisibleTo(dialog)

    assert dialog.select_organisation("ỦY BAN NHÂN DÂN XÃ TRÀ TÂY")
    assert "Đinh Văn Hòa" in dialog.organisation_summary.text()
    assert dialog.select_kind("bao-cao-6-thang")
    assert dialog.kind_description.text()
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted

    report = dialog.report()
    assert report.profile == "state"
    assert report.issuer.name == "ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY"  # the header's line break is back
    assert (report.issuer.code, report.issuer.place) == ("UBND", "Trà Tây")
    assert (report.signature.title, report.signature.name) == ("CHỦ TỊCH", "Đinh Văn Hòa")
    assert report.date == 2025  # day and month are the clerk's
    assert report.x == {KIND_KEY: "bao-cao-6-thang"}
    assert report.summary and "2025" in report.summary
    assert report.sections
    fields = dialog.organisation_fields()
    assert not fields.is_new and fields.name == "ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY"

    draft = filled_library.create(report)
    assert filled_library.get(draft.id).report.issuer.name == report.issuer.name


def test_a_state_report_for_a_new_organisation_is_offered_next_time(
    qtbot: QtBot, catalog: KindCatalog, library: DraftRepository
) -> None:
    dialog = new_dialog(qtbot, catalog, library)
    assert dialog.is_new_organisation()  # nothing saved yet: the fields are asked at once
    assert dialog.organisation_combo.count() == 1
    fill_new_organisation(
        dialog, parent="UBND HUYỆN TRÀ BỒNG", name="ỦY BAN NHÂN DÂN\nXÃ TRÀ SƠN", code="UBND", place="Trà Sơn"
    )
    assert dialog.select_kind("bao-cao-quy")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted

    fields = dialog.organisation_fields()
    assert fields.is_new
    assert (fields.name, fields.parent, fields.code, fields.place) == (
        "ỦY BAN NHÂN DÂN\nXÃ TRÀ SƠN",
        "UBND HUYỆN TRÀ BỒNG",
        "UBND",
        "Trà Sơn",
    )
    report = dialog.report()
    assert report.issuer.parent == "UBND HUYỆN TRÀ BỒNG"
    assert (report.signature.title, report.signature.name) == ("", "")  # the wizard asks later
    library.create(report)

    again = new_dialog(qtbot, catalog, library)
    assert not again.is_new_organisation()
    assert again.organisation_fields().name == "ỦY BAN NHÂN DÂN\nXÃ TRÀ SƠN"


def test_a_party_report_with_a_new_then_a_saved_organisation(
    qtbot: QtBot, catalog: KindCatalog, filled_library: DraftRepository
) -> None:
    dialog = new_dialog(qtbot, catalog, filled_library)
    dialog.set_profile("party")
    assert dialog.profile() == "party"
    assert dialog.is_new_organisation()  # the saved organisations are all state ones
    assert dialog.kind_list.count() == len(catalog.for_profile("party"))
    fill_new_organisation(
        dialog, parent="ĐẢNG BỘ HUYỆN TRÀ BỒNG", name="ĐẢNG ỦY XÃ TRÀ TÂY", code="ĐU", place="Trà Tây"
    )
    dialog.select_kind("bao-cao-so-ket")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    report = dialog.report()
    assert report.profile == "party"
    assert report.issuer.name == "ĐẢNG ỦY XÃ TRÀ TÂY"
    assert report.summary and report.summary[0].islower()  # a Party trích yếu starts in lower case
    filled_library.create(report)

    second = new_dialog(qtbot, catalog, filled_library)
    assert second.profile() == "party"  # remembered from last time
    assert second.organisation_fields().name == "ĐẢNG ỦY XÃ TRÀ TÂY"
    assert second.organisation_combo.count() == 2  # only the Party organisation, then «Cơ quan mới…»
    second.accept()
    assert second.report().profile == "party"
    assert second.report().issuer.code == "ĐU"

    second.set_profile("state")
    assert second.organisation_combo.count() == 4
    assert second.report().profile == "state"


def test_a_new_organisation_is_checked_in_vietnamese(
    qtbot: QtBot, catalog: KindCatalog, filled_library: DraftRepository
) -> None:
    dialog = new_dialog(qtbot, catalog, filled_library)
    dialog.select_organisation(None)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    message = dialog.error_label.text()
    assert "Hãy nhập tên cơ quan ban hành." in message
    assert "chữ viết tắt" in message and "địa danh" in message
    with pytest.raises(ValueError):
        dialog.report()

    type_text(dialog.name_edit, "Ủy ban nhân dân xã Trà Tây")  # already saved, typed differently
    type_text(dialog.code_edit, "UBND")
    type_text(dialog.place_edit, "Trà Tây")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "đã được lưu" in dialog.error_label.text()


def test_switching_profile_keeps_what_was_typed(
    qtbot: QtBot, catalog: KindCatalog, filled_library: DraftRepository
) -> None:
    dialog = new_dialog(qtbot, catalog, filled_library)
    fill_new_organisation(dialog, parent="", name="CHI BỘ THÔN TÂY", code="CB", place="Trà Tây")
    dialog.select_kind("ke-hoach")
    dialog.set_profile("party")
    assert dialog.is_new_organisation()
    assert dialog.selected_kind() is not None and dialog.selected_kind().key == "ke-hoach"  # type: ignore[union-attr]
    assert dialog.organisation_fields().name == "CHI BỘ THÔN TÂY"


# -- Tạo từ báo cáo cũ -----------------------------------------------------------------------


def test_clone_preview_lists_every_replacement_before_anything_is_created(
    qtbot: QtBot, filled_library: DraftRepository
) -> None:
    dialog = CloneDialog(filled_library, TRA_TAY)
    qtbot.addWidget(dialog)
    assert dialog.year() == 2024
    assert dialog.period() is None
    expected = roll_forward(read_report(example_path(EXAMPLE_NAMES[0])), year=2024).replacements
    assert len(expected) > 0
    assert dialog.preview.rowCount() == len(expected)
    headers = [dialog.preview.horizontalHeaderItem(c).text() for c in range(4)]
    assert headers == ["Vị trí", "Trước", "Sau", "Ngữ cảnh"]
    for row, replacement in enumerate(expected):
        assert dialog.preview.item(row, 1).text() == replacement.before
        assert dialog.preview.item(row, 2).text() == replacement.after
        assert dialog.preview.item(row, 3).text() == replacement.context
        assert not dialog.preview.item(row, 0).text().startswith("sections")  # in words, not a path
    assert f"{len(expected)} chỗ" in dialog.preview_count.text()
    assert filled_library.count() == 3  # a preview creates nothing

    dialog.year_spin.setValue(2026)
    assert {dialog.preview.item(r, 2).text() for r in range(dialog.preview.rowCount())} >= {"năm 2023"}
    dialog.period_combo.setCurrentIndex(dialog.period_combo.findData("6-thang-dau"))
    assert dialog.period() == "6-thang-dau"
    assert "6 tháng đầu năm 2026" in dialog.preview_count.text()

    dialog.year_spin.setValue(2024)
    dialog.period_combo.setCurrentIndex(0)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.created_id == 4
    created = filled_library.get(4)
    assert created.summary.year == 2024
    assert created.summary.source_id == TRA_TAY
    assert created.report.number is None and created.report.date == 2024
    assert all(needs_review(section) for section in created.report.sections)
    assert dialog.result_clone is not None and len(dialog.result_clone.replacements) == len(expected)


def test_clone_without_period_phrases_says_so(qtbot: QtBot, filled_library: DraftRepository) -> None:
    dialog = CloneDialog(filled_library, 3)  # Ban Dân tộc: nothing to replace
    qtbot.addWidget(dialog)
    assert dialog.preview.rowCount() == 0
    assert "không tìm thấy" in dialog.preview_count.text()
    assert dialog.create_button.isEnabled()


# -- Thùng rác ------------------------------------------------------------------------------


def test_the_trash_lists_and_restores(qtbot: QtBot, filled_library: DraftRepository) -> None:
    empty = TrashDialog(filled_library)
    qtbot.addWidget(empty)
    assert empty.table.rowCount() == 0
    assert empty.status.text() == "Thùng rác trống."
    assert not empty.restore_button.isEnabled()

    filled_library.delete(2)
    filled_library.delete(3)
    dialog = TrashDialog(filled_library)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    assert dialog.restore_button.isEnabled()
    dialog.table.selectAll()
    dialog.restore_selected()
    assert sorted(dialog.restored_ids) == [2, 3]
    assert filled_library.count() == 3
    assert filled_library.count(trash=True) == 0
    assert "Đã khôi phục 2 bản nháp." in dialog.status.text()


# -- language -------------------------------------------------------------------------------


def test_every_text_in_the_dialogs_is_vietnamese(
    qtbot: QtBot, catalog: KindCatalog, filled_library: DraftRepository
) -> None:
    filled_library.delete(3)
    dialogs: list[QDialog] = [
        new_dialog(qtbot, catalog, filled_library),
        CloneDialog(filled_library, TRA_TAY),
        TrashDialog(filled_library),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        texts = visible_texts(dialog)
        assert texts
        assert [text for text in texts if _ENGLISH.search(text)] == []
    new_report, clone, trash = dialogs
    assert {new_report.create_button.text(), new_report.cancel_button.text()} == {"Tạo báo cáo", "Hủy"}
    assert clone.create_button.text().replace("&", "") == "Tạo bản nháp"
    assert trash.restore_button.text().replace("&", "") == "Khôi phục"
