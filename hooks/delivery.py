"""Delivery hook: pages that show on a phone's slow connection without waiting for more than they need.

- The handbook's stylesheet (overrides/assets/stylesheets/handbook.css: fonts, print rules, a few styles) is small,
  so it is inlined in every page instead of costing a render-blocking request; its font addresses are made
  relative to each page.
- The font files the page's language needs are preloaded, so that text does not jump when they arrive; quotes from
  other languages further down load their font when needed (unicode-range).
- Material's script is fetched once the page has loaded (the `load` event): the text, its stylesheet and its fonts
  get the phone's bandwidth first, and the script's start-up work (about a quarter of a second on a mid-range phone)
  runs after the page is shown instead of during its loading. Reading, links, the navigation drawer and the language
  menu work without it; search, the table of contents' tracking and "back to top" start when it has run.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

log = get_plugin_logger("handbook.delivery")


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    fonts = get_relative_url("assets/fonts/x", page.url)[: -len("x")]
    css = _stylesheet(str(Path(config.theme.custom_dir or "") / STYLESHEET)).replace('url("../fonts/', f'url("{fonts}')
    preloads = "".join(f'<link rel="preload" href="{fonts}{name}" as="font" type="font/woff2" crossorigin>'
                       for name, letters in FONTS if letters is None or letters.search(f"{page.title} {config.site_name}"))
    output = output.replace("</head>", f"{preloads}<style>{css}</style>\n</head>", 1)
    deferred, count = BUNDLE.subn(lambda m: LOADER.replace("SRC", json.dumps(m[1])), output, count=1)
    if not count:
        log.warning(f"{page.file.src_uri}: Material's script tag was not found, so it is not loaded after the page. "
                    "mkdocs-material has changed; update BUNDLE in hooks/delivery.py.")
    return deferred


@functools.lru_cache(maxsize=4)
def _stylesheet(path: str) -> str:
    return COMMENT.sub("", Path(path).read_text(encoding="utf-8"))


STYLESHEET = "assets/stylesheets/handbook.css"
COMMENT = re.compile(r"/\*.*?\*/\s*", re.S)
LOADER = ('<script>addEventListener("load",function(){var s=document.createElement("script");s.src=SRC;'
          "document.body.appendChild(s)})</script>")
# The shape of LOADER for hooks/guard.py, which allows only the inline scripts the theme and the hooks ship.
INLINE_SCRIPTS = [LOADER.replace("SRC", '"{{ src }}"')[len("<script>"):-len("</script>")]]
BUNDLE = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')
# The regular face of each font file, preloaded when the page's language (its title, the site name) has letters
# from its range.
FONTS = [
    ("noto-sans-latin-400-normal.woff2", None),
    ("noto-sans-latin-ext-a-400-normal.woff2", re.compile("[\u0100-\u017f]")),
    ("noto-sans-telugu-telugu-400-normal.woff2", re.compile("[\u0c00-\u0c7f]")),
]
