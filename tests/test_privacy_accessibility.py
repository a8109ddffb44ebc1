"""Privacy and accessibility, in headless Chromium: no request leaves the site, and axe-core finds no violation.
(Material's script and its features are tested in tests/test_theme_features.py.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import LANGUAGES

AXE = Path(__file__).resolve().parent / "vendor/axe-core/axe.min.js"
ARTICLE = {"en": "contribute/", "cs": "articles/etika-zakaznickeho-servisu/", "pl": "articles/standardy-i-wartosci/",
           "hu": "articles/az-5-a/", "te": "articles/customer-service-ethics/"}


def pages_of(lang: str) -> list[str]:
    """A language's home, a principle page and an article (English has none: its contribute page instead)."""
    prefix = "" if lang == "en" else f"{lang}/"
    return [prefix, f"{prefix}principles/empathy/", prefix + ARTICLE[lang]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_request_leaves_the_site(browser: Any, served: str, lang: str) -> None:
    own = urlsplit(served).netloc
    for path in pages_of(lang):
        page = browser.new_page()
        requests: list[str] = []
        failures: list[str] = []
        page.on("request", lambda r, seen=requests: seen.append(r.url))
        page.on("response", lambda r, bad=failures: bad.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("requestfailed", lambda r, bad=failures: bad.append(f"failed {r.url}"))
        page.goto(f"{served}/{path}", wait_until="networkidle")
        # Open search too: it loads the language's index and the worker.
        page.locator("input[data-md-component=search-query]").focus()
        page.wait_for_load_state("networkidle")
        page.close()
        elsewhere = [u for u in requests if not u.startswith("data:") and urlsplit(u).netloc != own]
        assert elsewhere == [], (path, elsewhere)
        assert failures == [], (path, failures)
        assert any(u.endswith("search_index.json") for u in requests), path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_no_accessibility_violation(browser: Any, served: str, lang: str) -> None:
    for path in pages_of(lang):
        page = browser.new_page()
        page.goto(f"{served}/{path}", wait_until="networkidle")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document).then(r => JSON.stringify(r.violations))")
        page.close()
        violations = json.loads(result)
        summary = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        assert summary == [], (path, summary)

