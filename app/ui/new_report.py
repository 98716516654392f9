"""«Báo cáo mới»: State or Party document, the kind of report and the issuing organisation.

A saved organisation (remembered from earlier drafts) is offered first; «Cơ quan mới…» asks for
the header fields once. The report itself is built by app.core.kinds.new_report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.kinds import KindCatalog, ReportKind, new_report
from app.core.model import SIGNATURE_MODES, Issuer, Profile, Report, Signature
from app.core.templating import TemplateProblem
from app.core.text import clean_input, fold_for_search
from app.ui.common import accept_cancel_buttons
from db.repository import DraftRepository

PROFILE_LABELS: dict[str, str] = {"state": "Văn bản Nhà nước", "party": "Văn bản của Đảng"}
MAX_NAME_LINES = 3
SETTING_PROFILE = "new_report/profile"
SETTING_ORGANISATION = "new_report/organisation"


def _same_name(first: str, second: str) -> bool:
    """Names compared as printed words: a line break and a space are the same here."""
    return first.split() == second.split()


@dataclass(frozen=True, slots=True)
class OrganisationFields:
    """The issuing organisation chosen or typed in the dialog; `is_new` when it is not saved yet."""

    name: str
    parent: str | None
    code: str
    place: str
    profile: str
    is_new: bool
    default_signer: dict[str, Any] | None = None

    def issuer(self) -> Issuer:
        return Issuer(name=self.name, code=self.code, place=self.place, parent=self.parent)

    def signature(self) -> Signature:
        """The organisation's usual signer, or blanks the wizard asks for later."""
        signer = self.default_signer or {}
        mode = signer.get("mode")
        return Signature(
            title=str(signer.get("title") or ""),
            name=str(signer.get("name") or ""),
            on_behalf_of=signer.get("on_behalf_of") or None,
            mode=mode if mode in SIGNATURE_MODES else None,
            head_title=signer.get("head_title") or None,
        )


class NewReportDialog(QDialog):
    """Choose what to write; on accept, `report()` is the new report for the caller to store and open."""

    def __init__(
        self,
        catalog: KindCatalog,
        repository: DraftRepository,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._today = today or dt.date.today()
        self._organisations = list(repository.organisations())
        settings = QSettings()

        self.setWindowTitle(self.tr("Báo cáo mới"))
        self.setObjectName("new-report-dialog")
        self.resize(940, 560)

        # -- State or Party ------------------------------------------------------------------
        self.state_radio = QRadioButton(self.tr("Văn bản &Nhà nước"))
        self.party_radio = QRadioButton(self.tr("Văn bản của Đản&g"))
        self._profile_group = QButtonGroup(self)
        self._profile_group.addButton(self.state_radio)
        self._profile_group.addButton(self.party_radio)
        profile_box = QGroupBox(self.tr("Thể thức"))
        profile_row = QHBoxLayout(profile_box)
        profile_row.addWidget(self.state_radio)
        profile_row.addWidget(self.party_radio)
        profile_row.addStretch(1)

        # -- Kind ----------------------------------------------------------------------------
        kind_box = QGroupBox(self.tr("Loại báo cáo"))
        self.kind_list = QListWidget()
        self.kind_list.setAccessibleName(self.tr("Loại báo cáo"))
        self.kind_description = QLabel()
        self.kind_description.setWordWrap(True)
        self.kind_description.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        self.kind_description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        kind_layout = QVBoxLayout(kind_box)
        kind_layout.addWidget(self.kind_list, 1)
        kind_layout.addWidget(self.kind_description)

        # -- Organisation --------------------------------------------------------------------
        organisation_box = QGroupBox(self.tr("Cơ quan ban hành"))
        self.organisation_combo = QComboBox()
        self.organisation_combo.setAccessibleName(self.tr("Cơ quan ban hành"))
        self.organisation_summary = QLabel()
        self.organisation_summary.setWordWrap(True)
        self.organisation_summary.setTextFormat(Qt.TextFormat.PlainText)
        self.organisation_summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.parent_edit = QLineEdit()
        self.parent_edit.setPlaceholderText(self.tr("Ví dụ: UBND HUYỆN BÌNH SƠN (để trống nếu không có)"))
        self.name_edit = QPlainTextEdit()
        self.name_edit.setTabChangesFocus(True)
        self.name_edit.setPlaceholderText(self.tr("Ví dụ:\nỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY"))
        self.name_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.name_edit.setAccessibleName(self.tr("Tên cơ quan ban hành"))
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(self.tr("Ví dụ: UBND"))
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText(self.tr("Ví dụ: Trà Tây"))
        self.new_fields = QWidget()
        fields = QFormLayout(self.new_fields)
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addRow(self.tr("Cơ quan c&hủ quản:"), self.parent_edit)
        fields.addRow(self.tr("&Tên cơ quan ban hành:"), self.name_edit)
        fields.addRow(self.tr("Chữ &viết tắt:"), self.code_edit)
        fields.addRow(self.tr("Đị&a danh:"), self.place_edit)
        hint = QLabel(self.tr("Chỉ cần điền một lần: lần sau cơ quan này có sẵn trong danh sách."))
        hint.setWordWrap(True)
        fields.addRow(hint)

        organisation_label = QLabel(self.tr("Chọn &cơ quan:"))
        organisation_label.setBuddy(self.organisation_combo)
        organisation_layout = QVBoxLayout(organisation_box)
        organisation_layout.addWidget(organisation_label)
        organisation_layout.addWidget(self.organisation_combo)
        organisation_layout.addWidget(self.organisation_summary)
        organisation_layout.addWidget(self.new_fields)
        organisation_layout.addStretch(1)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()

        buttons, self.create_button, self.cancel_button = accept_cancel_buttons(self, self.tr("Tạo báo cáo"))

        left = QVBoxLayout()
        left.addWidget(profile_box)
        left.addWidget(kind_box, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addWidget(organisation_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        for first, second in (
            (self.state_radio, self.party_radio),
            (self.party_radio, self.kind_list),
            (self.kind_list, self.organisation_combo),
            (self.organisation_combo, self.parent_edit),
            (self.parent_edit, self.name_edit),
            (self.name_edit, self.code_edit),
            (self.code_edit, self.place_edit),
            (self.place_edit, self.create_button),
            (self.create_button, self.cancel_button),
        ):
            self.setTabOrder(first, second)

        remembered = settings.value(SETTING_PROFILE, "")
        if remembered not in PROFILE_LABELS:
            remembered = self._organisations[0].profile if self._organisations else "state"
        (self.party_radio if remembered == "party" else self.state_radio).setChecked(True)
        self._remembered_organisation = str(settings.value(SETTING_ORGANISATION, "") or "")
        self._fill_for_profile()

        self.state_radio.toggled.connect(self._fill_for_profile)
        self.kind_list.currentRowChanged.connect(self._show_kind_description)
        self.organisation_combo.currentIndexChanged.connect(self._show_organisation)
        self.kind_list.setFocus()

    # -- what was chosen ---------------------------------------------------------------------

    def profile(self) -> Profile:
        return "party" if self.party_radio.isChecked() else "state"

    def set_profile(self, profile: str) -> None:
        (self.party_radio if profile == "party" else self.state_radio).setChecked(True)

    def selected_kind(self) -> ReportKind | None:
        item = self.kind_list.currentItem()
        return self._catalog.get(str(item.data(Qt.ItemDataRole.UserRole))) if item is not None else None

    def select_kind(self, key: str) -> bool:
        for row in range(self.kind_list.count()):
            if self.kind_list.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.kind_list.setCurrentRow(row)
                return True
        return False

    def is_new_organisation(self) -> bool:
        return self.organisation_combo.currentData() is None

    def select_organisation(self, name: str | None) -> bool:
        """Choose a saved organisation by name, or «Cơ quan mới…» with None."""
        for index in range(self.organisation_combo.count()):
            data = self.organisation_combo.itemData(index)
            if (data is None and name is None) or (
                data is not None and name is not None and _same_name(self._organisations[data].name, name)
            ):
                self.organisation_combo.setCurrentIndex(index)
                return True
        return False

    def organisation_fields(self) -> OrganisationFields:
        """The organisation as chosen or typed (cleaned: NFC, no characters Word cannot store)."""
        data = self.organisation_combo.currentData()
        if data is not None:
            saved = self._organisations[data]
            return OrganisationFields(
                name=saved.name,
                parent=saved.parent or None,
                code=saved.code,
                place=saved.place,
                profile=saved.profile,
                is_new=False,
                default_signer=dict(saved.default_signer) if saved.default_signer else None,
            )
        lines = [" ".join(_clean(line).split()) for line in self.name_edit.toPlainText().splitlines()]
        parent = " ".join(_clean(self.parent_edit.text()).split())
        return OrganisationFields(
            name="\n".join(line for line in lines if line),
            parent=parent or None,
            code=" ".join(_clean(self.code_edit.text()).split()),
            place=" ".join(_clean(self.place_edit.text()).split()),
            profile=self.profile(),
            is_new=True,
        )

    def problems(self) -> list[tuple[str, QWidget]]:
        """What stops the report being created, in Vietnamese, each with the field to fix."""
        found: list[tuple[str, QWidget]] = []
        if self.selected_kind() is None:
            found.append((self.tr("Hãy chọn loại báo cáo."), self.kind_list))
        if not self.is_new_organisation():
            return found
        fields = self.organisation_fields()
        if not fields.name:
            found.append((self.tr("Hãy nhập tên cơ quan ban hành."), self.name_edit))
        elif fields.name.count("\n") >= MAX_NAME_LINES:
            found.append(
                (self.tr("Tên cơ quan ban hành chỉ nên có tối đa {lines} dòng.").format(lines=MAX_NAME_LINES),
                 self.name_edit)
            )  # fmt: skip
        else:
            wanted = " ".join(fold_for_search(fields.name).split())
            same = next((o for o in self._organisations if " ".join(fold_for_search(o.name).split()) == wanted), None)
            if same is not None:
                found.append(
                    (
                        self.tr("Cơ quan «{name}» đã được lưu; hãy chọn nó trong danh sách «Chọn cơ quan».").format(
                            name=same.name
                        ),
                        self.organisation_combo,
                    )
                )
        if not fields.code:
            found.append((self.tr("Hãy nhập chữ viết tắt tên cơ quan (ví dụ: UBND)."), self.code_edit))
        if not fields.place:
            found.append((self.tr("Hãy nhập địa danh nơi ban hành (ví dụ: Trà Tây)."), self.place_edit))
        return found

    def report(self) -> Report:
        """The new report: the kind's skeleton and texts, this organisation, the signer if known.

        The date is this year only; the day and month are the clerk's when the report is issued.
        Raises ValueError when something is missing (see `problems`) and TemplateProblem if a
        kind's template fails.
        """
        problems = self.problems()
        kind = self.selected_kind()
        if problems or kind is None:
            raise ValueError(" ".join(message for message, _ in problems))
        fields = self.organisation_fields()
        return new_report(
            kind,
            issuer=fields.issuer(),
            signature=fields.signature(),
            date=self._today.year,
            profile=self.profile(),
            today=self._today,
        )

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            self._show_error("\n".join(message for message, _ in problems))
            problems[0][1].setFocus()
            return
        try:
            self.report()
        except (ValueError, TemplateProblem) as error:
            message = error.message if isinstance(error, TemplateProblem) else str(error)
            self._show_error(self.tr("Không tạo được báo cáo từ loại này: {reason}").format(reason=message))
            return
        settings = QSettings()
        settings.setValue(SETTING_PROFILE, self.profile())
        settings.setValue(SETTING_ORGANISATION, self.organisation_fields().name.replace("\n", " "))
        super().accept()

    # -- filling the lists -------------------------------------------------------------------

    def _fill_for_profile(self) -> None:
        profile = self.profile()
        previous = self.selected_kind()
        self.kind_list.clear()
        for kind in self._catalog.for_profile(profile):
            item = QListWidgetItem(kind.name)
            item.setData(Qt.ItemDataRole.UserRole, kind.key)
            item.setToolTip(kind.description)
            self.kind_list.addItem(item)
        if previous is None or not self.select_kind(previous.key):
            self.kind_list.setCurrentRow(0)
        self._show_kind_description()

        had_choice = self.organisation_combo.count() > 0
        was_new = had_choice and self.is_new_organisation()
        if had_choice:
            remembered = "" if was_new else self.organisation_fields().name.replace("\n", " ")
        else:
            remembered = self._remembered_organisation
        self.organisation_combo.blockSignals(True)
        self.organisation_combo.clear()
        for index, organisation in enumerate(self._organisations):
            if organisation.profile != profile:
                continue
            name = " ".join(organisation.name.split())  # the printed line breaks, shown on one line
            shown = name if not organisation.parent else f"{name} ({organisation.parent})"
            self.organisation_combo.addItem(shown, index)
        self.organisation_combo.addItem(self.tr("Cơ quan mới…"), None)
        self.organisation_combo.blockSignals(False)
        if was_new:
            self.select_organisation(None)
        elif not (remembered and self.select_organisation(remembered)):
            self.organisation_combo.setCurrentIndex(0)
        self._show_organisation()

    def _show_kind_description(self) -> None:
        kind = self.selected_kind()
        self.kind_description.setText(kind.description if kind is not None else "")

    def _show_organisation(self) -> None:
        self.error_label.hide()
        new = self.is_new_organisation()
        self.new_fields.setVisible(new)
        self.organisation_summary.setVisible(not new)
        if new:
            return
        fields = self.organisation_fields()
        signer = fields.signature()
        lines = []
        if fields.parent:
            lines.append(self.tr("Cơ quan chủ quản: {parent}").format(parent=fields.parent))
        lines.append(self.tr("Tên cơ quan: {name}").format(name=fields.name.replace("\n", " / ")))
        lines.append(self.tr("Chữ viết tắt: {code}").format(code=fields.code))
        lines.append(self.tr("Địa danh: {place}").format(place=fields.place))
        if signer.name and signer.title:
            lines.append(self.tr("Người ký: {title} {name}").format(title=signer.title.capitalize(), name=signer.name))
        else:
            lines.append(self.tr("Người ký: sẽ hỏi ở bước sau"))
        self.organisation_summary.setText("\n".join(lines))

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()


def _clean(text: str) -> str:
    return clean_input(text)[0]
