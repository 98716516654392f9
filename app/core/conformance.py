"""Check any .docx (or a report, rendered) against the formatting rules: `main.py check`.

The formatting is read the way Word shows it (app.core.docx_format: run → character style → paragraph
style chain → document defaults, theme fonts resolved); the elements are found by their content
(app.core.conformance_layout); each is compared with the values of app.core.conformance_rules. Every
finding names its rule, where it is (paragraph number and first words) and what to do, in Vietnamese.
A rule whose element cannot be found gives one finding saying it is missing, never a cascade.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO

from app.core.checks import DISTRICT_LEVEL, REFORM_DAY
from app.core.conformance_layout import (
    DASHES,
    KIND_ABBREVIATIONS,
    MOTTO,
    PART_HEADING,
    ROMAN_HEADING,
    TERMINATOR,
    Layout,
    Piece,
    authority_match,
    detect_profile,
    is_blank,
    is_rule_paragraph,
    is_rule_text,
    kind_title,
    locate,
    normalized,
    paragraph_pieces,
)
from app.core.conformance_rules import (
    A4_TWIPS,
    BODY_FIRST_LINE_TWIPS,
    BODY_LINE_SPACING,
    BODY_MIN_SPACING_TWIPS,
    FONT,
    MARGIN_RANGES_MM,
    RULES,
    SPECS,
    TextSpec,
)
from app.core.docx_format import DocxFormat, ParagraphFormat, RunFormat, read_docx_format
from app.core.findings import Finding
from app.core.model import DOCUMENT_KINDS, Profile
from app.core.signature import AUTHORITY_PREFIXES
from app.core.vietnamese import format_number

WORD_DEFAULT_SIZE = 10.0
"""What Word prints when no size is set anywhere (docx_format leaves it None)."""
_SIZE_TOLERANCE = 0.01
_MARGIN_TOLERANCE_MM = 0.3
_INDENT_TOLERANCE_TWIPS = 15
_SINGLE_LINE_FACTOR = 1.15
"""One "single" line of Times New Roman is about 1.15 × the font size."""
_EXCERPT_WORDS = 8
_EXCERPT_CHARACTERS = 60
_HONORIFICS = re.compile(
    r"^(GS|PGS|TS|TSKH|ThS|KS|BS|CN|DS|LS|NGƯT|NGND|Giáo sư|Phó giáo sư|Tiến sĩ|Thạc sĩ|Kỹ sư|Bác sĩ|Cử nhân|"
    r"Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng|Đại tá|Thượng tá|Trung tá|Thiếu tá|Đại úy|Thượng úy|"
    r"Trung úy|Thiếu úy|Nhà giáo|Nghệ sĩ)\b\.?\s",
)
_OPTIONAL_SUMMARY_TITLES = frozenset(kind.title for kind in DOCUMENT_KINDS.values() if not kind.summary_required)
"""Tên loại whose trích yếu the report file format does not require (thông báo)."""


@dataclass(frozen=True, slots=True)
class Conformance:
    """The result of checking one document: the profile it was checked against and every finding."""

    profile: Profile
    findings: list[Finding]

    @property
    def violations(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "warning"]


def check_docx(source: str | os.PathLike[str] | bytes | IO[bytes], *, profile: Profile | None = None) -> list[Finding]:
    """Every finding for a .docx; PackageRefused (Vietnamese message) when the file cannot be read."""
    return conform_docx(source, profile=profile).findings


def conform_docx(source: str | os.PathLike[str] | bytes | IO[bytes], *, profile: Profile | None = None) -> Conformance:
    """Check a .docx; the profile (state or Party) is detected from the document unless given."""
    document = read_docx_format(source)
    return conform_format(document, profile=profile)


def conform_format(document: DocxFormat, *, profile: Profile | None = None) -> Conformance:
    """Check a document whose formatting has already been read."""
    chosen = profile or detect_profile(document)
    checker = _Checker(document, chosen)
    checker.run()
    return Conformance(chosen, checker.sorted_findings())


# --------------------------------------------------------------------------- helpers


def excerpt(paragraph: ParagraphFormat) -> str:
    """The first words of a paragraph as printed, so the officer finds it in Word."""
    text = normalized(f"{paragraph.label or ''} {paragraph.text}".replace("\t", " "))
    words = text.split()
    short = " ".join(words[:_EXCERPT_WORDS])
    if len(short) > _EXCERPT_CHARACTERS:
        short = short[:_EXCERPT_CHARACTERS].rsplit(" ", 1)[0]
    return short + ("…" if short != text else "")


def _size_range(spec: TextSpec) -> str:
    low, high = spec.sizes
    return format_number(low) if low == high else f"{format_number(low)}–{format_number(high)}"


def _size(run: RunFormat) -> float:
    return run.size_pt if run.size_pt is not None else WORD_DEFAULT_SIZE


def _text_runs(runs: Iterable[RunFormat]) -> list[RunFormat]:
    """Runs that print letters or digits at the text's own size (not footnote marks)."""
    return [run for run in runs if run.text.strip() and not run.superscript and not run.is_footnote_reference]


def _mm(twips: int) -> float:
    return twips * 25.4 / 1440


def _cm(twips: int) -> str:
    return format_number(round(twips * 2.54 / 1440, 2))


def _shown_text(runs: Sequence[RunFormat]) -> str:
    return "".join(run.text.upper() if run.caps else run.text for run in runs)


def _is_capitals(text: str) -> bool:
    return text == text.upper()


def _has_letters(text: str) -> bool:
    return sum(1 for character in text if character.isalpha()) >= 2


@dataclass
class _Tally:
    """Findings that would repeat on many paragraphs, gathered into one: the first place and a count."""

    first: ParagraphFormat | None = None
    detail: str = ""
    count: int = 0

    def add(self, paragraph: ParagraphFormat, detail: str) -> None:
        if self.first is None:
            self.first, self.detail = paragraph, detail
        self.count += 1


@dataclass
class _Checker:
    document: DocxFormat
    profile: Profile
    findings: list[Finding] = field(default_factory=list)

    @property
    def specs(self) -> dict[str, TextSpec]:
        return SPECS[self.profile]

    @property
    def party(self) -> bool:
        return self.profile == "party"

    # -- reporting --------------------------------------------------------------------------

    def add(
        self,
        rule_id: str,
        message: str,
        advice: str,
        paragraph: ParagraphFormat | None = None,
        *,
        element: str | None = None,
    ) -> None:
        rule = RULES[rule_id]
        source = rule.source(self.profile)
        if source is None:
            return  # the rule does not apply to this profile
        body = paragraph is not None and paragraph.story == "body"
        self.findings.append(
            Finding(
                rule=rule_id,
                severity=source.severity,
                element=element or rule.element,
                reference=source.reference,
                message=message,
                advice=advice,
                paragraph=paragraph.index + 1 if body and paragraph is not None else None,
                excerpt=excerpt(paragraph) if body and paragraph is not None else None,
            )
        )

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=lambda finding: finding.paragraph or 0)

    # -- the checks -------------------------------------------------------------------------

    def run(self) -> None:
        self.check_page()
        self.check_fonts_and_text()
        self.check_page_numbers()
        layout = locate(self.document, self.profile)
        if self.party:
            self.check_party_heading(layout)
        else:
            self.check_national_heading(layout)
        self.check_issuer(layout)
        self.check_number(layout)
        self.check_date(layout)
        self.check_title(layout)
        self.check_salutation_and_basis(layout)
        self.check_content(layout)
        self.check_recipients(layout)
        self.check_signature(layout)

    # -- page -------------------------------------------------------------------------------

    def check_page(self) -> None:
        sections = self.document.sections or (self.document.page,)
        for number, page in enumerate(sections, start=1):
            where = f" (phần {number} của văn bản)" if len(sections) > 1 else ""
            width, height = sorted((page.width_twips, page.height_twips))
            if abs(width - A4_TWIPS[0]) > 30 or abs(height - A4_TWIPS[1]) > 30:
                name = " (khổ Letter của Mỹ)" if (width, height) == (12240, 15840) else ""
                self.add(
                    "page.size",
                    f"Khổ giấy{where} là {format_number(round(page.width_mm, 1))} × "
                    f"{format_number(round(page.height_mm, 1))} mm{name}, không phải A4 (210 × 297 mm).",
                    "Trong Word chọn Bố trí (Layout) → Cỡ (Size) → A4.",
                )
                break
        first = sections[0]
        if first.width_twips > first.height_twips:
            self.add(
                "page.orientation",
                "Trang đầu trình bày theo chiều ngang; văn bản phải trình bày theo chiều dài khổ A4.",
                "Chọn Bố trí (Layout) → Hướng (Orientation) → Dọc (Portrait).",
            )
        ranges = MARGIN_RANGES_MM[self.profile]
        names = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}
        for number, page in enumerate(sections, start=1):
            if page.width_twips > page.height_twips:
                continue  # a landscape section (a wide table): Word rotates its margins
            wrong = []
            for side, (low, high) in ranges.items():
                value = _mm(getattr(page, f"{side}_twips"))
                if not low - _MARGIN_TOLERANCE_MM <= value <= high + _MARGIN_TOLERANCE_MM:
                    allowed = (
                        f"{format_number(low)} mm" if low == high else f"{format_number(low)}–{format_number(high)} mm"
                    )
                    wrong.append(f"lề {names[side]} {format_number(round(value, 1))} mm (cần {allowed})")
            if wrong:
                where = f" (phần {number} của văn bản)" if len(sections) > 1 else ""
                self.add(
                    "page.margins",
                    f"Lề trang{where} không đúng: {', '.join(wrong)}.",
                    "Chọn Bố trí (Layout) → Lề (Margins) → Lề tùy chỉnh và nhập lại các lề.",
                )
                break

    # -- fonts, colour, NFC -------------------------------------------------------------------

    def check_fonts_and_text(self) -> None:
        faces: Counter[str] = Counter()
        font = _Tally()
        colour = _Tally()
        nfc = _Tally()
        for paragraph in self.document.all_paragraphs():
            wrong_faces = {
                face
                for run in paragraph.runs
                if run.text.strip() and not run.hidden
                for face in (run.fonts.get("ascii"), run.fonts.get("hAnsi"))
                if face is not None and face.casefold() != FONT.casefold()
            }
            if wrong_faces:
                faces.update(wrong_faces)
                font.add(paragraph, ", ".join(sorted(wrong_faces)))
            colours = {
                run.color
                for run in paragraph.runs
                if run.text.strip() and run.color and run.color.lower() not in ("auto", "000000")
            }
            if colours:
                colour.add(paragraph, ", ".join(sorted(colours)))
            if not unicodedata.is_normalized("NFC", paragraph.text):
                nfc.add(paragraph, "")
        if font.first is not None:
            listed = ", ".join(f"{face} ({count} đoạn)" for face, count in faces.most_common())
            self.add(
                "font.face",
                f"Có chữ không in bằng phông {FONT}: {listed}{self._story_note(font.first)}.",
                f"Chọn toàn bộ văn bản (Ctrl+A) và đặt phông {FONT}; sửa cả kiểu Normal (và kiểu đầu trang, "
                "chú thích) để chữ mới gõ cũng dùng phông này.",
                font.first,
            )
        if colour.first is not None:
            self.add(
                "font.color",
                f"{colour.count} đoạn có chữ màu (mã màu {colour.detail}){self._story_note(colour.first)}; "
                "văn bản phải in chữ màu đen.",
                "Chọn các chữ đó và đặt màu chữ Tự động (Automatic) hoặc Đen.",
                colour.first,
            )
        if nfc.first is not None:
            self.add(
                "text.nfc",
                f"{nfc.count} đoạn có chữ Việt ở dạng tổ hợp (dấu gõ rời, không phải Unicode dựng sẵn NFC)"
                f"{self._story_note(nfc.first)}: Word có thể hiển thị lệch dấu và tìm kiếm, sắp xếp sẽ sai.",
                "Gõ lại các đoạn đó bằng bộ gõ đặt bảng mã Unicode dựng sẵn (Unikey: Unicode, kiểu gõ Telex/VNI), "
                "hoặc dán qua chương trình này để chuyển sang dạng dựng sẵn.",
                nfc.first,
            )

    @staticmethod
    def _story_note(paragraph: ParagraphFormat) -> str:
        story = paragraph.story.split(":")[0]
        return {"header": " (ở đầu trang)", "footer": " (ở chân trang)", "footnote": " (ở chú thích)"}.get(story, "")

    # -- page numbers -----------------------------------------------------------------------

    def check_page_numbers(self) -> None:
        fields = self.document.fields_named("PAGE")
        in_header = [found for found in fields if found.story.startswith("header:")]
        in_footer = [found for found in fields if found.story.startswith("footer:")]
        if not in_header:
            if in_footer:
                self.add(
                    "page-number.position",
                    "Số trang đặt ở chân trang; số trang phải ở lề trên, canh giữa.",
                    "Xóa số trang ở chân trang, chọn Chèn (Insert) → Số trang (Page Number) → Đầu trang (Top of "
                    "Page) → canh giữa.",
                )
            else:
                shapes = any(paragraph.drawings for story in self.document.headers.values() for paragraph in story)
                self.add(
                    "page-number.missing",
                    "Văn bản không có số trang"
                    + (
                        " (nếu số trang nằm trong hộp văn bản ở đầu trang thì chương trình chưa đọc được)."
                        if shapes
                        else "."
                    ),
                    "Chọn Chèn (Insert) → Số trang (Page Number) → Đầu trang (Top of Page), canh giữa, rồi đánh "
                    "dấu «Trang đầu khác» (Different First Page) để trang 1 không hiện số.",
                )
            return
        stories = {found.story for found in in_header}
        first_section = (self.document.sections or (self.document.page,))[0]
        title_page = first_section.title_page
        if "header:default" not in stories:
            self.add(
                "page-number.missing",
                "Số trang chỉ có ở đầu trang thứ nhất; các trang sau không có số trang.",
                "Xóa số ở trang đầu và chèn số trang vào đầu trang của trang 2 (Chèn → Số trang → Đầu trang).",
            )
        elif not title_page or "header:first" in stories:
            self.add(
                "page-number.first-page",
                "Số trang hiện cả ở trang thứ nhất; trang đầu không được hiện số trang.",
                "Nhấn đúp vào đầu trang, đánh dấu «Trang đầu khác» (Different First Page) và để trống đầu trang "
                "của trang 1.",
            )
        start = first_section.page_number_start
        if start not in (None, 1):
            self.add(
                "page-number.start",
                f"Số trang bắt đầu từ {start}; số trang phải đánh từ 1.",
                "Chọn Chèn → Số trang → Định dạng số trang (Format Page Numbers) → Bắt đầu từ 1.",
            )
        found = next((found for found in in_header if found.story == "header:default"), in_header[0])
        story = self.document.headers[found.story.split(":")[1]]
        if 0 <= found.paragraph_index < len(story):
            number = story[found.paragraph_index]
            pieces = paragraph_pieces(number)
            piece = pieces[0] if pieces else None
            if piece is not None:
                self.check_text("page-number", piece, shown_where=" của số trang")
            elif number.alignment != "center":
                self.add(
                    "page-number.alignment",
                    "Số trang không canh giữa.",
                    "Nhấn đúp vào đầu trang, chọn số trang và canh giữa (Ctrl+E).",
                )

    # -- one element's text -------------------------------------------------------------------

    def check_text(self, key: str, piece: Piece, *, shown_where: str = "", check_case: bool = True) -> None:
        """Size, bold, italic, capitals, underline and alignment of one piece against its element's spec."""
        spec = self.specs[key]
        runs = _text_runs(piece.runs)
        paragraph = piece.paragraph
        name = spec.element
        quoted = f"«{_short(piece.text)}»"
        if runs:
            sizes = sorted({_size(run) for run in runs})
            low, high = spec.sizes
            wrong = [size for size in sizes if not low - _SIZE_TOLERANCE <= size <= high + _SIZE_TOLERANCE]
            if wrong:
                self.add(
                    f"{key}.size",
                    f"{name} {quoted} cỡ chữ {', '.join(format_number(size) for size in sizes)}; "
                    f"quy định cỡ {_size_range(spec)}.",
                    f"Chọn dòng {quoted} và đặt cỡ chữ {format_number(low if wrong[0] < low else high)}.",
                    paragraph,
                    element=name,
                )
            for attribute, wanted, yes, no, keys in (
                ("bold", spec.bold, "in đậm", "không in đậm", "bấm Ctrl+B"),
                ("italic", spec.italic, "in nghiêng", "chữ đứng (không nghiêng)", "bấm Ctrl+I"),
                ("underline", spec.underline, "gạch chân", "không gạch chân", "bấm Ctrl+U"),
            ):
                if wanted is None:
                    continue
                values = [getattr(run, attribute) for run in runs]
                if wanted and not all(values):
                    self.add(
                        f"{key}.{attribute}",
                        f"{name} {quoted} chưa {yes}; quy định {yes}.",
                        f"Chọn dòng {quoted} rồi {keys} để {yes}.",
                        paragraph,
                        element=name,
                    )
                elif not wanted and any(values):
                    self.add(
                        f"{key}.{attribute}",
                        f"{name} {quoted} đang {yes}; quy định {no}.",
                        f"Chọn dòng {quoted} rồi {keys} để bỏ {yes}.",
                        paragraph,
                        element=name,
                    )
        shown = normalized(_shown_text(runs)) if runs else piece.shown
        if check_case and spec.capitals is not None and _has_letters(shown):
            if spec.capitals and not _is_capitals(shown):
                self.add(
                    f"{key}.case",
                    f"{name} {quoted} chưa viết IN HOA.",
                    "Gõ lại bằng chữ in hoa, hoặc chọn dòng đó và bấm Ctrl+Shift+A (All Caps).",
                    paragraph,
                    element=name,
                )
            elif not spec.capitals and _is_capitals(shown):
                self.add(
                    f"{key}.case",
                    f"{name} {quoted} viết IN HOA toàn bộ; quy định in thường.",
                    "Gõ lại bằng chữ thường (chỉ viết hoa chữ đầu và tên riêng); bỏ All Caps nếu có.",
                    paragraph,
                    element=name,
                )
        if spec.alignment is not None and piece.alone:
            if spec.alignment == "center" and paragraph.alignment != "center":
                self.add(
                    f"{key}.alignment",
                    f"{name} {quoted}{shown_where} không canh giữa.",
                    f"Chọn dòng {quoted} và bấm Ctrl+E (canh giữa).",
                    paragraph,
                    element=name,
                )
            elif spec.alignment == "left" and (
                paragraph.alignment not in ("left", "both", "start")
                or paragraph.left_indent_twips + min(paragraph.first_line_indent_twips, 0) > _INDENT_TOLERANCE_TWIPS
                or paragraph.first_line_indent_twips > _INDENT_TOLERANCE_TWIPS
            ):
                self.add(
                    f"{key}.alignment",
                    f"{name} {quoted} không đặt sát lề trái.",
                    f"Chọn dòng {quoted}, bấm Ctrl+L và đặt thụt lề trái, thụt dòng đầu bằng 0.",
                    paragraph,
                    element=name,
                )

    def missing(self, rule_id: str, message: str, advice: str, layout: Layout) -> None:
        header_shapes = any(paragraph.drawings for paragraph in self.document.paragraphs[: max(layout.header_end, 1)])
        if header_shapes and rule_id.split(".")[0] in ("national-name", "motto", "party-name", "issuer", "number"):
            message += " (Nếu dòng này nằm trong hộp văn bản – text box – thì chương trình chưa đọc được.)"
        self.add(rule_id, message, advice)

    def has_rule_below(self, piece: Piece, layout: Layout, region: range) -> bool:
        """A line under an element: underlined text, a bottom border, a rule paragraph or line of
        characters just below it, or a shape near it (shapes cannot be placed, so they count)."""
        paragraph = piece.paragraph
        runs = _text_runs(piece.runs)
        if runs and all(run.underline for run in runs):
            return True
        if piece.alone and "bottom" in paragraph.borders:
            return True
        if any(is_rule_text(other.text) and other.line > piece.line for other in layout.pieces_of(paragraph)):
            return True
        if any(self.document.paragraphs[index].drawings for index in region if index < len(self.document.paragraphs)):
            return True
        seen = 0
        for index in range(paragraph.index + 1, min(paragraph.index + 6, len(self.document.paragraphs))):
            following = self.document.paragraphs[index]
            if (following.table_index, following.cell) != (paragraph.table_index, paragraph.cell):
                break
            if "top" in following.borders:
                return True
            if is_blank(following) and not is_rule_paragraph(following):
                continue
            if is_rule_paragraph(following):
                return True
            if any(is_rule_text(other.text) for other in layout.pieces_of(following)):
                return True
            seen += 1
            if seen >= 1:
                break
        return False

    # -- header -----------------------------------------------------------------------------

    def check_national_heading(self, layout: Layout) -> None:
        header = range(0, max(layout.header_end, 1))
        if layout.national is None:
            self.missing(
                "national-name.missing",
                "Không thấy Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» ở đầu văn bản.",
                "Gõ Quốc hiệu ở góc phải trên cùng trang đầu, IN HOA, đậm, cỡ 12–13.",
                layout,
            )
        else:
            self.check_text("national-name", layout.national)
        motto = layout.motto
        if motto is None:
            self.missing(
                "motto.missing",
                f"Không thấy Tiêu ngữ «{MOTTO}» dưới Quốc hiệu.",
                f"Gõ «{MOTTO}» ngay dưới Quốc hiệu, in thường, đậm, cỡ 13–14, canh giữa.",
                layout,
            )
            return
        self.check_text("motto", motto, check_case=False)
        shown = normalized(_shown_text(_text_runs(motto.runs))) or motto.text
        if _is_capitals(shown):
            self.add(
                "motto.case",
                f"Tiêu ngữ «{_short(motto.text)}» viết IN HOA toàn bộ; quy định in thường, viết hoa chữ đầu mỗi "
                "cụm từ.",
                f"Gõ lại: «{MOTTO}»; bỏ All Caps nếu có.",
                motto.paragraph,
            )
        elif "".join(character for character in shown if character.isalpha()) != "ĐộclậpTựdoHạnhphúc":
            self.add(
                "motto.case",
                f"Tiêu ngữ «{_short(motto.text)}» chưa viết hoa đúng chữ đầu của mỗi cụm từ.",
                f"Gõ lại đúng: «{MOTTO}».",
                motto.paragraph,
            )
        if not re.fullmatch(r"\S+ \S+ - \S+ \S+ - \S+ \S+", normalized(motto.text)):
            self.add(
                "motto.hyphens",
                f"Tiêu ngữ «{motto.text}» không dùng gạch nối (-) có cách chữ giữa các cụm từ.",
                f"Gõ lại đúng: «{MOTTO}» (gạch nối thường «-», một dấu cách mỗi bên; không dùng gạch dài «–»).",
                motto.paragraph,
            )
        if not self.has_rule_below(motto, layout, header):
            self.add(
                "motto.rule",
                "Dưới Tiêu ngữ không có đường kẻ ngang nét liền.",
                "Kẻ một đường nét liền dài bằng dòng Tiêu ngữ ngay dưới nó (ví dụ: đường viền dưới của một "
                "đoạn trống, hoặc vẽ đường thẳng).",
                motto.paragraph,
            )

    def check_party_heading(self, layout: Layout) -> None:
        header = range(0, max(layout.header_end, 1))
        name = layout.party_name
        if name is None:
            self.missing(
                "party-name.missing",
                "Không thấy tiêu đề «ĐẢNG CỘNG SẢN VIỆT NAM» ở góc phải trang đầu.",
                "Gõ «ĐẢNG CỘNG SẢN VIỆT NAM» ở góc phải dòng đầu, IN HOA, đậm, cỡ 15.",
                layout,
            )
        else:
            self.check_text("party-name", name)
            if not self.has_rule_below(name, layout, header):
                self.add(
                    "party-name.rule",
                    "Dưới tiêu đề «ĐẢNG CỘNG SẢN VIỆT NAM» không có đường kẻ ngang nét liền.",
                    "Kẻ một đường nét liền dài bằng tiêu đề ngay dưới nó.",
                    name.paragraph,
                )
        if layout.star is None and layout.issuer_lines:
            self.add(
                "star.missing",
                "Dưới tên cơ quan ban hành không có dấu «*».",
                "Thêm một dòng chỉ có dấu «*», canh giữa, ngay dưới tên cơ quan ban hành.",
                layout.issuer_lines[-1].paragraph,
            )

    def check_issuer(self, layout: Layout) -> None:
        if not layout.issuer_lines:
            self.missing(
                "issuer.missing",
                "Không thấy tên cơ quan ban hành ở góc trái đầu văn bản (trên dòng số, ký hiệu).",
                "Gõ tên cơ quan ban hành IN HOA, đậm ở góc trái trên cùng, cùng hàng với "
                + ("tiêu đề Đảng." if self.party else "Quốc hiệu."),
                layout,
            )
            return
        for piece in layout.parent_lines:
            self.check_text("parent-body", piece)
        for piece in layout.issuer_lines:
            self.check_text("issuer", piece)
        last = layout.issuer_lines[-1]
        if not self.party and not self.has_rule_below(last, layout, range(0, max(layout.header_end, 1))):
            self.add(
                "issuer.rule",
                "Dưới tên cơ quan ban hành không có đường kẻ ngang nét liền.",
                "Kẻ một đường nét liền dài 1/3 đến 1/2 dòng chữ, đặt cân đối dưới tên cơ quan.",
                last.paragraph,
            )
        date = _parse_date(layout.date)
        if date is not None and date >= REFORM_DAY:
            for piece in [*layout.parent_lines, *layout.issuer_lines]:
                match = DISTRICT_LEVEL.search(piece.key)
                if match:
                    self.add(
                        "issuer.post-reform",
                        f"«{_short(piece.text)}» là cơ quan cấp {match.group(1).lower()}, nhưng đơn vị hành chính "
                        "cấp huyện đã kết thúc hoạt động từ ngày 01/7/2025.",
                        "Kiểm tra lại tên cơ quan ban hành theo tổ chức chính quyền hai cấp.",
                        piece.paragraph,
                    )
                    break

    def check_number(self, layout: Layout) -> None:
        piece = layout.number
        if piece is None:
            example = "Số 45-BC/ĐU" if self.party else "Số: 05/BC-UBND"
            self.missing(
                "number.missing",
                "Không thấy dòng số, ký hiệu văn bản (ví dụ «" + example + "»).",
                f"Gõ «{example}» dưới tên cơ quan ban hành, canh giữa (để trống số nếu văn thư sẽ cấp số).",
                layout,
            )
            return
        self.check_text("number", piece)
        text = normalized(piece.text)
        paragraph = piece.paragraph
        title = kind_title(layout.title) if layout.title else None
        expected_kind = KIND_ABBREVIATIONS[title] if title else None
        if self.party:
            match = re.fullmatch(r"Số\s+(?P<number>\d*)\s*-(?P<kind>[A-Za-zĐđ]+)/(?P<issuer>\S+)", text)
            if text.startswith("Số:") or match is None:
                self.add(
                    "number.format",
                    f"Số, ký hiệu «{text}» không đúng dạng của văn bản Đảng.",
                    "Viết «Số» (không có dấu hai chấm), số, gạch nối, chữ viết tắt tên loại, gạch chéo, chữ viết "
                    "tắt tên cơ quan, ví dụ «Số 45-BC/ĐU».",
                    paragraph,
                )
                return
            kind = match.group("kind")
        else:
            match = re.fullmatch(r"Số:\s*(?P<number>\d*)\s*/(?P<symbol>.+)", text)
            if match is None:
                self.add(
                    "number.format",
                    f"Số, ký hiệu «{text}» không đúng dạng «Số: 05/BC-UBND».",
                    "Viết «Số» in thường, dấu hai chấm, số, gạch chéo «/» rồi ký hiệu, ví dụ «Số: 05/BC-UBND».",
                    paragraph,
                )
                return
            number, symbol = match.group("number"), match.group("symbol")
            if number and int(number) < 10 and len(number) == 1:
                self.add(
                    "number.leading-zero",
                    f"Số văn bản «{number}» nhỏ hơn 10 mà không có số 0 phía trước.",
                    f"Viết «0{number}».",
                    paragraph,
                )
            if " " in symbol.strip():
                self.add(
                    "number.format",
                    f"Ký hiệu «{symbol.strip()}» có dấu cách; giữa các nhóm chữ viết tắt không cách chữ.",
                    "Xóa các dấu cách trong ký hiệu, ví dụ «05/BC-UBND».",
                    paragraph,
                )
                return
            groups = symbol.split("-")
            mixed_case = {"QyĐ", "CTr", "TTr", "TrS"}
            if (
                len(groups) < 2
                or not all(groups)
                or any(group not in mixed_case and group != group.upper() for group in groups)
            ):
                self.add(
                    "number.symbol",
                    f"Ký hiệu «{symbol}» phải gồm chữ viết tắt tên loại và chữ viết tắt tên cơ quan, IN HOA, nối "
                    "bằng gạch nối.",
                    "Viết đủ ký hiệu, ví dụ «05/BC-UBND» (BC: báo cáo; UBND: cơ quan ban hành).",
                    paragraph,
                )
                return
            kind = groups[0]
        if expected_kind and not layout.official_letter and kind != expected_kind:
            self.add(
                "number.kind",
                f"Ký hiệu ghi «{kind}» nhưng tên loại văn bản là «{title}» (viết tắt «{expected_kind}»).",
                f"Sửa chữ viết tắt tên loại trong ký hiệu thành «{expected_kind}».",
                paragraph,
            )

    def check_date(self, layout: Layout) -> None:
        piece = layout.date
        if piece is None:
            self.missing(
                "date.missing",
                "Không thấy dòng địa danh, ngày tháng năm ban hành (ví dụ «Trà Tây, ngày 05 tháng 6 năm 2023»).",
                "Gõ dòng địa danh và ngày tháng ở góc phải, dưới Quốc hiệu, Tiêu ngữ, in nghiêng.",
                layout,
            )
            return
        self.check_text("date", piece)
        paragraph = piece.paragraph
        text = normalized(piece.text)
        match = re.fullmatch(
            r"(?P<place>.*?)\s*(?P<comma>,?)\s*ngày(?P<day>[\s\d]*?)tháng(?P<month>[\s\d]*?)năm(?P<year>[\s\d]*)\.?",
            text,
        )
        day = match.group("day").strip() if match else ""
        month = match.group("month").strip() if match else ""
        year = match.group("year").strip() if match else ""
        if match is None or not match.group("place") or (year and len(year) != 4) or not _valid_date(day, month, year):
            self.add(
                "date.format",
                f"Dòng ngày tháng «{text}» không đúng dạng «Địa danh, ngày 05 tháng 6 năm 2023».",
                "Viết địa danh, dấu phẩy, rồi «ngày … tháng … năm …» bằng chữ số Ả Rập (chữ «ngày» viết thường).",
                paragraph,
            )
            return
        place = match.group("place")
        if not match.group("comma"):
            self.add(
                "date.comma",
                f"Thiếu dấu phẩy sau địa danh «{place}».",
                f"Viết «{place}, ngày …».",
                paragraph,
            )
        if not place[0].isupper():
            self.add(
                "date.place-capital",
                f"Địa danh «{place}» chưa viết hoa.",
                "Viết hoa chữ cái đầu mỗi âm tiết của tên riêng địa danh.",
                paragraph,
            )
        if len(day) == 1:
            self.add(
                "date.day-zero",
                f"Ngày «{day}» nhỏ hơn 10 mà không có số 0 phía trước.",
                f"Viết «ngày 0{day}».",
                paragraph,
            )
        if month:
            value = int(month)
            if value < 3 and len(month) == 1:
                self.add(
                    "date.month-zero",
                    f"Tháng «{month}» phải viết «0{month}».",
                    f"Viết «tháng 0{month}».",
                    paragraph,
                )
            elif value >= 3 and len(month) == 2 and month.startswith("0"):
                self.add(
                    "date.month-padding",
                    f"Tháng «{month}» không cần số 0 phía trước (chỉ tháng 1, 2 viết 01, 02).",
                    f"Viết «tháng {value}».",
                    paragraph,
                )
        number = layout.number
        if number is not None and not self.party and not _same_line(number, piece):
            self.add(
                "date.position",
                "Dòng địa danh, ngày tháng không nằm cùng hàng với dòng số, ký hiệu.",
                "Đặt số, ký hiệu (bên trái) và địa danh, ngày tháng (bên phải) trên cùng một hàng, ví dụ cùng "
                "một hàng của bảng tiêu đề.",
                paragraph,
            )

    # -- title, trích yếu, Kính gửi, căn cứ -----------------------------------------------------

    def check_title(self, layout: Layout) -> None:
        title = layout.title
        if title is None:
            if not layout.official_letter:
                self.add(
                    "title.missing",
                    "Không thấy tên loại văn bản (BÁO CÁO, KẾ HOẠCH, TỜ TRÌNH …) trên một dòng riêng.",
                    "Gõ tên loại văn bản trên một dòng riêng dưới phần tiêu đề, IN HOA, đậm, canh giữa.",
                )
            return
        self.check_text("title", title)
        if not layout.summary:
            # A thông báo may go without one (the report file format allows it, and so it prints): a warning.
            if kind_title(title) in _OPTIONAL_SUMMARY_TITLES:
                rule = "summary.missing-notice"
                advice = (
                    "Nên gõ trích yếu (tóm tắt nội dung thông báo) ngay dưới tên loại, in thường, đậm, canh giữa; "
                    "thông báo không có trích yếu vẫn dùng được, khi đó bỏ qua lưu ý này."
                )
            else:
                rule = "summary.missing"
                advice = "Gõ trích yếu (tóm tắt nội dung văn bản) ngay dưới tên loại, in thường, đậm, canh giữa."
            self.add(
                rule,
                f"Dưới tên loại «{title.text}» không có trích yếu nội dung.",
                advice,
                title.paragraph,
            )
            return
        for piece in layout.summary:
            self.check_text("summary", piece, check_case=False)
        shown = " ".join(normalized(_shown_text(_text_runs(piece.runs))) or piece.text for piece in layout.summary)
        if _has_letters(shown) and _is_capitals(shown):
            self.add(
                "summary.case",
                f"Trích yếu «{_short(shown)}» viết IN HOA toàn bộ; quy định in thường.",
                "Gõ lại trích yếu bằng chữ thường (chỉ viết hoa chữ đầu và tên riêng); bỏ All Caps nếu có.",
                layout.summary[0].paragraph,
            )
        last = layout.summary[-1]
        region = range(title.paragraph.index, layout.summary_end + 2)
        if not self.has_rule_below(last, layout, region):
            if self.party:
                message, advice = "Dưới trích yếu không có dòng «-----».", "Thêm dòng «-----» canh giữa dưới trích yếu."
            else:
                message = "Dưới trích yếu không có đường kẻ ngang nét liền."
                advice = "Kẻ một đường nét liền dài 1/3 đến 1/2 dòng chữ, đặt cân đối dưới trích yếu."
            self.add("summary.rule", message, advice, last.paragraph)

    def check_salutation_and_basis(self, layout: Layout) -> None:
        if layout.salutation:
            label = layout.salutation[0]
            for piece in layout.salutation:
                self.check_text("salutation", piece)
            if not re.match(r"Kính gửi\s*:", normalized(label.text), re.IGNORECASE):
                self.add(
                    "salutation.colon",
                    "Sau «Kính gửi» thiếu dấu hai chấm.",
                    "Viết «Kính gửi:» rồi tên nơi nhận.",
                    label.paragraph,
                )
            lines = [normalized(piece.text) for piece in layout.salutation]
            lines[0] = re.sub(r"^Kính gửi\s*:?\s*", "", lines[0], flags=re.IGNORECASE)
            lines = [line for line in lines if line]
            if len(lines) > 1:
                wrong = [
                    line
                    for position, line in enumerate(lines)
                    if not line.startswith(DASHES) or not line.endswith(";" if position < len(lines) - 1 else ".")
                ]
                if wrong:
                    self.add(
                        "salutation.punctuation",
                        f"Kính gửi nhiều nơi nhưng dòng «{_short(wrong[0])}» chưa đúng: mỗi nơi một dòng bắt đầu "
                        "bằng «-», kết thúc bằng «;», dòng cuối kết thúc bằng «.».",
                        "Sửa dấu ở cuối các dòng Kính gửi.",
                        label.paragraph,
                    )
        if layout.basis:
            for piece in layout.basis:
                self.check_text("basis", piece)
            lines = [normalized(piece.text) for piece in layout.basis]
            wrong = [
                line
                for position, line in enumerate(lines)
                if not line.endswith(";" if position < len(lines) - 1 else ".")
            ]
            if wrong:
                self.add(
                    "basis.punctuation",
                    f"Căn cứ «{_short(wrong[0])}» kết thúc sai dấu: mỗi căn cứ kết thúc bằng «;», căn cứ cuối "
                    "bằng «.».",
                    "Sửa dấu ở cuối các dòng căn cứ.",
                    layout.basis[0].paragraph,
                )

    # -- content ----------------------------------------------------------------------------

    def check_content(self, layout: Layout) -> None:
        document = self.document
        paragraphs = [
            document.paragraphs[index]
            for index in range(layout.content_start, layout.content_end)
            if not is_blank(document.paragraphs[index]) and not is_rule_paragraph(document.paragraphs[index])
        ]
        spec = self.specs["body"]
        body: list[ParagraphFormat] = []
        sized: list[ParagraphFormat] = []
        pending_part_title = False
        for paragraph in paragraphs:
            if paragraph.in_table:
                continue
            pieces = layout.pieces_of(paragraph)
            if not pieces or normalized(paragraph.text) == TERMINATOR:
                continue
            first = pieces[0]
            printed = normalized(first.text)
            runs = _text_runs(run for piece in pieces for run in piece.runs)
            if PART_HEADING.match(printed) and len(printed) < 40:
                self.check_text("part-heading", first, check_case=False)
                for piece in pieces[1:]:
                    self.check_text("part-title", piece)
                pending_part_title = len(pieces) == 1
                sized.append(paragraph)
                continue
            if pending_part_title:
                pending_part_title = False
                for piece in pieces:
                    self.check_text("part-title", piece)
                sized.append(paragraph)
                continue
            if ROMAN_HEADING.match(printed) and len(printed) < 250:
                self.check_text("heading", first)
                sized.append(paragraph)
                continue
            if runs and all(run.italic for run in runs):
                continue  # a note under a table, a quotation: not body text
            if paragraph.outline_level is not None or (runs and all(run.bold for run in runs)):
                continue  # a heading of another kind, a caption: its size follows the body's, not checked here
            body.append(paragraph)
            sized.append(paragraph)
        self.check_body(body, sized, spec)
        self.check_terminator(layout)

    def check_body(self, body: list[ParagraphFormat], sized: list[ParagraphFormat], spec: TextSpec) -> None:
        low, high = spec.sizes
        out_of_range = _Tally()
        sizes: Counter[float] = Counter()
        first_with: dict[float, ParagraphFormat] = {}
        for paragraph in sized:
            for run in _text_runs(paragraph.runs):
                size = _size(run)
                sizes[size] += len(run.text.strip())
                first_with.setdefault(size, paragraph)
        for paragraph in body:
            wrong = sorted(
                {_size(run) for run in _text_runs(paragraph.runs)}
                - {size for size in sizes if low - _SIZE_TOLERANCE <= size <= high + _SIZE_TOLERANCE}
            )
            if wrong:
                out_of_range.add(paragraph, ", ".join(format_number(size) for size in wrong))
        if out_of_range.first is not None:
            self.add(
                "body.size",
                f"{out_of_range.count} đoạn nội dung cỡ chữ {out_of_range.detail}; quy định cỡ {_size_range(spec)}.",
                f"Chọn phần nội dung và đặt một cỡ chữ từ {_size_range(spec)} (thường là {format_number(high)}).",
                out_of_range.first,
            )
        in_range = {
            size: count for size, count in sizes.items() if low - _SIZE_TOLERANCE <= size <= high + _SIZE_TOLERANCE
        }
        if len(in_range) > 1:
            main = max(in_range, key=lambda size: in_range[size])
            others = sorted(size for size in in_range if size != main)
            first = min((first_with[size] for size in others), key=lambda paragraph: paragraph.index)
            self.add(
                "body.size-mixed",
                f"Nội dung dùng nhiều cỡ chữ: phần lớn cỡ {format_number(main)}, có chỗ cỡ "
                f"{', '.join(format_number(size) for size in others)}; cỡ chữ trong một văn bản phải thống nhất.",
                f"Đặt cùng một cỡ chữ cho toàn bộ nội dung (ví dụ {format_number(main)}).",
                first,
            )
        alignment, indent, spacing, line_spacing = _Tally(), _Tally(), _Tally(), _Tally()
        for paragraph in body:
            if paragraph.alignment not in ("both", "distribute"):
                alignment.add(paragraph, paragraph.alignment)
            if paragraph.num_id is None:
                start = paragraph.left_indent_twips + paragraph.first_line_indent_twips
                if paragraph.text.startswith("\t") and start == 0:
                    start = 720  # a tab typed at the start: Word's default tab stop, 1,27 cm
                if not any(abs(start - wanted) <= _INDENT_TOLERANCE_TWIPS for wanted in BODY_FIRST_LINE_TWIPS):
                    indent.add(paragraph, _cm(start))
            if paragraph.space_before_twips + paragraph.space_after_twips < BODY_MIN_SPACING_TWIPS - 5:
                spacing.add(paragraph, format_number((paragraph.space_before_twips + paragraph.space_after_twips) / 20))
            problem = _line_spacing_problem(paragraph)
            if problem:
                line_spacing.add(paragraph, problem)
        names = {"left": "trái", "right": "phải", "center": "giữa"}
        if alignment.first is not None:
            self.add(
                "body.alignment",
                f"{alignment.count} đoạn nội dung không canh đều hai lề (ví dụ đoạn này canh "
                f"{names.get(alignment.detail, alignment.detail)}).",
                "Chọn phần nội dung và bấm Ctrl+J (canh đều hai lề).",
                alignment.first,
            )
        if indent.first is not None:
            self.add(
                "body.indent",
                f"{indent.count} đoạn nội dung lùi đầu dòng {indent.detail} cm; quy định 1 cm hoặc 1,27 cm.",
                "Chọn phần nội dung, mở Đoạn văn (Paragraph) → Đặc biệt (Special): Dòng đầu (First line) 1 cm.",
                indent.first,
            )
        if spacing.first is not None:
            self.add(
                "body.spacing",
                f"{spacing.count} đoạn nội dung cách đoạn {spacing.detail} pt; quy định tối thiểu 6 pt.",
                "Chọn phần nội dung, mở Đoạn văn (Paragraph) và đặt Trước (Before) 6 pt.",
                spacing.first,
            )
        if line_spacing.first is not None:
            self.add(
                "body.line-spacing",
                f"{line_spacing.count} đoạn nội dung giãn dòng {line_spacing.detail}; quy định từ dòng đơn đến 1,5 "
                "dòng.",
                "Chọn phần nội dung, mở Đoạn văn (Paragraph) → Giãn dòng (Line spacing): Đơn (Single) đến 1,5 dòng.",
                line_spacing.first,
            )

    def check_terminator(self, layout: Layout) -> None:
        document = self.document
        last = next(
            (
                document.paragraphs[index]
                for index in range(layout.content_end - 1, layout.content_start - 1, -1)
                if not is_blank(document.paragraphs[index]) and not is_rule_paragraph(document.paragraphs[index])
            ),
            None,
        )
        if last is None:
            return
        if not last.text.rstrip().endswith(TERMINATOR) or last.in_table:
            where = " (nội dung kết thúc bằng một bảng)" if last.in_table else ""
            self.add(
                "content.terminator",
                f"Nội dung không kết thúc bằng dấu «./.»{where}.",
                "Thêm «./.» ngay sau chữ cuối cùng của nội dung (thay dấu chấm cuối), hoặc trên một dòng riêng "
                "sau bảng.",
                last,
            )

    # -- Nơi nhận and signature -----------------------------------------------------------------

    def check_recipients(self, layout: Layout) -> None:
        heading = layout.recipients_heading
        if heading is None:
            self.add(
                "recipients.missing",
                "Không thấy phần «Nơi nhận:» ở cuối văn bản.",
                "Gõ «Nơi nhận:» ở góc trái, ngang hàng với chức vụ người ký, rồi liệt kê mỗi nơi một dòng.",
            )
            return
        self.check_text("recipients-heading", heading)
        if not normalized(heading.text).endswith(":"):
            self.add(
                "recipients-heading.colon",
                "Sau «Nơi nhận» thiếu dấu hai chấm.",
                "Viết «Nơi nhận:».",
                heading.paragraph,
            )
        lines = layout.recipient_lines
        archive_at = next(
            (i for i in range(len(lines) - 1, -1, -1) if re.match(r"^[-–]?\s*Lưu\b", normalized(lines[i].text))),
            None,
        )
        listed = lines if archive_at is None else lines[: archive_at + 1]
        for piece in listed:
            self.check_text("recipients", piece)
        dash, punctuation = _Tally(), _Tally()
        for position, piece in enumerate(listed):
            text = normalized(piece.text)
            if not text.startswith("-"):
                dash.add(piece.paragraph, text)
            # Without the archive line, that line is what is missing; the others all end with ";".
            ending = "." if position == len(listed) - 1 and archive_at is not None else ";"
            if not text.endswith(ending):
                punctuation.add(piece.paragraph, f"{text}|{ending}")
        if dash.first is not None:
            self.add(
                "recipients.dash",
                f"{dash.count} dòng nơi nhận không bắt đầu bằng gạch đầu dòng «-» (ví dụ «{_short(dash.detail)}»).",
                "Bắt đầu mỗi dòng nơi nhận bằng «- » sát lề trái.",
                dash.first,
            )
        if punctuation.first is not None:
            text, ending = punctuation.detail.rsplit("|", 1)
            self.add(
                "recipients.punctuation",
                f"{punctuation.count} dòng nơi nhận kết thúc sai dấu (ví dụ «{_short(text)}» phải kết thúc bằng "
                f"«{ending}»): mỗi dòng kết thúc bằng «;», dòng cuối bằng «.».",
                "Sửa dấu ở cuối các dòng nơi nhận.",
                punctuation.first,
            )
        last = listed[-1] if listed else None
        if archive_at is None or last is None:
            example = "- Lưu Văn phòng Đảng ủy." if self.party else "- Lưu: VT, …."
            self.add(
                "recipients.archive",
                f"Dòng cuối của nơi nhận không phải dòng lưu văn bản (ví dụ «{example}»).",
                f"Thêm dòng «{example}» ở cuối danh sách nơi nhận.",
                (last or heading).paragraph,
            )
        else:
            text = normalized(last.text)
            if self.party and re.match(r"^-?\s*Lưu\s*:", text):
                self.add(
                    "recipients.archive",
                    f"Dòng lưu «{text}» của văn bản Đảng không dùng dấu hai chấm.",
                    "Viết «- Lưu <nơi lưu>.», ví dụ «- Lưu Văn phòng Đảng ủy.».",
                    last.paragraph,
                )
            elif not self.party and not re.match(r"^-?\s*Lưu\s*:\s*VT\b", text):
                self.add(
                    "recipients.archive",
                    f"Dòng lưu «{text}» phải có dạng «- Lưu: VT, <đơn vị soạn thảo>.».",
                    "Sửa thành «- Lưu: VT, …» (VT: văn thư).",
                    last.paragraph,
                )
        if layout.salutation and not any("như trên" in normalized(piece.text).lower() for piece in lines):
            self.add(
                "recipients.as-above",
                "Văn bản có «Kính gửi» nhưng nơi nhận thiếu dòng «- Như trên;».",
                "Thêm «- Như trên;» làm dòng đầu của nơi nhận.",
                heading.paragraph,
            )

    def check_signature(self, layout: Layout) -> None:
        lines = layout.signer_lines
        if not lines:
            self.add(
                "signature.missing",
                "Không thấy phần chữ ký (quyền hạn, chức vụ và họ tên người ký).",
                "Gõ chức vụ người ký (IN HOA, đậm) và họ tên (in thường, đậm) ở góc phải, ngang hàng với Nơi nhận.",
            )
            return
        authority: list[Piece] = []
        for piece in lines:
            if authority_match(piece) is None:
                break
            authority.append(piece)
        rest = lines[len(authority) :]
        name = rest[-1] if rest and _is_name_line(rest[-1], [*authority, *rest][-2:-1]) else None
        titles = rest[:-1] if name is not None else rest
        if name is None:
            self.add(
                "signature.missing",
                "Không thấy họ tên người ký dưới chức vụ (chừa khoảng trống để ký, rồi ghi họ tên).",
                "Gõ họ và tên người ký (in thường, đậm) dưới khoảng trống ký, canh giữa với chức vụ.",
                lines[-1].paragraph,
            )
        for piece in authority:
            typed = authority_match(piece)
            assert typed is not None
            if not typed.printed_as(self.profile):
                wanted = AUTHORITY_PREFIXES[self.profile][typed.key]
                if self.party:
                    kind = "văn bản của Đảng dùng gạch chéo (T/M, K/T, T/L)"
                else:
                    kind = "văn bản Nhà nước dùng dấu chấm (TM., KT., TL.)"
                self.add(
                    "signature.prefix",
                    f"Quyền hạn ký «{typed.prefix}» không đúng: {kind}.",
                    f"Sửa «{typed.prefix}» thành «{wanted}».",
                    piece.paragraph,
                )
            self.check_text("authority", piece)
        for piece in titles:
            self.check_text("signer-title", piece)
        if name is not None:
            self.check_text("signer-name", name)
            if _HONORIFICS.match(normalized(name.text)):
                self.add(
                    "signer-name.honorific",
                    f"Họ tên người ký «{name.text}» có học hàm, học vị hoặc danh hiệu phía trước.",
                    "Chỉ ghi họ và tên người ký, bỏ học hàm, học vị, danh hiệu.",
                    name.paragraph,
                )


def _is_name_line(piece: Piece, before: list[Piece]) -> bool:
    """The signer's name: the last line, unless it is a title in capitals straight under the line above
    (a name follows the room left to sign: blank lines or a large space before it)."""
    if not _is_capitals(piece.shown) or not before:
        return True
    paragraph, previous = piece.paragraph, before[0].paragraph
    return paragraph.index - previous.index > 1 or paragraph.space_before_twips >= 600


def _short(text: str, limit: int = 50) -> str:
    text = normalized(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _valid_date(day: str, month: str, year: str) -> bool:
    if not (day and month and year):
        return not (day and not month)  # blanks left for the clerk; a day without a month is not a date
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _parse_date(piece: Piece | None) -> dt.date | None:
    if piece is None:
        return None
    match = re.search(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", normalized(piece.text))
    if match is None:
        return None
    try:
        return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None


def _same_line(first: Piece, second: Piece) -> bool:
    a, b = first.paragraph, second.paragraph
    if a is b:
        return first.line == second.line
    if a.table_index is not None and a.table_index == b.table_index and a.cell and b.cell:
        return a.cell[0] == b.cell[0]
    return False


def _line_spacing_problem(paragraph: ParagraphFormat) -> str | None:
    rule = paragraph.line_spacing_rule
    low, high = BODY_LINE_SPACING
    if rule in (None, "auto"):
        value = paragraph.line_spacing
        if value is None or low - 0.01 <= value <= high + 0.01:
            return None
        return f"{format_number(round(value, 2))} dòng"
    if paragraph.line_twips is None:
        return None
    sizes = [_size(run) for run in _text_runs(paragraph.runs)] or [WORD_DEFAULT_SIZE]
    size = max(sizes)
    line_points = paragraph.line_twips / 20
    lines = line_points / (size * _SINGLE_LINE_FACTOR)
    if rule == "atLeast" and lines >= low - 0.05:
        return None if lines <= high + 0.05 else f"tối thiểu {format_number(line_points)} pt"
    if rule == "exact" and low - 0.05 <= lines <= high + 0.05:
        return None
    return f"{'chính xác' if rule == 'exact' else 'tối thiểu'} {format_number(line_points)} pt"
