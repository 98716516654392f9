"""The outline of a report's sections: add, rename, delete, move up/down, indent and outdent.

It edits the model's own lists in place (`report.sections`, `section.blocks`): a sub-section is
a block among the paragraphs of its parent, so moving one never disturbs the text around it.
Sections are compared by identity, never with `==` (two empty "Mục mới" are equal dataclasses).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.kinds import MAX_SECTION_DEPTH
from app.core.model import Block, Report, Section
from app.core.numbering import numbered_sections
from app.core.rollforward import needs_review
from app.core.text import clean_input
from app.ui.common import confirm

NEW_SECTION_TITLE = "Mục mới"
_SECTION_ROLE = Qt.ItemDataRole.UserRole


def section_labels(report: Report) -> dict[int, str]:
    """`id(section)` → its printed label (`I.`, `1.`, `a)`, `-`, or "" when unnumbered)."""
    return {id(numbered.section): numbered.label or "" for numbered in numbered_sections(report.sections)}


def section_height(section: Section) -> int:
    """Levels in a section's subtree: 1 for a section without sub-sections."""
    return 1 + max((section_height(child) for child in section.subsections()), default=0)


def has_content(section: Section) -> bool:
    return bool(section.blocks)


def _index(container: list[Block] | list[Section], section: Section) -> int:
    return next(i for i, block in enumerate(container) if block is section)


@dataclass
class Location:
    """Where a section sits: its parent (None at the top level), the list holding it, its depth."""

    parent: Section | None
    container: list[Block] | list[Section]
    depth: int

    @property
    def siblings(self) -> list[Section]:
        return [block for block in self.container if isinstance(block, Section)]


def locate(report: Report, target: Section) -> Location | None:
    """The location of a section in the report's tree, by identity; None when it is not there."""

    def search(parent: Section | None, container: list[Block] | list[Section], depth: int) -> Location | None:
        for block in container:
            if not isinstance(block, Section):
                continue
            if block is target:
                return Location(parent, container, depth)
            found = search(block, block.blocks, depth + 1)
            if found is not None:
                return found
        return None

    return search(None, report.sections, 1)


def contains(ancestor: Section, target: Section) -> bool:
    """Whether `target` is `ancestor` or inside it."""
    return ancestor is target or any(contains(child, target) for child in ancestor.subsections())


@dataclass
class RemovedSections:
    """Sections deleted in the outline, newest last, so «Hoàn tác» can put them back.

    Shared by every outline of one wizard window: a top-level section deleted on its own page can be
    restored from any page.
    """

    entries: list[tuple[Section | None, int, Section]] = field(default_factory=list)

    def push(self, parent: Section | None, index: int, section: Section) -> None:
        self.entries.append((parent, index, section))

    def restore_last(self, report: Report) -> Section | None:
        """Put the last deleted section back where it was (or at the end of the top level if its
        parent is gone too); returns it, or None when there is nothing to restore."""
        if not self.entries:
            return None
        parent, index, section = self.entries.pop()
        container: list[Block] | list[Section] = report.sections
        if parent is not None and locate(report, parent) is not None:
            container = parent.blocks
        container.insert(min(index, len(container)), section)
        return section


class OutlineEditor(QWidget):
    """A tree of sections with the buttons that change it.

    With a `root`, only that section and what is inside it are shown (a section page); without,
    the whole report (the review page). Operations still act on the real tree, so moving the root
    reorders the report's top-level sections.
    """

    changed = Signal()
    sectionSelected = Signal(object)
    jumpRequested = Signal(object)
    """A section the officer wants to edit (double-click or «Sửa mục này»; only with `jump=True`)."""
    notice = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        removed: RemovedSections | None = None,
        jump: bool = False,
    ) -> None:
        super().__init__(parent)
        self.report: Report | None = None
        self.root: Section | None = None
        self.removed = removed if removed is not None else RemovedSections()
        self._sections: dict[int, Section] = {}
        self._items: dict[int, QTreeWidgetItem] = {}
        self._rebuilding = False
        self._jump_enabled = jump

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Số", "Tiêu đề mục", "Ghi chú"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.tree.setAccessibleName("Dàn ý các mục")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.itemDoubleClicked.connect(self._double_clicked)

        def button(text: str, tip: str, slot: object) -> QPushButton:
            made = QPushButton(text, self)
            made.setToolTip(tip)
            made.clicked.connect(slot)
            return made

        self.add_button = button("Thêm mục", "Thêm một mục ngang cấp, ngay sau mục đang chọn", self.add_section)
        self.add_child_button = button("Thêm mục con", "Thêm một mục con vào cuối mục đang chọn", self.add_subsection)
        self.rename_button = button("Đổi tên", "Sửa tiêu đề mục đang chọn (hoặc bấm F2)", self.start_rename)
        self.delete_button = button("Xóa", "Xóa mục đang chọn cùng nội dung của nó", self.delete_section)
        self.undo_button = button("Hoàn tác xóa", "Đưa mục vừa xóa trở lại chỗ cũ", self.undo_delete)
        self.up_button = button("Lên", "Đưa mục lên trên mục đứng trước", self.move_up)
        self.down_button = button("Xuống", "Đưa mục xuống dưới mục đứng sau", self.move_down)
        self.indent_button = button("Thụt vào", "Biến mục thành mục con của mục đứng trước", self.indent)
        self.outdent_button = button("Lùi ra", "Đưa mục con ra ngang cấp với mục chứa nó", self.outdent)
        self.jump_button = button("Sửa mục này", "Mở trang soạn nội dung của mục đang chọn", self._jump)
        self.jump_button.setVisible(jump)

        first_row = QHBoxLayout()
        for made in (self.add_button, self.add_child_button, self.rename_button, self.delete_button, self.undo_button):
            first_row.addWidget(made)
        first_row.addStretch(1)
        second_row = QHBoxLayout()
        for made in (self.up_button, self.down_button, self.indent_button, self.outdent_button, self.jump_button):
            second_row.addWidget(made)
        second_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(first_row)
        layout.addLayout(second_row)
        self._update_buttons()

    # -- showing -------------------------------------------------------------------------------

    def set_report(self, report: Report, root: Section | None = None) -> None:
        self.report = report
        self.root = root
        self.refresh()
        if root is not None:
            self.select(root)

    def refresh(self) -> None:
        """Rebuild the tree from the model, keeping the selection when the section still exists."""
        if self.report is None:
            return
        current = self.current_section()
        labels = section_labels(self.report)
        self._rebuilding = True
        try:
            self.tree.clear()
            self._sections.clear()
            self._items.clear()
            shown = [self.root] if self.root is not None else self.report.sections
            for section in shown:
                self._add_item(self.tree.invisibleRootItem(), section, labels)
            self.tree.expandAll()
        finally:
            self._rebuilding = False
        if current is not None and id(current) in self._items:
            self.select(current)
        elif self.root is not None:
            self.select(self.root)
        self._update_buttons()

    def _add_item(self, parent: QTreeWidgetItem, section: Section, labels: dict[int, str]) -> None:
        item = QTreeWidgetItem(parent)
        item.setText(0, labels.get(id(section), ""))
        item.setText(1, " ".join(section.title.split()))
        notes = []
        if not section.blocks:
            notes.append("chưa có nội dung")
        if needs_review(section):
            notes.append("cần rà soát")
        item.setText(2, "; ".join(notes))
        item.setToolTip(1, section.title)
        item.setData(0, _SECTION_ROLE, id(section))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self._sections[id(section)] = section
        self._items[id(section)] = item
        for child in section.subsections():
            self._add_item(item, child, labels)

    def sections(self) -> Iterator[Section]:
        """The sections shown, in tree order."""
        yield from self._sections.values()

    def current_section(self) -> Section | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return self._sections.get(item.data(0, _SECTION_ROLE))

    def select(self, section: Section) -> None:
        item = self._items.get(id(section))
        if item is not None:
            self.tree.setCurrentItem(item, 1)

    def item_for(self, section: Section) -> QTreeWidgetItem | None:
        return self._items.get(id(section))

    # -- operations ----------------------------------------------------------------------------

    def add_section(self) -> Section | None:
        """A new section after the selected one, at the same level (at the end when none is selected)."""
        if self.report is None:
            return None
        new = Section(title=NEW_SECTION_TITLE)
        current = self.current_section()
        location = locate(self.report, current) if current is not None else None
        if current is None or location is None:
            if self.root is not None:
                self.root.blocks.append(new)
            else:
                self.report.sections.append(new)
        else:
            location.container.insert(_index(location.container, current) + 1, new)
        self._after_change(new, rename=True)
        return new

    def add_subsection(self) -> Section | None:
        """A new sub-section at the end of the selected section."""
        if self.report is None:
            return None
        current = self.current_section()
        if current is None:
            return self.add_section()
        location = locate(self.report, current)
        if location is not None and location.depth >= MAX_SECTION_DEPTH:
            self.notice.emit(f"Không thêm được mục con: mục chỉ lồng tối đa {MAX_SECTION_DEPTH} cấp (I., 1., a), -).")
            return None
        new = Section(title=NEW_SECTION_TITLE)
        current.blocks.append(new)
        self._after_change(new, rename=True)
        return new

    def start_rename(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.tree.editItem(item, 1)

    def rename(self, section: Section, title: str) -> None:
        cleaned, note = clean_input(title)
        cleaned = " ".join(cleaned.split())
        if note:
            self.notice.emit(note)
        if not cleaned or cleaned == section.title:
            self.refresh()
            return
        section.title = cleaned
        self._after_change(section)

    def delete_section(self) -> bool:
        """Delete the selected section after confirming when it holds text; «Hoàn tác xóa» restores it."""
        selected = self._selected()
        if selected is None:
            return False
        section, location = selected
        if has_content(section):
            paragraphs = sum(1 for block in section.blocks if not isinstance(block, Section))
            children = len(section.subsections())
            parts = [f"{paragraphs} đoạn"] if paragraphs else []
            parts += [f"{children} mục con"] if children else []
            question = (
                f"Xóa mục «{' '.join(section.title.split())}» cùng toàn bộ nội dung của nó ({', '.join(parts)})?\n\n"
                "Có thể lấy lại ngay bằng nút «Hoàn tác xóa»; các bản đã lưu trước vẫn còn trong lịch sử bản nháp."
            )
            if not confirm(self, "Xóa mục", question, yes="Xóa mục", no="Không xóa"):
                return False
        index = _index(location.container, section)
        del location.container[index]
        self.removed.push(location.parent, index, section)
        siblings_after = location.siblings
        follow: Section | None = None
        if siblings_after:
            follow = next(
                (s for s in siblings_after if _index(location.container, s) >= index),
                siblings_after[-1],
            )
        elif location.parent is not None:
            follow = location.parent
        self._after_change(follow)
        return True

    def undo_delete(self) -> Section | None:
        if self.report is None:
            return None
        restored = self.removed.restore_last(self.report)
        if restored is not None:
            self._after_change(restored)
        return restored

    def move_up(self) -> bool:
        return self._move(-1)

    def move_down(self) -> bool:
        return self._move(+1)

    def _move(self, step: int) -> bool:
        """Swap with the neighbouring sibling section; the paragraphs between them stay in place."""
        selected = self._selected()
        if selected is None:
            return False
        section, location = selected
        siblings = location.siblings
        position = next(i for i, s in enumerate(siblings) if s is section)
        target = position + step
        if not 0 <= target < len(siblings):
            return False
        other = siblings[target]
        container = location.container
        mine, theirs = _index(container, section), _index(container, other)
        container[mine], container[theirs] = other, section
        self._after_change(section)
        return True

    def indent(self) -> bool:
        """Make the selected section the last sub-section of the section before it."""
        selected = self._selected()
        if selected is None:
            return False
        section, location = selected
        siblings = location.siblings
        position = next(i for i, s in enumerate(siblings) if s is section)
        if position == 0:
            self.notice.emit("Không thụt vào được: trước mục này không có mục nào cùng cấp để làm mục cha.")
            return False
        if location.depth + section_height(section) > MAX_SECTION_DEPTH:
            self.notice.emit(f"Không thụt vào được: mục chỉ lồng tối đa {MAX_SECTION_DEPTH} cấp (I., 1., a), -).")
            return False
        new_parent = siblings[position - 1]
        del location.container[_index(location.container, section)]
        new_parent.blocks.append(section)
        self._after_change(section)
        return True

    def outdent(self) -> bool:
        """Make the selected sub-section a sibling of its parent, right after it."""
        selected = self._selected()
        if selected is None:
            return False
        section, location = selected
        if location.parent is None:
            self.notice.emit("Không lùi ra được: đây đã là mục lớn nhất (I., II., …).")
            return False
        parent = location.parent
        parent_location = self._locate(parent)
        if parent_location is None:
            return False
        del location.container[_index(location.container, section)]
        parent_location.container.insert(_index(parent_location.container, parent) + 1, section)
        if self.root is not None and not contains(self.root, section):
            self.notice.emit(f"Mục «{section.title}» đã thành một mục lớn, có trang riêng trong danh sách bên trái.")
        self._after_change(section)
        return True

    # -- internals -----------------------------------------------------------------------------

    def _selected(self) -> tuple[Section, Location] | None:
        """The selected section and where it sits in the report; None when nothing (present) is selected."""
        section = self.current_section()
        location = self._locate(section) if section is not None else None
        return (section, location) if section is not None and location is not None else None

    def _locate(self, section: Section) -> Location | None:
        return locate(self.report, section) if self.report is not None else None

    def _after_change(self, select: Section | None, *, rename: bool = False) -> None:
        self.refresh()
        if select is not None and id(select) in self._items:
            self.select(select)
        self.changed.emit()
        if rename and select is not None:
            item = self._items.get(id(select))
            if item is not None:
                self.tree.editItem(item, 1)

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        self._update_buttons()
        if self._rebuilding or current is None:
            return
        section = self._sections.get(current.data(0, _SECTION_ROLE))
        if section is not None:
            self.sectionSelected.emit(section)

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._rebuilding or column != 1:
            return
        section = self._sections.get(item.data(0, _SECTION_ROLE))
        if section is not None:
            self.rename(section, item.text(1))

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        section = self._sections.get(item.data(0, _SECTION_ROLE))
        if section is not None and self._jump_enabled:
            self.jumpRequested.emit(section)

    def _jump(self) -> None:
        section = self.current_section()
        if section is not None:
            self.jumpRequested.emit(section)

    def _update_buttons(self) -> None:
        selected = self.current_section() is not None
        for made in (
            self.add_child_button,
            self.rename_button,
            self.delete_button,
            self.up_button,
            self.down_button,
            self.indent_button,
            self.outdent_button,
            self.jump_button,
        ):
            made.setEnabled(selected)
        self.undo_button.setEnabled(bool(self.removed.entries))
