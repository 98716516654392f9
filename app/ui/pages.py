"""The wizard's pages. Every page edits the one report in place on each change and emits `changed`.

Which page owns which part of the report is said once, by field-path prefixes (`PageSpec`), so the
side list's marks (complete ✓ / to look at !) come from the model alone, for pages not built yet
too, and a problem found by `core` (validate_report, report_warnings) leads to the page that fixes it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from PySide6.QtCore import QDate, QLocale, QStringListModel, Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.checks import report_warnings, review_warnings
from app.core.kinds import KindCatalog, ReportKind, fill_defaults, find_kind_section
from app.core.model import (
    DOCUMENT_KINDS,
    SIGNATURE_MODES,
    Paragraph,
    Report,
    Section,
    Signature,
    walk_sections,
)
from app.core.numbering import first_footnote_number, numbered_children
from app.core.recipients import addressees, archive_line, is_as_above
from app.core.report_file import MAX_YEAR, MIN_YEAR, Problem, validate_report
from app.core.rollforward import confirm_review, needs_review
from app.core.signature import signature_lines
from app.core.templating import TemplateProblem
from app.core.text import clean_input
from app.core.vietnamese import date_line, document_number
from app.render.docx import PROFILE_LAYOUTS
from app.ui.block_editor import BlockEditor
from app.ui.common import confirm
from app.ui.outline import OutlineEditor, RemovedSections, contains, locate, section_labels
from db.repository import DraftRepository

GENERAL = "thong-tin-chung"
OPENING = "mo-dau"
CLOSING = "ket-thuc"
RECIPIENTS = "noi-nhan"
SIGNATURE = "chu-ky"
REVIEW = "xem-lai"
SECTION_PREFIX = "muc-"

MARK_COMPLETE = "✓"
MARK_WARNING = "!"
MARK_TODO = "○"

VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)

GENERIC_GUIDANCE = (
    "Viết nội dung của mục này: mỗi ý một đoạn, câu ngắn, có số liệu cụ thể. Số liệu nhiều thì chèn bảng; "
    "dẫn văn bản (số, ngày, trích yếu) thì đưa vào chú thích cuối trang."
)
PROFILE_NAMES = {
    "state": "Văn bản hành chính (Nghị định 30/2020/NĐ-CP)",
    "party": "Văn bản của Đảng (Hướng dẫn 36-HD/VPTW)",
}
MODE_NAMES = {
    None: "Người đứng đầu ký trực tiếp",
    "KT": "{prefix} – Ký thay người đứng đầu (cấp phó ký)",
    "Q": "{prefix} – Quyền người đứng đầu",
    "TL": "{prefix} – Thừa lệnh người đứng đầu",
    "TUQ": "{prefix} – Thừa ủy quyền người đứng đầu",
}


# ---------------------------------------------------------------------------------------------
# Which page owns what: specs, problems, marks (no widgets needed)


@dataclass(frozen=True, eq=False)
class PageSpec:
    """A page of the wizard: its name (for `open_page`), side-list title and the report fields it edits."""

    name: str
    title: str
    prefixes: tuple[str, ...]
    section: Section | None = None


def page_specs(report: Report) -> list[PageSpec]:
    """The pages for a report, in order: one per top-level section between the opening and the closing."""
    specs = [
        PageSpec(GENERAL, "Thông tin chung", ("issuer", "number", "date", "summary", "to", "title", "kind", "profile")),
        PageSpec(OPENING, "Mở đầu và căn cứ", ("basis", "opening")),
    ]
    for index, numbered in enumerate(numbered_children(report.sections)):
        title = " ".join(numbered.section.title.split()) or "(chưa có tiêu đề)"
        if len(title) > 48:
            title = title[:47].rstrip() + "…"
        shown = f"{numbered.label} {title}" if numbered.label else title
        specs.append(PageSpec(f"{SECTION_PREFIX}{index + 1}", shown, (f"sections[{index}]",), numbered.section))
    specs += [
        PageSpec(CLOSING, "Kết thúc", ("closing",)),
        PageSpec(RECIPIENTS, "Nơi nhận", ("recipients", "archive", "drafter")),
        PageSpec(SIGNATURE, "Chữ ký", ("signature",)),
        PageSpec(REVIEW, "Xem lại và xuất tệp", ("",)),
    ]
    return specs


@dataclass
class ReportCheck:
    """Everything `core` says about a report: errors stop a correct document, warnings deserve a look."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [*self.errors, *self.warnings]


def check_report(report: Report) -> ReportCheck:
    return ReportCheck(validate_report(report), [*report_warnings(report), *review_warnings(report)])


def path_matches(path: str, prefix: str) -> bool:
    """`sections[1].blocks[0]` is under `sections[1]`, not under `sections[10]`."""
    if not prefix:
        return True
    return path == prefix or path.startswith((prefix + ".", prefix + "["))


def spec_problems(spec: PageSpec, check: ReportCheck) -> list[Problem]:
    return [problem for problem in check.problems if any(path_matches(problem.path, p) for p in spec.prefixes)]


def _has_text(paragraphs: Iterable[Paragraph]) -> bool:
    return any(paragraph.plain_text.strip() for paragraph in paragraphs)


def spec_complete(spec: PageSpec, report: Report, check: ReportCheck) -> bool:
    """Whether a page has what it needs (its own errors aside): written text, chosen lines."""
    if any(any(path_matches(problem.path, p) for p in spec.prefixes) for problem in check.errors):
        return False
    if spec.name == OPENING:
        return _has_text(report.opening)
    if spec.name == CLOSING:
        return _has_text(report.closing)
    if spec.name == RECIPIENTS:
        return bool([line for line in (*report.recipients, *report.to) if line.strip()])
    if spec.section is not None:
        return all(section.blocks for _, section in walk_sections([spec.section]))
    return True


def page_mark(spec: PageSpec, report: Report, check: ReportCheck) -> str:
    """`!` when something should be looked at, `✓` when complete, `○` when still to do."""
    if spec_problems(spec, check):
        return MARK_WARNING
    return MARK_COMPLETE if spec_complete(spec, report, check) else MARK_TODO


def spec_for_path(specs: list[PageSpec], path: str) -> PageSpec:
    """The page where a problem at `path` is fixed (the review page when no other page owns it)."""
    for spec in specs:
        if spec.name != REVIEW and any(path_matches(path, prefix) for prefix in spec.prefixes):
            return spec
    return specs[-1]


_STEP = re.compile(r"(?:^sections|\.blocks)\[(\d+)\]")


def section_at_path(report: Report, path: str) -> Section | None:
    """The deepest section a field path points into (`sections[1].blocks[3].title` → that sub-section)."""
    if not path.startswith("sections["):
        return None
    found: Section | None = None
    container: list[object] = list(report.sections)
    for match in _STEP.finditer(path):
        index = int(match.group(1))
        if index >= len(container) or not isinstance(container[index], Section):
            break
        found = container[index]  # type: ignore[assignment]
        container = list(found.blocks)  # type: ignore[union-attr]
    return found


def marker_texts(report: Report) -> dict[int, str]:
    """`id(section)` → what a sub-section marker shows in the editor: `1. Thuận lợi`."""
    labels = section_labels(report)
    return {
        id(section): f"{labels.get(id(section), '')} {' '.join(section.title.split())}".strip()
        for _, section in walk_sections(report.sections)
    }


# ---------------------------------------------------------------------------------------------
# Shared pieces


@dataclass
class WizardContext:
    """What every page needs: the one report, the library, the report kinds."""

    report: Report
    repository: DraftRepository
    catalog: KindCatalog
    kind: ReportKind | None
    removed: RemovedSections = field(default_factory=RemovedSections)

    def kinds(self) -> list[ReportKind]:
        """The report's own kind first, then every other kind (for guidance by role)."""
        others = [kind for kind in self.catalog.kinds if kind is not self.kind]
        return [self.kind, *others] if self.kind is not None else others


def _text_box(lines: int, placeholder: str = "") -> QPlainTextEdit:
    """A small multi-line field where Tab moves on (a form field, not a document)."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    height = box.fontMetrics().lineSpacing() * lines + 14
    box.setFixedHeight(height)
    return box


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #505050;")
    return label


class LinesEditor(QWidget):
    """A list of lines (Kính gửi, căn cứ, Nơi nhận) typed one per line, with address-book completion."""

    changed = Signal()
    notice = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        placeholder: str = "",
        suggest: Callable[[str], list[str]] | None = None,
        lines: int = 4,
    ) -> None:
        super().__init__(parent)
        self._loading = False
        self.text = _text_box(lines, placeholder)
        self.text.textChanged.connect(self._text_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        self.entry: QLineEdit | None = None
        self._suggest = suggest
        if suggest is not None:
            self.entry = QLineEdit(self)
            self.entry.setPlaceholderText("Gõ vài chữ (có dấu hay không dấu) để tìm trong danh bạ, rồi Enter…")
            self._model = QStringListModel(self)
            completer = QCompleter(self._model, self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            self.entry.setCompleter(completer)
            self.entry.textEdited.connect(self._update_suggestions)
            self.entry.returnPressed.connect(self._add_entry)
            add = QPushButton("Thêm vào danh sách", self)
            add.clicked.connect(self._add_entry)
            row = QHBoxLayout()
            row.addWidget(self.entry, 1)
            row.addWidget(add)
            layout.addLayout(row)

    def set_lines(self, lines: Iterable[str]) -> None:
        self._loading = True
        try:
            self.text.setPlainText("\n".join(lines))
        finally:
            self._loading = False

    def lines(self) -> list[str]:
        cleaned, note = clean_input(self.text.toPlainText())
        if note:
            self.notice.emit(note)
        return [" ".join(line.split()) for line in cleaned.split("\n") if line.strip()]

    def add_line(self, line: str) -> None:
        """Append a line through the text cursor, so Ctrl+Z takes it back."""
        line = " ".join(line.split())
        if not line:
            return
        cursor = self.text.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        existing = self.text.toPlainText()
        cursor.insertText(("\n" if existing and not existing.endswith("\n") else "") + line)
        self.text.setTextCursor(cursor)

    def suggestions(self) -> list[str]:
        return self._model.stringList() if self._suggest is not None else []

    def _update_suggestions(self, text: str) -> None:
        if self._suggest is None:
            return
        present = {line.casefold() for line in self.lines()}
        self._model.setStringList([name for name in self._suggest(text.strip()) if name.casefold() not in present])

    def _add_entry(self) -> None:
        if self.entry is None:
            return
        self.add_line(clean_input(self.entry.text())[0])
        self.entry.clear()

    def _text_changed(self) -> None:
        if not self._loading:
            self.changed.emit()


class WizardPage(QWidget):
    """A page of the wizard. Subclasses write every change into `self.report` and call `self.edited()`."""

    changed = Signal()
    notice = Signal(str)
    jumpRequested = Signal(str)
    """A field path the officer wants to fix (`signature.name`, `sections[1].blocks[0]`)."""
    sectionRequested = Signal(object)
    """A section the officer wants to edit."""

    heading = ""
    explanation = ""

    def __init__(self, spec: PageSpec, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.context = context
        self._loading = False
        self.body = QVBoxLayout(self)
        title = QLabel(f"<h2>{self.heading or spec.title}</h2>")
        title.setTextFormat(Qt.TextFormat.RichText)
        self.body.addWidget(title)
        if self.explanation:
            self.body.addWidget(_hint(self.explanation))

    @property
    def report(self) -> Report:
        return self.context.report

    # -- the page protocol ---------------------------------------------------------------------

    def load(self, report: Report) -> None:
        """Show the report's values in the widgets (no change is reported while loading)."""
        self._loading = True
        try:
            self._load(report)
        finally:
            self._loading = False

    def _load(self, report: Report) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        """Bring what depends on other pages up to date (called when the page is shown)."""

    def is_complete(self, report: Report) -> bool:
        return spec_complete(self.spec, report, check_report(report))

    def warnings(self, report: Report) -> list[str]:
        return [problem.message for problem in spec_problems(self.spec, check_report(report))]

    def focus_first(self) -> None:
        self.focusNextChild()

    # -- helpers -------------------------------------------------------------------------------

    def edited(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _line(self, setter: Callable[[str], None], placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)

        def changed(text: str) -> None:
            if self._loading:
                return
            cleaned, note = clean_input(text)
            if note:  # a character Word cannot store was removed: show the officer the stored text
                self.notice.emit(note)
                edit.setText(cleaned)  # comes back here with the cleaned text
                return
            setter(cleaned)
            self.edited()

        edit.textChanged.connect(changed)
        return edit

    def _box(self, setter: Callable[[str], None], lines: int, placeholder: str = "") -> QPlainTextEdit:
        box = _text_box(lines, placeholder)

        def changed() -> None:
            if self._loading:
                return
            cleaned, note = clean_input(box.toPlainText())
            if note:
                self.notice.emit(note)
                box.setPlainText(cleaned)  # comes back here with the cleaned text
                return
            setter(cleaned)
            self.edited()

        box.textChanged.connect(changed)
        return box

    def _lines(self, setter: Callable[[list[str]], None], editor: LinesEditor) -> LinesEditor:
        def changed() -> None:
            if self._loading:
                return
            setter(editor.lines())
            self.edited()

        editor.changed.connect(changed)
        editor.notice.connect(self.notice)
        return editor


def _optional(text: str) -> str | None:
    stripped = text.strip()
    return text if stripped else None


# ---------------------------------------------------------------------------------------------
# Thông tin chung


class GeneralPage(WizardPage):
    heading = "Thông tin chung"
    explanation = (
        "Phần đầu văn bản: cơ quan ban hành, số, địa danh và ngày, trích yếu, Kính gửi. "
        "Số và ngày thường để trống cho văn thư điền khi ban hành."
    )

    def __init__(self, spec: PageSpec, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        report = self.report
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.profile_combo = QComboBox(self)
        for key, name in PROFILE_NAMES.items():
            self.profile_combo.addItem(name, key)
        self.profile_combo.currentIndexChanged.connect(self._profile_changed)
        form.addRow("Thể thức:", self.profile_combo)

        self.parent_edit = self._line(self._set_parent, "ví dụ: UBND HUYỆN BÌNH SƠN (để trống nếu không có)")
        form.addRow("Cơ quan chủ quản:", self.parent_edit)
        self.name_edit = self._box(self._set_name, 2, "ví dụ: ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY")
        form.addRow("Cơ quan ban hành:", self.name_edit)
        self.code_edit = self._line(self._set_code, "ví dụ: UBND")
        form.addRow("Viết tắt tên cơ quan:", self.code_edit)

        self.number_spin = QSpinBox(self)
        self.number_spin.setRange(0, 999999)
        self.number_spin.setSpecialValueText("Để trống (văn thư điền khi ban hành)")
        self.number_spin.setLocale(VIETNAMESE)
        self.number_spin.valueChanged.connect(self._number_changed)
        self.number_preview = QLabel(self)
        number_row = QHBoxLayout()
        number_row.addWidget(self.number_spin)
        number_row.addWidget(self.number_preview, 1)
        form.addRow("Số văn bản:", number_row)

        self.place_edit = self._line(self._set_place, "ví dụ: Trà Tây")
        form.addRow("Địa danh:", self.place_edit)

        self.date_mode = QComboBox(self)
        self.date_mode.addItem("Ghi ngày cụ thể", "date")
        self.date_mode.addItem("Chỉ ghi năm (văn thư điền ngày, tháng)", "year")
        self.date_mode.addItem("Để trống (văn thư điền khi ban hành)", "blank")
        self.date_mode.currentIndexChanged.connect(self._date_changed)
        self.date_edit = QDateEdit(self)
        self.date_edit.setLocale(VIETNAMESE)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDateRange(QDate(MIN_YEAR, 1, 1), QDate(MAX_YEAR, 12, 31))
        self.date_edit.dateChanged.connect(self._date_changed)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(MIN_YEAR, MAX_YEAR)
        self.year_spin.setPrefix("năm ")
        self.year_spin.valueChanged.connect(self._date_changed)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_mode)
        date_row.addWidget(self.date_edit)
        date_row.addWidget(self.year_spin)
        date_row.addStretch(1)
        form.addRow("Ngày ban hành:", date_row)
        self.date_preview = QLabel(self)
        self.date_preview.setStyleSheet("font-style: italic;")
        self.date_preview.setAccessibleName("Dòng địa danh, ngày tháng sẽ in")
        form.addRow("Sẽ in là:", self.date_preview)

        self.summary_edit = self._box(
            self._set_summary, 3, "ví dụ: Sơ kết 03 năm thực hiện Phong trào thi đua “Dân vận khéo”"
        )
        form.addRow("Trích yếu:", self.summary_edit)

        self.to_editor = self._lines(
            self._set_to,
            LinesEditor(
                self,
                placeholder="Mỗi dòng một nơi, ví dụ: Ủy ban nhân dân huyện Trà Bồng\n(để trống nếu không có Kính gửi)",
                suggest=lambda prefix: self.context.repository.recipients(prefix),
                lines=3,
            ),
        )
        form.addRow("Kính gửi:", self.to_editor)
        self.body.addLayout(form)
        self.body.addStretch(1)
        self.load(report)

    def _load(self, report: Report) -> None:
        self.profile_combo.setCurrentIndex(max(0, self.profile_combo.findData(report.profile)))
        self.parent_edit.setText(report.issuer.parent or "")
        self.name_edit.setPlainText(report.issuer.name)
        self.code_edit.setText(report.issuer.code)
        self.number_spin.setValue(report.number or 0)
        self.place_edit.setText(report.issuer.place)
        today = dt.date.today()
        if isinstance(report.date, dt.date):
            self.date_mode.setCurrentIndex(0)
            self.date_edit.setDate(QDate(report.date.year, report.date.month, report.date.day))
            self.year_spin.setValue(report.date.year)
        elif isinstance(report.date, int):
            self.date_mode.setCurrentIndex(1)
            self.year_spin.setValue(report.date)
            self.date_edit.setDate(QDate(report.date, today.month, today.day))
        else:
            self.date_mode.setCurrentIndex(2)
            self.date_edit.setDate(QDate(today.year, today.month, today.day))
            self.year_spin.setValue(today.year)
        self.summary_edit.setPlainText(report.summary or "")
        self.to_editor.set_lines(report.to)
        self._update_date_widgets()
        self._update_previews()

    def focus_first(self) -> None:
        self.parent_edit.setFocus()

    # -- setters -------------------------------------------------------------------------------

    def _set_parent(self, text: str) -> None:
        self.report.issuer.parent = _optional(text)

    def _set_name(self, text: str) -> None:
        self.report.issuer.name = text

    def _set_code(self, text: str) -> None:
        self.report.issuer.code = text.strip()
        self._update_previews()

    def _set_place(self, text: str) -> None:
        self.report.issuer.place = text
        self._update_previews()

    def _set_summary(self, text: str) -> None:
        self.report.summary = _optional(text)

    def _set_to(self, lines: list[str]) -> None:
        self.report.to[:] = lines

    def _profile_changed(self) -> None:
        if self._loading:
            return
        self.report.profile = self.profile_combo.currentData()
        self._update_previews()
        self.edited()

    def _number_changed(self, value: int) -> None:
        if self._loading:
            return
        self.report.number = value or None
        self._update_previews()
        self.edited()

    def _date_changed(self) -> None:
        self._update_date_widgets()
        if self._loading:
            return
        mode = self.date_mode.currentData()
        if mode == "date":
            chosen = self.date_edit.date()
            self.report.date = dt.date(chosen.year(), chosen.month(), chosen.day())
        elif mode == "year":
            self.report.date = self.year_spin.value()
        else:
            self.report.date = None
        self._update_previews()
        self.edited()

    # -- previews ------------------------------------------------------------------------------

    def _update_date_widgets(self) -> None:
        mode = self.date_mode.currentData()
        self.date_edit.setVisible(mode == "date")
        self.year_spin.setVisible(mode == "year")

    def _update_previews(self) -> None:
        report = self.report
        layout = PROFILE_LAYOUTS[report.profile]
        place = report.issuer.place.strip() or "(địa danh)"
        self.date_preview.setText(date_line(place, report.date, pad_months_below=layout.pad_months_below))
        abbreviation = DOCUMENT_KINDS[report.kind].abbreviation
        number = document_number(
            report.number, abbreviation, report.issuer.code.strip() or "…", party=report.profile == "party"
        )
        self.number_preview.setText(f"Sẽ in: {number}")

    def date_preview_text(self) -> str:
        return self.date_preview.text()


# ---------------------------------------------------------------------------------------------
# Paragraph parts: opening and closing


class _ParagraphsPage(WizardPage):
    """A page whose main text is a list of paragraphs (no headings): the opening or the closing."""

    part: Literal["opening", "closing"] = "opening"
    propose_text = ""

    def _build_editor(self, label: str) -> None:
        self.editor_label = QLabel(label, self)
        self.editor = BlockEditor(self, allow_structure=False)
        self.editor.setAccessibleName(label)
        self.editor.contentChanged.connect(self._content_changed)
        self.editor.notice.connect(self.notice)
        self.body.addWidget(self.editor_label)
        self.body.addWidget(self.editor, 1)
        row = QHBoxLayout()
        self.propose_button = QPushButton(self.propose_text, self)
        self.propose_button.setEnabled(self.context.kind is not None)
        self.propose_button.clicked.connect(self.propose)
        row.addWidget(self.propose_button)
        row.addStretch(1)
        self.body.addLayout(row)

    def paragraphs(self) -> list[Paragraph]:
        return getattr(self.report, self.part)  # type: ignore[no-any-return]

    def _load_paragraphs(self, report: Report) -> None:
        self.editor.set_paragraphs(getattr(report, self.part))
        self.editor.set_first_footnote_number(first_footnote_number(report, self.part))

    def refresh(self) -> None:
        self.editor.set_first_footnote_number(first_footnote_number(self.report, self.part))

    def _content_changed(self) -> None:
        if self._loading:
            return
        self.paragraphs()[:] = self.editor.paragraphs()
        self.edited()

    def proposal(self) -> list[Paragraph]:
        """The kind's text for this part, filled from the report itself (issuer, trích yếu, Kính gửi)."""
        kind = self.context.kind
        if kind is None:
            return []
        if self.part == "opening":
            without_part = dataclasses.replace(self.report, opening=[])
        else:
            without_part = dataclasses.replace(self.report, closing=[])
        try:
            filled = fill_defaults(without_part, kind)
        except TemplateProblem as problem:
            self.notice.emit(f"Không đề xuất được: {problem.message}")
            return []
        return list(getattr(filled, self.part))

    def propose(self) -> None:
        """Fill an empty part with the kind's text; append it when text exists (nothing is replaced)."""
        proposed = self.proposal()
        if not proposed:
            self.notice.emit("Loại báo cáo này không có câu đề xuất cho phần này.")
            return
        current = self.paragraphs()
        if _has_text(current):
            question = "Phần này đã có nội dung. Thêm câu đề xuất vào cuối (không xóa gì)?"
            if not confirm(self, self.propose_text, question, yes="Thêm vào cuối", no="Thôi"):
                return
            current.extend(proposed)
        else:
            current[:] = proposed
        self.editor.set_paragraphs(current)
        self.edited()


class OpeningPage(_ParagraphsPage):
    heading = "Mở đầu và căn cứ"
    explanation = (
        "Căn cứ (nếu có) in nghiêng, mỗi căn cứ một dòng. Đoạn mở đầu nêu lý do báo cáo, ví dụ "
        "«Thực hiện Công văn số … ngày … của …, Ủy ban nhân dân xã … báo cáo như sau:»."
    )
    part = "opening"
    propose_text = "Đề xuất đoạn mở đầu"

    def __init__(self, spec: PageSpec, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        self.body.addWidget(QLabel("Căn cứ (mỗi dòng một văn bản; chương trình tự thêm dấu «;» và «.»):", self))
        self.basis_editor = self._lines(
            self._set_basis,
            LinesEditor(self, placeholder="ví dụ: Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"),
        )
        self.body.addWidget(self.basis_editor)
        self._build_editor("Đoạn mở đầu:")
        self.load(self.report)

    def _load(self, report: Report) -> None:
        self.basis_editor.set_lines(report.basis)
        self._load_paragraphs(report)

    def _set_basis(self, lines: list[str]) -> None:
        self.report.basis[:] = lines

    def focus_first(self) -> None:
        self.editor.setFocus()


class ClosingPage(_ParagraphsPage):
    heading = "Kết thúc"
    explanation = (
        "Câu kết thường nhắc lại tên báo cáo và cơ quan, ví dụ «Trên đây là báo cáo … của Ủy ban nhân dân xã …». "
        "Chương trình tự thêm «./.» ở cuối."
    )
    part = "closing"
    propose_text = "Đề xuất câu kết"

    def __init__(self, spec: PageSpec, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        self._build_editor("Đoạn kết thúc:")
        self.load(self.report)

    def _load(self, report: Report) -> None:
        self._load_paragraphs(report)

    def focus_first(self) -> None:
        self.editor.setFocus()


# ---------------------------------------------------------------------------------------------
# A top-level section


class SectionPage(WizardPage):
    """One top-level section: guidance, example phrases, its outline and the text of the chosen (sub-)section."""

    def __init__(self, spec: PageSpec, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        assert spec.section is not None
        self.section = spec.section
        self.current: Section = self.section
        self._loaded_ids: list[int] = []
        self._was_empty = False

        self.banner = QFrame(self)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setStyleSheet("QFrame { background: #fff4ce; }")
        banner_row = QHBoxLayout(self.banner)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        self.review_button = QPushButton("Đã rà soát", self.banner)
        self.review_button.setToolTip("Xác nhận đã đọc lại và sửa mục này sau khi sao chép từ kỳ trước")
        self.review_button.clicked.connect(self.confirm_reviewed)
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(self.review_button)
        self.body.addWidget(self.banner)

        self.guidance = QLabel(self)
        self.guidance.setWordWrap(True)
        self.guidance.setTextFormat(Qt.TextFormat.PlainText)
        guidance_box = QGroupBox("Nên viết gì ở đây", self)
        QVBoxLayout(guidance_box).addWidget(self.guidance)
        self.body.addWidget(guidance_box)

        self.outline = OutlineEditor(self, removed=context.removed)
        self.outline.sectionSelected.connect(self.show_section)
        self.outline.changed.connect(self._outline_changed)
        self.outline.notice.connect(self.notice)

        self.phrases = QListWidget(self)
        self.phrases.setWordWrap(True)
        self.phrases.setAlternatingRowColors(True)
        self.phrases.setSpacing(2)
        self.phrases.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.phrases.itemActivated.connect(lambda item: self.insert_phrase(item.text()))
        self.phrase_button = QPushButton("Chèn câu mẫu", self)
        self.phrase_button.setToolTip("Chèn câu mẫu đang chọn vào chỗ con trỏ (hoặc bấm đúp vào câu mẫu)")
        self.phrase_button.clicked.connect(self._insert_selected_phrase)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Các mục con:", left))
        left_layout.addWidget(self.outline, 3)
        left_layout.addWidget(QLabel("Câu mẫu (bấm đúp để chèn):", left))
        left_layout.addWidget(self.phrases, 2)
        left_layout.addWidget(self.phrase_button)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.editor_label = QLabel(right)
        self.editor = BlockEditor(right, allow_structure=True)
        self.editor.contentChanged.connect(self._content_changed)
        self.editor.notice.connect(self.notice)
        self.editor.sectionActivated.connect(self._section_activated)
        tools = QHBoxLayout()
        self.bullet_button = QPushButton("Gạch đầu dòng", right)
        self.bullet_button.setToolTip("Biến đoạn đang chọn thành dòng gạch đầu dòng «-» hoặc ngược lại")
        self.bullet_button.clicked.connect(self.editor.toggle_bullet)
        self.footnote_button = QPushButton("Chú thích", right)
        self.footnote_button.setToolTip("Chèn chú thích cuối trang tại chỗ con trỏ")
        self.footnote_button.clicked.connect(lambda: self.editor.insert_footnote())
        self.table_button = QPushButton("Chèn bảng", right)
        self.table_button.setToolTip("Chèn bảng số liệu tại chỗ con trỏ")
        self.table_button.clicked.connect(lambda: self.editor.insert_table())
        for made in (self.bullet_button, self.footnote_button, self.table_button):
            tools.addWidget(made)
        tools.addStretch(1)
        right_layout.addWidget(self.editor_label)
        right_layout.addLayout(tools)
        right_layout.addWidget(self.editor, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setChildrenCollapsible(False)
        self.body.addWidget(splitter, 1)
        self.load(self.report)

    # -- loading -------------------------------------------------------------------------------

    def _load(self, report: Report) -> None:
        target = self.current if locate(report, self.current) is not None else self.section
        self.outline.set_report(report, self.section)
        self.show_section(target)

    def refresh(self) -> None:
        self.outline.refresh()
        self.editor.set_section_labels(marker_texts(self.report))
        self.editor.set_first_footnote_number(first_footnote_number(self.report, self.current))
        self._update_labels()

    def focus_first(self) -> None:
        self.editor.setFocus()

    def show_section(self, section: Section) -> None:
        """Edit the text of a section of this page (the page's own or one of its sub-sections)."""
        if section is self.current and self._loaded_ids == [id(block) for block in section.blocks]:
            return
        self._show(section)

    def _show(self, section: Section) -> None:
        self.current = section
        was_loading = self._loading
        self._loading = True
        try:
            self.editor.set_blocks(section.blocks)
            self.editor.set_section_labels(marker_texts(self.report))
            self.editor.set_first_footnote_number(first_footnote_number(self.report, section))
        finally:
            self._loading = was_loading
        self._loaded_ids = [id(block) for block in section.blocks]
        self._was_empty = not section.blocks
        if self.outline.current_section() is not section:
            self.outline.select(section)
        self._update_labels()
        self._update_guidance()
        self._update_banner()

    def _update_labels(self) -> None:
        label = section_labels(self.report).get(id(self.current), "")
        title = " ".join(self.current.title.split())
        self.editor_label.setText(f"<b>Nội dung mục {label} {title}</b>".replace("  ", " "))

    def _update_guidance(self) -> None:
        kinds = self.context.kinds()
        top = find_kind_section(kinds, self.section)
        found = top if self.current is self.section else find_kind_section(kinds, self.current, top)
        self.guidance.setText(found.guidance if found is not None and found.guidance else GENERIC_GUIDANCE)
        phrases = list(found.phrases) if found is not None else []
        if not phrases and top is not None:
            phrases = list(top.phrases)
        self.phrases.clear()
        for phrase in phrases:
            self.phrases.addItem(QListWidgetItem(phrase))
        self.phrase_button.setEnabled(bool(phrases))

    def _update_banner(self) -> None:
        flagged = needs_review(self.current)
        self.banner.setVisible(flagged)
        if flagged:
            self.banner_text.setText(
                f"Mục «{' '.join(self.current.title.split())}» được chép từ báo cáo kỳ trước: hãy đọc lại, sửa số liệu "
                "và các mốc thời gian, rồi bấm «Đã rà soát»."
            )

    # -- editing -------------------------------------------------------------------------------

    def _content_changed(self) -> None:
        if self._loading:
            return
        blocks = self.editor.blocks()
        section = self.current
        before = [id(block) for block in section.subsections()]
        section.blocks[:] = blocks
        self._loaded_ids = [id(block) for block in section.blocks]
        if before != [id(block) for block in section.subsections()] or self._was_empty != (not blocks):
            self._was_empty = not blocks
            self.outline.refresh()
        self.edited()

    def _outline_changed(self) -> None:
        current = self.current
        if locate(self.report, current) is None or not contains(self.section, current):
            current = self.section
        if current is not self.current or self._loaded_ids != [id(block) for block in current.blocks]:
            self._show(current)
        else:
            self.editor.set_section_labels(marker_texts(self.report))
            self._update_labels()
        self.edited()

    def _section_activated(self, section: object) -> None:
        if isinstance(section, Section):
            self.outline.select(section)

    def insert_phrase(self, text: str) -> None:
        self.editor.insert_phrase(text)
        self.editor.setFocus()

    def _insert_selected_phrase(self) -> None:
        item = self.phrases.currentItem() or self.phrases.item(0)
        if item is not None:
            self.insert_phrase(item.text())

    def confirm_reviewed(self) -> None:
        confirm_review(self.current)
        self._update_banner()
        self.outline.refresh()
        self.edited()


# ---------------------------------------------------------------------------------------------
# Nơi nhận


class RecipientsPage(WizardPage):
    heading = "Nơi nhận"
    explanation = (
        "Mỗi dòng một nơi nhận, không cần gõ dấu «-» hay «;» ở đầu, cuối dòng: chương trình tự thêm. "
        "Gõ vài chữ vào ô tìm để chọn từ danh bạ các nơi đã gửi trước đây."
    )

    def __init__(self, spec: PageSpec, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        self.as_above_note = _hint(
            "Báo cáo có «Kính gửi» nên dòng «- Như trên;» sẽ tự động được in ở đầu danh sách; không cần gõ thêm."
        )
        self.body.addWidget(self.as_above_note)
        self.recipients_editor = self._lines(
            self._set_recipients,
            LinesEditor(
                self,
                placeholder="ví dụ:\nThường trực Đảng ủy xã\nChủ tịch, các Phó Chủ tịch UBND xã",
                suggest=lambda prefix: self.context.repository.recipients(prefix),
                lines=6,
            ),
        )
        self.body.addWidget(self.recipients_editor)
        form = QFormLayout()
        self.archive_prefix = QLabel(self)
        self.archive_edit = self._line(self._set_archive, "VT")
        archive_row = QHBoxLayout()
        archive_row.addWidget(self.archive_prefix)
        archive_row.addWidget(self.archive_edit, 1)
        form.addRow("Nơi lưu:", archive_row)
        self.archive_preview = QLabel(self)
        form.addRow("Sẽ in là:", self.archive_preview)
        self.drafter_edit = self._line(self._set_drafter, "ví dụ: PL.(05) — không bắt buộc")
        form.addRow("Người soạn, số bản:", self.drafter_edit)
        self.body.addLayout(form)
        row = QHBoxLayout()
        self.propose_button = QPushButton("Đề xuất nơi nhận", self)
        self.propose_button.setEnabled(context.kind is not None)
        self.propose_button.clicked.connect(self.propose)
        row.addWidget(self.propose_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.body.addStretch(1)
        self.load(self.report)

    def _load(self, report: Report) -> None:
        self.recipients_editor.set_lines(report.recipients)
        self.archive_edit.setText(report.archive)
        self.drafter_edit.setText(report.drafter or "")
        self.refresh()

    def refresh(self) -> None:
        report = self.report
        self.as_above_note.setVisible(bool(addressees(report)))
        prefix = PROFILE_LAYOUTS[report.profile].archive_prefix
        self.archive_prefix.setText(prefix.strip() + (":" if not prefix.strip().endswith(":") else ""))
        self.archive_preview.setText(archive_line(report.archive, prefix))

    def focus_first(self) -> None:
        self.recipients_editor.text.setFocus()

    def _set_recipients(self, lines: list[str]) -> None:
        self.report.recipients[:] = lines

    def _set_archive(self, text: str) -> None:
        self.report.archive = " ".join(text.split())
        self.refresh()

    def _set_drafter(self, text: str) -> None:
        self.report.drafter = text.strip() or None

    def propose(self) -> None:
        kind = self.context.kind
        if kind is None:
            return
        try:
            filled = fill_defaults(dataclasses.replace(self.report, recipients=[]), kind)
            # «Như trên» is printed by the renderer whenever there is a Kính gửi.
            lines = [line for line in filled.recipients if not is_as_above(line)]
        except TemplateProblem as problem:
            self.notice.emit(f"Không đề xuất được: {problem.message}")
            return
        present = {line.casefold() for line in self.recipients_editor.lines()}
        for line in lines:
            if line.casefold() not in present:
                self.recipients_editor.add_line(line)


# ---------------------------------------------------------------------------------------------
# Chữ ký


class SignaturePage(WizardPage):
    heading = "Chữ ký"
    explanation = (
        "Ai ký và ký với tư cách gì. Ký thay mặt tập thể: TM. (Đảng: T/M); cấp phó ký thay người đứng đầu: KT. "
        "(Đảng: K/T); ký thừa lệnh: TL. (Đảng: T/L); quyền: Q.; thừa ủy quyền: TUQ."
    )

    def __init__(self, spec: PageSpec, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        form = QFormLayout()
        self.signers_combo = QComboBox(self)
        self.signers_combo.setAccessibleName("Người ký đã lưu")
        self._signers: list[Signature] = []
        self.signers_combo.activated.connect(self._signer_chosen)
        form.addRow("Người ký đã lưu:", self.signers_combo)

        self.collective_check = QCheckBox("Ký thay mặt tập thể", self)
        self.collective_check.toggled.connect(self._collective_toggled)
        self.on_behalf_prefix = QLabel(self)
        self.on_behalf_edit = self._line(self._set_on_behalf_of, "ví dụ: ỦY BAN NHÂN DÂN")
        collective_row = QHBoxLayout()
        collective_row.addWidget(self.collective_check)
        collective_row.addWidget(self.on_behalf_prefix)
        collective_row.addWidget(self.on_behalf_edit, 1)
        form.addRow("Tập thể:", collective_row)

        self.mode_combo = QComboBox(self)
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        form.addRow("Hình thức ký:", self.mode_combo)
        self.head_title_edit = self._line(self._set_head_title, "ví dụ: CHỦ TỊCH")
        form.addRow("Chức vụ người đứng đầu:", self.head_title_edit)
        self.title_edit = self._line(self._set_title, "ví dụ: PHÓ CHỦ TỊCH")
        form.addRow("Chức vụ người ký:", self.title_edit)
        self.name_edit = self._line(self._set_name, "ví dụ: Nguyễn Văn A (không ghi học hàm, học vị)")
        form.addRow("Họ và tên người ký:", self.name_edit)
        self.body.addLayout(form)

        preview_box = QGroupBox("Sẽ in ở cuối văn bản", self)
        self.preview = QLabel(preview_box)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setAccessibleName("Khối chữ ký sẽ in")
        QVBoxLayout(preview_box).addWidget(self.preview)
        self.body.addWidget(preview_box)
        self.body.addStretch(1)
        self.load(self.report)

    def _load(self, report: Report) -> None:
        self._fill_signers()
        self._fill_modes()
        signature = report.signature
        self.collective_check.setChecked(bool(signature.on_behalf_of))
        self.on_behalf_edit.setText(signature.on_behalf_of or "")
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(signature.mode)))
        self.head_title_edit.setText(signature.head_title or "")
        self.title_edit.setText(signature.title)
        self.name_edit.setText(signature.name)
        self._update_enabled()
        self._update_preview()

    def refresh(self) -> None:
        self._loading = True
        try:
            self._fill_modes()
            self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(self.report.signature.mode)))
        finally:
            self._loading = False
        self._update_preview()

    def focus_first(self) -> None:
        self.signers_combo.setFocus()

    def _fill_signers(self) -> None:
        self._signers = self.context.repository.signers()
        self.signers_combo.clear()
        self.signers_combo.addItem("— Chọn để điền nhanh —" if self._signers else "(chưa có người ký nào được lưu)")
        prefixes = PROFILE_LAYOUTS[self.report.profile].authority_prefixes
        for signer in self._signers:
            authority = f" ({prefixes[signer.mode]} {signer.head_title or ''})" if signer.mode else ""
            self.signers_combo.addItem(f"{signer.name} – {signer.title}{authority}")

    def _fill_modes(self) -> None:
        prefixes = PROFILE_LAYOUTS[self.report.profile].authority_prefixes
        self.mode_combo.clear()
        self.mode_combo.addItem(MODE_NAMES[None], None)
        for mode in SIGNATURE_MODES:
            self.mode_combo.addItem(MODE_NAMES[mode].format(prefix=prefixes[mode]), mode)
        self.on_behalf_prefix.setText(prefixes["TM"])

    def _signer_chosen(self, index: int) -> None:
        if index <= 0 or index > len(self._signers):
            return
        signer = self._signers[index - 1]
        self.apply_signer(signer)
        self.signers_combo.setCurrentIndex(0)

    def apply_signer(self, signer: Signature) -> None:
        """Fill every field from a saved signer (one change for autosave)."""
        self._loading = True
        try:
            self.collective_check.setChecked(bool(signer.on_behalf_of))
            self.on_behalf_edit.setText(signer.on_behalf_of or "")
            self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(signer.mode)))
            self.head_title_edit.setText(signer.head_title or "")
            self.title_edit.setText(signer.title)
            self.name_edit.setText(signer.name)
        finally:
            self._loading = False
        signature = self.report.signature
        signature.on_behalf_of = signer.on_behalf_of
        signature.mode = signer.mode
        signature.head_title = signer.head_title
        signature.title = signer.title
        signature.name = signer.name
        self._update_enabled()
        self._update_preview()
        self.edited()

    # -- setters -------------------------------------------------------------------------------

    def _collective_toggled(self, checked: bool) -> None:
        self._update_enabled()
        if self._loading:
            return
        self.report.signature.on_behalf_of = _optional(self.on_behalf_edit.text()) if checked else None
        self._update_preview()
        self.edited()

    def _set_on_behalf_of(self, text: str) -> None:
        if text.strip() and not self.collective_check.isChecked():
            self.collective_check.setChecked(True)
        self.report.signature.on_behalf_of = _optional(text) if self.collective_check.isChecked() else None
        self._update_preview()

    def _mode_changed(self) -> None:
        self._update_enabled()
        if self._loading:
            return
        self.report.signature.mode = self.mode_combo.currentData()
        self.report.signature.head_title = (
            _optional(self.head_title_edit.text()) if self.report.signature.mode else None
        )
        self._update_preview()
        self.edited()

    def _set_head_title(self, text: str) -> None:
        self.report.signature.head_title = _optional(text) if self.report.signature.mode else None
        self._update_preview()

    def _set_title(self, text: str) -> None:
        self.report.signature.title = text
        self._update_preview()

    def _set_name(self, text: str) -> None:
        self.report.signature.name = text
        self._update_preview()

    # -- preview -------------------------------------------------------------------------------

    def _update_enabled(self) -> None:
        self.on_behalf_edit.setEnabled(self.collective_check.isChecked())
        self.head_title_edit.setEnabled(self.mode_combo.currentData() is not None)

    def preview_lines(self) -> list[str]:
        """The lines the renderer prints for this signature (app.core.signature)."""
        prefixes = PROFILE_LAYOUTS[self.report.profile].authority_prefixes
        return signature_lines(self.report.signature, prefixes).lines

    def _update_preview(self) -> None:
        prefixes = PROFILE_LAYOUTS[self.report.profile].authority_prefixes
        lines = signature_lines(self.report.signature, prefixes)
        bold_title = self.report.profile != "party"

        def escape(text: str) -> str:
            return html.escape(text, quote=False)

        parts = [f"<b>{escape(line)}</b>" for line in lines.authority]
        if lines.title:
            parts.append(f"<b>{escape(lines.title)}</b>" if bold_title else escape(lines.title))
        parts.append("<br/><span style='color: gray'><i>(chữ ký, dấu)</i></span><br/>")
        parts.append(f"<b>{escape(lines.name) or '(họ và tên)'}</b>")
        self.preview.setText("<br/>".join(parts))


# ---------------------------------------------------------------------------------------------
# Xem lại


class ReviewPage(WizardPage):
    heading = "Xem lại và xuất tệp"
    explanation = (
        "Toàn bộ dàn ý của báo cáo và những chỗ cần xem lại. Bấm đúp vào một mục hoặc một dòng cảnh báo "
        "để đến đúng chỗ cần sửa."
    )
    exportDocxRequested = Signal()
    exportReportRequested = Signal()

    def __init__(self, spec: PageSpec, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        self.outline = OutlineEditor(self, removed=context.removed, jump=True)
        self.outline.jumpRequested.connect(self.sectionRequested)
        self.outline.changed.connect(self._outline_changed)
        self.outline.notice.connect(self.notice)
        self.problems = QListWidget(self)
        self.problems.setWordWrap(True)
        self.problems.itemActivated.connect(self._problem_activated)
        self.problems_label = QLabel(self)
        self.go_button = QPushButton("Đến chỗ cần sửa", self)
        self.go_button.clicked.connect(self._go_to_selected)
        self.docx_button = QPushButton("Xuất .docx…", self)
        self.docx_button.setToolTip("Ghi báo cáo thành tệp Word để in, ký và gửi đi")
        self.docx_button.clicked.connect(self.exportDocxRequested)
        self.json_button = QPushButton("Xuất .baocao.json…", self)
        self.json_button.setToolTip("Ghi tệp báo cáo để chép sang máy khác hoặc gửi đồng nghiệp")
        self.json_button.clicked.connect(self.exportReportRequested)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("<b>Dàn ý báo cáo</b>", left))
        left_layout.addWidget(self.outline)
        right = QWidget(splitter)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.problems_label)
        right_layout.addWidget(self.problems, 1)
        right_layout.addWidget(self.go_button)
        splitter.addWidget(left)
        splitter.addWidget(right)
        self.body.addWidget(splitter, 1)
        export_row = QHBoxLayout()
        export_row.addStretch(1)
        export_row.addWidget(self.docx_button)
        export_row.addWidget(self.json_button)
        self.body.addLayout(export_row)
        self.load(self.report)

    def _load(self, report: Report) -> None:
        self.outline.set_report(report)
        self.refresh()

    def refresh(self) -> None:
        self.outline.refresh()
        specs = page_specs(self.report)
        check = check_report(self.report)
        self.problems.clear()
        for problem, is_error in [(p, True) for p in check.errors] + [(p, False) for p in check.warnings]:
            spec = spec_for_path(specs, problem.path)
            where = spec.title if spec.name != REVIEW else "Toàn báo cáo"
            item = QListWidgetItem(f"{'Thiếu' if is_error else 'Xem lại'} – {where}: {problem.message}")
            item.setData(Qt.ItemDataRole.UserRole, problem.path)
            self.problems.addItem(item)
        if check.errors:
            summary = f"<b>Còn {len(check.errors)} chỗ phải điền trước khi in</b>"
        elif check.warnings:
            summary = "<b>Đã đủ thông tin để in</b>; nên xem lại các ghi chú dưới đây"
        else:
            summary = "<b>Báo cáo đã đủ thông tin, không có gì cần xem lại.</b>"
        self.problems_label.setText(summary)
        self.go_button.setEnabled(self.problems.count() > 0)

    def problem_paths(self) -> list[str]:
        return [self.problems.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.problems.count())]

    def set_exporting(self, busy: bool) -> None:
        self.docx_button.setEnabled(not busy)
        self.json_button.setEnabled(not busy)

    def focus_first(self) -> None:
        self.outline.tree.setFocus()

    def _outline_changed(self) -> None:
        self.refresh()
        self.edited()

    def _problem_activated(self, item: QListWidgetItem) -> None:
        self.jumpRequested.emit(item.data(Qt.ItemDataRole.UserRole))

    def _go_to_selected(self) -> None:
        item = self.problems.currentItem() or self.problems.item(0)
        if item is not None:
            self._problem_activated(item)


PAGE_CLASSES: dict[str, type[WizardPage]] = {
    GENERAL: GeneralPage,
    OPENING: OpeningPage,
    CLOSING: ClosingPage,
    RECIPIENTS: RecipientsPage,
    SIGNATURE: SignaturePage,
    REVIEW: ReviewPage,
}


def make_page(spec: PageSpec, context: WizardContext, parent: QWidget | None = None) -> WizardPage:
    """The widget for a page spec."""
    if spec.section is not None:
        return SectionPage(spec, context, parent)
    return PAGE_CLASSES[spec.name](spec, context, parent)
