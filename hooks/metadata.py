"""Metadata hook: what search engines and browsers read in a page's head, in the page's own language.

- A meta description on every page: its front-matter `description` or `summary`, else its first paragraph.
- `hreflang` alternates that are absolute (made from `site_url`), list only the languages that really have the
  page, and add `x-default` (the English page). Material's own are relative and list every language.
- A name for Material's search dialog, which screen readers announce.
- Sitemaps where Material's scripts look for them, so that no page requests a file that is not there: one per
  language root (`/cs/sitemap.xml`), and one beside each page for the alternates Material probes.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from mkdocs.plugins import event_priority

import registry

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

# Every built page's language and alternates, collected over all language builds; reset by each full build.
_pages: dict[str, dict[str, str]] = {}


def on_pre_build(config: MkDocsConfig) -> None:
    if registry.is_first_language_build(config):
        _pages.clear()


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    if not page.meta.get("description"):
        # The summary is already escaped (hooks/plaintext.py); the first paragraph is plain text once its tags go.
        summary = page.meta.get("summary")
        text = html.unescape(str(summary)) if summary else _first_paragraph(page.content or "")
        if text:
            page.meta["description"] = html.escape(_shorten(text))
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    output = _name_search_dialog(output)
    if not config.site_url:
        return output
    site = registry.site(config)
    alternates = {lang: file.url for lang, file in getattr(page.file, "alternates", {}).items()}
    alternates.setdefault(registry.current_language(config), page.url)
    _pages[page.url] = alternates
    links = [f'<link rel="alternate" href="{html.escape(urljoin(config.site_url, url))}" hreflang="{lang}">'
             for lang, url in sorted(alternates.items(), key=lambda item: _order(site, item[0]))]
    if site.default_language in alternates:
        default = urljoin(config.site_url, alternates[site.default_language])
        links.append(f'<link rel="alternate" href="{html.escape(default)}" hreflang="x-default">')
    head, _, body = output.partition("</head>")
    head = ALTERNATE.sub("", head).replace("</title>", "</title>\n    " + "\n    ".join(links), 1)
    return f"{head}</head>{body}"


# After static-i18n (-100) has built every language and written the root sitemap.
@event_priority(-150)
def on_post_build(config: MkDocsConfig) -> None:
    if not registry.is_first_language_build(config) or not config.site_url:
        return
    site = registry.site(config)
    out = Path(config.site_dir)
    for lang in site.languages:
        if lang.code != site.default_language:
            urls = [url for url, alts in _pages.items() if url.startswith(f"{lang.code}/")]
            if urls:
                _write_sitemap(out / lang.code / "sitemap.xml", config.site_url, urls)
    for url, alternates in _pages.items():
        folder = out / url
        if url and not (folder / "sitemap.xml").exists():
            _write_sitemap(folder / "sitemap.xml", config.site_url, sorted(set(alternates.values())))


def _name_search_dialog(output: str) -> str:
    label = SEARCH_LABEL.search(output)
    if label is None:
        return output
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label[1]}">', 1)


def _write_sitemap(path: Path, site_url: str, urls: list[str]) -> None:
    entries = "".join(f"  <url><loc>{html.escape(urljoin(site_url, url))}</loc></url>\n" for url in sorted(urls))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                    f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n',
                    encoding="utf-8")


def _order(site: Any, lang: str) -> int:
    codes = [language.code for language in site.languages]
    return codes.index(lang) if lang in codes else len(codes)


def _first_paragraph(content: str) -> str:
    match = PARAGRAPH.search(content)
    return " ".join(html.unescape(TAG.sub("", match[1])).split()) if match else ""


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit - 1)].rstrip(",;:") + "…"


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_LABEL = re.compile(r'<input[^>]*name="query"[^>]*aria-label="([^"]+)"')
ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
TAG = re.compile(r"<[^>]+>")
