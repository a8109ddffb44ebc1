"""Plain-text hook: front-matter values reach the theme as text, never as HTML.

Material prints a page's title, description and other front-matter values into the page (its <title>, meta tags,
navigation, search) without escaping them. The schema (hooks/schema.yml) says which keys are plain text; their values
are escaped once, as the page is read, so that a title containing '<' shows '<' to the reader. Keys the handbook does
not use are dropped, so that they cannot act even in `mkdocs serve`, where the build reports them but keeps going.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

import registry
import schema

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


# First of the on_page_markdown handlers: every other hook and plugin sees the escaped values.
@event_priority(100)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # 'ties' stands for the first collection's id: an article's list of the items it discusses.
    known = {*schema.SCHEMA["front_matter"]["keys"], registry.site(config).structure.main.id} - {"ties"}
    plain = set(schema.plain_text_keys())
    # Pages the hooks generate (the print pages) set theme keys of their own; only contributors' pages are limited.
    generated = bool(getattr(page.file, "generated_by", None))
    for key in list(page.meta):
        if key not in known and not generated:
            del page.meta[key]
        elif key in plain:
            page.meta[key] = html.escape(str(page.meta[key]))
    return markdown
