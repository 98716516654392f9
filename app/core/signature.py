"""The signature block as printed (ô 7 of Nghị định 30, Phụ lục I): authority lines, title, name.

One pure function so that the renderer and the wizard's live preview print the same lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from app.core.model import Profile, Signature

AUTHORITY_PREFIXES: dict[Profile, dict[str, str]] = {
    "state": {"TM": "TM.", "KT": "KT.", "Q": "Q.", "TL": "TL.", "TUQ": "TUQ."},
    "party": {"TM": "T/M", "KT": "K/T", "Q": "Q.", "TL": "T/L", "TUQ": "TUQ."},
}
"""How each profile prints the signing authorities: NĐ 30, Phụ lục I, mục II.7.b; HD 36-HD/VPTW §1.7.1."""

_TYPED_AUTHORITY = re.compile(
    r"^\s*(?P<prefix>(?P<first>[TK])\s*/\s*(?P<second>[MTL])\b\.?|(?P<word>TM|KT|TL|TUQ|Q)\s*[.:]|"
    r"(?P<bare>TM|KT|TL|TUQ|Q)(?=\s))\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_SLASHED = {"TM": "TM", "KT": "KT", "TL": "TL"}


@dataclass(frozen=True, slots=True)
class TypedAuthority:
    """A signing authority typed at the start of a line: `TM. ỦY BAN NHÂN DÂN`, `K/T BÍ THƯ`, `KT CHỦ TỊCH`."""

    key: str
    """TM, KT, Q, TL or TUQ, whichever way it was typed."""
    prefix: str
    """The prefix as typed, spaces removed (`TM.`, `T/M`, `KT:`, `TM`)."""
    rest: str
    """What follows the prefix, spaces at the ends removed."""

    def printed_as(self, profile: Profile) -> bool:
        """Whether the prefix is typed as this profile prints it (`TM.` for state, `T/M` for Party)."""
        return self.prefix.upper() == AUTHORITY_PREFIXES[profile][self.key].upper()


def typed_authority(text: str) -> TypedAuthority | None:
    """The signing authority at the start of `text`, or None (`T/T`, `TRƯỞNG BAN` are none)."""
    match = _TYPED_AUTHORITY.match(text)
    if match is None:
        return None
    if match["first"]:
        key = _SLASHED.get((match["first"] + match["second"]).upper())
        if key is None:
            return None
    else:
        key = (match["word"] or match["bare"]).upper()
    return TypedAuthority(key, re.sub(r"\s+", "", match["prefix"]), match["rest"].strip())


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
    (`TM.`/`T/M` …, AUTHORITY_PREFIXES)."""
    authority = []
    if signature.on_behalf_of and signature.on_behalf_of.strip():
        authority.append(f"{authority_prefixes['TM']} {signature.on_behalf_of.strip().upper()}")
    if signature.mode and signature.head_title and signature.head_title.strip():
        authority.append(f"{authority_prefixes[signature.mode]} {signature.head_title.strip().upper()}")
    title = signature.title.strip().upper()
    # "Q. GIÁM ĐỐC" already names the title the signer holds; it is not printed twice.
    shown_title = title if title and not (authority and authority[-1].endswith(f" {title}")) else None
    return SignatureLines(authority, shown_title, " ".join(signature.name.split()))
