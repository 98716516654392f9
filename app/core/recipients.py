"""The Kính gửi, căn cứ and Nơi nhận lines as printed (Nghị định 30, Phụ lục I, mục II.9).

One set of rules, so that the renderer, the wizard's preview and the address book agree on what
a line is and on when «Như trên» is printed.
"""

from __future__ import annotations

from app.core.model import Report

AS_ABOVE = "Như trên"
"""The first Nơi nhận line whenever there is a Kính gửi: it stands for the addressees."""
DEFAULT_ARCHIVE = "VT"


def list_item(text: str) -> str:
    """A Nơi nhận or căn cứ line without the dash and end punctuation the renderer adds itself."""
    text = " ".join(text.split())
    if text.startswith("-"):
        text = text[1:].lstrip()
    return text.rstrip(";.,").rstrip()


def addressees(report: Report) -> list[str]:
    """The Kính gửi lines as printed: blank ones left out."""
    return [" ".join(line.split()) for line in report.to if line.strip()]


def is_as_above(line: str) -> bool:
    """Whether a line is «Như trên» (however it was typed: `- như trên;`)."""
    return list_item(line).casefold() == AS_ABOVE.casefold()


def recipient_lines(report: Report) -> list[str]:
    """The Nơi nhận lines as printed, without dash and punctuation; «Như trên» first when there is a Kính gửi."""
    lines = [list_item(line) for line in report.recipients if line.strip()]
    if addressees(report):
        lines = [AS_ABOVE, *(line for line in lines if line.casefold() != AS_ABOVE.casefold())]
    return lines


def archive_line(archive: str, prefix: str) -> str:
    """The last Nơi nhận line: `- Lưu: VT.` (Party documents: `- Lưu Văn phòng.`); `prefix` is the profile's
    (`Lưu: ` or `Lưu `, app.render.docx.PROFILE_LAYOUTS)."""
    return f"- {prefix}{list_item(archive) or DEFAULT_ARCHIVE}."
