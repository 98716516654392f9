"""Vietnamese spell checking: misspellings flagged, both tone placements accepted, the examples' real typos found,
what is not a word left alone, offsets right, suggestions useful, the officer's own words kept."""

from __future__ import annotations

import os
import shutil
import time
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.files import OutputError
from app.core.model import Bullet, Paragraph, Report, Table, inline_text, walk_sections
from app.core.report_file import read_report
from app.core.spelling import (
    DICTIONARY_SUBFOLDER,
    DICTIONARY_VARIABLE,
    SOFFICE_VARIABLE,
    DictionaryError,
    SpellChecker,
    ToneStyle,
    find_dictionary,
    load_spell_checker,
    load_word_list,
    tone_style_of,
    tone_style_of_text,
    user_dictionary_path,
    with_tone_style,
    words_to_check,
)
from tests.conftest import EXAMPLE_NAMES, example_path

SYSTEM_DICTIONARY = Path("/usr/share/hunspell/vi_VN.dic")


@pytest.fixture(scope="module")
def word_list_path() -> Path:
    found = find_dictionary()
    if found is None:
        pytest.fail("Không có từ điển tiếng Việt: hãy cài gói hunspell-vi (tools/test.sh cài sẵn).")
    return found


@pytest.fixture(scope="module")
def shared_word_list(word_list_path: Path) -> object:
    return load_word_list(word_list_path)


@pytest.fixture
def checker(shared_word_list: object, tmp_path: Path) -> SpellChecker:
    """The real word list, the officer's words in the test's own folder."""
    return SpellChecker(shared_word_list, tmp_path / "tu-dien-rieng.txt")  # type: ignore[arg-type]


# -- checking ----------------------------------------------------------------------------------------


def test_flags_common_misspellings(checker: SpellChecker) -> None:
    assert not checker.check("nghành")
    assert not checker.check("xẫy")
    text = "Các nghành đều xẫy ra sự cố."
    assert [text[start:end] for start, end in checker.misspelled_ranges(text)] == ["nghành", "xẫy"]


@pytest.mark.parametrize("word", ["hòa", "Ủy", "thủy", "khỏe", "hoà", "Uỷ", "ỦY", "HÒA", "Hòa", "tòa", "quý", "ngành"])
def test_accepts_both_tone_placements(checker: SpellChecker, word: str) -> None:
    assert checker.check(word)


def test_a_sentence_in_the_official_placement_has_no_misspelling(checker: SpellChecker) -> None:
    text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM. Ủy ban nhân dân xã chỉ đạo công tác thủy lợi, chăm lo sức khỏe."
    assert checker.misspelled_ranges(text) == []


def _report_texts(report: Report) -> Iterator[str]:
    yield from report.basis
    for paragraph in (*report.opening, *report.closing):
        yield inline_text(paragraph.inline)
    for _, section in walk_sections(report.sections):
        yield section.title
        for block in section.blocks:
            if isinstance(block, (Paragraph, Bullet)):
                yield inline_text(block.inline)
            elif isinstance(block, Table):
                yield from (str(cell) for row in (*block.header, *block.rows) for cell in row if cell is not None)


# Every word the checker flags in the shared examples is a real typo of the source documents:
# "cơ hế" for cơ chế, "trẻ em ngèo" for nghèo, "truyên truyền" for tuyên truyền, "công chứcvà" for "công chức và".
EXAMPLE_TYPOS = {
    "ubnd-xa-tra-tay-so-ket-2023": ["hế", "ngèo"],
    "ubnd-huyen-binh-son-so-ket-2022": ["truyên"],
    "ban-dan-toc-tinh-so-ket-2022": ["chứcvà"],
}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_examples_flag_only_their_real_typos(checker: SpellChecker, name: str) -> None:
    report = read_report(example_path(name))
    checked = 0
    flagged: list[str] = []
    for text in _report_texts(report):
        checked += len(words_to_check(text))
        flagged += [text[start:end] for start, end in checker.misspelled_ranges(text)]
    assert checked > 2000  # the whole body was looked at
    assert flagged == EXAMPLE_TYPOS[name]


def test_results_are_cached_per_word() -> None:
    class CountingList:
        def __init__(self) -> None:
            self.lookups = 0

        def lookup(self, word: str) -> bool:
            self.lookups += 1
            return word in {"xã", "Trà", "Tây"}

        def suggest(self, word: str) -> Iterator[str]:
            yield from ()

    counting = CountingList()
    checker = SpellChecker(counting)
    assert checker.misspelled_ranges("xã Trà Tây, xã Trà Tây, xã Trà Tây") == []
    assert counting.lookups == 3


# -- tone placement ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [("hòa", "hoà"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"), ("Ủy", "Uỷ"), ("ỦY", "UỶ"), ("Hóa", "Hoá"), ("tọa", "toạ")],
)
def test_tone_placement_both_directions_case_kept(first: str, second: str) -> None:
    assert with_tone_style(first, ToneStyle.SECOND_VOWEL) == second
    assert with_tone_style(second, ToneStyle.FIRST_VOWEL) == first
    assert with_tone_style(first, ToneStyle.FIRST_VOWEL) == first
    assert tone_style_of(first) is ToneStyle.FIRST_VOWEL
    assert tone_style_of(second) is ToneStyle.SECOND_VOWEL


@pytest.mark.parametrize("word", ["quý", "hoàng", "khuya", "thuyết", "hoa", "của", "Đảng"])
def test_other_words_keep_their_tone(word: str) -> None:
    assert with_tone_style(word, ToneStyle.FIRST_VOWEL) == word
    assert with_tone_style(word, ToneStyle.SECOND_VOWEL) == word
    assert tone_style_of(word) is None


def test_the_placement_a_text_uses() -> None:
    assert tone_style_of_text("Ủy ban nhân dân; hòa giải; thủy lợi; Uỷ ban") is ToneStyle.FIRST_VOWEL
    assert tone_style_of_text("hoà giải, thuỷ lợi") is ToneStyle.SECOND_VOWEL
    assert tone_style_of_text("quý, hoàng, thuyết") is None


# -- which words -------------------------------------------------------------------------------------


def test_word_offsets_on_nfc_text_with_d() -> None:
    text = "Đảng ủy đã chỉ đạo: Đồng bào"
    words = words_to_check(text)
    assert [word.text for word in words] == ["Đảng", "ủy", "đã", "chỉ", "đạo", "Đồng", "bào"]
    assert all(text[word.start : word.end] == word.text for word in words)
    assert (words[4].start, words[4].end) == (15, 18)


def test_word_offsets_on_nfd_text_point_into_that_text() -> None:
    text = unicodedata.normalize("NFD", "Đảng ủy nghành")
    words = words_to_check(text)
    assert [word.text for word in words] == ["Đảng", "ủy", "nghành"]
    assert [unicodedata.normalize("NFC", text[word.start : word.end]) for word in words] == ["Đảng", "ủy", "nghành"]
    assert words[-1].end == len(text)


def test_numbers_codes_abbreviations_and_addresses_are_not_words() -> None:
    text = (
        "Căn cứ Kế hoạch số 22-KH/TU ngày 05/6/2023 của UBND, HĐND và BCH; Phần II, mục IV; 15km, v.v. "
        "Thư gửi vanphong@tratay.gov.vn, xem https://tratay.gov.vn hoặc www.quangngai.gov.vn; TTg, iPhone."
    )
    assert [word.text for word in words_to_check(text)] == [
        "Căn", "cứ", "Kế", "hoạch", "số", "ngày", "của", "và", "Phần", "mục", "Thư", "gửi", "xem", "hoặc",
    ]  # fmt: skip


def test_capitals_that_can_be_a_syllable_are_checked(checker: SpellChecker) -> None:
    assert [word.text for word in words_to_check("BÁO CÁO NGHÀNH UBND")] == ["BÁO", "CÁO", "NGHÀNH"]
    assert [word.text for word in words_to_check("Phạm Văn Đồng")] == ["Phạm", "Văn", "Đồng"]
    assert checker.misspelled_ranges("BÁO CÁO NGHÀNH UBND") == [(8, 14)]


def test_object_characters_and_line_breaks_separate_words() -> None:
    text = "Hà\ufffcNội\u2028Trà Tây\ufffc"
    assert [(word.start, word.text) for word in words_to_check(text)] == [
        (0, "Hà"),
        (3, "Nội"),
        (7, "Trà"),
        (11, "Tây"),
    ]


# -- suggestions -------------------------------------------------------------------------------------


def test_suggestions_include_the_right_word(checker: SpellChecker) -> None:
    assert checker.suggestions("nghành")[0] == "ngành"
    assert "xảy" in checker.suggestions("xẫy")
    assert checker.suggestions("Nghành")[0] == "Ngành"
    assert "chức và" in checker.suggestions("chứcvà")
    assert 0 < len(checker.suggestions("hõa")) <= 6


@pytest.mark.parametrize(
    ("typo", "first"),
    [("xãy", "xảy"), ("thũy", "thủy"), ("ngèo", "nghèo"), ("Ủyy", "Ủy"), ("thủyy", "thủy"), ("khỏee", "khỏe")],
)
def test_the_likeliest_correction_comes_first(checker: SpellChecker, typo: str, first: str) -> None:
    """hỏi for ngã, a replacement rule of the word list (ng → ngh), a letter typed twice."""
    assert checker.suggestions(typo)[0] == first


def test_foreign_words_get_an_answer_without_hanging(checker: SpellChecker) -> None:
    """spylls' own suggester takes about a minute for these; the syllable suggester answers at once."""
    started = time.perf_counter()
    assert checker.suggestions("Youtube") == [] and checker.suggestions("Facebookk") == []
    assert time.perf_counter() - started < 30  # a hang guard, not a benchmark


def test_suggestions_follow_the_documents_tone_placement(checker: SpellChecker) -> None:
    assert "thủy" in checker.suggestions("thũy", ToneStyle.FIRST_VOWEL)
    assert "thuỷ" not in checker.suggestions("thũy", ToneStyle.FIRST_VOWEL)
    assert "thuỷ" in checker.suggestions("thũy", ToneStyle.SECOND_VOWEL)
    assert "hòa" in checker.suggestions("hõa")  # no style given: the official placement
    assert checker.cached_suggestions("hõa") == checker.suggestions("hõa")
    assert checker.cached_suggestions("hõe") is None


# -- the officer's own words and ignored words -------------------------------------------------------


def test_added_word_is_accepted_and_kept_for_the_next_start(shared_word_list: object, tmp_path: Path) -> None:
    path = tmp_path / "du-lieu" / "tu-dien-rieng.txt"
    checker = SpellChecker(shared_word_list, path)  # type: ignore[arg-type]
    assert not checker.check("Tiktok")
    checker.add_to_user_dictionary("Tiktok")
    assert checker.check("Tiktok") and checker.check("tiktok") and checker.check("TIKTOK")
    assert "Tiktok" in path.read_text(encoding="utf-8").splitlines()
    again = SpellChecker(shared_word_list, path)  # type: ignore[arg-type]
    assert again.check("tiktok")
    assert list(tmp_path.rglob("*.tmp")) == []


def test_adding_keeps_words_another_copy_of_the_program_added(checker: SpellChecker) -> None:
    assert checker.user_dictionary is not None
    checker.user_dictionary.write_text("# từ của tôi\nZalopay\n", encoding="utf-8")
    checker.add_to_user_dictionary("Shopee")
    lines = checker.user_dictionary.read_text(encoding="utf-8").splitlines()
    assert "Zalopay" in lines and "Shopee" in lines


def test_a_failed_write_leaves_the_file_as_it_was(checker: SpellChecker, monkeypatch: pytest.MonkeyPatch) -> None:
    assert checker.user_dictionary is not None
    checker.user_dictionary.write_text("Zalopay\n", encoding="utf-8")

    def full_disk(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OutputError, match="Ổ đĩa đầy"):
        checker.add_to_user_dictionary("Shopee")
    assert checker.user_dictionary.read_text(encoding="utf-8") == "Zalopay\n"
    assert [path.name for path in checker.user_dictionary.parent.iterdir()] == ["tu-dien-rieng.txt"]
    assert checker.check("Shopee")  # accepted for this session all the same


def test_a_file_not_in_utf8_is_never_overwritten(checker: SpellChecker) -> None:
    assert checker.user_dictionary is not None
    original = "Hôi đông\n".encode("cp1258")  # as an old Windows editor saves it
    checker.user_dictionary.write_bytes(original)
    with pytest.raises(OutputError, match="UTF-8"):
        checker.add_to_user_dictionary("Shopee")
    assert checker.user_dictionary.read_bytes() == original


def test_ignored_words_last_only_this_session(shared_word_list: object, tmp_path: Path) -> None:
    path = tmp_path / "tu-dien-rieng.txt"
    checker = SpellChecker(shared_word_list, path)  # type: ignore[arg-type]
    assert checker.misspelled_ranges("dự án Tiktok") == [(6, 12)]
    checker.ignore("Tiktok")
    assert checker.misspelled_ranges("dự án Tiktok, TIKTOK") == []
    assert not path.exists()
    assert not SpellChecker(shared_word_list, path).check("Tiktok")  # type: ignore[arg-type]


def test_words_with_spaces_cannot_be_added(checker: SpellChecker) -> None:
    with pytest.raises(ValueError):
        checker.add_to_user_dictionary("hai từ")


# -- finding the dictionary --------------------------------------------------------------------------


def _copy_dictionary(source: Path, folder: Path, name: str = "vi_VN") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, folder / f"{name}.dic")
    shutil.copyfile(source.with_suffix(".aff"), folder / f"{name}.aff")
    return folder / f"{name}.dic"


def test_the_environment_variable_names_the_only_place_looked_at(
    word_list_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "trong"
    empty.mkdir()
    monkeypatch.setenv(DICTIONARY_VARIABLE, str(empty))
    assert find_dictionary() is None
    assert load_spell_checker() is None
    chosen = _copy_dictionary(word_list_path, tmp_path / "chon", name="tieng-viet")
    monkeypatch.setenv(DICTIONARY_VARIABLE, str(chosen.parent))
    assert find_dictionary() == chosen
    checker = load_spell_checker()
    assert checker is not None and checker.check("hòa") and checker.source == chosen
    assert checker.user_dictionary == user_dictionary_path()


def test_a_dictionary_in_the_data_folder_comes_first(word_list_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DICTIONARY_VARIABLE, raising=False)
    mine = _copy_dictionary(word_list_path, user_dictionary_path().parent / DICTIONARY_SUBFOLDER)
    assert find_dictionary() == mine


def test_libreoffice_bundled_dictionary_is_found_on_windows(
    word_list_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install = tmp_path / "LibreOffice"
    (install / "program").mkdir(parents=True)
    (install / "program" / "soffice.exe").write_bytes(b"")
    bundled = _copy_dictionary(word_list_path, install / "share" / "extensions" / "dict-vi")
    monkeypatch.delenv(DICTIONARY_VARIABLE, raising=False)
    monkeypatch.setattr("app.core.spelling.sys.platform", "win32")
    monkeypatch.setenv("ProgramFiles", str(tmp_path))
    assert find_dictionary() == bundled
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "khac"))
    monkeypatch.setenv(SOFFICE_VARIABLE, str(install / "program" / "soffice.exe"))
    assert find_dictionary() == bundled


def test_a_libreoffice_extension_file_is_read(word_list_path: Path, tmp_path: Path) -> None:
    extension = tmp_path / "dict-vi.oxt"
    with zipfile.ZipFile(extension, "w") as archive:
        archive.write(word_list_path, "vi_VN.dic")
        archive.write(word_list_path.with_suffix(".aff"), "vi_VN.aff")
    checker = load_spell_checker(extension, tmp_path / "tu-dien-rieng.txt")
    assert checker is not None and checker.check("thủy") and not checker.check("nghành")


def test_a_damaged_dictionary_says_what_to_do(tmp_path: Path) -> None:
    damaged = tmp_path / "vi_VN.oxt"
    damaged.write_bytes(b"not a zip file")
    with pytest.raises(DictionaryError, match="hunspell-vi"):
        load_spell_checker(damaged)
