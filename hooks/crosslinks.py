"""Cross-links hook: renders every link between articles and principles, so that nobody maintains a link list.

- Under an article heading, its `<!-- principles: … -->` marker becomes links to those principle pages.
- Each principle page gets a Sources list of the article sections tied to it, its own language first.
- `<!-- handbook:… -->` markers on home and index pages become lists of principles and articles, a link to the
  coverage page, and the coverage matrix itself.
- The navigation lists principles in registry order, and `principles.json` indexes every principle's pages.
The generated blocks are written as HTML in place of their markers once the page is rendered: Markdown passes the
markers through unchanged (in code they are escaped, so examples stay as they are), and putting hundreds of
generated links through Markdown cost more than a tenth of the build. tests/test_handbook.py checks every link.
"""

from __future__ import annotations

import html
import json
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
    if doc is not None and _has_sources(site, doc):
        # The heading stays Markdown, so that it is in the page's table of contents.
        markdown = (markdown.rstrip("\n") + f"\n\n## {site.label(doc.lang, 'sources')} {{#sources data-search-exclude}}"
                    f"\n\n{SOURCES_MARKER}\n")
    return markdown


# Before safety.py's check of the rendered page, so that the check sees the generated links too.
@event_priority(10)
def on_page_content(content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    site = registry.site(config)
    doc = site.docs.get(_doc_key(page))
    if doc is None:
        return content
    main = site.structure.main.id
    content = MARKER.sub(lambda m: _section_links(site, doc, m["ids"]) if m["name"] == main else m[0], content)
    content = LISTING.sub(lambda m: _listing(site, doc, m["name"]) if _lister(site, m["name"]) else m[0], content)
    if _has_sources(site, doc):
        content = content.replace(SOURCES_MARKER, _sources(site, doc))
    return content


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
    sections = _sections(site)
    for item in nav.items:
        if isinstance(item, Section):
            kind = _section_kind(site, item)
            if kind:
                # Labels are plain text; the theme prints navigation titles as HTML.
                item.title = html.escape(site.label(lang, kind))
            collection = next((c for c in site.structure.collections if c.id == kind), None)
            if collection is not None:
                order = {pid: i for i, pid in enumerate(site.ids(collection))}
                item.children.sort(key=lambda c: -1 if _stem(c) == "index" else order.get(_stem(c), len(order)))
    top = {"home": 0, **{name: i for i, name in enumerate(sections, 1)}, "": len(sections) + 1}
    nav.items.sort(key=lambda i: top.get(_top_kind(site, i), len(top)))
    _link_reading_order(nav)
    return nav


def on_post_build(config: MkDocsConfig) -> None:
    # <collection>.json (the handbook's principles.json) describes all languages, so it is written once, by the
    # first language build.
    if not registry.is_first_language_build(config):
        return
    site = registry.site(config)
    base = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    for collection in site.structure.collections:
        items = []
        for pid in site.ids(collection):
            pages = {}
            for lang in site.languages:
                doc = site.item(lang.code, pid, collection)
                if doc is not None:
                    pages[lang.code] = {"title": doc.title, "summary": doc.meta.get("summary", ""),
                                        "url": base + site.url(doc)}
            items.append({"id": pid, "languages": pages})
        data = {"site_url": config.site_url or None,
                "languages": [{"code": lang.code, "name": lang.name, "default": lang.default}
                              for lang in site.languages],
                collection.id: items}
        out = Path(config.site_dir) / f"{collection.id}.json"
        out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def reading_order(items: list) -> list[Page]:
    """The pages of a navigation, in the order a reader meets them from top to bottom."""
    pages: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            pages.append(item)
        if getattr(item, "children", None):
            pages += reading_order(item.children)
    return pages


def link(site: Site, page: Doc, target: Doc, text: str, anchor: str = "") -> str:
    """An HTML link from `page` to `target`, marked with the target's language when that is another one."""
    href = html.escape(get_relative_url(site.url(target, anchor), site.url(page) or "."))
    language = f' hreflang="{target.lang}" lang="{target.lang}"' if target.lang != page.lang else ""
    return f'<a href="{href}"{language}>{_text(text)}</a>'


def _link_reading_order(nav: Navigation) -> None:
    # MkDocs links each page to the one before and after it (the footer's Previous/Next) before the plugins reorder
    # the navigation; link them again in the order the navigation now shows.
    pages = reading_order(nav.items)
    nav.pages = pages
    for before, page, after in zip([None, *pages[:-1]], pages, [*pages[1:], None]):
        page.previous_page, page.next_page = before, after


def _section_links(site: Site, doc: Doc, ids: str) -> str:
    links = [link(site, doc, p, p.title) for pid in _split(ids) if (p := site.item(doc.lang, pid))]
    if not links:
        return ""
    main = site.structure.main.id
    return (f'<p class="hb-item-links" data-search-exclude><strong>{_text(site.label(doc.lang, "section_" + main))}'
            f"</strong> {' · '.join(links)}</p>")


def _sources(site: Site, doc: Doc) -> str:
    own, others = [], []
    for lang in site.languages:
        for article in site.pages(lang.code, "article"):
            for text, anchor in _passages(site, article, doc.stem):
                if lang.code == doc.lang:
                    own.append(f"<li>{link(site, doc, article, text, anchor)}</li>")
                else:
                    others.append(f"<li>{_language_name(lang)} {link(site, doc, article, text, anchor)}</li>")
    parts = [_paragraph(site.label(doc.lang, "sources_intro"))]
    parts.append(_list(own) if own else _paragraph(site.label(doc.lang, "sources_none")))
    if others:
        parts += [f"<p><strong>{_text(site.label(doc.lang, 'sources_other_languages'))}</strong></p>", _list(others)]
    return "\n".join(parts)


def _passages(site: Site, article: Doc, pid: str) -> list[tuple[str, str]]:
    """(link text, anchor) for each part of `article` tied to principle `pid`."""
    found = []
    for section in article.sections:
        if any(p == pid for p, _ in section.principles):
            if section.level > 1:
                found.append((f"{article.title} › {section.title}", section.anchor))
            else:
                found.append((article.title, ""))
    if not found and pid in {p for p, _ in article.list_meta(site.structure.main.id)}:
        found.append((article.title, ""))
    return found


def _listing(site: Site, doc: Doc, name: str) -> str:
    # Each generated block stands in its own element, so that two lists next to each other never merge.
    # Generated navigation stays out of the search index: readers search the handbook's text.
    return f'<div class="hb-list hb-list-{name}" data-search-exclude>\n{_lister(site, name)(site, doc)}\n</div>'


def _lister(site: Site, name: str):  # noqa: ANN202 - a listing function, or None
    """The function that makes the listing `<!-- handbook:name -->`: a collection's id lists its items."""
    collection = next((c for c in site.structure.collections if c.id == name), None)
    if collection is not None:
        return lambda s, d: _item_list(s, d, collection)
    if name in ("articles", "other-articles") and site.structure.articles is None:
        return None
    return LISTINGS.get(name)


def _item_list(site: Site, doc: Doc, collection: registry.Collection) -> str:
    items = []
    # Each language sets a title and its summary apart with its own dash (English "—", Czech or Hungarian "–").
    dash = _text(site.label(doc.lang, "summary_separator"))
    for pid in site.ids(collection):
        target = site.item(doc.lang, pid, collection)
        if target is not None:
            summary = target.meta.get("summary")
            items.append(f"<li>{link(site, doc, target, target.title)}"
                         + (f" {dash} {_text(str(summary))}" if summary else "") + "</li>")
    return _list(items)


def _article_list(site: Site, doc: Doc) -> str:
    return _list([f"<li>{link(site, doc, a, a.title)}</li>" for a in site.pages(doc.lang, "article")])


def _other_article_list(site: Site, doc: Doc) -> str:
    items = []
    for lang in site.languages:
        articles = site.pages(lang.code, "article")
        if lang.code != doc.lang and articles:
            links = ", ".join(link(site, doc, a, a.title) for a in articles)
            items.append(f"<li>{_language_name(lang)} {links}</li>")
    return _list(items)


def _coverage_link(site: Site, doc: Doc) -> str:
    target = site.docs.get((site.default_language, COVERAGE_PAGE))
    return f"<p>{link(site, doc, target, site.label(doc.lang, 'coverage'))}</p>" if target else ""


def _contributing_link(site: Site, doc: Doc) -> str:
    if not site.repo_url:
        return ""
    # The guide in the reader's language when the repository has one (CONTRIBUTING.<lang>.md), else the guide in
    # the reference language; on the branch the edit buttons edit (edit_uri), or the default branch (HEAD).
    name, lang = f"CONTRIBUTING.{doc.lang}.md", doc.lang
    if not (site.root / name).is_file():
        name, lang = "CONTRIBUTING.md", site.reference_language
    href = html.escape(f"{site.repo_url}/{contributing_path(site.edit_uri)}/{name}")
    return f'<p><a href="{href}" hreflang="{lang}">{_text(site.label(doc.lang, "contributing_guide"))}</a></p>'


def contributing_path(edit_uri: str) -> str:
    """The part of a repository address before a file's name on the branch `edit_uri` edits: 'blob/main'."""
    parts = [p for p in edit_uri.split("?")[0].split("/") if p]
    for index, part in enumerate(parts[:-1]):
        if part in ("edit", "blob", "tree"):
            return "/".join([*parts[:index], "blob", parts[index + 1]])
    return "blob/HEAD"


def _coverage_matrix(site: Site, doc: Doc) -> str:
    head = "".join(f'<th scope="col" lang="{lang.code}">{html.escape(lang.name)}</th>' for lang in site.languages)
    rows = []
    for pid in site.registry:
        cells = []
        for lang in site.languages:
            target = site.item(lang.code, pid)
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


def _language_name(lang: registry.Language) -> str:
    return f'<span lang="{lang.code}"><strong>{_text(lang.name)}:</strong></span>'


def _list(items: list[str]) -> str:
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def _paragraph(text: str) -> str:
    return f"<p>{_text(text)}</p>"


def _text(text: str) -> str:
    return html.escape(text, quote=False)


def _doc_key(page: Page) -> tuple[str, str]:
    lang, _, rel = page.file.src_uri.partition("/")
    return lang, rel


def _split(ids: str) -> list[str]:
    return [p.strip() for p in ids.split(",") if p.strip()]


def _stem(item: object) -> str:
    file = getattr(item, "file", None)
    return Path(file.src_uri).stem if file else ""


def _sections(site: Site) -> dict[str, str]:
    """Top-level folders and the label key of their navigation section, in the navigation's order."""
    found = {c.folder: c.id for c in site.structure.collections}
    if site.structure.articles:
        found[site.structure.articles.folder] = "articles"
    return found


def _section_kind(site: Site, section: Section) -> str:
    folders = _sections(site)
    for child in section.children:
        file = getattr(child, "file", None)
        if file:
            folder = file.src_uri.split("/")[1] if file.src_uri.count("/") >= 2 else ""
            if folder in folders:
                return folders[folder]
    return ""


def _top_kind(site: Site, item: object) -> str:
    if isinstance(item, Section):
        return _section_kind(site, item)
    return "home" if getattr(item, "is_homepage", False) or _stem(item) == "index" else ""


def _has_sources(site: Site, doc: Doc) -> bool:
    # An item of the collection articles tie to has a Sources section, when the guidebook has articles.
    return site.structure.articles is not None and doc.kind == site.structure.main.kind


# Markdown writes a marker on a line of its own, as it was written.
# No two neighbouring repeats can match the same text, so that a long line cannot make the search backtrack.
MARKER = re.compile(r"^[ \t]*<!--[ \t]*(?P<name>[a-z0-9-]+):(?P<ids>[^\n]*?)-->[ \t]*$", re.MULTILINE)
LISTING = re.compile(r"^[ \t]*<!--\s*handbook:(?P<name>[\w-]+)\s*-->[ \t]*$", re.MULTILINE)
SOURCES_MARKER = "<!-- handbook-sources -->"
LISTINGS = {
    "articles": _article_list,
    "other-articles": _other_article_list,
    "coverage": _coverage_link,
    "contributing": _contributing_link,
    "coverage-matrix": _coverage_matrix,
}
COVERAGE_PAGE = "coverage.md"
