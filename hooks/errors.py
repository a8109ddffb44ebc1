"""Errors hook: a page that breaks the build, or would hang it, ends it with a message naming the page.

The hooks' own checks report bad input with its file and line. When something else fails on a contributor's page
(a Markdown extension, the theme's templates, a hook's bug), MkDocs stops and Python would print a traceback, which
tells a translator nothing. This hook remembers which page the build is working on and, when the build fails with
an error MkDocs does not explain itself, logs what happened on which page and what to do, and ends the program
without the traceback (through `sys.excepthook`, Python's public hook for uncaught errors). Maintainers who need the
traceback set HANDBOOK_TRACEBACK=1.

Python-Markdown takes quadratic time or worse on some inputs (deeply nested lists, thousands of headings), and a
regular expression can hold the interpreter so that no thread or signal handler runs. So a watchdog process, which
the build tells which page it is working on, stops the build when one page takes longer than HANDBOOK_PAGE_SECONDS
(20 by default; the real pages take milliseconds), after printing which page it was and what to do. The preview
(`mkdocs serve`) is never stopped: the watchdog only prints its message, and the page shows it as a problem.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import event_priority, get_plugin_logger

import preview
import registry
from frontmatter import Problem

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

log = get_plugin_logger("handbook.errors")

# The page the build is reading or rendering, if any, and when it started; reset when each page is written.
_current: dict[str, Any] = {}
# The watchdog process of this run, started with the first page.
_watchdog: list[subprocess.Popen[bytes]] = []


def on_startup(command: str, dirty: bool) -> None:
    preview.started(command)


@event_priority(200)
def on_pre_page(page: Page, config: MkDocsConfig, files: Any) -> Page:
    _working_on(registry.repo_path(config, page.file.abs_src_path or page.file.src_uri))
    _current["since"] = time.monotonic()
    return page


@event_priority(200)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Any) -> str:
    where, seconds = _current.get("page"), time.monotonic() - _current.get("since", time.monotonic())
    _working_on("")  # Read and converted; its template is rendered later, in on_page_context.
    if where and preview.serving() and seconds > float(_budget()):
        # Before validation.py's notices (priority 0), so that the page shows it.
        preview.add(registry.site(config), Problem(
            where, f"This page took {seconds:.0f} seconds to build; the published build stops after {_budget()}.",
            "Look for deeply nested lists or quotes, very many headings or repeated symbols in this page, and "
            "simplify it or split it into several pages.", lang=registry.current_language(config)))
    return html


@event_priority(200)
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    _working_on(registry.repo_path(config, page.file.abs_src_path or page.file.src_uri))
    return context


@event_priority(-500)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    _working_on("")
    return output


def on_shutdown() -> None:
    preview.stopped()
    if _watchdog and _watchdog[0].poll() is None:
        _watchdog[0].stdin.close()  # type: ignore[union-attr]
        _watchdog[0].wait()
    _watchdog.clear()


def on_build_error(error: Exception) -> None:
    if isinstance(error, MkDocsException):
        return  # Already a message for people (the hooks' PluginErrors name their files).
    where = _current.get("page")
    what = f"{where}: the build stopped while handling this page" if where else "The build stopped unexpectedly"
    log.error(f"{what} ({type(error).__name__}: {str(error)[:200]}).\n"
              "    Fix: look for unusual text in this page (HTML, indentation, special characters) and write it in "
              "plain Markdown. If the page looks right, ask a maintainer and include this message.")
    if not os.environ.get("HANDBOOK_TRACEBACK"):
        sys.excepthook = _quiet(error, sys.excepthook)


def _working_on(where: str) -> None:
    """Tell the watchdog which page the build is on ("" between pages)."""
    if where:
        _current["page"] = where
    else:
        _current.pop("page", None)
    if not _watchdog or _watchdog[0].poll() is not None:
        _watchdog[:] = [subprocess.Popen([sys.executable, "-c", WATCHDOG, str(os.getpid()), _budget(),
                                          "warn" if preview.serving() else "stop"],
                                         stdin=subprocess.PIPE)]
    try:
        _watchdog[0].stdin.write(where.replace("\n", " ").encode("utf-8") + b"\n")  # type: ignore[union-attr]
        _watchdog[0].stdin.flush()  # type: ignore[union-attr]
    except OSError:
        pass


def _budget() -> str:
    try:
        return str(max(1.0, float(os.environ.get("HANDBOOK_PAGE_SECONDS", "20"))))
    except ValueError:
        return "20"


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


# The watchdog: reads page names, one a line; when one page has been current for the budget, it says so and stops
# the build (SIGKILL: a regular expression may hold the interpreter, so nothing gentler would be heard).
WATCHDOG = """
import os, select, signal, sys
parent, budget, current, pending = int(sys.argv[1]), float(sys.argv[2]), "", b""
while True:
    ready = select.select([0], [], [], budget if current else None)[0]
    if not ready:
        sys.stderr.write(f"ERROR   -  {current}: this page takes more than {budget:g} seconds to build, so the build "
                         f"{'was stopped' if sys.argv[3] == 'stop' else 'is slow (the preview waits for it)'}.\\n    Fix: look for deeply nested lists or quotes, very many headings or "
                         "repeated symbols in this page, and simplify it or split it into several pages.\\n")
        sys.stderr.flush()
        if sys.argv[3] == "warn":  # the preview: say it, and let the page finish
            current = ""
            continue
        os.kill(parent, signal.SIGKILL)
        break
    data = os.read(0, 65536)
    if not data:
        break
    *lines, pending = (pending + data).split(b"\\n")
    if lines:
        current = lines[-1].decode("utf-8", "replace")
"""
