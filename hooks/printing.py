"""Print hook: a printable handbook in every language, and a "Print this section" button on every page.

Each language build gets three generated pages, made from the same rendered pages the site shows:
- `<lang>/print/`: a cover, a table of contents, every principle in registry order, then the articles;
- `<lang>/print/principles/` and `<lang>/print/articles/`: the same for one navigation section.
Links between pages that are in the printout become links inside it; heading ids are made unique per page. The
pages stay out of the navigation and the search index. The print stylesheet is in handbook.css.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import registry
from registry import Doc, Site

# The files of the current language build, to find the rendered pages a printout is made of.
_files: Files | None = None


# Runs after static-i18n's on_files (-100), which picks the current language's files.
@event_priority(-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _files
    site = registry.site(config)
    lang = registry.current_language(config)
    for part in parts(site):
        title = _title(site, lang, part)
        content = f"---\ntitle: {json.dumps(title)}\nsearch:\n  exclude: true\nhide:\n  - navigation\n  - toc\n---\n"
        file = File.generated(config, source_path(site, lang, part), content=content,
                              inclusion=InclusionLevel.NOT_IN_NAV)
        # Static-i18n's language switcher reads these: it leads to the same printout in the other languages.
        file.locale = file.locale_alternate_of = lang
        file.alternates = {code.code: _Alternate(_url(site, code.code, part)) for code in site.languages}
        files.append(file)
    _files = files
    return files


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    site = registry.site(config)
    lang = registry.current_language(config)
    part = _part_of(site, lang, page.url)
    if part is not None:
        page.content = _printout(site, lang, part, page, config.site_name)
        return context
    section = page.file.src_uri.split("/")[1] if page.file.src_uri.count("/") >= 2 else ""
    target = _url(site, lang, section if section in parts(site) else "")
    context["handbook_print"] = {"url": get_relative_url(target, page.url) or ".",
                                 "label": html.escape(site.label(lang, "print_section"))}
    return context


def _printout(site: Site, lang: str, part: str, page: Page, site_name: str) -> str:
    groups = [(key, site.pages(lang, kind)) for folder, key, kind in _groups(site) if part in ("", folder)]
    included = {site.url(doc): _anchor(doc) for _, docs in groups for doc in docs}
    cover = (f'<section class="hb-print-cover"><p class="hb-print-language">{html.escape(site.language_name(lang))}'
             f"</p><h1>{html.escape(site_name)}</h1>"
             f'<p class="hb-print-part">{html.escape(_title(site, lang, part))}</p>'
             f'<p class="hb-print-hint">{html.escape(site.label(lang, "print_hint"))}</p></section>')
    toc = [f'<nav class="hb-print-toc" aria-labelledby="contents"><h2 id="contents">'
           f"{html.escape(site.label(lang, 'print_contents'))}</h2>"]
    body = []
    for key, docs in groups:
        if not docs:
            continue
        toc.append(f"<h3>{html.escape(site.label(lang, key))}</h3><ol>")
        for index, doc in enumerate(docs):
            toc.append(f'<li><a href="#{_anchor(doc)}">{html.escape(doc.title)}</a></li>')
            # The section's name above its first page: a PDF's bookmarks group the pages under it.
            group = f'<p class="hb-print-group">{html.escape(site.label(lang, key))}</p>' if index == 0 else ""
            body.append(f'<section class="hb-print-page" id="{_anchor(doc)}">{group}'
                        f"{_relocate(_rendered(doc), doc, site, page.url, included)}</section>")
        toc.append("</ol>")
    toc.append("</nav>")
    return cover + "".join(toc) + "".join(body)


def _rendered(doc: Doc) -> str:
    src = f"{doc.lang}/{doc.rel}"
    file = _files.get_file_from_path(src) if _files is not None else None
    return file.page.content if file is not None and file.page is not None and file.page.content else ""


def _relocate(content: str, doc: Doc, site: Site, print_url: str, included: dict[str, str]) -> str:
    """Make one page's HTML work inside the printout: unique ids, links into the printout or relative to it."""
    prefix = _anchor(doc)
    source_url = site.url(doc)

    def href(match: re.Match[str]) -> str:
        attr, value = match["attr"], html.unescape(match["value"])
        # The value was unescaped to be read; everything written back is escaped again.
        if value.startswith("#"):
            return f'{attr}="#{prefix}-{html.escape(value[1:])}"'
        if urlsplit(value).scheme or value.startswith(("//", "mailto:")):
            return match[0]
        target, _, fragment = posixpath.normpath(posixpath.join(posixpath.dirname(source_url.rstrip("/") + "/x"),
                                                                value)).partition("#")
        path = target.strip("/") + "/" if target.strip("/") not in ("", ".") else ""
        if attr == "href" and path in included:
            return f'href="#{included[path]}{"-" + html.escape(fragment) if fragment else ""}"'
        relative = get_relative_url(path or ".", print_url) + (f"#{fragment}" if fragment else "")
        return f'{attr}="{html.escape(relative)}"'

    content = ID.sub(lambda m: f'id="{prefix}-{m["value"]}"', content)
    return LINK.sub(href, content)


def _part_of(site: Site, lang: str, url: str) -> str | None:
    for part in parts(site):
        if url == _url(site, lang, part):
            return part
    return None


def source_path(site: Site, lang: str, part: str) -> str:
    """The source path MkDocs gives a printout ('print/index.md', 'cs/print/principles/index.md'); links resolve to it."""
    return registry.print_source(site, lang, part)


def _url(site: Site, lang: str, part: str) -> str:
    return registry.print_source(site, lang, part)[: -len("index.md")]


def _title(site: Site, lang: str, part: str) -> str:
    name = site.label(lang, "print_handbook")
    key = next((key for folder, key, _ in _groups(site) if folder == part), part)
    return f"{name}: {site.label(lang, key)}" if part else name


def _anchor(doc: Doc) -> str:
    # A page's place in the printout: its kind and its file name ("principle-courtesy", "article-clanek").
    return f"{doc.kind}-{doc.stem}"


def _groups(site: Site) -> list[tuple[str, str, str]]:
    # (folder, label key, kind) of each printable section: the collections in order, then the articles.
    found = [(c.folder, c.id, c.kind) for c in site.structure.collections]
    if site.structure.articles:
        found.append((site.structure.articles.folder, "articles", "article"))
    return found


def parts(site: Site) -> list[str]:
    """The printouts of a language: "" (the whole guidebook), then one per navigation section, by its folder."""
    return ["", *(folder for folder, _, _ in _groups(site))]


def groups(site: Site) -> list[tuple[str, str, str]]:
    """(folder, label key, kind) of each printable section, in the printout's order."""
    return _groups(site)


def part_of(site: Site, lang: str, url: str) -> str | None:
    """The printout a page URL is ("" for the whole handbook, or a section of parts()), or None."""
    return _part_of(site, lang, url)


def url_of(site: Site, lang: str, part: str) -> str:
    """The URL of a printout in a language, relative to the site root."""
    return _url(site, lang, part)


def title(site: Site, lang: str, part: str) -> str:
    """The title of a printout in a language."""
    return _title(site, lang, part)


class _Alternate:
    def __init__(self, url: str) -> None:
        self.url = url


ID = re.compile(r'\bid="(?P<value>[^"]+)"')
LINK = re.compile(r'\b(?P<attr>href|src)="(?P<value>[^"]*)"')
