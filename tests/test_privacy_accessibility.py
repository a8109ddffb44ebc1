"""Privacy and accessibility, in headless Chromium: no request leaves the site, and axe-core finds no violation.
(Material's script and its features are tested in tests/test_theme_features.py.)"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import LANGUAGES, PRINCIPLES, SITE, prefix

AXE = Path(__file__).resolve().parent / "vendor/axe-core/axe.min.js"


def pages_of(lang: str) -> list[str]:
    """A language's home, a principle page and its first article (or, without articles, its contribute page)."""
    articles = SITE.pages(lang, "article")
    third = f"articles/{articles[0].stem}/" if articles else "contribute/"
    return [prefix(lang), f"{prefix(lang)}principles/{PRINCIPLES[3]}/", prefix(lang) + third]


@pytest.fixture(scope="module")
def visits(browser: Any, served: str) -> Callable[[str], list[Visit]]:
    """Each language's pages visited once (a load costs seconds), shared by the privacy and the accessibility test."""
    done: dict[str, list[Visit]] = {}

    def visit(lang: str) -> list[Visit]:
        if lang not in done:
            done[lang] = [_visit(browser, served, path) for path in pages_of(lang)]
        return done[lang]

    return visit


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_request_leaves_the_site(visits: Callable[[str], list[Visit]], served: str, lang: str) -> None:
    own = urlsplit(served).netloc
    for visit in visits(lang):
        elsewhere = [u for u in visit.requests if not u.startswith("data:") and urlsplit(u).netloc != own]
        assert elsewhere == [], (visit.path, elsewhere)
        assert visit.failures == [], (visit.path, visit.failures)
        assert any(u.endswith("search_index.json") for u in visit.requests), visit.path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_no_accessibility_violation(visits: Callable[[str], list[Visit]], lang: str) -> None:
    for visit in visits(lang):
        summary = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in visit.violations]
        assert summary == [], (visit.path, summary)


@dataclass
class Visit:
    path: str
    requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    violations: list[dict[str, Any]] = field(default_factory=list)


def _visit(browser: Any, served: str, path: str) -> Visit:
    # axe-core is the test's script, not the site's: the page's policy would refuse it (see test_security_policy.py),
    # so the policy is off here; with it off, a request to another site would be made, and seen, not blocked.
    page = browser.new_page(bypass_csp=True)
    visit = Visit(path)
    page.on("request", lambda r: visit.requests.append(r.url))
    page.on("response", lambda r: visit.failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: visit.failures.append(f"failed {r.url}"))
    try:
        page.goto(f"{served}/{path}", wait_until="networkidle")
        # Open search too: it loads the language's index and the worker (unless the page already has).
        index = [u for u in visit.requests if u.endswith("search_index.json")]
        if not index:
            with page.expect_request_finished(lambda r: r.url.endswith("search_index.json")):
                page.locator("input[data-md-component=search-query]").focus()
        else:
            page.locator("input[data-md-component=search-query]").focus()
        # The search opens with a fade: contrast is judged on the opened search, not on a colour half-way through it.
        page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        page.add_script_tag(path=str(AXE))
        visit.violations = json.loads(page.evaluate("axe.run(document).then(r => JSON.stringify(r.violations))"))
    finally:
        page.close()
    return visit
