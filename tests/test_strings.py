"""Every string a reader sees is in the page's language: theme strings, heading links, footer, 404, article notice."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from conftest import LANGUAGES, ROOT

LABELS = yaml.safe_load((ROOT / "docs/labels.yml").read_text(encoding="utf-8"))


def label(lang: str, key: str) -> str:
    return LABELS.get(lang, {}).get(key) or LABELS[LANGUAGES[0]][key]


def prefix(lang: str) -> str:
    return "" if lang == LANGUAGES[0] else f"{lang}/"


def read(site: Path, rel: str) -> str:
    return html.unescape((site / rel).read_text(encoding="utf-8"))


def test_heading_links_and_footer_speak_the_page_language(handbook: Path) -> None:
    for lang in LANGUAGES:
        page = read(handbook, f"{prefix(lang)}principles/courtesy/index.html")
        titles = set(re.findall(r'class="headerlink" href="#[^"]*" title="([^"]*)"', page))
        assert titles == {label(lang, "permalink")}, lang
        footer = page[page.index('class="md-copyright"'):]
        assert label(lang, "footer_generator") in footer, lang
        if lang != LANGUAGES[0]:
            assert "Made with" not in footer and "Permanent link" not in page, lang


def test_theme_strings_come_from_the_labels_where_set(handbook: Path) -> None:
    for lang in LANGUAGES:
        page = read(handbook, f"{prefix(lang)}index.html")
        overrides = LABELS.get(lang, {}).get("theme") or {}
        assert "search.placeholder" in overrides, f"{lang}: docs/labels.yml has no theme 'search.placeholder'"
        assert f'placeholder="{overrides["search.placeholder"]}"' in page, lang
        for key in ("clipboard.copy", "clipboard.copied"):
            if key in overrides:
                assert f'"{key}":"{overrides[key]}"' in page.replace('": "', '":"'), (lang, key)


def test_every_article_carries_the_notice_online_and_in_print(handbook: Path) -> None:
    articles = sorted(handbook.glob("*/articles/*/index.html"))
    assert articles
    for path in articles:
        lang = path.relative_to(handbook).parts[0]
        raw = path.read_text(encoding="utf-8")
        # The notice follows the article's own heading, which keeps its anchor.
        assert re.search(r'<h1 id="[^"]+">.*?</h1><div class="admonition info hb-article-notice"', raw, re.S), path
        page = read(handbook, path.relative_to(handbook).as_posix())
        notice = page[page.index("hb-article-notice"):][:2000]
        assert label(lang, "article_notice") in notice and label(lang, "article_notice_link") in notice, path
        link = re.search(r'<a href="([^"]*)"', notice)[1]
        assert (path.parent / link / "index.html").resolve() == (handbook / prefix(lang) / "principles/index.html")
        printout = read(handbook, f"{prefix(lang)}print/index.html")
        assert printout.count(label(lang, "article_notice")) == len(list(path.parent.parent.glob("*/index.html")))


def test_the_404_page_speaks_every_language(handbook: Path) -> None:
    page = read(handbook, "404.html")
    assert "404 - Not found" not in page
    # Served at any address, it links the handbook's stylesheet (and so its fonts for every script) from the root.
    assert re.search(r'<link rel="stylesheet" href="/[^"]*assets/stylesheets/handbook\.css">', page)
    for lang in LANGUAGES:
        assert label(lang, "not_found_title") in page and label(lang, "not_found_home") in page, lang
        home = "/" + prefix(lang)
        assert re.search(rf'<a href="{re.escape(home)}"[^>]*>{re.escape(label(lang, "not_found_home"))}</a>', page), lang
