"""Cross-links hook: renders every link between articles and principles, so that nobody maintains a link list.

- Under an article heading, its `<!-- principles: … -->` marker becomes links to those principle pages.
- Each principle page gets a Sources list of the article sections tied to it, its own language first.
- `<!-- handbook:… -->` markers on home and index pages become lists of principles and articles, a link to the
  coverage page, and the coverage matrix itself.
- The navigation lists principles in registry order, and `principles.json` indexes every principle's pages.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import registry
import translations
from registry import Doc, Site


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    site = registry.site(config)
    doc = site.docs.get(_doc_key(page))
    if doc is None:
        return markdown
    markdown = MARKER.sub(lambda m: _section_links(site, doc, m["ids"]), markdown)
    markdown = LISTING.sub(lambda m: _listing(site, doc, m["name"]) if m["name"] in LISTINGS else m[0], markdown)
    if doc.kind == "principle":
        markdown = markdown.rstrip("\n") + "\n\n" + _sources(site, doc) + "\n"
    return markdown


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    # The coverage table is generated, so there is nothing on that page for a contributor to edit.
    site = registry.site(config)
    if _doc_key(page) == (site.default_language, COVERAGE_PAGE):
        page.edit_url = None
    return context


# Runs after static-i18n's own on_nav (-100), which sorts the top level alphabetically.
@event_priority(-110)
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    site = registry.site(config)
    lang = registry.current_language(config)
    order = {pid: i for i, pid in enumerate(site.registry)}
    for item in nav.items:
        if isinstance(item, Section):
            kind = _section_kind(item)
            if kind:
                item.title = site.label(lang, kind)
            if kind == "principles":
                item.children.sort(key=lambda c: -1 if _stem(c) == "index" else order.get(_stem(c), len(order)))
    nav.items.sort(key=lambda i: TOP_ORDER.get(_top_kind(i), len(TOP_ORDER)))
    return nav


def on_post_build(config: MkDocsConfig) -> None:
    # principles.json describes all languages, so it is written once, by the first language build.
    if not registry.is_first_language_build(config):
        return
    site = registry.site(config)
    base = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    data = {"site_url": config.site_url or None,
            "languages": [{"code": lang.code, "name": lang.name, "default": lang.default} for lang in site.languages],
            "principles": []}
    for pid in site.registry:
        pages = {}
        for lang in site.languages:
            doc = site.principle(lang.code, pid)
            if doc is not None:
                pages[lang.code] = {"title": doc.title, "summary": doc.meta.get("summary", ""),
                                    "url": base + site.url(doc)}
        data["principles"].append({"id": pid, "languages": pages})
    out = Path(config.site_dir) / "principles.json"
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def link(site: Site, page: Doc, target: Doc, text: str, anchor: str = "") -> str:
    """A link from `page` to `target`: Markdown within a language (MkDocs checks it), HTML across languages."""
    if target.lang == page.lang:
        path = posixpath.relpath(target.rel, posixpath.dirname(page.rel) or ".")
        label = re.sub(r"([\[\]\\])", r"\\\1", text)
        return f"[{label}]({path}{'#' + anchor if anchor else ''})"
    href = get_relative_url(site.url(target, anchor), site.url(page) or ".")
    return (f'<a href="{html.escape(href)}" hreflang="{target.lang}" lang="{target.lang}">'
            f"{html.escape(text)}</a>")


def _section_links(site: Site, doc: Doc, ids: str) -> str:
    links = [link(site, doc, p, p.title) for pid in _split(ids) if (p := site.principle(doc.lang, pid))]
    if not links:
        return ""
    return f"**{site.label(doc.lang, 'section_principles')}** {' · '.join(links)}\n{{: .hb-principles data-search-exclude }}"


def _sources(site: Site, doc: Doc) -> str:
    own, others = [], []
    for lang in site.languages:
        for article in site.pages(lang.code, "article"):
            for text, anchor in _passages(article, doc.stem):
                if lang.code == doc.lang:
                    own.append(f"- {link(site, doc, article, text, anchor)}")
                else:
                    others.append(f'- <span lang="{lang.code}">**{html.escape(lang.name)}:**</span> '
                                  f"{link(site, doc, article, text, anchor)}")
    # Generated navigation stays out of the search index: readers search the handbook's text.
    parts = [f"## {site.label(doc.lang, 'sources')} {{#sources data-search-exclude}}", site.label(doc.lang, "sources_intro")]
    parts.append("\n".join(own) if own else site.label(doc.lang, "sources_none"))
    if others:
        parts += [f"**{site.label(doc.lang, 'sources_other_languages')}**", "\n".join(others)]
    return "\n\n".join(parts)


def _passages(article: Doc, pid: str) -> list[tuple[str, str]]:
    """(link text, anchor) for each part of `article` tied to principle `pid`."""
    found = []
    for section in article.sections:
        if any(p == pid for p, _ in section.principles):
            if section.level > 1:
                found.append((f"{article.title} › {section.title}", section.anchor))
            else:
                found.append((article.title, ""))
    if not found and pid in {p for p, _ in article.list_meta("principles")}:
        found.append((article.title, ""))
    return found


def _listing(site: Site, doc: Doc, name: str) -> str:
    # Each generated block stands in its own element, so that two lists next to each other never merge.
    return f'<div class="hb-list hb-list-{name}" data-search-exclude markdown>\n\n{LISTINGS[name](site, doc)}\n\n</div>'


def _principle_list(site: Site, doc: Doc) -> str:
    items = []
    for pid in site.registry:
        target = site.principle(doc.lang, pid)
        if target is not None:
            summary = target.meta.get("summary")
            items.append(f"- {link(site, doc, target, target.title)}" + (f" — {summary}" if summary else ""))
    return "\n".join(items)


def _article_list(site: Site, doc: Doc) -> str:
    return "\n".join(f"- {link(site, doc, a, a.title)}" for a in site.pages(doc.lang, "article"))


def _other_article_list(site: Site, doc: Doc) -> str:
    items = []
    for lang in site.languages:
        articles = site.pages(lang.code, "article")
        if lang.code != doc.lang and articles:
            links = ", ".join(link(site, doc, a, a.title) for a in articles)
            items.append(f'- <span lang="{lang.code}">**{html.escape(lang.name)}:**</span> {links}')
    return "\n".join(items)


def _coverage_link(site: Site, doc: Doc) -> str:
    target = site.docs.get((site.default_language, COVERAGE_PAGE))
    return link(site, doc, target, site.label(doc.lang, "coverage")) if target else ""


def _contributing_link(site: Site, doc: Doc) -> str:
    if not site.repo_url:
        return ""
    href = html.escape(f"{site.repo_url}/blob/main/CONTRIBUTING.md")
    return f'<a href="{href}" hreflang="en">{html.escape(site.label(doc.lang, "contributing_guide"))}</a>'


def _coverage_matrix(site: Site, doc: Doc) -> str:
    head = "".join(f'<th scope="col" lang="{lang.code}">{html.escape(lang.name)}</th>' for lang in site.languages)
    rows = []
    for pid in site.registry:
        cells = []
        for lang in site.languages:
            target = site.principle(lang.code, pid)
            if target is None:
                cells.append(f'<td class="hb-missing">{html.escape(site.label(doc.lang, "coverage_missing"))}</td>')
            else:
                href = html.escape(get_relative_url(site.url(target), site.url(doc) or "."))
                state = translations.status(site, target)
                flag = (f' <span class="hb-{state}">({html.escape(site.label(doc.lang, "coverage_" + state))})</span>'
                        if state in (translations.OUTDATED, translations.UNTRANSLATED) else "")
                cells.append(f'<td><a href="{href}" hreflang="{lang.code}" lang="{lang.code}">'
                             f"{html.escape(target.title)}</a>{flag}</td>")
        rows.append(f'<tr><th scope="row"><code>{pid}</code></th>{"".join(cells)}</tr>')
    principle = html.escape(site.label(doc.lang, "coverage_principle"))
    return (f'<table class="hb-coverage"><thead><tr><th scope="col">{principle}</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _doc_key(page: Page) -> tuple[str, str]:
    lang, _, rel = page.file.src_uri.partition("/")
    return lang, rel


def _split(ids: str) -> list[str]:
    return [p.strip() for p in ids.split(",") if p.strip()]


def _stem(item: object) -> str:
    file = getattr(item, "file", None)
    return Path(file.src_uri).stem if file else ""


def _section_kind(section: Section) -> str:
    for child in section.children:
        file = getattr(child, "file", None)
        if file:
            folder = file.src_uri.split("/")[1] if file.src_uri.count("/") >= 2 else ""
            if folder in ("principles", "articles"):
                return folder
    return ""


def _top_kind(item: object) -> str:
    if isinstance(item, Section):
        return _section_kind(item)
    return "home" if getattr(item, "is_homepage", False) or _stem(item) == "index" else ""


MARKER = re.compile(r"^[ \t]*<!--\s*principles:\s*(?P<ids>.*?)\s*-->[ \t]*$", re.MULTILINE)
LISTING = re.compile(r"^[ \t]*<!--\s*handbook:(?P<name>[\w-]+)\s*-->[ \t]*$", re.MULTILINE)
LISTINGS = {
    "principles": _principle_list,
    "articles": _article_list,
    "other-articles": _other_article_list,
    "coverage": _coverage_link,
    "contributing": _contributing_link,
    "coverage-matrix": _coverage_matrix,
}
COVERAGE_PAGE = "coverage.md"
TOP_ORDER = {"home": 0, "principles": 1, "articles": 2, "": 3}
