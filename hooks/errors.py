"""Errors hook: an unexpected error while the build handles a page ends in a message naming the page, not a traceback.

The hooks' own checks report bad input with its file and line. When something else fails on a contributor's page
(a Markdown extension, the theme's templates, a hook's bug), MkDocs stops and Python would print a traceback, which
tells a translator nothing. This hook remembers which page the build is working on and, when the build fails with
an error MkDocs does not explain itself, logs what happened on which page and what to do, and ends the program
without the traceback (through `sys.excepthook`, Python's public hook for uncaught errors). Maintainers who need the
traceback set HANDBOOK_TRACEBACK=1.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import event_priority, get_plugin_logger

import registry

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

log = get_plugin_logger("handbook.errors")

# The page the build is reading or rendering, if any; reset when each page is written.
_current: dict[str, str] = {}


@event_priority(200)
def on_pre_page(page: Page, config: MkDocsConfig, files: Any) -> Page:
    _current["page"] = registry.repo_path(config, page.file.abs_src_path or page.file.src_uri)
    return page


@event_priority(200)
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    _current["page"] = registry.repo_path(config, page.file.abs_src_path or page.file.src_uri)
    return context


@event_priority(-500)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    _current.pop("page", None)
    return output


def on_build_error(error: Exception) -> None:
    if isinstance(error, MkDocsException):
        return  # Already a message for people (the hooks' PluginErrors name their files).
    where = _current.get("page", "The handbook")
    log.error(f"{where}: the build stopped while handling this page ({type(error).__name__}: {str(error)[:200]}).\n"
              "    Fix: look for unusual text in this page (HTML, indentation, special characters) and write it in "
              "plain Markdown. If the page looks right, ask a maintainer and include this message.")
    if not os.environ.get("HANDBOOK_TRACEBACK"):
        sys.excepthook = _quiet(error, sys.excepthook)


def _quiet(error: BaseException, previous: Any) -> Any:
    failed = id(error)

    def hook(kind: type[BaseException], value: BaseException, traceback: Any) -> None:
        sys.excepthook = previous
        if id(value) != failed:
            previous(kind, value, traceback)
            return
        print("Aborted: see the message above. (HANDBOOK_TRACEBACK=1 shows the details for maintainers.)",
              file=sys.stderr)
        # Let the build's objects go now, not while Python shuts down (where their clean-up would fail loudly).
        value.__traceback__ = None
        sys.last_type = sys.last_value = sys.last_traceback = None  # type: ignore[assignment]

    return hook
