"""Scripts and fonts from data (docs/guidebook.yml, hooks/fonts.py), Japanese search and right-to-left Arabic, on the
second guidebook (tests/fixtures/guidebook: German, Japanese, Arabic) and the handbook.

- A language whose script has no font stops the build with the YAML to add; only used fonts ship; each page
  preloads its own language's faces; the PDFs embed the Japanese and Arabic fonts.
- Japanese queries staff type find their practice, in the build's reading of the index and in the real search box.
- Arabic pages read right to left online (Chromium's computed direction, the navigation on the right) and in the PDF
  (pdftotext gives the words in reading order; the page number stands on the left).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, make_guidebook, run_mkdocs
from searchtext import fold, known_parts, query_words, words
from test_search import SearchBox

FONTS = sorted(p.name for p in (FIXTURES / "guidebook/fonts").iterdir() if p.suffix in {".woff2", ".txt"})
# Ordinary queries of nursing staff, with the practice each must find. Before the search read Japanese spellings
# alike, 手洗い (ICU splits it otherwise alone than in a sentence), ＳＢＡＲ (full width) and ﾌﾟﾗｲﾊﾞｼｰ (half width)
# found nothing. (引継ぎ, okurigana left out, and 石鹸 are synonyms of the pages' words: see the browser test.)
JAPANESE = [("手洗い", "hand-hygiene"), ("手指消毒", "hand-hygiene"), ("アルコール消毒", "hand-hygiene"),
            ("申し送り", "handover"), ("ＳＢＡＲ", "handover"), ("バイタルサイン", "handover"),
            ("痛みの評価", "pain"), ("鎮痛剤", "pain"), ("認知症の痛み", "pain"), ("患者さんの尊厳を守る", "dignity"),
            ("ﾌﾟﾗｲﾊﾞｼｰ", "dignity"), ("清拭", "dignity")]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second guidebook built with its PDFs."""
    base = tmp_path_factory.mktemp("scripts")
    result = run_mkdocs(make_guidebook(base), site_dir=base / "site", env={"HANDBOOK_PDF": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    return base / "site"


def test_a_language_without_a_font_for_its_script_stops_the_build_with_what_to_add(tmp_path: Path) -> None:
    project = make_guidebook(tmp_path)
    data = project / "docs/guidebook.yml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text[: text.index("  Arab:")], encoding="utf-8")
    result = run_mkdocs(project)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "docs/guidebook.yml: the language 'ar' (العربية) is written in the Arabic script (Arab), which has no font" \
        in output, output
    # The exact YAML to add, and where an open-licensed font comes from.
    assert "fonts:\n  Arab:\n    family: \"Noto Sans Arabic\"\n" in output
    assert "- {file: fonts/noto-sans-arabic-400.woff2, weight: 400}" in output
    assert "Noto Sans Arabic, from https://github.com/notofonts" in output and "OFL" in output
    assert "Traceback" not in output


def test_only_the_fonts_of_the_configured_languages_are_published(nursing: Path, handbook: Path) -> None:
    assert sorted(p.name for p in (nursing / "assets/fonts").iterdir()) == FONTS
    shipped = sorted(p.name for p in (handbook / "assets/fonts").iterdir())
    assert any("telugu" in name for name in shipped) and not any("cjk" in name for name in shipped), shipped


@pytest.mark.parametrize("page, preloaded, first", [
    ("index.html", ["noto-sans-latin-400.woff2"], "Guidebook Sans"),
    ("ja/practices/pain/index.html", ["noto-sans-cjk-jp-subset-400.woff2"], "Guidebook Sans JP"),
    ("ar/practices/pain/index.html", ["noto-sans-arabic-400.woff2"], "Guidebook Sans Arabic"),
])
def test_each_page_preloads_only_its_languages_fonts(nursing: Path, page: str, preloaded: list[str],
                                                     first: str) -> None:
    html = (nursing / page).read_text(encoding="utf-8")
    assert [href.rsplit("/", 1)[1] for href in PRELOAD.findall(html)] == preloaded
    assert re.search(r'--md-text-font:"' + first + '"', html), html[:3000]
    # Every face is declared (unicode-range keeps a page from downloading the ones its letters do not need).
    assert html.count("@font-face") == 6


def test_japanese_queries_find_their_practice_in_the_index(nursing: Path) -> None:
    index = json.loads((nursing / "ja/search/search_index.json").read_text(encoding="utf-8"))
    sections = [(doc["location"].split("/")[1] if "/" in doc["location"] else "",
                 {fold(w) for w in words(f"{doc['title']} {doc['text']}", "ja")} - {""}) for doc in index["docs"]]
    known = set().union(*(found for _, found in sections))
    for query, item in JAPANESE:
        # Each word of the query is a word of the pages, or made of the pages' words (as the worker reads it); the
        # practice has more of them than any other page (鎮痛剤: the pages say 鎮痛薬, so 剤 is in none).
        terms = [[word] if word in known else known_parts(word, known) for word in query_words(query, "ja")]
        matched: dict[str, int] = {}
        for page, found in sections:
            count = sum(1 for parts in terms if parts and set(parts) <= found)
            matched[page] = max(matched.get(page, 0), count)
        assert matched.get(item, 0) >= 1 and matched[item] == max(matched.values()), (query, terms, matched)


@pytest.mark.parametrize("query, item", [("手洗い", "hand-hygiene"), ("ﾌﾟﾗｲﾊﾞｼｰ", "dignity"), ("ＳＢＡＲ", "handover"),
                                         ("引継ぎ", "handover"), ("石鹸", "hand-hygiene"), ("鎮痛剤", "pain")])
def test_japanese_queries_typed_in_the_search_box_find_their_practice(box: SearchBox, query: str,
                                                                      item: str) -> None:
    # 石鹸: the page writes 石けん; docs/search.yml lists the spellings as synonyms.
    assert box.pages(query)[0] == f"/ja/practices/{item}/"


@pytest.fixture(scope="module")
def box(browser: Any, nursing_served: str) -> Iterator[SearchBox]:
    page = browser.new_page()
    page.goto(nursing_served + "/ja/")
    yield SearchBox(page, nursing_served)
    page.close()


def test_an_arabic_page_reads_right_to_left(browser: Any, nursing_served: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(nursing_served + "/ar/practices/pain/")
        found = page.evaluate("""() => ({
            html: document.documentElement.getAttribute('dir'),
            direction: getComputedStyle(document.querySelector('.md-content p')).direction,
            nav: document.querySelector('.md-sidebar--primary').getBoundingClientRect().left,
            content: document.querySelector('.md-content').getBoundingClientRect().left,
            font: getComputedStyle(document.querySelector('.md-content p')).fontFamily,
        })""")
        german = page.evaluate("() => fetch('/practices/pain/').then(r => r.text())")
    finally:
        page.close()
    assert found["html"] == "rtl" and found["direction"] == "rtl", found
    # The layout is mirrored: the navigation stands right of the text.
    assert found["nav"] > found["content"], found
    assert found["font"].startswith('"Guidebook Sans Arabic"'), found
    assert '<html lang="de" class="no-js" dir="ltr">' in german


def test_the_pdfs_embed_the_japanese_and_arabic_fonts(printed: Path) -> None:
    for lang, font in [("ja", "noto-sans-cjk-jp-subset"), ("ar", "noto-sans-arabic")]:
        lines = subprocess.run(["pdffonts", str(printed / lang / "print/handbook.pdf")], capture_output=True,
                               text=True, check=True).stdout.splitlines()[2:]
        names = [line.split()[0] for line in lines]
        assert any(font in name for name in names), (lang, names)
        assert all(re.findall(r"\b(yes|no)\b", line)[0] == "yes" for line in lines), lines
    # Japanese prints as text in that font (no empty boxes: the strict build stops on a glyph a font lacks).
    text = subprocess.run(["pdftotext", str(printed / "ja/print/handbook.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "手指衛生" in text and "申し送り" in text, text[:300]


def test_the_arabic_pdf_reads_right_to_left(printed: Path) -> None:
    pdf = printed / "ar/print/handbook.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # Words in reading order, not mirrored letter by letter.
    assert "نظافة اليدين" in text and "الممارسات" in text, text[:500]
    assert "تاسرامملا" not in text
    # The page number stands where a right-to-left line ends: on the left; the guidebook's name on the right.
    layout = subprocess.run(["pdftotext", "-layout", "-f", "3", "-l", "3", str(pdf), "-"], capture_output=True,
                            text=True, check=True).stdout
    footer = re.sub("[\u202a-\u202e]", "", [line for line in layout.splitlines() if line.strip()][-1])
    assert re.search(r"صفحة\s+3", footer).start() < footer.index("دليل الممارسة التمريضية"), footer

PRELOAD = re.compile(r'<link rel="preload" href="([^"]+)" as="font"')


@pytest.mark.parametrize("code, override, expected", [
    ("ar", None, ("Arab", "rtl")), ("he", None, ("Hebr", "rtl")), ("ja", None, ("Jpan", "ltr")),
    ("te", None, ("Telu", "ltr")), ("sr", {"script": "Latn"}, ("Latn", "ltr")),
    ("ar", {"direction": "ltr"}, ("Arab", "ltr")),
])
def test_a_languages_script_and_direction_come_from_icu_unless_the_data_says_otherwise(
        code: str, override: dict[str, str] | None, expected: tuple[str, str]) -> None:
    import fontdata

    assert fontdata._language("docs/guidebook.yml", {}, code, override) == expected


@pytest.mark.parametrize("spec, message", [
    ({"family": "Sans", "faces": [{"file": "fonts/none.woff2"}]}, "the file fonts/none.woff2 does not exist"),
    ({"family": "Sans", "faces": [{"file": "../outside.woff2"}]}, "should be a path relative to mkdocs.yml, inside"),
    ({"family": "Sans", "faces": [{"file": "fonts/noto-sans-latin-400.woff2", "weight": "bold"}]},
     "should be a number from 100 to 900"),
    ({"family": "Sans", "faces": [{"file": "fonts/noto-sans-latin-400.woff2", "unicode_range": "</style>"}]},
     "should be a CSS unicode-range"),
    ({"family": "Sans"}, "the fonts of 'Latn' need 'family:' and 'faces:'"),
])
def test_a_mistake_in_the_fonts_names_the_line_and_the_fix(spec: dict[str, Any], message: str) -> None:
    import fontdata
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match=re.escape(message)) as error:
        fontdata._script_fonts(FIXTURES / "guidebook", "docs/guidebook.yml, line 12", "Latn", spec)
    assert str(error.value).startswith("docs/guidebook.yml, line 12: ")


def test_the_browser_folds_japanese_and_arabic_as_the_build_does(browser: Any, nursing_served: str) -> None:
    samples = ["ｹｱﾌﾟﾗﾝ", "ケアー", "コンピューター", "引き継ぎ", "引継ぎ", "オムツ", "ＳＢＡＲ", "々", "患者さん", "مُمرِّضة",
               "أَلَم", "إبرة", "مستشفى", "ـــالم", "Zákazník", "కస్టమర్‌కు"]
    page = browser.new_page()
    try:
        page.goto(nursing_served + "/ja/")
        page.add_script_tag(url=nursing_served + "/assets/javascripts/handbook-search.js")
        folded = page.evaluate("words => words.map(fold)", samples)
        parts = page.evaluate("() => knownParts('手洗', new Set(['手', '洗', '手指']))")
    finally:
        page.close()
    assert folded == [fold(word) for word in samples]
    assert parts == known_parts("手洗", {"手", "洗", "手指"}) == ["手", "洗"]
