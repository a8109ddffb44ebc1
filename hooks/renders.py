"""The preview's (`mkdocs serve`) rebuilds convert again only the pages whose Markdown or surroundings changed.

Every `mkdocs serve` rebuild converts every page of every language from Markdown to HTML again, though a save
changes one page. A page's conversion (`Page.render`) is a pure function of: its Markdown (as the other hooks and
plugins leave it), its file's place in the site, the place of every file it could link to (the build's files),
the Markdown extensions with their options, the link validation settings, and the texts of the snippets the
snippets extension may include. This module keeps each conversion's result under a digest of all of those, from one
rebuild to the next, and gives it back when nothing changed:
- the HTML, the table of contents, the title, the anchors the page has and the links it makes to other pages'
  anchors (mapped to the current build's files);
- a conversion that logged anything (a warning about a link) is never kept, so its messages come on every rebuild.
MkDocs has no event to skip a conversion, so hooks/speed.py wraps `Page.render` (listed in its PATCHES, with the
version it was tested with); only under `mkdocs serve`: the publishing build converts every page as MkDocs does.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.structure.pages import Page

import digests
import preview

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


def install() -> None:
    """Wrap `Page.render` once per process (the wrapper converts as MkDocs does unless this run serves)."""
    if getattr(Page.render, "_handbook", False):
        return
    original = Page.render

    def render(page: Page, config: MkDocsConfig, files: Files) -> None:
        if not preview.serving():
            return original(page, config, files)
        return cached_render(original, page, config, files)

    render._handbook = True  # type: ignore[attr-defined]
    Page.render = render  # type: ignore[method-assign]


def cached_render(original: Any, page: Page, config: MkDocsConfig, files: Files) -> None:
    """`original(page, config, files)`, or its kept result when every input is the same as when it was kept."""
    key = _key(page, config, files)
    kept = _kept.get(key)
    if kept is None:
        records = _Records()
        loggers = [logging.getLogger(), logging.getLogger("mkdocs")]
        for logger in loggers:
            logger.addHandler(records)
        try:
            original(page, config, files)
        finally:
            for logger in loggers:
                logger.removeHandler(records)
        if not records.seen:
            _kept[key] = (page.content, copy.deepcopy(page.toc), page._title_from_render,
                          set(page.present_anchor_ids or ()),
                          {target.src_uri: dict(links) for target, links in (page.links_to_anchors or {}).items()}
                          if page.links_to_anchors is not None else None)
        _used.add(key)
        return
    _used.add(key)
    content, toc, title, anchors, links = kept
    page.content, page.toc, page._title_from_render = content, copy.deepcopy(toc), title
    page.present_anchor_ids = set(anchors)
    if links is not None:
        page.links_to_anchors = {files.get_file_from_path(src): dict(found) for src, found in links.items()}


def forget_unused() -> None:
    """Keep only the conversions the last full build used (called at the start of each full build)."""
    for stale in [key for key in _kept if key not in _used]:
        del _kept[stale]
    _used.clear()
    _surroundings.clear()


def _key(page: Page, config: MkDocsConfig, files: Files) -> str:
    digest = hashlib.sha256((page.markdown or "").encode("utf-8"))
    digest.update(repr((page.file.src_uri, page.file.dest_uri, page.file.url,
                        logging.getLogger("mkdocs.structure.pages").getEffectiveLevel())).encode("utf-8"))
    digest.update(_surrounding(config, files).encode("ascii"))
    return digest.hexdigest()


def _surrounding(config: MkDocsConfig, files: Files) -> str:
    # The same for every page of one language build: worked out once for it (the files are final by then).
    if id(files) not in _surroundings or _surroundings[id(files)][0] is not files:
        digest = hashlib.sha256(repr((
            [(f.src_uri, f.dest_uri, f.url, str(f.inclusion), f.is_documentation_page(), f.abs_src_path)
             for f in files],
            [str(e) for e in config["markdown_extensions"]], sorted((config["mdx_configs"] or {}).items()),
            config["use_directory_urls"], repr(config["validation"]), config["docs_dir"],
        )).encode("utf-8"))
        if "pymdownx.snippets" in config["markdown_extensions"]:
            paths = ((config["mdx_configs"] or {}).get("pymdownx.snippets") or {}).get("base_path") or ["."]
            # Relative to the folder MkDocs runs in, as the snippets extension reads them.
            digest.update(digests.snippets([Path(os.path.abspath(base))
                                            for base in ([paths] if isinstance(paths, str) else paths)]).encode())
        _surroundings[id(files)] = (files, digest.hexdigest())
    return _surroundings[id(files)][1]


class _Records(logging.Handler):
    """Notes whether anything was logged while a page was converted."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True


# Conversions by digest of their inputs: (content, toc, title, anchor ids, links to anchors by target source path).
_kept: dict[str, tuple[str | None, Any, str | None, set[str], dict[str, dict[str, str]] | None]] = {}
# The digests the current full build used; the surroundings of each language build's files.
_used: set[str] = set()
_surroundings: dict[int, tuple[Any, str]] = {}
