"""The Content-Security-Policy of every page, in headless Chromium: the handbook works under it, injected code does not."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import LANGUAGES, Guidebook
from test_search import COMMON, PREFIX, SearchBox

# Every violation the browser reports, and every console message about a refused resource.
WATCH = """document.addEventListener("securitypolicyviolation", e =>
  (window.__violations = window.__violations || []).push(e.violatedDirective + " " + e.blockedURI + " " + e.sample));"""
READY = "() => window.document$ !== undefined"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = browser.new_page()
    tab.add_init_script(WATCH)
    console: list[str] = []
    tab.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    tab.console_messages = console
    yield tab
    tab.close()


def _hash(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def violations(page: Any) -> list[str]:
    return page.evaluate("window.__violations || []") + page.console_messages


def test_every_page_allows_exactly_its_own_inline_scripts(guidebook: Guidebook) -> None:
    pages = sorted(guidebook.built.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        text = path.read_text(encoding="utf-8")
        tree = LexborHTMLParser(text)
        tags = tree.css('meta[http-equiv="Content-Security-Policy"]')
        assert len(tags) == 1 and tags[0].parent.tag == "head", path
        # Before any script, so that it covers them all.
        assert text.index('http-equiv="Content-Security-Policy"') < text.index("<script"), path
        directives = dict(d.strip().split(" ", 1) for d in tags[0].attributes["content"].split(";"))
        sources = set(directives["script-src"].split())
        inline = [n.text() for n in tree.css("script:not([src])") if n.attributes.get("type") != "application/json"]
        assert {f"'sha256-{_hash(text)}'" for text in inline} | {"'self'"} == sources, path
        assert directives["object-src"] == "'none'" and directives["form-action"] == "'none'"
        assert directives["base-uri"] in ("'none'", "'self'")


def test_every_kind_of_page_loads_without_violations(handbook: Path, served: str, page: Any) -> None:
    # Every language's pages of each kind; the policies of all pages are checked above.
    urls = ["/404.html", "/coverage/"]
    for lang in LANGUAGES:
        root = PREFIX[lang]
        articles = sorted((handbook / root.strip("/") / "articles").glob("*/index.html"))[:1]
        urls += [root + rel for rel in ("", "principles/", "principles/respect/", "contribute/", "print/",
                                        *(f"articles/{a.parent.name}/" for a in articles))]
    for url in urls:
        page.goto(served + url)
        # Material's script has run (it is loaded once the page has loaded).
        page.wait_for_function(READY)
        assert violations(page) == [], url


def test_search_language_menu_navigation_and_printing_run_under_the_policy(served: str, page: Any) -> None:
    # One reader's walk through every language: search, the language menu, the navigation, printing.
    page.goto(served + PREFIX[LANGUAGES[0]] + "principles/")
    for lang, other in zip(LANGUAGES, [*LANGUAGES[1:], LANGUAGES[0]]):
        page.wait_for_function(READY)
        assert SearchBox(page, served).pages(COMMON[lang]), lang
        page.keyboard.press("Escape")
        page.locator(".md-sidebar--primary a.md-nav__link[href$='respect/']").first.click()
        page.wait_for_url(f"**{PREFIX[lang]}principles/respect/")
        page.wait_for_function(READY)
        if lang == LANGUAGES[-1]:
            # Printing (its own stylesheet and fonts), once: Telugu's is the heaviest.
            assert page.pdf()[:4] == b"%PDF"
        page.goto(served + PREFIX[lang] + "principles/")
        page.locator(".md-header .md-select").first.hover()
        page.locator(f".md-select__link[hreflang={other}]").first.click()
        page.wait_for_url(f"**{PREFIX[other]}principles/")
        assert violations(page) == [], lang


def test_chromium_blocks_code_injected_into_a_built_page(served: str, page: Any) -> None:
    def inject(route: Any) -> None:
        body = route.fetch().text().replace(
            "</article>", '<img src="missing.png" onerror="window.__ran = 1"><p onclick="window.__ran = 2">x</p>'
            "<script>window.__ran = 3</script></article>", 1)
        route.fulfill(body=body, content_type="text/html; charset=utf-8")

    page.route(f"{served}/cs/principles/respect/", inject)
    page.goto(served + "/cs/principles/respect/")
    page.wait_for_function(READY)
    page.locator("p[onclick]").click()
    page.wait_for_function("() => (window.__violations || []).length >= 3")
    assert page.evaluate("window.__ran") is None
    assert all("script-src" in v for v in page.evaluate("window.__violations"))
