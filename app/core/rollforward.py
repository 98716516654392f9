"""Reusing last period's report: move its reporting periods forward and list every change.

`roll_forward` copies a report, rewrites the period phrases officers write ("năm 2023",
"6 tháng đầu năm 2023", "quý III năm 2023", "tháng 7 năm 2023") by one common shift, clears
the number and the date, and marks every section "cần rà soát". Nothing changes that is not
in the returned list of replacements, so the wizard can show the officer each one.

Never touched: year ranges ("giai đoạn 2021-2025"), full dates ("ngày 18/5/2023",
"ngày 05 tháng 6 năm 2023"), citations of other documents ("Công văn số 1444/UBND-NV ngày
18/5/2023", "Luật Thực hiện dân chủ ở cơ sở năm 2022"), footnotes, căn cứ, issuer, signature
and recipients. A year that is not in a period phrase ("đến 2023") is left alone: better to
miss a change the officer will see than to make one nobody asked for.

Text is expected in NFC, as `report_file` reads it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from app.core.model import Bullet, Footnote, Inline, Paragraph, Report, Section, Span, Table, walk_sections
from app.core.report_file import MAX_YEAR, MIN_YEAR

PeriodKind: TypeAlias = Literal["year", "half", "quarter", "nine-months", "month"]

PERIODS_PER_YEAR: dict[str, int] = {"year": 1, "half": 2, "quarter": 4, "nine-months": 1, "month": 12}
_MONTHS_PER_PERIOD: dict[str, int] = {"half": 6, "quarter": 3, "month": 1}
"""Kinds that can move by a number of months; years and nine-month periods move by whole years."""

_ROMAN = ("I", "II", "III", "IV")

REVIEW_KEY = "can_ra_soat"
"""Extension key (`section.x`) marking a section the officer has not yet confirmed after a roll-forward."""


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period: a year, a half (6 tháng đầu/cuối năm), a quarter, the first nine months or a month."""

    kind: PeriodKind
    index: int
    year: int

    def __post_init__(self) -> None:
        if self.kind not in PERIODS_PER_YEAR:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if not 1 <= self.index <= PERIODS_PER_YEAR[self.kind]:
            raise ValueError(f"a {self.kind} period has no index {self.index}")

    def shifted(self, steps: int) -> Period:
        """The period `steps` periods of its own kind later (earlier when negative)."""
        per_year = PERIODS_PER_YEAR[self.kind]
        year, position = divmod(self.year * per_year + self.index - 1 + steps, per_year)
        return Period(self.kind, position + 1, year)

    @property
    def first_month(self) -> int:
        """Months from year 0 to the period's first month, to measure shifts between kinds."""
        return self.year * 12 + (self.index - 1) * (12 // PERIODS_PER_YEAR[self.kind])

    def phrase(self) -> str:
        """The period as officers write it: `6 tháng đầu năm 2024`, `quý III năm 2023`."""
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        if self.kind == "quarter":
            return f"quý {_ROMAN[self.index - 1]} năm {self.year}"
        if self.kind == "nine-months":
            return f"9 tháng đầu năm {self.year}"
        if self.kind == "month":
            return f"tháng {self.index} năm {self.year}"
        return f"năm {self.year}"


PERIOD_CHOICES: dict[str, tuple[PeriodKind, int]] = {
    "nam": ("year", 1),
    "6-thang-dau": ("half", 1),
    "6-thang-cuoi": ("half", 2),
    **{f"quy-{quarter}": ("quarter", quarter) for quarter in range(1, 5)},
    "9-thang": ("nine-months", 1),
    **{f"thang-{month}": ("month", month) for month in range(1, 13)},
}
"""Command-line values of `drafts clone --period` → (kind, index) of the target period."""


def period_label(key: str) -> str:
    """The Vietnamese name of a PERIOD_CHOICES key: `quy-3` → `Quý III`, `nam` → `Cả năm`."""
    kind, index = PERIOD_CHOICES[key]
    if kind == "year":
        return "Cả năm"
    if kind == "half":
        return "6 tháng đầu năm" if index == 1 else "6 tháng cuối năm"
    if kind == "quarter":
        return f"Quý {_ROMAN[index - 1]}"
    if kind == "nine-months":
        return "9 tháng đầu năm"
    return f"Tháng {index}"


def period_choice(kind: PeriodKind, index: int) -> str:
    """The PERIOD_CHOICES key of a kind of period: ("quarter", 3) → `quy-3`."""
    return next(key for key, choice in PERIOD_CHOICES.items() if choice == (kind, index))


@dataclass(frozen=True, slots=True)
class Replacement:
    """One period phrase rewritten by a roll-forward, for the officer's review list."""

    path: str
    """Where in the report file: `summary`, `sections[1].title`, `sections[0].blocks[3].text[0]`, `closing[0]`."""
    before: str
    after: str
    context: str
    """At most 80 characters of the text around the phrase, after the replacement."""


@dataclass(frozen=True, slots=True)
class RollForward:
    """The result of reusing a report: a new report and every replacement made in it."""

    report: Report
    replacements: list[Replacement]
    source: Period | None
    """The period detected in the old report; None when nothing was found (a year was assumed)."""
    target: Period


_PATH_STEP = re.compile(r"(?P<name>[a-z]+)(?P<indexes>(?:\[\d+\])*)")
_SHORT_TITLE = 30


def _short(title: str) -> str:
    flat = " ".join(title.split())
    return flat if len(flat) <= _SHORT_TITLE else flat[: _SHORT_TITLE - 1].rstrip() + "…"


def describe_location(report: Report, path: str) -> str:
    """A replacement's place in words an officer recognises: `Mục «Kết quả» › đoạn 2` for
    `sections[2].blocks[1]`. Falls back to the path itself for anything unexpected."""
    try:
        return _describe(report, path)
    except (IndexError, AttributeError, ValueError):
        return path


def _describe(report: Report, path: str) -> str:
    parts: list[str] = []
    node: Any = report
    for token in path.split("."):
        match = _PATH_STEP.fullmatch(token)
        if match is None:
            raise ValueError(path)
        name = match.group("name")
        indexes = [int(i) for i in re.findall(r"\d+", match.group("indexes"))]
        first = indexes[0] if indexes else None
        if name == "text":
            continue
        if node is report and name == "title":
            parts.append("Tiêu đề văn bản")
        elif node is report and name == "summary":
            parts.append("Trích yếu")
        elif node is report and name in ("opening", "closing") and first is not None:
            parts.append(f"{'Mở đầu' if name == 'opening' else 'Phần kết'}, đoạn {first + 1}")
        elif name == "appendices" and first is not None:
            node = report.appendices[first]
            parts.append(f"Phụ lục {first + 1}")
        elif name == "sections" and first is not None:
            node = node.sections[first]
            parts.append(f"Mục «{_short(node.title)}»")
        elif name == "title":
            parts.append("tên mục" if isinstance(node, Section) else "tên phụ lục")
        elif name == "blocks" and first is not None:
            node = node.blocks[first]
            if isinstance(node, Section):
                parts.append(f"Mục «{_short(node.title)}»")
            elif isinstance(node, Paragraph):
                parts.append(f"đoạn {first + 1}")
            elif isinstance(node, Bullet):
                parts.append(f"gạch đầu dòng {first + 1}")
            elif isinstance(node, Table):
                parts.append("bảng")
        elif name == "caption":
            parts.append("tên bảng")
        elif name == "header" and len(indexes) == 2:
            parts.append(f"dòng tiêu đề, cột {indexes[1] + 1}")
        elif name == "rows" and len(indexes) == 2:
            parts.append(f"hàng {indexes[0] + 1}, cột {indexes[1] + 1}")
        else:
            raise ValueError(path)
    return " › ".join(parts) if parts else path


# ---------------------------------------------------------------------------------------------
# Finding period phrases

_SPACE = r"\s+"
_YEAR = r"(?<!\d)(?P<year>\d{4})(?!\d)"


def _phrase_patterns(year_optional: bool) -> tuple[tuple[PeriodKind, re.Pattern[str]], ...]:
    """One pattern per kind; with `year_optional`, "6 tháng đầu năm" without a year counts too (detection only)."""
    year = f"(?:{_SPACE}{_YEAR})?" if year_optional else f"{_SPACE}{_YEAR}"
    quarter_year = (
        rf"(?:(?:{_SPACE}năm{_SPACE}|\s*/\s*){_YEAR}|(?!\w))"
        if year_optional
        else rf"(?:{_SPACE}năm{_SPACE}|\s*/\s*){_YEAR}"
    )
    flags = re.IGNORECASE
    return (
        (
            "half",
            re.compile(
                rf"\b(?:6|06|sáu){_SPACE}(?P<month_word>tháng)(?:{_SPACE}(?P<half>đầu|cuối))?{_SPACE}năm{year}", flags
            ),
        ),
        ("nine-months", re.compile(rf"\b(?:9|09|chín){_SPACE}tháng(?:{_SPACE}đầu)?{_SPACE}năm{year}", flags)),
        ("quarter", re.compile(rf"\bquý{_SPACE}(?P<quarter>IV|I{{1,3}}|[1-4]){quarter_year}", flags)),
        ("month", re.compile(rf"\btháng{_SPACE}(?P<month>0?[1-9]|1[0-2]){_SPACE}năm{_SPACE}{_YEAR}", flags)),
        ("year", re.compile(rf"\bnăm{_SPACE}{_YEAR}", flags)),
    )


_PHRASES = _phrase_patterns(year_optional=False)
_HEADLINE_PHRASES = _phrase_patterns(year_optional=True)

_DATE = r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}(?!\d)|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}(?!\d)"
_DOCUMENT_TYPES = (
    "Công văn|Kế hoạch|Quyết định|Báo cáo|Chỉ thị|Nghị quyết|Thông báo|Hướng dẫn|Tờ trình|Nghị định|"
    "Thông tư|Luật|Chương trình|Đề án|Kết luận|Quy định|Quy chế|Công điện|Thông tri|Văn bản"
)
_PROTECTED = (
    # year ranges: giai đoạn 2021-2025, nhiệm kỳ 2020 – 2025
    re.compile(r"(?<!\d)\d{4}\s*[-–—]\s*\d{4}(?!\d)"),
    # full dates: 18/5/2023, 28/ 02/ 2023, 18.5.2023, (ngày) 05 tháng 6 năm 2023
    re.compile(rf"(?<!\d)(?:{_DATE})", re.IGNORECASE),
    # a cited document up to the end of its date: Công văn số 1444/UBND-NV ngày 18/5/2023 …
    re.compile(
        rf"\b(?:{_DOCUMENT_TYPES})(?:\s+(?!số\b)[^\s,;:.]+){{0,6}}?\s+số:?\s+\d[^\s,;()]*/[^\s,;()]*"
        rf"(?:\s*,?\s*ngày\s+(?:{_DATE}))?"
        # … and its quoted title: Kế hoạch số 65-KH/HU về “Phát động phong trào … đến cuối năm 2020”
        r"(?:(?:\s+của\s+[^“”,;.]{1,80}?)?\s+(?:về(?:\s+việc)?|V/v)\s+“[^”]*”)?",
        re.IGNORECASE,
    ),
    # a law cited by its name and year: Luật Thực hiện dân chủ ở cơ sở năm 2022, Hiến pháp năm 2013
    re.compile(
        r"\b(?:Hiến pháp|Bộ luật|Luật)"
        r"(?:\s+(?!(?:trong|vào|cho|từ|đến|với|của|tại|đã|được|và|là|các|những|so)\b)[^\s;:.()“”\"]+){0,10}?"
        r"\s+năm\s+\d{4}(?!\d)"
    ),
)


@dataclass(frozen=True, slots=True)
class _Found:
    """A period phrase found in a text; `year` is None only for yearless headline phrases."""

    kind: PeriodKind
    index: int
    year: int | None
    match: re.Match[str]

    @property
    def start(self) -> int:
        return self.match.start()

    @property
    def end(self) -> int:
        return self.match.end()


def _protected_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for pattern in _PROTECTED for match in pattern.finditer(text)]


def _find_phrases(text: str, patterns: tuple[tuple[PeriodKind, re.Pattern[str]], ...] = _PHRASES) -> list[_Found]:
    """Period phrases outside citations, dates and ranges, in text order, longest first where they overlap."""
    protected = _protected_spans(text)
    candidates: list[_Found] = []
    for kind, pattern in patterns:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < p_end and p_start < end for p_start, p_end in protected):
                continue
            year = match.group("year")
            candidates.append(_Found(kind, _index_of(kind, match), int(year) if year else None, match))
    candidates.sort(key=lambda found: (found.start, -found.end))
    chosen: list[_Found] = []
    for found in candidates:
        if not chosen or found.start >= chosen[-1].end:
            chosen.append(found)
    return chosen


def _index_of(kind: PeriodKind, match: re.Match[str]) -> int:
    if kind == "half":
        return 2 if (match.group("half") or "").lower() == "cuối" else 1
    if kind == "quarter":
        numeral = match.group("quarter").upper()
        return int(numeral) if numeral.isdigit() else _ROMAN.index(numeral) + 1
    if kind == "month":
        return int(match.group("month"))
    return 1


def detect_period(report: Report) -> Period | None:
    """The period a report covers, from its title or else its trích yếu; None when neither names one.

    The first period phrase wins ("Sơ kết công tác 6 tháng đầu năm 2023 và phương hướng …" → first half
    of 2023). A phrase without a year ("6 tháng đầu năm") takes the year of the report's date.
    """
    for text in (report.title, report.summary):
        for found in _find_phrases(text or "", _HEADLINE_PHRASES):
            year = found.year if found.year is not None else report.year
            if year is not None:
                return Period(found.kind, found.index, year)
    return None


# ---------------------------------------------------------------------------------------------
# Rolling forward


def roll_forward(report: Report, *, year: int, period: str | None = None) -> RollForward:
    """A copy of `report` moved to `year` (and `period`, a PERIOD_CHOICES key), with every replacement made.

    Every period phrase moves by the same shift as the report's own period: measured in the
    phrase's unit where the shift is a whole number of them (a quarter phrase moves 2 quarters when
    the report moves half a year), otherwise, and always for a bare "năm YYYY", by whole years.
    """
    if period is not None and period not in PERIOD_CHOICES:
        choices = ", ".join(PERIOD_CHOICES)
        raise ValueError(f"Kỳ báo cáo «{period}» không hợp lệ; hãy chọn một trong: {choices}.")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"Năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}.")
    detected = detect_period(report)
    source = detected or Period("year", 1, report.year or (year - 1))
    kind, index = PERIOD_CHOICES[period] if period is not None else (source.kind, source.index)
    target = Period(kind, index, year)

    rolled = copy.deepcopy(report)
    # The clerk assigns number, day and month when the new report is issued; the year is known.
    rolled.number = None
    rolled.date = year
    roller = _Roller(source, target)
    roller.report(rolled)
    mark_for_review(rolled)
    return RollForward(rolled, roller.replacements, detected, target)


class _Roller:
    """Rewrites the period phrases of a report in place, in document order, recording each one."""

    def __init__(self, source: Period, target: Period) -> None:
        self.source = source
        self.target = target
        self.month_shift = target.first_month - source.first_month
        self.year_shift = target.year - source.year
        self.replacements: list[Replacement] = []

    def moved(self, found: Period, *, headline: bool) -> Period:
        """Where a period named in the text goes. The report's own period becomes the target
        (so a half-year report can become a yearly one); a bare year only does so in the title
        and trích yếu, elsewhere "năm 2023" is just a year."""
        if found == self.source and (found.kind != "year" or headline):
            return self.target
        unit = _MONTHS_PER_PERIOD.get(found.kind)
        if unit is not None and self.month_shift % unit == 0:
            return found.shifted(self.month_shift // unit)
        return found.shifted(self.year_shift * PERIODS_PER_YEAR[found.kind])

    def text(self, text: str, path: str, *, headline: bool = False) -> str:
        pieces: list[str] = []
        made: list[tuple[str, str, int, int]] = []
        cursor = length = 0
        for found in _find_phrases(text):
            assert found.year is not None  # only headline detection looks for yearless phrases
            old = Period(found.kind, found.index, found.year)
            new = self.moved(old, headline=headline)
            before = found.match.group()
            after = _rewritten(found.match, old, new)
            if after == before:
                continue
            unchanged = text[cursor : found.start]
            pieces += (unchanged, after)
            start = length + len(unchanged)
            length = start + len(after)
            made.append((before, after, start, length))
            cursor = found.end
        if not made:
            return text
        pieces.append(text[cursor:])
        result = "".join(pieces)
        self.replacements.extend(
            Replacement(path, before, after, _context(result, start, end)) for before, after, start, end in made
        )
        return result

    def inline(self, inline: Inline, path: str) -> None:
        """Spans of a paragraph, addressed as the report file writes them; footnotes are citations, left alone."""
        plain = len(inline) == 1 and isinstance(inline[0], Span) and not (inline[0].bold or inline[0].italic)
        for i, part in enumerate(inline):
            if isinstance(part, Footnote):
                continue
            part_path = path if plain else f"{path}[{i}]" + (".text" if part.bold or part.italic else "")
            part.text = self.text(part.text, part_path)

    def section(self, section: Section, path: str) -> None:
        section.title = self.text(section.title, f"{path}.title")
        for b, block in enumerate(section.blocks):
            block_path = f"{path}.blocks[{b}]"
            if isinstance(block, Section):
                self.section(block, block_path)
            elif isinstance(block, Paragraph):
                self.inline(block.inline, block_path)
            elif isinstance(block, Bullet):
                self.inline(block.inline, f"{block_path}.text")
            else:
                self.table(block, block_path)

    def table(self, table: Table, path: str) -> None:
        if table.caption is not None:
            table.caption = self.text(table.caption, f"{path}.caption")
        for part, rows in (("header", table.header), ("rows", table.rows)):
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    if isinstance(cell, str):
                        row[c] = self.text(cell, f"{path}.{part}[{r}][{c}]")

    def report(self, report: Report) -> None:
        if report.title is not None:
            report.title = self.text(report.title, "title", headline=True)
        if report.summary is not None:
            report.summary = self.text(report.summary, "summary", headline=True)
        for i, paragraph in enumerate(report.opening):
            self.inline(paragraph.inline, f"opening[{i}]")
        for i, section in enumerate(report.sections):
            self.section(section, f"sections[{i}]")
        for i, paragraph in enumerate(report.closing):
            self.inline(paragraph.inline, f"closing[{i}]")
        for a, appendix in enumerate(report.appendices):
            appendix.title = self.text(appendix.title, f"appendices[{a}].title")
            for i, section in enumerate(appendix.sections):
                self.section(section, f"appendices[{a}].sections[{i}]")


def _rewritten(match: re.Match[str], old: Period, new: Period) -> str:
    """The phrase naming `new`, changing only the words that differ so spacing, "06"/"sáu" and case stay."""
    phrase = match.group()
    if new == old:
        return phrase
    if new.kind != old.kind:
        return _with_case_of(phrase, new.phrase())
    offset = match.start()
    edits: list[tuple[int, int, str]] = [(*match.span("year"), f"{new.year:04d}")]
    if new.kind == "half" and new.index != old.index:
        word = "cuối" if new.index == 2 else "đầu"
        if match.group("half") is not None:
            edits.append((*match.span("half"), _with_case_of(match.group("half"), word)))
        else:  # "6 tháng năm 2023" is the first half; the second needs its word
            month_word = match.group("month_word")
            end = match.end("month_word")
            edits.append((end, end, " " + (word.upper() if month_word.isupper() else word)))
    elif new.kind == "quarter":
        numeral = match.group("quarter")
        roman = _ROMAN[new.index - 1]
        written = str(new.index) if numeral.isdigit() else roman.lower() if numeral.islower() else roman
        edits.append((*match.span("quarter"), written))
    elif new.kind == "month":
        padded = match.group("month").startswith("0")
        edits.append((*match.span("month"), f"{new.index:02d}" if padded else str(new.index)))
    for start, end, replacement in sorted(edits, reverse=True):
        phrase = phrase[: start - offset] + replacement + phrase[end - offset :]
    return phrase


def _with_case_of(original: str, word: str) -> str:
    """`word` in the case of `original`: all capitals in an upper-cased heading, a capital first letter, or as is."""
    if original.isupper():
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _context(text: str, start: int, end: int, width: int = 80) -> str:
    """At most `width` characters around text[start:end] on one line, cut at spaces, with … where cut."""
    flat = text.replace("\n", " ")
    if len(flat) <= width:
        return flat
    room = max(width - (end - start) - 2, 0)  # two characters for the ellipses
    left = max(start - room // 2, 0)
    right = min(end + room - (start - left), len(flat))
    left = max(min(left, right - (end - start) - room), 0)
    if left > 0:
        space = flat.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    if right < len(flat):
        space = flat.rfind(" ", end, right)
        right = space if space >= 0 else right
    snippet = flat[left:right][:width]
    return ("…" if left > 0 else "") + snippet + ("…" if right < len(flat) else "")


# ---------------------------------------------------------------------------------------------
# Review marks


def _every_section(report: Report) -> Iterator[Section]:
    for _, section in walk_sections(report.sections):
        yield section
    for appendix in report.appendices:
        for _, section in walk_sections(appendix.sections):
            yield section


def mark_for_review(report: Report) -> None:
    """Mark every section, at every depth and in the appendices, as "cần rà soát"."""
    for section in _every_section(report):
        section.x = {**(section.x or {}), REVIEW_KEY: True}


def needs_review(section: Section) -> bool:
    """Whether the officer has still to confirm this section after a roll-forward."""
    return bool((section.x or {}).get(REVIEW_KEY))


def confirm_review(section: Section) -> None:
    """The officer has read the section: drop the mark (and `x` itself when nothing else is in it)."""
    if section.x is None or REVIEW_KEY not in section.x:
        return
    rest = {key: value for key, value in section.x.items() if key != REVIEW_KEY}
    section.x = rest or None
