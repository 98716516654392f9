"""What an import produces: the report, the notes shown to the user before saving, and the refusal error.

Shared by every importer (.docx, .doc, plain text) and by the two places that show an import: the command line
(`main.py drafts import`) and the program's "Nhập từ Word" dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from app.core.model import Report

NoteKind: TypeAlias = Literal["recognised", "guessed", "check"]
"""đã nhận ra / đoán / cần kiểm tra."""

NOTE_KINDS: tuple[NoteKind, ...] = ("recognised", "guessed", "check")
NOTE_HEADINGS: dict[NoteKind, str] = {
    "recognised": "Đã nhận ra",
    "guessed": "Đã đoán (nên xem lại)",
    "check": "Cần kiểm tra",
}


@dataclass(frozen=True, slots=True)
class ImportNote:
    """One decision of the importer, in one Vietnamese sentence, with the field it concerns when there is one."""

    kind: NoteKind
    message: str
    path: str | None = None

    def to_data(self) -> dict[str, object]:
        return {"kind": self.kind, "message": self.message, "path": self.path}


@dataclass(slots=True)
class ImportResult:
    """An imported report, complete enough to be saved as a draft, and what the importer noticed on the way."""

    report: Report
    notes: list[ImportNote]
    source: str

    def notes_of(self, kind: NoteKind) -> list[ImportNote]:
        return [note for note in self.notes if note.kind == kind]

    def summary(self) -> str:
        """A short Vietnamese report: what was recognised, guessed and what needs checking, grouped."""
        lines = [f"Nhập tệp {self.source}:"]
        for kind in NOTE_KINDS:
            notes = self.notes_of(kind)
            if not notes:
                continue
            lines.append(f"{NOTE_HEADINGS[kind]} ({len(notes)}):")
            lines.extend(f"  - {note.message}" for note in notes)
        if len(lines) == 1:
            lines.append("Không nhận ra phần nào của báo cáo; toàn bộ nội dung được giữ thành các đoạn văn.")
        return "\n".join(lines)

    def to_data(self) -> dict[str, object]:
        counts = {kind: len(self.notes_of(kind)) for kind in NOTE_KINDS}
        return {
            "source": self.source,
            "counts": counts,
            "notes": [note.to_data() for note in self.notes],
        }


class ImportRefused(Exception):
    """A file that cannot be imported; str(error) is a Vietnamese message saying why and what to do."""
