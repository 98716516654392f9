"""Full-text search over drafts, insensitive to case and diacritics including đ/Đ.

The repository stores folded copies of a draft's text (db.models.Draft.search_*); SQLite indexes them
with FTS5, PostgreSQL with a weighted tsvector. Queries are folded by the same function, so
`dang uy` finds `Đảng ủy` on both. Snippets are cut from the original text and highlighted at the
positions found in the folded text (folding keeps every character in place).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.core.model import Report
from app.core.text import fold_for_search

SNIPPET_WIDTH = 160
_WORD = re.compile(r"\w+")
_PHRASE = re.compile(r'"([^"]*)"')


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A parsed search: quoted phrases and single words, all of which must occur."""

    phrases: tuple[tuple[str, ...], ...]
    words: tuple[str, ...]
    """Single words; the last one typed is matched as a prefix (search as you type)."""
    prefix_phrase: bool = False
    """The last phrase's last word is a prefix: the words typed side by side, still being typed."""

    def side_by_side(self) -> SearchQuery | None:
        """For several unquoted words: the same words standing together, in order (ranked first)."""
        if self.phrases or len(self.words) < 2:
            return None
        return SearchQuery((self.words,), (), prefix_phrase=True)

    @property
    def is_empty(self) -> bool:
        return not self.phrases and not self.words

    @property
    def terms(self) -> list[str]:
        return [word for phrase in self.phrases for word in phrase] + list(self.words)

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every phrase and word must occur."""
        parts = ['"' + " ".join(phrase) + '"' for phrase in self.phrases]
        if self.prefix_phrase and parts:
            parts[-1] += "*"
        parts += [f'"{word}"' for word in self.words[:-1]]
        if self.words:
            parts.append(f'"{self.words[-1]}"*')
        return " AND ".join(parts)

    def tsquery(self) -> str:
        """A PostgreSQL to_tsquery expression with the same meaning."""
        parts = [" <-> ".join(phrase) for phrase in self.phrases]
        if self.prefix_phrase and parts:
            parts[-1] += ":*"
        parts += list(self.words[:-1])
        if self.words:
            parts.append(f"{self.words[-1]}:*")
        return " & ".join(f"({part})" for part in parts)


def parse_query(query: str) -> SearchQuery:
    """`"dân vận khéo" tra tay` → the phrase "dan van kheo" and the words tra, tay (folded)."""
    folded = fold_for_search(query)
    phrases = [tuple(_WORD.findall(match)) for match in _PHRASE.findall(folded)]
    rest = _PHRASE.sub(" ", folded).replace('"', " ")
    words = tuple(_WORD.findall(rest))
    return SearchQuery(tuple(phrase for phrase in phrases if phrase), words)


def search_columns(report: Report, title: str, data: dict[str, Any]) -> dict[str, str]:
    """The folded text a draft is found by, per weighted column (`data`: the report's file data)."""
    people = [
        report.issuer.parent or "",
        report.issuer.name,
        *report.to,
        *report.recipients,
        report.signature.on_behalf_of or "",
        report.signature.title,
        report.signature.name,
    ]
    return {
        "search_title": fold_for_search(title),
        "search_summary": fold_for_search(report.summary or ""),
        "search_body": fold_for_search(body_text(data)),
        "search_people": fold_for_search("\n".join(p for p in people if p)),
    }


# Keys of report-file data that hold no body text (or text indexed in another column).
_NOT_TEXT = frozenset(
    {"format", "profile", "kind", "type", "role", "number", "numbered", "date", "x"}
    | {"issuer", "signature", "recipients", "to", "summary", "archive", "drafter"}
)


def body_text(data: Any) -> str:
    """All the readable text of report-file data, in document order, one piece per line."""
    pieces: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if value:
                pieces.append(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in _NOT_TEXT:
                    walk(item)

    walk(data)
    return "\n".join(pieces)


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str
    highlights: tuple[tuple[int, int], ...]
    """(start, end) character offsets in `text` of the words that matched."""

    def marked(self, before: str = "[", after: str = "]") -> str:
        parts, position = [], 0
        for start, end in self.highlights:
            parts += [self.text[position:start], before, self.text[start:end], after]
            position = end
        parts.append(self.text[position:])
        return "".join(parts)


_WHITESPACE = str.maketrans({"\n": " ", "\t": " ", "\r": " "})


def make_snippet(texts: Sequence[tuple[str, str | None]], query: SearchQuery, width: int = SNIPPET_WIDTH) -> Snippet:
    """A window of the text where the query matches best, every matched word highlighted.

    `texts` are (original, folded) pairs; the folded text may be given (the stored search column)
    or None to fold here. Best is the query's words side by side in order (`Đảng ủy` for
    `dang uy`); failing that, the text matching the most different words, centred on its first match.
    """
    terms = query.terms
    if not texts:
        return Snippet("", ())
    last = len(terms) - 1
    patterns = [
        re.compile(r"\b" + re.escape(term) + (r"\w*" if index == last else r"\b")) for index, term in enumerate(terms)
    ]
    together = re.compile(r"\b" + r"\W+".join(re.escape(term) for term in terms) + r"\w*") if terms else None
    best: tuple[int, int, int] | None = None  # (-distinct terms, text index, centre)
    folded_texts = []
    for index, (original, folded) in enumerate(texts):
        if folded is None or len(folded) != len(original):
            folded = fold_for_search(original)
        folded_texts.append(folded)
        side_by_side = together.search(folded) if together else None
        if side_by_side:
            best = (-len(terms) - 1, index, side_by_side.start())
            break
        hits = [match.start() for match in (pattern.search(folded) for pattern in patterns) if match]
        if hits and (best is None or (-len(hits), index) < best[:2]):
            best = (-len(hits), index, min(hits))
    if best is None:
        return Snippet(" ".join(texts[0][0][: width * 2].split())[:width], ())
    _, index, centre = best
    original, folded = texts[index][0], folded_texts[index]
    start = max(0, centre - width // 3)
    if start:
        start = original.find(" ", start) + 1 or start
    end = min(len(original), start + width)
    if end < len(original) and original.rfind(" ", start, end) > centre:
        end = original.rfind(" ", start, end)
    spans = sorted((m.start(), m.end()) for pattern in patterns for m in pattern.finditer(folded, start, end))
    prefix = "…" if start else ""
    suffix = "…" if end < len(original) else ""
    offset = len(prefix) - start
    highlights = tuple((s + offset, e + offset) for s, e in _merge(spans))
    # Line breaks become spaces: the same length, so the highlights stay in place.
    return Snippet(prefix + original[start:end].translate(_WHITESPACE) + suffix, highlights)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet_texts(content: str) -> list[str]:
    """The original texts of a stored draft in the order snippets are looked for: the trích yếu and
    the body (whose folded forms are the search_summary and search_body columns), then the people."""
    data = json.loads(content)
    people = [data.get("issuer", {}).get("name", ""), *data.get("to", []), *data.get("recipients", [])]
    signature = data.get("signature") or {}
    people += [signature.get("title") or "", signature.get("name") or ""]
    return [data.get("summary") or "", body_text(data), "\n".join(p for p in people if p)]
