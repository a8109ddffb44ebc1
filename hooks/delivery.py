"""Delivery hook: pages that show on a phone's slow connection without waiting for more than they need.

- The handbook's stylesheet (overrides/assets/stylesheets/handbook.css: fonts, print rules, a few styles) is small,
  so it is inlined in every page instead of costing a render-blocking request; its font addresses are made
  relative to each page.
- The font files the page's language needs are preloaded, so that text does not jump when they arrive; quotes from
  other languages further down load their font when needed (unicode-range).

Material's own script tag is left exactly as Material writes it (a plain script at the end of the body, before any
`extra_javascript`), so that search, highlighting, "back to top", the table of contents, the language menu and
`document$` for extra scripts work from the reader's first tap. tests/test_theme_features.py checks each of them.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    fonts = get_relative_url("assets/fonts/x", page.url)[: -len("x")]
    css = _stylesheet(str(Path(config.theme.custom_dir or "") / STYLESHEET)).replace('url("../fonts/', f'url("{fonts}')
    preloads = "".join(f'<link rel="preload" href="{fonts}{name}" as="font" type="font/woff2" crossorigin>'
                       for name, letters in FONTS if letters is None or letters.search(f"{page.title} {config.site_name}"))
    return output.replace("</head>", f"{preloads}<style>{css}</style>\n</head>", 1)


@functools.lru_cache(maxsize=4)
def _stylesheet(path: str) -> str:
    return COMMENT.sub("", Path(path).read_text(encoding="utf-8"))


STYLESHEET = "assets/stylesheets/handbook.css"
COMMENT = re.compile(r"/\*.*?\*/\s*", re.S)
# The regular face of each font file, preloaded when the page's language (its title, the site name) has letters
# from its range.
FONTS = [
    ("noto-sans-latin-400-normal.woff2", None),
    ("noto-sans-latin-ext-a-400-normal.woff2", re.compile("[\u0100-\u017f]")),
    ("noto-sans-telugu-telugu-400-normal.woff2", re.compile("[\u0c00-\u0c7f]")),
]
