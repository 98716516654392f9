"""The signature block as printed (ô 7 of Nghị định 30, Phụ lục I): authority lines, title, name.

One pure function so that the renderer and the wizard's live preview print the same lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.model import Signature


@dataclass(frozen=True, slots=True)
class SignatureLines:
    """What the signer's cell prints, top to bottom; the space to sign comes before `name`."""

    authority: list[str]
    """`TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH` (Party: `T/M …`, `K/T …`, `T/L …`), in that order."""
    title: str | None
    """The signer's own title; None when the last authority line already names it (`Q. GIÁM ĐỐC`)."""
    name: str

    @property
    def lines(self) -> list[str]:
        return [*self.authority, *([self.title] if self.title else []), self.name]


def signature_lines(signature: Signature, authority_prefixes: Mapping[str, str]) -> SignatureLines:
    """The printed signature block; `authority_prefixes` maps TM, KT, Q, TL, TUQ to the profile's prefixes
    (`TM.`/`T/M` …, app.render.docx.PROFILE_LAYOUTS)."""
    authority = []
    if signature.on_behalf_of and signature.on_behalf_of.strip():
        authority.append(f"{authority_prefixes['TM']} {signature.on_behalf_of.strip().upper()}")
    if signature.mode and signature.head_title and signature.head_title.strip():
        authority.append(f"{authority_prefixes[signature.mode]} {signature.head_title.strip().upper()}")
    title = signature.title.strip().upper()
    # "Q. GIÁM ĐỐC" already names the title the signer holds; it is not printed twice.
    shown_title = title if title and not (authority and authority[-1].endswith(f" {title}")) else None
    return SignatureLines(authority, shown_title, " ".join(signature.name.split()))
