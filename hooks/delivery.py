"""Delivery hook: pages that show on a phone's slow connection without waiting for more than they need.

- The handbook's stylesheet (overrides/assets/stylesheets/handbook.css: fonts, print rules, a few styles) is small,
  so it is inlined in every page instead of costing a render-blocking request; its font addresses are made
  relative to each page.
- The font files the page's language needs are preloaded, so that text does not jump when they arrive; quotes from
  other languages further down load their font when needed (unicode-range). hooks/fonts.py makes these tags and
  the @font-face rules from docs/guidebook.yml.

Material's own script tag is left exactly as Material writes it (a plain script at the end of the body, before any
`extra_javascript`), so that search, highlighting, "back to top", the table of contents, the language menu and
`document$` for extra scripts work from the reader's first tap. tests/test_theme_features.py checks each of them.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

import fonts

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    css = _stylesheet(str(Path(config.theme.custom_dir or "") / STYLESHEET))
    # The stylesheet is the theme folder's own file; the fonts' tags and rules come from hooks/fonts.py's template.
    preloads, faces = fonts.head(config, page)
    return output.replace("</head>", f"{preloads}<style>{faces}{css}</style>\n</head>", 1)


@functools.lru_cache(maxsize=4)
def _stylesheet(path: str) -> str:
    return COMMENT.sub("", Path(path).read_text(encoding="utf-8"))


STYLESHEET = "assets/stylesheets/handbook.css"
COMMENT = re.compile(r"/\*.*?\*/\s*", re.S)
