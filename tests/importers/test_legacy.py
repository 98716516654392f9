"""TCVN3 and VNI text converted to Unicode NFC; Unicode and Western text left alone; .txt files decoded.

The encoders here (Unicode → TCVN3, Unicode → VNI) are written independently of the module's tables,
from the code charts, so that a round trip checks the tables rather than repeating them.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.vietnamese import is_vietnamese_syllable
from app.importers.legacy import decode_text_file, font_encoding, legacy_encoding, legacy_to_unicode
from app.importers.result import ImportRefused

SEEDS = sorted((Path(__file__).resolve().parents[3] / "shared" / "reference" / "seeds").glob("*.txt"))

# The 67 small Vietnamese letters with marks, and their TCVN3 (ABC) bytes, from the TCVN 5712:1993 chart.
SMALL_LETTERS = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
TCVN3_BYTES = bytes.fromhex(
    "b5b8b6b7b9a8bbbebcbdc6a9c7cac8c9cbaeccd0cecfd1aad2d5d3d4d6d7ddd8dcdedfe3e1e2e4abe5e8e6e7e9"
    "aceaedebeceeeff3f1f2f4adf5f8f6f7f9fafdfbfcfe"
)
TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}
ALL_SMALL = SMALL_LETTERS + "abcdeghiklmnopqrstuvxy"


def to_tcvn3(text: str) -> str:
    """Unicode → TCVN3 as Word stores it (each byte as its Windows-1252 character); small letters only,
    plus the seven capitals TCVN3 has."""
    table = {letter: chr(code) for letter, code in zip(SMALL_LETTERS, TCVN3_BYTES, strict=True)}
    table.update({letter: chr(code) for letter, code in TCVN3_CAPITALS.items()})
    return "".join(table.get(character, character) for character in unicodedata.normalize("NFC", text))


VNI_TONES = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
VNI_CIRCUMFLEX = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def to_vni(text: str) -> str:
    """Unicode → VNI-Windows: base letter, then one character for its marks (capital marks after capitals)."""
    out = []
    for character in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", character)
        base, marks = decomposed[0], decomposed[1:]
        tone = next((mark for mark in marks if mark in VNI_TONES), "")
        capital = base.isupper()
        lower = base.lower()

        def case(vni: str, capital: bool = capital) -> str:
            return vni.upper() if capital else vni

        if character in "đĐ":
            out.append(case("ñ"))
        elif lower == "i" and tone:
            out.append(case(VNI_I[tone]))
        elif lower == "y" and tone == "\u0323":
            out.append(case("î"))
        elif "\u031b" in marks:  # horn: ơ is ô, ư is ö, then the tone
            out.append(case({"o": "ô", "u": "ö"}[lower]) + (case(VNI_TONES[tone]) if tone else ""))
        elif "\u0302" in marks:
            out.append(base + case(VNI_CIRCUMFLEX[tone]))
        elif "\u0306" in marks:
            out.append(base + case(VNI_BREVE[tone]))
        elif tone:
            out.append(base + case(VNI_TONES[tone]))
        else:
            out.append(character)
    return "".join(out)


# --------------------------------------------------------------------------- known phrases


@pytest.mark.parametrize(
    ("tcvn3", "unicode"),
    [
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("B¸o c¸o s¬ kÕt 03 n¨m thùc hiÖn phong trµo", "Báo cáo sơ kết 03 năm thực hiện phong trào"),
        ("\xadíc tÝnh", "ước tính"),  # ư is the soft hyphen's byte
    ],
)
def test_tcvn3_phrases(tcvn3: str, unicode: str) -> None:
    assert legacy_to_unicode(tcvn3, "tcvn3") == unicode
    assert to_tcvn3(unicode) == tcvn3


@pytest.mark.parametrize(
    ("vni", "unicode"),
    [
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("UÛY BAN NHAÂN DAÂN XAÕ TRAØ TAÂY", "ỦY BAN NHÂN DÂN XÃ TRÀ TÂY"),
        ("Ngöôøi vieát baùo caùo", "Người viết báo cáo"),
    ],
)
def test_vni_phrases(vni: str, unicode: str) -> None:
    assert legacy_to_unicode(vni, "vni") == unicode
    assert to_vni(unicode) == vni


def test_tcvn3_capitals_fonts_draw_small_letters_as_capitals() -> None:
    typed = "céng hoµ x· héi chñ nghÜa viÖt nam"
    assert legacy_to_unicode(typed, "tcvn3", font=".VnTimeH") == "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert legacy_to_unicode(typed, "tcvn3", font=".VnTime") == "cộng hoà xã hội chủ nghĩa việt nam"


# --------------------------------------------------------------------------- every letter, both ways


def test_every_small_letter_round_trips_through_tcvn3() -> None:
    assert legacy_to_unicode(to_tcvn3(ALL_SMALL), "tcvn3") == ALL_SMALL
    capitals = "ĂÂÊÔƠƯĐ"
    assert legacy_to_unicode(to_tcvn3(capitals), "tcvn3") == capitals


def test_every_capital_round_trips_through_tcvn3_capitals_fonts() -> None:
    assert legacy_to_unicode(to_tcvn3(ALL_SMALL), "tcvn3", font=".VnArialH") == ALL_SMALL.upper()


def test_every_letter_round_trips_through_vni() -> None:
    letters = ALL_SMALL + ALL_SMALL.upper()
    encoded = to_vni(letters)
    assert encoded != letters
    assert legacy_to_unicode(encoded, "vni") == letters


INITIALS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh"]
INITIALS += ["ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]
NUCLEI = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo"]
NUCLEI += ["êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy"]
NUCLEI += ["ưa", "ưi", "ươ", "ưu", "yê", "iêu", "yêu", "oai", "oay", "uây", "uôi", "ươi", "ươu", "uya", "uyê"]
FINALS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"]
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]


@st.composite
def syllables(draw: st.DrawFn) -> str:
    """A Vietnamese syllable in Unicode NFC, tone on its main vowel, in any of the three cases."""
    nucleus = draw(st.sampled_from(NUCLEI))
    marked = [index for index, vowel in enumerate(nucleus) if vowel in "ăâêôơư"]
    tone_at = marked[-1] if marked else (len(nucleus) - 1 if len(nucleus) < 3 else 1)
    tone = draw(st.sampled_from(TONES))
    nucleus = nucleus[: tone_at + 1] + tone + nucleus[tone_at + 1 :]
    word = unicodedata.normalize("NFC", draw(st.sampled_from(INITIALS)) + nucleus + draw(st.sampled_from(FINALS)))
    return draw(st.sampled_from([word, word.capitalize(), word.upper()]))


vietnamese_text = st.lists(syllables(), min_size=1, max_size=25).flatmap(
    lambda words: st.lists(
        st.sampled_from([" ", " ", ", ", ". ", " - ", "\n"]), min_size=len(words), max_size=len(words)
    ).map(lambda gaps: "".join(word + gap for word, gap in zip(words, gaps, strict=True)).strip())
)


@given(vietnamese_text)
@settings(max_examples=300, deadline=None)
def test_unicode_vietnamese_is_never_taken_for_legacy(text: str) -> None:
    assert legacy_encoding(text) is None
    assert legacy_encoding(unicodedata.normalize("NFD", text)) is None


@given(vietnamese_text)
@settings(max_examples=200, deadline=None)
def test_generated_text_round_trips_through_both_encodings(text: str) -> None:
    assert all(
        is_vietnamese_syllable(word) for word in text.replace(",", " ").replace(".", " ").replace("-", " ").split()
    )
    assert legacy_to_unicode(to_vni(text), "vni") == text
    small = text.lower()
    assert legacy_to_unicode(to_tcvn3(small), "tcvn3") == small


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTime", "tcvn3"),
        (".VnTimeH", "tcvn3"),
        (".VnArial NarrowH", "tcvn3"),
        ("VNI-Times", "vni"),
        ("VNI-Helve", "vni"),
        ("Times New Roman", None),
        ("Arial", None),
        (None, None),
    ],
)
def test_font_names_tell_the_encoding(font: str | None, expected: str | None) -> None:
    assert font_encoding(font) == expected


def test_a_font_decides_unless_the_text_is_unicode_already() -> None:
    assert legacy_encoding("Héi ®ång", ".VnTime") == "tcvn3"
    assert legacy_encoding("Hoäi ñoàng", "VNI-Times") == "vni"
    assert legacy_encoding("Hội đồng nhân dân", ".VnTime") is None  # retyped in Unicode, font kept


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name)
def test_real_reports_are_detected_in_every_encoding(seed: Path) -> None:
    text = unicodedata.normalize("NFC", seed.read_text(encoding="utf-8"))
    assert legacy_encoding(text) is None
    assert legacy_encoding(to_tcvn3(text.lower())) == "tcvn3"
    assert legacy_encoding(to_vni(text)) == "vni"
    paragraphs = [p for p in text.split("\n") if len(p.split()) >= 8][:30]
    for paragraph in paragraphs:  # a paragraph is enough, one at a time
        assert legacy_encoding(to_vni(paragraph)) == "vni", paragraph
        assert legacy_encoding(to_tcvn3(paragraph.lower())) == "tcvn3", paragraph


@pytest.mark.parametrize(
    "western",
    [
        "Müller für Zürich: Größe, Übung und Straße.",
        "À la française, « naïve » café crème, où est l'hôtel ?",
        "El señor Muñoz, año 2023, niño pequeño.",
        "São Paulo é uma cidade; ação, coração, não.",
        "Smørrebrød på Østerbro, blåbær og æbler.",
    ],
)
def test_western_text_is_not_mangled(western: str) -> None:
    assert legacy_encoding(western) is None
    assert decode_text_file(western.encode("cp1252", errors="ignore"))[0] == western.encode(
        "cp1252", errors="ignore"
    ).decode("cp1252")


# --------------------------------------------------------------------------- .txt files

PHRASE = "Ủy ban nhân dân xã Trà Tây báo cáo kết quả thực hiện như sau"


def windows_1258(text: str) -> bytes:
    """Windows-1258 keeps â, ă, ơ… whole and writes the tone as a combining mark after the letter."""
    out = []
    for character in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", character)
        tones = "".join(mark for mark in decomposed if mark in VNI_TONES)
        base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in VNI_TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    ("data", "note"),
    [
        (PHRASE.encode("utf-8"), None),
        (PHRASE.encode("utf-8-sig"), None),
        (PHRASE.encode("utf-16"), None),
        (PHRASE.encode("utf-16-be"), None),
        (unicodedata.normalize("NFD", PHRASE).encode("utf-8"), None),
        (windows_1258(PHRASE), "Windows-1258"),
        (to_tcvn3(PHRASE.lower()).encode("cp1252"), "TCVN3"),
        (to_tcvn3(PHRASE.lower()).encode("utf-8"), "TCVN3"),  # Word's "save as text" of a .VnTime document
        (to_vni(PHRASE).encode("cp1252"), "VNI"),
    ],
    ids=[
        "utf-8",
        "utf-8-bom",
        "utf-16",
        "utf-16-be-no-bom",
        "utf-8-nfd",
        "windows-1258",
        "tcvn3",
        "tcvn3-in-utf-8",
        "vni",
    ],
)
def test_text_files_in_every_encoding_come_out_as_unicode_nfc(data: bytes, note: str | None) -> None:
    text, notes = decode_text_file(data)
    expected = PHRASE.lower() if note == "TCVN3" else PHRASE
    assert text == expected
    assert unicodedata.is_normalized("NFC", text)
    if note is None:
        assert notes == []
    else:
        [converted] = notes
        assert converted.kind == "recognised"
        assert note in converted.message and "đã được chuyển sang Unicode" in converted.message


def test_an_unknown_eight_bit_text_is_read_with_a_warning() -> None:
    text, notes = decode_text_file("Prix: 12 € — déjà vu".encode("cp1252"))
    assert text == "Prix: 12 € — déjà vu"
    [guessed] = notes
    assert guessed.kind == "check"  # a guess the officer must look at, not something recognised
    assert "Windows-1252" in guessed.message and "Hãy kiểm tra" in guessed.message


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 20, b"\x00\x01\x02\x03" * 500, b"%PDF-1.4\n\x00\x00\x00binary"],
    ids=["all-bytes", "control-bytes", "pdf-with-nul"],
)
def test_binary_files_are_refused(data: bytes) -> None:
    with pytest.raises(ImportRefused) as refused:
        decode_text_file(data)
    assert "không phải văn bản thuần" in str(refused.value) and "Hãy chọn" in str(refused.value)


def test_tcvn3_u_horn_survives_in_a_word_document(tmp_path: Path) -> None:
    from app.importers.files import import_file
    from tests.importers.test_hostile import document_xml, minimal_docx

    run = '<w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr>{}</w:r>'
    # "Mường Khương, nước" in .VnTime as Word saves it: each ư is a soft hyphen element between texts.
    body = run.format(
        "<w:t>M</w:t><w:softHyphen/><w:t>êng Kh</w:t><w:softHyphen/><w:t>¬ng, n</w:t><w:softHyphen/><w:t>íc</w:t>"
    )
    path = tmp_path / "tcvn3.docx"
    path.write_bytes(minimal_docx(document_xml(f"<w:p>{body}</w:p>")))
    report = import_file(path).report
    texts = [part.text for block in report.opening for part in getattr(block, "inline", [])]
    assert "Mường Khương, nước" in " ".join(texts)
