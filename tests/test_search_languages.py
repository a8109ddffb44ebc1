"""Search in languages the handbook does not have yet: a tiny handbook with Japanese (no spaces between words), and the
build-time half of the search agreeing with the worker's half in a real browser."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, QuietHandler, run_mkdocs
from test_search import SearchBox

CONFIG = """\
site_name: Tiny handbook
docs_dir: docs
theme:
  name: material
  language: en
  font: false
  custom_dir: OVERRIDES
  features: [search.highlight]
plugins:
  - search
  - i18n:
      docs_structure: folder
      fallback_to_default: false
      reconfigure_search: false
      languages:
        - {locale: en, name: English, default: true}
        - {locale: ja, name: 日本語}
hooks:
  - HOOKS/search.py
exclude_docs: |
  /search.yml
"""
PAGES = {
    "en/index.md": "# Handbook\n\nCourtesy and respect.\n",
    "en/principles/courtesy.md": "# Courtesy\n\nGreet every customer politely.\n",
    "ja/index.md": "# ハンドブック\n\n接客の基本をまとめました。\n",
    "ja/principles/courtesy.md": "# 礼儀\n\nお客様には丁寧な言葉遣いで接客します。笑顔で挨拶しましょう。\n",
    "ja/principles/respect.md": "# 尊重\n\nお客様の話を最後まで聞き、気持ちを大切にします。\n",
}
# Text the build and the browser must split into the same words.
SAMPLES = {"ja": "お客様への丁寧な対応が大切です。敬語を使いましょう", "zh": "我们的客户服务很好。请耐心等待",
           "th": "บริการลูกค้าด้วยความสุภาพ", "en": "Don't wait: call-back (today)!",
           "cs": "Zákazníkům, prosím, nevolejte.", "te": "కస్టమర్‌కు మర్యాదగా, గౌరవంతో."}


def tiny_search_project(tmp_path: Path, settings: str = "") -> Path:
    """A handbook with English and Japanese pages and only the search hook."""
    project = tmp_path / "ja-handbook"
    for rel, text in PAGES.items():
        (project / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / rel).write_text(text, encoding="utf-8")
    if settings:
        (project / "docs/search.yml").write_text(settings, encoding="utf-8")
    (project / "mkdocs.yml").write_text(CONFIG.replace("HOOKS", (ROOT / "hooks").as_posix())
                                       .replace("OVERRIDES", (ROOT / "overrides").as_posix()), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def japanese(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The tiny Japanese handbook, built and served."""
    project = tiny_search_project(tmp_path_factory.mktemp("ja"))
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stdout + result.stderr
    handler = functools.partial(QuietHandler, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_japanese_words_are_found_in_text_without_spaces(browser: Any, japanese: str) -> None:
    page = browser.new_page()
    page.goto(japanese + "/ja/")
    box = SearchBox(page, japanese)
    # Words in the middle of a sentence, with no space on either side.
    assert box.pages("丁寧")[0] == "/ja/principles/courtesy/"
    assert box.pages("気持ち")[0] == "/ja/principles/respect/"
    assert set(box.pages("お客様")) == {"/ja/principles/courtesy/", "/ja/principles/respect/"}
    page.locator(".md-search-result__list a[href]").first.click()
    page.locator("article mark[data-md-highlight]").first.wait_for()
    assert set(page.locator("article mark[data-md-highlight]").all_inner_texts()) == {"お客様"}
    page.close()


def test_the_build_and_the_browser_read_words_alike(browser: Any, japanese: str) -> None:
    import yaml
    from searchtext import fold, stemmer, words

    page = browser.new_page()
    page.goto(japanese + "/ja/")
    page.add_script_tag(url=japanese + "/assets/javascripts/handbook-search.js")
    for lang, text in SAMPLES.items():
        seen = page.evaluate("([lang, text]) => new Engine({config: {lang: [lang]}, docs: []}).tokens(text)"
                             ".map(t => [t.raw, fold(t.raw)])", [lang, text])
        assert seen == [[word, fold(word)] for word in words(text, lang)], lang
    # The language's suffix list cuts the same endings in both halves.
    spec = yaml.safe_load((ROOT / "docs/search.yml").read_text(encoding="utf-8"))["te"]["stemmer"]
    forms = ["కస్టమర్లకు", "కస్టమర్‌కు", "గౌరవాన్ని", "గౌరవంతో", "మర్యాదగా"]
    in_browser = page.evaluate("""([spec, forms]) => {
      const folded = {...spec, suffixes: spec.suffixes.map(fold).sort((a, b) => b.length - a.length)};
      return forms.map(f => stripSuffixes(folded, fold(f)));
    }""", [spec, forms])
    assert in_browser == [stemmer(spec)(form) for form in forms]
    page.close()


def test_japanese_needs_no_stemmer_and_is_split_at_build_time() -> None:
    from searchtext import words

    assert list(words("笑顔で挨拶しましょう", "ja"))[:3] == ["笑顔", "で", "挨拶"]
    # A Latin word inside Japanese text stays one word.
    assert list(words("お客様のWi-Fi", "ja")) == ["お客様", "の", "Wi", "Fi"]


@pytest.mark.parametrize("settings, message", [
    ("ja:\n  stemmer:\n    snowball: ja\n", "docs/search.yml, line 1: 'ja' asks for the Snowball stemmer 'ja', which "
                                             "does not exist."),
    ("en:\n  stemmer:\n    snowball: english\nja:\n  synonyms: [礼儀]\n",
     "docs/search.yml, line 4: 'ja' synonyms must be a list of groups"),
    ("ranking:\n  principle: high\n", "docs/search.yml, line 1: 'ranking' may only set"),
])
def test_search_settings_the_worker_cannot_use_stop_the_build(tmp_path: Path, settings: str, message: str) -> None:
    result = run_mkdocs(tiny_search_project(tmp_path, settings))
    assert result.returncode == 1
    assert message in result.stderr + result.stdout, result.stderr
    assert "Traceback" not in result.stderr
