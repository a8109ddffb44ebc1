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


@pytest.fixture(params=LANGUAGES)
def search(request: pytest.FixtureRequest, browser: Any, served: str) -> Iterator[tuple[str, SearchBox, list[str]]]:
    lang = request.param
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(urlsplit(r.url).path))
    page.goto(served + PREFIX[lang] + "principles/")
    yield lang, SearchBox(page, served), requests
    page.close()


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
    assert [r for r in requests if r.endswith("search_index.json")] == [f"{PREFIX[lang]}search/search_index.json"]


def test_every_principle_title_finds_its_page_first(search: tuple[str, SearchBox, list[str]],
                                                     principles: list[dict[str, Any]]) -> None:
    lang, box, _ = search
    for principle in principles:
        entry = principle["languages"][lang]
        top = box.pages(entry["title"])[:3]
        assert entry["url"] in top, (entry["title"], top)


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if latin_with_diacritics(lang)])
def test_titles_typed_without_diacritics_find_their_page(browser: Any, served: str, lang: str,
                                                         principles: list[dict[str, Any]]) -> None:
    page = browser.new_page()
    page.goto(served + PREFIX[lang])
    box = SearchBox(page, served)
    for principle in principles:
        entry = principle["languages"][lang]
        assert entry["url"] in box.pages(fold(entry["title"]))[:3], entry["title"]
    assert box.count(fold(common_word(lang))) == box.count(common_word(lang)) > 0
    page.close()


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
def test_inflected_forms_meet(browser: Any, served: str, lang: str, forms: list[str], principle: str | None) -> None:
    page = browser.new_page()
    page.goto(served + PREFIX[lang])
    box = SearchBox(page, served)
    counts = {form: box.count(form) for form in forms}
    assert all(counts.values()) and len(set(counts.values())) == 1, counts
    if principle:
        for form in forms:
            assert f"{PREFIX[lang]}principles/{principle}/" in box.pages(form)[:3], form
    page.close()


def test_a_telugu_word_is_found_by_its_beginning(browser: Any, served: str) -> None:
    page = browser.new_page()
    page.goto(served + "/te/")
    box = SearchBox(page, served)
    assert "/te/principles/courtesy/" in box.pages("మర్యాద")[:3]
    assert "/te/principles/courtesy/" in box.pages("మర్యా")[:3]
    assert 0 < box.count("కస్టమర్") <= box.count("కస్ట")
    page.close()


def pages_with(lang: str, pattern: str) -> list[str]:
    """Site paths of the pages whose Markdown matches a pattern."""
    paths = []
    for path in sorted((ROOT / "docs" / lang).rglob("*.md")):
        if re.search(pattern, path.read_text(encoding="utf-8")):
            rel = path.relative_to(ROOT / "docs" / lang).as_posix().removesuffix(".md").removesuffix("index")
            paths.append(PREFIX[lang] + (rel + "/" if rel and not rel.endswith("/") else rel))
    return paths
