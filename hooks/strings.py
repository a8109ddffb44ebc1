"""Strings hook: every interface text a reader sees is in the page's language, taken from docs/labels.yml.

- The theme's own strings: a language's `theme:` labels override the theme's language pack, key by key
  (overrides/partials/language.html), so a wrong or missing theme translation is fixed in data, not in templates.
- The title of the link beside every heading, the footer and the 404 page come from the labels as well.
- Articles, the machine translations kept word for word as the text of record, open with a notice in the reader's
  language that points to the principle pages; the printouts, made from the rendered pages, carry it too.
Labels are plain text written by contributors, so they are escaped before any template prints them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

import registry

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def on_pre_build(config: MkDocsConfig) -> None:
    # The heading links are made by Markdown's toc extension, which reads its title from the config of each build.
    site = registry.site(config)
    toc = config.mdx_configs.setdefault("toc", {})
    if toc.get("permalink"):
        toc["permalink_title"] = site.label(registry.current_language(config), "permalink")


# After the generated links are in place, before the safety check of the rendered page.
@event_priority(5)
def on_page_content(content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    site = registry.site(config)
    lang, _, rel = page.file.src_uri.partition("/")
    doc = site.docs.get((lang, rel))
    if doc is None or doc.kind != "article":
        return content
    # The notice leads to the index of the collection the articles are tied to (the handbook's principles).
    index = f"{'' if doc.lang == site.default_language else doc.lang + '/'}{site.structure.main.folder}/"
    notice = str(NOTICE.format(text=site.label(doc.lang, "article_notice"),
                           link=site.label(doc.lang, "article_notice_link"),
                           href=get_relative_url(index, page.url)))
    head, found, rest = content.partition("</h1>")
    return head + found + notice + rest if found else notice + content


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    return _strings(context, config)


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    # The 404 page is rendered from a template of its own, without a page.
    return _strings(context, config)


def _strings(context: dict[str, Any], config: MkDocsConfig) -> dict[str, Any]:
    site = registry.site(config)
    lang = registry.current_language(config)
    labels = {**site.labels.get(site.default_language, {}), **site.labels.get(lang, {})}
    # The theme's own pack is the fallback for a language's theme strings, never another language's overrides.
    theme = site.labels.get(lang, {}).get("theme")
    theme = theme if isinstance(theme, dict) else {}
    context["handbook_labels"] = {key: escape(value) for key, value in labels.items() if isinstance(value, str)}
    context["handbook_theme_strings"] = {str(key): escape(value) for key, value in theme.items()
                                         if isinstance(value, str)}
    # The 404 page is served at any address, so its links start from the site's root path.
    root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    context["handbook_root"] = root
    context["handbook_not_found"] = [_not_found(site, code, lang, root) for code in
                                     [lang, *(other.code for other in site.languages if other.code != lang)]]
    return context


def _not_found(site: registry.Site, code: str, current: str, root: str) -> dict[str, Any]:
    return {"lang": code, "current": code == current, "title": escape(site.label(code, "not_found_title")),
            "text": escape(site.label(code, "not_found_text")), "home": escape(site.label(code, "not_found_home")),
            "href": root if code == site.default_language else f"{root}{code}/"}


NOTICE = Markup('<div class="admonition info hb-article-notice" data-search-exclude><p>{text} '
                '<a href="{href}">{link}</a></p></div>')
