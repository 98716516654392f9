"""The wizard's pages. Every page edits the one report in place on each change and emits `changed`.

Which page owns which part of the report is said once, by field-path prefixes (`PageSpec`), so the
side list's marks (complete ✓ / to look at !) come from the model alone, for pages not built yet
too, and a problem found by `core` (validate_report, writing_findings) leads to the page that fixes it.
The same check shows each problem under its own field (`FieldNote`, refreshed a moment after typing
stops) and, grouped, on the Xem lại page, together with the format checks of the printed .docx.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from PySide6.QtCore import QDate, QLocale, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QTextCursor
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

from app.core.checks import review_findings
from app.core.findings import Finding
from app.core.kinds import KindCatalog, ReportKind, fill_defaults, find_kind_section
from app.core.model import (
    DOCUMENT_KINDS,
    SIGNATURE_MODES,
    Bullet,
    Paragraph,
    Report,
    Section,
    Signature,
    walk_sections,
)
from app.core.numbering import first_footnote_number, numbered_children
from app.core.recipients import addressees, archive_line, is_as_above
from app.core.report_file import MAX_YEAR, MIN_YEAR, Problem, dump_report, validate_report
from app.core.rollforward import confirm_review, needs_review
from app.core.signature import AUTHORITY_PREFIXES, signature_lines
from app.core.templating import TemplateProblem
from app.core.text import clean_input
from app.core.vietnamese import date_line, document_number
from app.core.writing import REMINDER_RULES, path_order, writing_findings
from app.render.docx import PROFILE_LAYOUTS
from app.ui.block_editor import BlockEditor
from app.ui.common import confirm, run_in_background
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

NOTES_DELAY_MS = 400
"""How long after the last keystroke the notes under the fields are brought up to date."""
NOTE_LIMIT = 6
"""Notes shown under one field; the rest are counted (the Xem lại page lists them all)."""
PAGE_NOTE_LIMIT = 3
"""Notes shown at the top of a page for its other places (sub-sections not shown in the editor)."""
GROUP_ERRORS = "Phải sửa trước khi in"
GROUP_FORMAT = "Thể thức"
GROUP_WRITING = "Cách viết"
FORMAT_CHECKED = "checked"
"""The Xem lại page's format-check state once the .docx has been checked (otherwise the text it shows)."""

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


def is_reminder(finding: Finding) -> bool:
    """A finding that only reminds (the number slot left for the clerk): shown, but nothing to fix."""
    return finding.rule in REMINDER_RULES


@dataclass
class ReportCheck:
    """Everything `core` says about a draft: errors stop a correct document, findings deserve a look."""

    errors: list[Problem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """Writing findings and sections to review, in reading order; reminders included."""

    @property
    def warnings(self) -> list[Problem]:
        """The findings that mark a page "to look at" (reminders left out), as field path and message."""
        return [Problem(finding.path or "", finding.message) for finding in self.findings if not is_reminder(finding)]

    @property
    def reminders(self) -> list[Finding]:
        return [finding for finding in self.findings if is_reminder(finding)]

    @property
    def problems(self) -> list[Problem]:
        return [*self.errors, *self.warnings]


def check_report(report: Report) -> ReportCheck:
    findings = [*writing_findings(report), *review_findings(report)]
    return ReportCheck(validate_report(report), sorted(findings, key=lambda finding: path_order(finding.path)))


def format_findings(report: Report) -> list[Finding]:
    """The format checks of the printed .docx (app.render.report_check renders the report and reads it back).

    Slow (a whole render): run it in the background. What a writing check already says is left out there
    (`printed_findings`, as `main.py check` does), so nothing is listed twice.
    """
    from app.render.report_check import printed_findings  # loaded when first needed: the wizard opens without it

    return printed_findings(report)


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


def block_at_path(report: Report, path: str) -> tuple[Section | None, int | None]:
    """The deepest section a path points into and, when the path goes on to one of its blocks that is not a
    sub-section (`sections[1].blocks[3]`), that block's index."""
    if not path.startswith("sections["):
        return None, None
    found: Section | None = None
    container: list[object] = list(report.sections)
    for match in _STEP.finditer(path):
        index = int(match.group(1))
        if index >= len(container):
            break
        block = container[index]
        if not isinstance(block, Section):
            return found, index
        found = block
        container = list(block.blocks)
    return found, None


def marker_texts(report: Report) -> dict[int, str]:
    """`id(section)` → what a sub-section marker shows in the editor: `1. Thuận lợi`."""
    labels = section_labels(report)
    return {
        id(section): f"{labels.get(id(section), '')} {' '.join(section.title.split())}".strip()
        for _, section in walk_sections(report.sections)
    }


# ---------------------------------------------------------------------------------------------
# Notes under the fields


NoteKind = Literal["error", "violation", "warning", "reminder"]
_NOTE_STYLES: dict[str, tuple[str, str]] = {
    "error": ("✖", "#a1260d"),
    "violation": ("✖", "#a1260d"),
    "warning": ("⚠", "#7a4b00"),
    "reminder": ("ℹ", "#505050"),
}


@dataclass(frozen=True)
class NoteItem:
    """One line under a field: what is wrong and what to do, where it is, and the rule it comes from."""

    kind: NoteKind
    text: str
    path: str
    reference: str = ""
    excerpt: str | None = None


def note_items(check: ReportCheck) -> list[NoteItem]:
    """Every error and finding of a check as a note, in reading order (errors first where they share a field)."""
    items = [NoteItem("error", problem.message, problem.path) for problem in check.errors]
    for finding in check.findings:
        kind: NoteKind = "reminder" if is_reminder(finding) else finding.severity
        text = " ".join(part for part in (finding.message, finding.advice) if part)
        items.append(NoteItem(kind, text, finding.path or "", finding.reference, finding.excerpt))
    return sorted(items, key=lambda item: path_order(item.path))


class FieldNote(QLabel):
    """The notes about one field, under it: a sign, what is wrong and what to do; the rule in the tooltip.

    Hidden when there is nothing to say. With `links`, each line is a link that asks to go to its field.
    """

    linkRequested = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, *, name: str = "", links: bool = False, limit: int = NOTE_LIMIT
    ) -> None:
        super().__init__(parent)
        self._entries: list[tuple[NoteItem, str]] = []
        self._links = links
        self._limit = limit
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setAccessibleName(f"Lưu ý: {name}" if name else "Lưu ý")
        self.linkActivated.connect(self.linkRequested)
        self.setVisible(False)

    @property
    def items(self) -> list[NoteItem]:
        return [item for item, _ in self._entries]

    def texts(self) -> list[str]:
        """The notes as shown, one per line (for tests and screen readers)."""
        return [f"{where}: {item.text}" if where else item.text for item, where in self._entries]

    def show_items(self, items: Sequence[NoteItem], where: Sequence[str] = ()) -> None:
        """Show these notes; `where[i]`, when given, says where item i is (`«Thực hiện lời dạy…»`)."""
        self._entries = [(item, where[i] if i < len(where) else "") for i, item in enumerate(items)]
        if not self._entries:
            self.clear()
            self.setToolTip("")
            self.setVisible(False)
            return
        lines = []
        for text, (item, _) in zip(self.texts()[: self._limit], self._entries, strict=False):
            sign, colour = _NOTE_STYLES[item.kind]
            shown = html.escape(text, quote=False).replace("  ", " &nbsp;")
            if self._links and item.path:
                shown = f"<a href='{html.escape(item.path)}' style='color: {colour};'>{shown}</a>"
            lines.append(f"<span style='color: {colour};'>{sign} {shown}</span>")
        if len(self._entries) > self._limit:
            lines.append(f"… và {len(self._entries) - self._limit} lưu ý khác (xem trang «Xem lại và xuất tệp»).")
        self.setText("<br/>".join(lines))
        self.setToolTip(
            "\n".join(f"{item.text} ({item.reference})" if item.reference else item.text for item, _ in self._entries)
        )
        self.setVisible(True)


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
    focus_request: str | None = None
    """The field path a jump should put the cursor in (set only while a jump is being made)."""

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
        self._notes: list[tuple[Callable[[str], bool], FieldNote, QWidget | None, bool]] = []
        """(which paths, the note, the field to focus for them, whether lines say which paragraph)."""
        self.page_note = FieldNote(self, name="các chỗ khác của trang này", links=True, limit=PAGE_NOTE_LIMIT)
        self.page_note.linkRequested.connect(self.request_jump)
        self.body.addWidget(self.page_note)
        self._notes_timer = QTimer(self)
        self._notes_timer.setSingleShot(True)
        self._notes_timer.setInterval(NOTES_DELAY_MS)
        self._notes_timer.timeout.connect(self.update_notes)
        self.changed.connect(self._schedule_notes)

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
        self._refresh()
        self.update_notes()

    def _refresh(self) -> None:
        """What a page brings up to date besides its notes."""

    def is_complete(self, report: Report) -> bool:
        return spec_complete(self.spec, report, check_report(report))

    def warnings(self, report: Report) -> list[str]:
        return [problem.message for problem in spec_problems(self.spec, check_report(report))]

    def focus_first(self) -> None:
        """Focus the field a jump asked for (`context.focus_request`), or the page's first field."""
        if not self._apply_focus_request():
            self._focus_default()

    def _focus_default(self) -> None:
        self.focusNextChild()

    def focus_path(self, path: str) -> bool:
        """Put the cursor in the field for a path; False when the field is not on this page."""
        for accepts, _note, widget, _ in self._notes:
            if widget is not None and accepts(path):
                _focus_field(widget, path)
                return True
        return False

    def request_jump(self, path: str) -> None:
        """Ask the wizard to go to the field for a path, with the cursor in it."""
        self.jumpRequested.emit(path)  # the wizard's open_path puts the cursor in the field

    def _apply_focus_request(self) -> bool:
        request = self.context.focus_request
        if request is None:
            return False
        self.context.focus_request = None  # taken: showing a sub-section on the way must not take it again
        if self.focus_path(request):
            return True
        self.context.focus_request = request  # not this page's field
        return False

    # -- notes under the fields ----------------------------------------------------------------

    def update_notes(self) -> None:
        """Show each error and finding of this page under its field; the rest at the top of the page."""
        self._notes_timer.stop()
        owned = [
            item
            for item in note_items(check_report(self.report))
            if any(path_matches(item.path, prefix) for prefix in self.spec.prefixes)
        ]
        placed: list[list[NoteItem]] = [[] for _ in self._notes]
        rest: list[NoteItem] = []
        for item in owned:
            index = next((i for i, (accepts, *_) in enumerate(self._notes) if accepts(item.path)), None)
            (rest if index is None else placed[index]).append(item)
        for (_, note, _, with_excerpts), items in zip(self._notes, placed, strict=True):
            note.show_items(items, [self._excerpt_of(item) for item in items] if with_excerpts else ())
        self.page_note.show_items(rest, [self._where(item) for item in rest])

    def field_note(self, path: str) -> FieldNote:
        """The note that shows the findings at a field path (the page's own note when no field claims it)."""
        return next((note for accepts, note, *_ in self._notes if accepts(path)), self.page_note)

    def _schedule_notes(self) -> None:
        self._notes_timer.start()

    def _add_note(
        self,
        accepts: Callable[[str], bool] | tuple[str, ...],
        focus: QWidget | None,
        name: str,
        *,
        excerpts: bool = False,
    ) -> FieldNote:
        """A note for the findings at some paths (prefixes or a test), shown under `focus` by the caller."""
        if isinstance(accepts, tuple):
            prefixes = accepts

            def accepts_prefixes(path: str) -> bool:
                return any(path_matches(path, prefix) for prefix in prefixes)

            accepts = accepts_prefixes
        note = FieldNote(self, name=name)
        self._notes.append((accepts, note, focus, excerpts))
        return note

    def _noted(
        self, field_widget: QWidget | QHBoxLayout, prefixes: tuple[str, ...], name: str, focus: QWidget | None = None
    ) -> QWidget:
        """A form field (a widget or a row of them) with its note under it; `focus` is the row's text field."""
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        if isinstance(field_widget, QWidget):
            layout.addWidget(field_widget)
            focus = focus or field_widget
        else:
            layout.addLayout(field_widget)
            first = field_widget.itemAt(0)
            focus = focus or (first.widget() if first is not None else None)
        layout.addWidget(self._add_note(prefixes, focus, name))
        return box

    def _excerpt_of(self, item: NoteItem) -> str:
        return f"«{item.excerpt}»" if item.excerpt else ""

    def _where(self, item: NoteItem) -> str:
        """Where a note not under any field is: the sub-section and paragraph."""
        section = section_at_path(self.report, item.path)
        where = []
        if section is not None:
            title = " ".join(section.title.split())
            where.append(f"Mục «{title if len(title) <= 40 else title[:39].rstrip() + '…'}»")
        if item.excerpt and not item.path.endswith(".title"):
            where.append(f"«{item.excerpt}»")
        return ", ".join(where)

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


_LAST_INDEX = re.compile(r"\[(\d+)\]$")


def _focus_field(widget: QWidget, path: str) -> None:
    """Focus a field; in a list of lines or of paragraphs, put the cursor at the line the path names."""
    index_match = _LAST_INDEX.search(path)
    index = int(index_match.group(1)) if index_match else None
    if isinstance(widget, LinesEditor):
        widget.text.setFocus()
        if index is not None:
            _cursor_to_line(widget.text, index)
        return
    widget.setFocus()


def _cursor_to_line(box: QPlainTextEdit, index: int) -> None:
    """The cursor to the start of the index-th non-blank line (blank lines are not list items)."""
    block = box.document().firstBlock()
    seen = -1
    while block.isValid():
        if block.text().strip():
            seen += 1
            if seen == index:
                cursor = box.textCursor()
                cursor.setPosition(block.position())
                box.setTextCursor(cursor)
                box.ensureCursorVisible()
                return
        block = block.next()


def _cursor_to_text(editor: BlockEditor, text: str) -> bool:
    """The cursor to the start of a paragraph's text in an editor (found by its first words); no selection."""
    needle = next((line.strip() for line in text.split("\n") if line.strip()), "")[:60]
    if not needle:
        return False
    found = editor.document().find(needle)
    if found.isNull():
        return False
    cursor = editor.textCursor()
    cursor.setPosition(found.selectionStart())
    editor.setTextCursor(cursor)
    editor.ensureCursorVisible()
    return True


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
        form.addRow("Thể thức:", self._noted(self.profile_combo, ("profile", "kind", "title"), "thể thức"))

        self.parent_edit = self._line(self._set_parent, "ví dụ: UBND HUYỆN BÌNH SƠN (để trống nếu không có)")
        form.addRow("Cơ quan chủ quản:", self._noted(self.parent_edit, ("issuer.parent",), "cơ quan chủ quản"))
        self.name_edit = self._box(self._set_name, 2, "ví dụ: ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY")
        form.addRow("Cơ quan ban hành:", self._noted(self.name_edit, ("issuer.name",), "cơ quan ban hành"))
        self.code_edit = self._line(self._set_code, "ví dụ: UBND")
        form.addRow("Viết tắt tên cơ quan:", self._noted(self.code_edit, ("issuer.code",), "viết tắt tên cơ quan"))

        self.number_spin = QSpinBox(self)
        self.number_spin.setRange(0, 999999)
        self.number_spin.setSpecialValueText("Để trống (văn thư điền khi ban hành)")
        self.number_spin.setLocale(VIETNAMESE)
        self.number_spin.valueChanged.connect(self._number_changed)
        self.number_preview = QLabel(self)
        number_row = QHBoxLayout()
        number_row.addWidget(self.number_spin)
        number_row.addWidget(self.number_preview, 1)
        form.addRow("Số văn bản:", self._noted(number_row, ("number",), "số văn bản"))

        self.place_edit = self._line(self._set_place, "ví dụ: Trà Tây")
        form.addRow("Địa danh:", self._noted(self.place_edit, ("issuer.place",), "địa danh"))

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
        form.addRow("Ngày ban hành:", self._noted(date_row, ("date",), "ngày ban hành"))
        self.date_preview = QLabel(self)
        self.date_preview.setStyleSheet("font-style: italic;")
        self.date_preview.setAccessibleName("Dòng địa danh, ngày tháng sẽ in")
        form.addRow("Sẽ in là:", self.date_preview)

        self.summary_edit = self._box(
            self._set_summary, 3, "ví dụ: Sơ kết 03 năm thực hiện Phong trào thi đua “Dân vận khéo”"
        )
        form.addRow("Trích yếu:", self._noted(self.summary_edit, ("summary",), "trích yếu"))

        self.to_editor = self._lines(
            self._set_to,
            LinesEditor(
                self,
                placeholder="Mỗi dòng một nơi, ví dụ: Ủy ban nhân dân huyện Trà Bồng\n(để trống nếu không có Kính gửi)",
                suggest=lambda prefix: self.context.repository.recipients(prefix),
                lines=3,
            ),
        )
        form.addRow("Kính gửi:", self._noted(self.to_editor, ("to",), "Kính gửi"))
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

    def _focus_default(self) -> None:
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
        self.editor_note = self._add_note((self.part,), self.editor, label.rstrip(":").lower(), excerpts=True)
        self.body.addWidget(self.editor_note)
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

    def _refresh(self) -> None:
        self.editor.set_first_footnote_number(first_footnote_number(self.report, self.part))

    def focus_path(self, path: str) -> bool:
        if not path_matches(path, self.part):
            return super().focus_path(path)
        match = re.match(rf"{self.part}\[(\d+)\]", path)
        paragraphs = self.paragraphs()
        if match and int(match.group(1)) < len(paragraphs):
            _cursor_to_text(self.editor, paragraphs[int(match.group(1))].plain_text)
        self.editor.setFocus()
        return True

    def _focus_default(self) -> None:
        self.editor.setFocus()

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
        self.body.addWidget(self._noted(self.basis_editor, ("basis",), "căn cứ"))
        self._build_editor("Đoạn mở đầu:")
        self.load(self.report)

    def _load(self, report: Report) -> None:
        self.basis_editor.set_lines(report.basis)
        self._load_paragraphs(report)

    def _set_basis(self, lines: list[str]) -> None:
        self.report.basis[:] = lines


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
        self.editor_label.setWordWrap(True)  # a section title may run to several lines; the window must not widen
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
        self.editor_note = self._add_note(self._in_current_section, self.editor, "nội dung mục", excerpts=True)
        right_layout.addWidget(self.editor_note)

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

    def _refresh(self) -> None:
        self.outline.refresh()
        self.editor.set_section_labels(marker_texts(self.report))
        self.editor.set_first_footnote_number(first_footnote_number(self.report, self.current))
        self._update_labels()

    def _focus_default(self) -> None:
        self.editor.setFocus()

    def focus_path(self, path: str) -> bool:
        """Show the (sub-)section a path points into and put the cursor at the paragraph it names."""
        target, index = block_at_path(self.report, path)
        if target is None or not contains(self.section, target):
            return super().focus_path(path)
        self.show_section(target)
        if index is not None and index < len(target.blocks):
            block = target.blocks[index]
            if isinstance(block, (Paragraph, Bullet)):
                _cursor_to_text(self.editor, block.plain_text)
        self.editor.setFocus()
        return True

    def _in_current_section(self, path: str) -> bool:
        """Whether a finding is about the text in the editor: the shown section's title, paragraphs, tables."""
        return section_at_path(self.report, path) is self.current

    def show_section(self, section: Section) -> None:
        """Edit the text of a section of this page (the page's own or one of its sub-sections)."""
        if not (section is self.current and self._loaded_ids == [id(block) for block in section.blocks]):
            self._show(section)
        self._apply_focus_request()

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
        if self.isVisible():
            self.update_notes()

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
        self.body.addWidget(self._noted(self.recipients_editor, ("recipients",), "nơi nhận"))
        form = QFormLayout()
        self.archive_prefix = QLabel(self)
        self.archive_edit = self._line(self._set_archive, "VT")
        archive_row = QHBoxLayout()
        archive_row.addWidget(self.archive_prefix)
        archive_row.addWidget(self.archive_edit, 1)
        form.addRow("Nơi lưu:", self._noted(archive_row, ("archive",), "nơi lưu", self.archive_edit))
        self.archive_preview = QLabel(self)
        form.addRow("Sẽ in là:", self.archive_preview)
        self.drafter_edit = self._line(self._set_drafter, "ví dụ: PL.(05) — không bắt buộc")
        form.addRow("Người soạn, số bản:", self._noted(self.drafter_edit, ("drafter",), "người soạn, số bản"))
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
        self._refresh()

    def _refresh(self) -> None:
        report = self.report
        self.as_above_note.setVisible(bool(addressees(report)))
        prefix = PROFILE_LAYOUTS[report.profile].archive_prefix
        self.archive_prefix.setText(prefix.strip() + (":" if not prefix.strip().endswith(":") else ""))
        self.archive_preview.setText(archive_line(report.archive, prefix))

    def _focus_default(self) -> None:
        self.recipients_editor.text.setFocus()

    def _set_recipients(self, lines: list[str]) -> None:
        self.report.recipients[:] = lines

    def _set_archive(self, text: str) -> None:
        self.report.archive = " ".join(text.split())
        self._refresh()

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
        form.addRow(
            "Tập thể:", self._noted(collective_row, ("signature.on_behalf_of",), "tập thể", self.on_behalf_edit)
        )

        self.mode_combo = QComboBox(self)
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        form.addRow("Hình thức ký:", self._noted(self.mode_combo, ("signature.mode",), "hình thức ký"))
        self.head_title_edit = self._line(self._set_head_title, "ví dụ: CHỦ TỊCH")
        form.addRow(
            "Chức vụ người đứng đầu:",
            self._noted(self.head_title_edit, ("signature.head_title",), "chức vụ người đứng đầu"),
        )
        self.title_edit = self._line(self._set_title, "ví dụ: PHÓ CHỦ TỊCH")
        form.addRow("Chức vụ người ký:", self._noted(self.title_edit, ("signature.title",), "chức vụ người ký"))
        self.name_edit = self._line(self._set_name, "ví dụ: Nguyễn Văn A (không ghi học hàm, học vị)")
        form.addRow("Họ và tên người ký:", self._noted(self.name_edit, ("signature.name",), "họ và tên người ký"))
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

    def _refresh(self) -> None:
        self._loading = True
        try:
            self._fill_modes()
            self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(self.report.signature.mode)))
        finally:
            self._loading = False
        self._update_preview()

    def _focus_default(self) -> None:
        self.signers_combo.setFocus()

    def _fill_signers(self) -> None:
        self._signers = self.context.repository.signers()
        self.signers_combo.clear()
        self.signers_combo.addItem("— Chọn để điền nhanh —" if self._signers else "(chưa có người ký nào được lưu)")
        prefixes = AUTHORITY_PREFIXES[self.report.profile]
        for signer in self._signers:
            authority = f" ({prefixes[signer.mode]} {signer.head_title or ''})" if signer.mode else ""
            self.signers_combo.addItem(f"{signer.name} – {signer.title}{authority}")

    def _fill_modes(self) -> None:
        prefixes = AUTHORITY_PREFIXES[self.report.profile]
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
        prefixes = AUTHORITY_PREFIXES[self.report.profile]
        return signature_lines(self.report.signature, prefixes).lines

    def _update_preview(self) -> None:
        prefixes = AUTHORITY_PREFIXES[self.report.profile]
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
        "Toàn bộ dàn ý của báo cáo và những chỗ cần xem lại: phải sửa trước khi in, thể thức của bản in, cách viết. "
        "Bấm đúp vào một mục hoặc một dòng để đến đúng chỗ cần sửa."
    )
    exportDocxRequested = Signal()
    exportReportRequested = Signal()
    formatChecked = Signal()
    """The format check of the printed .docx has finished (its findings are in the list)."""

    def __init__(self, spec: PageSpec, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        self.outline = OutlineEditor(self, removed=context.removed, jump=True)
        self.outline.jumpRequested.connect(self.sectionRequested)
        self.outline.changed.connect(self._outline_changed)
        self.outline.notice.connect(self.notice)
        self.problems = QListWidget(self)
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Những chỗ cần xem lại")
        self.problems.itemActivated.connect(self._problem_activated)
        self.problems_label = QLabel(self)
        self.problems_label.setWordWrap(True)
        self.format_label = QLabel(self)
        self.format_label.setWordWrap(True)
        self.format_label.setStyleSheet("color: #505050;")
        self.go_button = QPushButton("Đến chỗ cần sửa", self)
        self.go_button.clicked.connect(self._go_to_selected)
        self.docx_button = QPushButton("Xuất .docx…", self)
        self.docx_button.setToolTip("Ghi báo cáo thành tệp Word để in, ký và gửi đi")
        self.docx_button.clicked.connect(self.exportDocxRequested)
        self.json_button = QPushButton("Xuất .baocao.json…", self)
        self.json_button.setToolTip("Ghi tệp báo cáo để chép sang máy khác hoặc gửi đồng nghiệp")
        self.json_button.clicked.connect(self.exportReportRequested)
        self._format_findings: list[Finding] = []
        self._format_key: str | None = None
        """The report (as its file text) the format findings are about, or are being computed for."""
        self._format_running = False
        self._format_state = ""

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
        right_layout.addWidget(self.format_label)
        right_layout.addWidget(self.go_button)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)  # the findings, often two lines each, get the larger share
        splitter.setChildrenCollapsible(False)
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
        check = check_report(self.report)
        self._show_problems(check)
        self._start_format_check(check)

    def update_notes(self) -> None:
        """The review page lists everything itself (`refresh`); it has no field notes."""
        self._notes_timer.stop()

    def _show_problems(self, check: ReportCheck) -> None:
        specs = page_specs(self.report)

        def where(path: str | None) -> str:
            if not path:
                return "Toàn báo cáo"
            spec = spec_for_path(specs, path)
            return spec.title if spec.name != REVIEW else "Toàn báo cáo"

        self.problems.clear()
        errors = [(f"Thiếu – {where(problem.path)}: {problem.message}", problem.path) for problem in check.errors]
        formats = [(str(finding), finding.path) for finding in self._format_findings]
        writing = [
            (f"{_severity_word(finding)} – {where(finding.path)}: {finding.message} {finding.advice}", finding.path)
            for finding in check.findings
            if not is_reminder(finding)
        ]
        for title, rows in ((GROUP_ERRORS, errors), (GROUP_FORMAT, formats), (GROUP_WRITING, writing)):
            if not rows:
                continue
            heading = QListWidgetItem(f"{title} ({len(rows)})")
            font = QFont(heading.font())
            font.setBold(True)
            heading.setFont(font)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.problems.addItem(heading)
            for text, path in rows:
                item = QListWidgetItem(" ".join(text.split()))
                item.setData(Qt.ItemDataRole.UserRole, path)
                if not path:
                    item.setToolTip("Lưu ý cho cả văn bản: mở tệp Word để xem chỗ này.")
                self.problems.addItem(item)
        if check.errors:
            summary = f"<b>Còn {len(check.errors)} chỗ phải điền trước khi in</b>"
        elif formats or writing:
            summary = "<b>Đã đủ thông tin để in</b>; nên xem lại các ghi chú dưới đây"
        else:
            summary = "<b>Báo cáo đã đủ thông tin, không có gì cần xem lại.</b>"
        for reminder in check.reminders:
            summary += f"<br/>ℹ {html.escape(reminder.message, quote=False)}"
        self.problems_label.setText(summary)
        if self._format_state == FORMAT_CHECKED:
            self.format_label.setText(
                f"Thể thức bản in: {len(formats)} chỗ cần xem (nhóm «{GROUP_FORMAT}»)."
                if formats
                else "Thể thức bản in: không thấy chỗ nào sai quy định."
            )
        else:
            self.format_label.setText(self._format_state)
        self.go_button.setEnabled(any(path for path in self.problem_paths()))

    def problem_paths(self) -> list[str]:
        """The field path of each row of the list, in order ("" for group headings and whole-document notes)."""
        return [self.problems.item(i).data(Qt.ItemDataRole.UserRole) or "" for i in range(self.problems.count())]

    # -- the format check, in the background ---------------------------------------------------

    def _start_format_check(self, check: ReportCheck) -> None:
        """Render and check the .docx off the UI thread, once per content of the report."""
        if check.errors:
            self._format_findings = []
            self._format_key = None
            self._format_state = "Thể thức bản in sẽ được kiểm tra khi đã điền đủ các chỗ bắt buộc."
            self.format_label.setText(self._format_state)
            return
        key = dump_report(self.report)
        if key == self._format_key or self._format_running:
            return  # already checked, or a check runs and starts the next one when it ends
        self._format_key = key
        self._format_running = True
        self._format_state = "Đang kiểm tra thể thức bản in…"
        self.format_label.setText(self._format_state)
        report = copy.deepcopy(self.report)
        run_in_background(
            lambda: (key, format_findings(report)), on_done=self._format_checked, on_error=self._format_failed
        )

    def _format_checked(self, result: tuple[str, list[Finding]]) -> None:
        self._format_running = False
        key, findings = result
        self._format_findings = findings
        self._format_state = FORMAT_CHECKED
        check = check_report(self.report)
        if key == dump_report(self.report):
            self._show_problems(check)
            self.formatChecked.emit()
        else:  # the report changed meanwhile: check what it is now
            self._format_key = None
            self._start_format_check(check)

    def _format_failed(self, error: Exception) -> None:
        self._format_running = False
        self._format_findings = []
        self._format_state = (
            "Chưa kiểm tra được thể thức bản in; hãy xuất tệp Word rồi kiểm tra bằng lệnh «python3 main.py check»."
        )
        self.format_label.setText(self._format_state)
        self.format_label.setToolTip(getattr(error, "__traceback_text__", repr(error)))
        self.formatChecked.emit()

    # -- the rest ------------------------------------------------------------------------------

    def set_exporting(self, busy: bool) -> None:
        self.docx_button.setEnabled(not busy)
        self.json_button.setEnabled(not busy)

    def _focus_default(self) -> None:
        self.outline.tree.setFocus()

    def _outline_changed(self) -> None:
        self.refresh()
        self.edited()

    def _problem_activated(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self.request_jump(path)

    def _go_to_selected(self) -> None:
        item: QListWidgetItem | None = self.problems.currentItem()
        if item is None or not item.data(Qt.ItemDataRole.UserRole):
            item = next(
                (
                    self.problems.item(i)
                    for i in range(self.problems.count())
                    if self.problems.item(i).data(Qt.ItemDataRole.UserRole)
                ),
                None,
            )
        if item is not None:
            self._problem_activated(item)


def _severity_word(finding: Finding) -> str:
    if finding.rule == "writing.review-copied":
        return "Xem lại"
    return "Vi phạm" if finding.severity == "violation" else "Lưu ý"


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
