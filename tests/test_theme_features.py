"""Material's features, in headless Chromium, in every language, from the reader's first tap.

One visit per language: a phone opens a principle list, taps search at once, types a principle's title and taps the
result; the result page highlights the terms. The same page, then wide and short like a laptop, shows "back to top"
when the reader scrolls up, keeps the table of contents' current entry in view, and its language menu leads to the
same principle in the next language. `document$`, the stream Material documents for extra JavaScript, exists when
extra scripts run, both in the handbook and in a tiny handbook that really has such a script.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from conftest import LANGUAGES, QuietHandler, free_port, make_tiny, prefix, run_mkdocs

PHONE = {"viewport": {"width": 390, "height": 740}, "is_mobile": True, "has_touch": True}
LAPTOP = {"width": 1280, "height": 260}

# Runs before the page's own scripts: at DOMContentLoaded, after every classic and deferred script (extra_javascript
# included) has run, it records whether Material's document$ was there for them.
PROBE = """document.addEventListener("DOMContentLoaded", () => {
  window.__documentStream = typeof window.document$ === "object" && typeof window.document$.subscribe;
});"""


@pytest.fixture(scope="module")
def principles(handbook: Path) -> list[dict[str, Any]]:
    return json.loads((handbook / "principles.json").read_text(encoding="utf-8"))["principles"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_feature_works_from_the_first_tap(browser: Any, served: str, lang: str,
                                                principles: list[dict[str, Any]]) -> None:
    entry = principles[0]["languages"][lang]
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.add_init_script(PROBE)
    try:
        page.goto(f"{served}/{prefix(lang)}principles/", wait_until="domcontentloaded")
        assert page.evaluate("window.__documentStream") == "function", "document$ was missing for extra scripts"

        # Search opens on the first tap: Material focuses the box (a tap without its script only ticks a checkbox).
        page.locator("label[for=__search]").first.tap()
        page.wait_for_function("() => document.activeElement && document.activeElement.matches("
                               "'input[data-md-component=search-query]')")
        page.keyboard.type(entry["title"])
        # A phone keyboard's input ends with a key event; Material searches on it (letters typed as text have none).
        page.keyboard.press("End")
        result = page.locator(".md-search-result__list a.md-search-result__link").filter(
            has=page.locator("h1")).first
        result.wait_for()
        assert urlsplit(result.get_attribute("href") or "").path.endswith(urlsplit(entry["url"]).path)
        result.tap()
        page.wait_for_url(lambda url: urlsplit(url).path == entry["url"] and "h=" in url)

        # The typed words are highlighted in the page's text.
        marks = page.locator("article mark[data-md-highlight]")
        marks.first.wait_for()
        # Each mark is a typed word or, as the search matched it, the beginning of one.
        typed = [word.casefold() for word in entry["title"].split()]
        marked = [text.casefold() for text in marks.all_inner_texts()]
        assert all(any(word.startswith(m) for word in typed) for m in marked), (page.url, marked)

        page.set_viewport_size(LAPTOP)
        back_to_top(page)
        table_of_contents_follows(page)
        language_menu_keeps_the_principle(page, served, lang, principles[0])
    finally:
        context.close()


def back_to_top(page: Any) -> None:
    """Scrolling down, then up a little, shows "back to top"; pressing it returns to the top."""
    # Material keeps the button in the page and marks it `hidden` (it fades out, but stays "visible").
    hidden = "document.querySelector('[data-md-component=top]').hidden"
    page.evaluate("scrollTo(0, 0)")
    page.wait_for_function(f"() => {hidden}")
    page.mouse.move(640, 200)
    page.mouse.wheel(0, 2000)
    page.wait_for_function("() => scrollY > 1000")
    page.mouse.wheel(0, -300)
    page.wait_for_function(f"() => !{hidden}")
    page.locator("[data-md-component=top]").click()
    page.wait_for_function("() => scrollY === 0")


def table_of_contents_follows(page: Any) -> None:
    """Reading the last section marks it in the table of contents and scrolls that entry into view."""
    toc = page.locator(".md-sidebar--secondary .md-sidebar__scrollwrap")
    toc.wait_for()
    links = page.locator(".md-sidebar--secondary a.md-nav__link")
    last = links.last
    anchor = (last.get_attribute("href") or "").lstrip("#")
    assert anchor and toc.evaluate("e => e.scrollHeight > e.clientHeight"), "the table of contents fits: nothing to follow"
    page.evaluate("id => document.getElementById(id).scrollIntoView()", anchor)
    page.wait_for_function("""([wrap, href]) => {
      const box = document.querySelector(wrap), link = box.querySelector(`a.md-nav__link[href="${href}"]`);
      const outer = box.getBoundingClientRect(), inner = link.getBoundingClientRect();
      return link.classList.contains("md-nav__link--active") && box.scrollTop > 0 &&
             inner.top >= outer.top && inner.bottom <= outer.bottom;
    }""", arg=[".md-sidebar--secondary .md-sidebar__scrollwrap", f"#{anchor}"])


def language_menu_keeps_the_principle(page: Any, served: str, lang: str, principle: dict[str, Any]) -> None:
    """The header's language menu opens and leads to the same principle in the next language."""
    other = LANGUAGES[(LANGUAGES.index(lang) + 1) % len(LANGUAGES)]
    page.locator(".md-header .md-select > button").click()
    link = page.locator(f".md-header .md-select__link[hreflang={other}]")
    link.click()
    target = principle["languages"][other]["url"]
    page.wait_for_url(lambda url: unquote(urlsplit(url).path) == target)
    assert page.locator("html").get_attribute("lang") == other


@pytest.fixture(scope="module")
def tiny_with_extra_script(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The tiny handbook with an extra script written as Material documents, served on localhost."""
    project = make_tiny(tmp_path_factory.mktemp("extra"))
    # Scripts are code, not content (SECURITY.md): they live in the theme's custom folder, never under docs/.
    script = project / "overrides/assets/javascripts/extra.js"
    script.parent.mkdir(parents=True)
    script.write_text(
        'document$.subscribe(function () { document.body.dataset.extra = "ran " + location.pathname; });\n',
        encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
                      + "extra_javascript:\n  - assets/javascripts/extra.js\n", encoding="utf-8")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", free_port()), functools.partial(QuietHandler, directory=str(project / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("path", ["/", "/cs/principles/courtesy/"])
def test_an_extra_script_can_subscribe_to_document(browser: Any, tiny_with_extra_script: str, path: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(tiny_with_extra_script + path, wait_until="domcontentloaded")
        page.wait_for_function("() => document.body.dataset.extra !== undefined")
        assert page.evaluate("document.body.dataset.extra") == f"ran {path}"
        assert errors == []
    finally:
        page.close()
