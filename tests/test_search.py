"""Search, in headless Chromium: typing into Material's real search box on each language's pages."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import DEFAULT, LANGUAGES, ROOT, SITE, prefix

PREFIX = {lang: f"/{prefix(lang)}" for lang in LANGUAGES}

# Words that stand in the text only next to punctuation (quotes, brackets, commas), chosen by hand; a language
# without one here gets one from its pages (punctuated_word).
PUNCTUATED = {"en": "wait", "cs": "nevím", "pl": "pasuje", "hu": "szerintem", "te": "తెలీదు"}
# A reader typing a common word of the language, with and without its diacritics; likewise (common_word).
COMMON = {"en": "customer", "cs": "zákazník", "pl": "klient", "hu": "ügyfél", "te": "కస్టమర్"}


def common_word(lang: str) -> str:
    """The hand-picked common word, or the long word that the most of the language's pages use."""
    if lang in COMMON:
        return COMMON[lang]
    counts: Counter[str] = Counter()
    for doc in SITE.docs.values():
        if doc.lang == lang:
            counts.update({word.casefold() for word, _, _ in words(doc.body) if len(word) >= 6})
    return counts.most_common(1)[0][0]


def punctuated_word(lang: str) -> str:
    """The hand-picked word, or the most frequent long word followed by a comma or a full stop in the pages."""
    if lang in PUNCTUATED:
        return PUNCTUATED[lang]
    counts: Counter[str] = Counter()
    for doc in SITE.docs.values():
        if doc.lang == lang:
            counts.update(word for word, before, after in words(doc.body)
                          if len(word) >= 5 and before == " " and after in (",", "."))
    return counts.most_common(1)[0][0]


def words(text: str) -> list[tuple[str, str, str]]:
    """Each word of a text (letters, marks, digits and joiners, as the search worker reads them), with the
    characters before and after it."""
    found, start = [], None
    for index, char in enumerate(text + " "):
        if unicodedata.category(char)[0] in "LMN" or char in "\u200c\u200d":
            start = index if start is None else start
        elif start is not None:
            word = text[start:index]
            if not word.isdigit():
                found.append((word, text[start - 1] if start else "", char))
            start = None
    return found


def latin_with_diacritics(lang: str) -> bool:
    """Whether the language's principle titles are Latin letters with diacritics, which readers may leave out."""
    titles = [doc.title for doc in SITE.pages(lang, "principle")]
    return any(fold(t) != t and fold(t).isascii() for t in titles)


class SearchBox:
    """Material's search box on one page, typed into like a reader would."""

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base = page, base
        self.placeholder = page.evaluate(
            "JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']")
        self.box = page.locator("input[data-md-component=search-query]")
        # On a desktop the box is in the header; on a phone the reader taps the search icon first.
        if self.box.is_visible():
            self.box.click()
        else:
            page.locator("label[for=__search]").first.click()

    def query(self, text: str) -> list[str]:
        """The result links, best first, as site paths without highlight parameters or anchors."""
        meta = self.page.locator(".md-search-result__meta")
        self.box.fill("")
        self.box.press("End")
        meta.filter(has_text=self.placeholder).wait_for()
        # The whole query at once, then End: the keyup Material reads, as a phone keyboard's input ends. So there
        # is one search, and the first results shown are its results (tests/test_theme_features.py types key by
        # key). Waiting for an answer, never for a time: under load a search may take any time.
        self.box.fill(text)
        self.box.press("End")
        self.page.wait_for_function(ANSWERED, arg=[self.placeholder], polling=50)
        hrefs = self.page.locator(".md-search-result__list a[href]").evaluate_all("els => els.map(e => e.href)")
        return [urlsplit(h).path for h in hrefs]

    def count(self, text: str) -> int:
        """How many pages and sections match, as the results header says (only the first ten are rendered)."""
        links = self.query(text)
        number = re.search(r"\d+", self.page.locator(".md-search-result__meta").inner_text())
        return int(number[0]) if number else (1 if links else 0)

    def pages(self, text: str) -> list[str]:
        """The distinct result pages, best first."""
        return list(dict.fromkeys(self.query(text)))


@pytest.fixture(scope="module")
def principles(handbook: Path) -> list[dict[str, Any]]:
    return json.loads((handbook / "principles.json").read_text(encoding="utf-8"))["principles"]


@pytest.fixture(scope="module")
def boxes(browser: Any, served: str) -> Iterator[dict[str, tuple[SearchBox, list[str]]]]:
    """One page per language, opened on first use and shared by this module's tests (each page costs a load)."""
    opened: dict[str, tuple[SearchBox, list[str]]] = {}

    def open_box(lang: str) -> tuple[SearchBox, list[str]]:
        if lang not in opened:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(urlsplit(r.url).path))
            page.goto(served + PREFIX[lang] + "principles/")
            opened[lang] = (SearchBox(page, served), requests)
        return opened[lang]

    yield _Lazy(open_box)  # type: ignore[misc]
    for box, _ in opened.values():
        box.page.close()


class _Lazy(dict):  # type: ignore[type-arg]
    """A mapping that opens a language's page the first time a test asks for it."""

    def __init__(self, factory: Any) -> None:
        super().__init__()
        self.factory = factory

    def __missing__(self, lang: str) -> Any:
        return self.factory(lang)


@pytest.fixture(params=LANGUAGES)
def search(request: pytest.FixtureRequest, boxes: dict[str, tuple[SearchBox, list[str]]]
           ) -> tuple[str, SearchBox, list[str]]:
    lang = request.param
    box, requests = boxes[lang]
    return lang, box, requests


ANSWERED = """([placeholder]) => document.querySelector('.md-search-result__meta').textContent !== placeholder"""


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).replace("ł", "l")


def test_results_appear_only_in_the_readers_language(search: tuple[str, SearchBox, list[str]]) -> None:
    lang, box, requests = search
    results = box.query(common_word(lang))
    assert len(results) >= 5, results
    others = [PREFIX[o] for o in LANGUAGES if o != lang and o != DEFAULT]
    assert all(r.startswith(PREFIX[lang]) and not r.startswith(tuple(others)) for r in results), results
    # The page downloaded its own language's index and no other.
    assert {r for r in requests if r.endswith("search_index.json")} == {f"{PREFIX[lang]}search/search_index.json"}


def test_every_principle_title_finds_its_page_first(search: tuple[str, SearchBox, list[str]],
                                                     principles: list[dict[str, Any]]) -> None:
    lang, box, _ = search
    for principle in principles:
        entry = principle["languages"][lang]
        top = box.pages(entry["title"])[:3]
        assert entry["url"] in top, (entry["title"], top)


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if latin_with_diacritics(lang)])
def test_titles_typed_without_diacritics_find_their_page(boxes: dict[str, tuple[SearchBox, list[str]]], lang: str,
                                                         principles: list[dict[str, Any]]) -> None:
    box, _ = boxes[lang]
    for principle in principles:
        entry = principle["languages"][lang]
        assert entry["url"] in box.pages(fold(entry["title"]))[:3], entry["title"]
    assert box.count(fold(common_word(lang))) == box.count(common_word(lang)) > 0


def test_words_next_to_punctuation_are_found(search: tuple[str, SearchBox, list[str]]) -> None:
    lang, box, _ = search
    word = punctuated_word(lang)
    expected = pages_with(lang, rf"[^\w\s]{re.escape(word)}|{re.escape(word)}[^\w\s]")
    assert expected, f"no {lang} page has '{word}' next to punctuation"
    found = box.pages(word)
    assert set(expected) <= set(found), (word, expected, found)
    assert box.pages(f"({word})") == found


@pytest.mark.parametrize("lang, forms, principle", [
    ("pl", ["szacunek", "szacunku"], "respect"),
    ("cs", ["závazek", "zavazku"], "commitment"),
    ("hu", ["empátia", "empátiát", "empatiaval"], "empathy"),
    ("hu", ["ügyfél", "ugyfelek", "ügyfelekkel"], None),
])
def test_inflected_forms_meet(boxes: dict[str, tuple[SearchBox, list[str]]], lang: str, forms: list[str],
                              principle: str | None) -> None:
    box, _ = boxes[lang]
    counts = {form: box.count(form) for form in forms}
    assert all(counts.values()) and len(set(counts.values())) == 1, counts
    if principle:
        for form in forms:
            assert f"{PREFIX[lang]}principles/{principle}/" in box.pages(form)[:3], form


def test_a_telugu_word_is_found_by_its_beginning(boxes: dict[str, tuple[SearchBox, list[str]]]) -> None:
    box, _ = boxes["te"]
    assert "/te/principles/courtesy/" in box.pages("మర్యాద")[:3]
    assert "/te/principles/courtesy/" in box.pages("మర్యా")[:3]
    assert 0 < box.count("కస్టమర్") <= box.count("కస్ట")


def pages_with(lang: str, pattern: str) -> list[str]:
    """Site paths of the pages whose Markdown matches a pattern."""
    paths = []
    for path in sorted((ROOT / "docs" / lang).rglob("*.md")):
        if re.search(pattern, path.read_text(encoding="utf-8")):
            rel = path.relative_to(ROOT / "docs" / lang).as_posix().removesuffix(".md").removesuffix("index")
            paths.append(PREFIX[lang] + (rel + "/" if rel and not rel.endswith("/") else rel))
    return paths


# An inflected form (or a form without diacritics) that no title has, the principle it must find first, and the
# beginning every highlighted word on that page shares once the result is opened.
INFLECTED = {"en": ("promises", "commitment", "promis"), "cs": ("zavazku", "commitment", "zavaz"),
             "pl": ("szacunku", "respect", "szacun"), "hu": ("empatiaval", "empathy", "empati"),
             "te": ("గౌరవాన్ని", "respect", "గౌరవ")}
# A principle's title with one typo (five letters or more), and the principle.
TYPOS = {"en": ("curtesy", "courtesy"), "cs": ("zdvorilst", "courtesy"), "pl": ("uprzejmsc", "courtesy"),
         "hu": ("udvarisság", "courtesy"), "te": ("కమ్యూనికెషన్", "communication")}
# The word of the heading every principle page repeats ("Why it matters to customers"), to type with a title.
REPEATED = {"en": "customers", "cs": "zakaznici", "pl": "klienci", "hu": "ügyfélnek", "te": "కస్టమర్లకు"}
# Material renders each result's score; the first result's is the best page's.
SCORE = ".md-search-result__item:first-child .md-search-result__article[data-md-score]"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_inflected_forms_find_their_principle_first(boxes: dict[str, tuple[SearchBox, list[str]]], lang: str) -> None:
    box, _ = boxes[lang]
    form, principle, _ = INFLECTED[lang]
    assert box.pages(form)[0] == f"{PREFIX[lang]}principles/{principle}/", form


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_typo_finds_the_page_ranked_below_the_exact_word(boxes: dict[str, tuple[SearchBox, list[str]]],
                                                             principles: list[dict[str, Any]], lang: str) -> None:
    box, _ = boxes[lang]
    typo, principle = TYPOS[lang]
    entry = next(p["languages"][lang] for p in principles if p["id"] == principle)
    assert box.pages(typo)[0] == entry["url"], typo
    typo_score = float(box.page.locator(SCORE).first.get_attribute("data-md-score"))
    assert box.pages(entry["title"])[0] == entry["url"]
    exact_score = float(box.page.locator(SCORE).first.get_attribute("data-md-score"))
    assert typo_score < exact_score
    # Short words are never corrected: a four-letter word one letter off finds nothing it does not begin.
    assert box.count("qxzw") == 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_subject_words_rank_the_principle_above_repeated_headings_and_home_pages(
        boxes: dict[str, tuple[SearchBox, list[str]]], principles: list[dict[str, Any]], lang: str) -> None:
    box, _ = boxes[lang]
    empathy = next(p["languages"][lang] for p in principles if p["id"] == "empathy")
    # "Empathy" with "customers": the 13 sections headed "Why it matters to customers" do not come first.
    links = box.query(f"{empathy['title']} {REPEATED[lang]}")
    assert links[0] == empathy["url"], links[:5]
    # A principle's title that the home page also mentions: the principle first, home and contribute below it.
    courtesy = next(p["languages"][lang] for p in principles if p["id"] == "courtesy")
    pages = box.pages(courtesy["title"])
    assert pages[0] == courtesy["url"], pages
    for other in (PREFIX[lang], f"{PREFIX[lang]}contribute/"):
        assert other not in pages or pages.index(other) > 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_opened_result_highlights_the_matched_forms(browser: Any, served: str, lang: str) -> None:
    page = browser.new_page()
    page.goto(served + PREFIX[lang] + "principles/")
    box = SearchBox(page, served)
    form, principle, beginning = INFLECTED[lang]
    box.query(form)
    page.locator(".md-search-result__list a[href]").first.click()
    page.wait_for_url(f"**{PREFIX[lang]}principles/{principle}/**")
    assert "h=" in page.url
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for()
    words = {fold(text.lower()) for text in marks.all_inner_texts()}
    # The forms the page has are marked, not only the one typed, and nothing else.
    assert all(word.startswith(beginning) for word in words), words
    assert words - {fold(form)}, words
    page.close()
