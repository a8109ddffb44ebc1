"""Live problem updates in the preview (`mkdocs serve` only): a problem shows on the open page within moments of the
save, before the whole rebuild of every language ends and the browser reloads.

As soon as a rebuild knows the handbook's problems (the first language build's on_pre_build, where validation finds
them), they are published as JSON at `preview-problems.json` under the site's address, and once more at the end of
the build with the problems found while rendering. A small script on every preview page
(overrides/assets/javascripts/handbook-preview.js) polls it and updates the page's problem boxes in place.

MkDocs' server answers no file request while a rebuild runs (it waits for the build, so as never to serve a half-built
site); the list is therefore answered from memory, by a WSGI layer put around the server's application in the public
`on_serve` event (the server's get_app()/set_app() are those of Python's wsgiref server). Nothing is written to the
site folder, so a publishing build has neither the list nor the script.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority

import preview
import registry
from registry import Problem, Site

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Only preview pages load the script; the guard allows it because overrides/ ships it.
    if preview.serving() and SCRIPT not in config.extra_javascript:
        config.extra_javascript.append(SCRIPT)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # The publishing build does not ship the preview's script.
    if not preview.serving():
        script = files.get_file_from_path(SCRIPT)
        if script is not None:
            files.remove(script)
    return files


def on_pre_build(config: MkDocsConfig) -> None:
    # The list is known here, long before the five language builds end.
    if preview.serving() and registry.is_first_language_build(config):
        _publish(config, new_build=True)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # Each page's address as this preview serves it (a language previewed alone is at the root), for the next list.
    if preview.serving() and page.file.abs_src_path:
        _urls[registry.repo_path(config, page.file.abs_src_path)] = _prefix(config) + page.url
    return output


# After every language build (static-i18n's at -100) and the output guard (-300): the pages are final.
@event_priority(-350)
def on_post_build(config: MkDocsConfig) -> None:
    # With the problems found while rendering: what the reloaded pages show.
    if preview.serving() and registry.is_first_language_build(config):
        _publish(config, new_build=False)


def on_serve(server: Any, config: MkDocsConfig, builder: Callable[..., None]) -> Any:
    # Answers the list while a rebuild runs, when MkDocs' server holds every file request back.
    server.set_app(_middleware(server.get_app()))
    return server


def listing(site: Site, problems: list[Problem], urls: dict[str, str], build: int, building: bool) -> dict[str, Any]:
    """The JSON the preview page polls: the build's number, whether it is still being made, a digest of the list,
    and each problem with the address of its page (`urls`: each page's address by repository path, as the preview
    serves it), if it is a page."""
    items = []
    for problem in problems:
        url = urls.get(problem.path)
        items.append({"file": problem.path, "line": problem.line, "language": problem.lang,
                      "principle": problem.principle, "message": problem.message, "fix": problem.fix, "url": url,
                      "data": preview.is_data_file(site, problem.path)})
    digest = hashlib.sha256(json.dumps(items, sort_keys=True).encode("utf-8")).hexdigest()[:16]
    return {"build": build, "building": building, "digest": digest, "shown": preview.SHOWN, "problems": items}


def _publish(config: MkDocsConfig, new_build: bool) -> None:
    site = registry.site(config)
    # Until this build has made its pages, their addresses are those of the build before (a new page has none yet).
    with _lock:
        build = _current["build"] + (1 if new_build else 0)
        body = json.dumps(listing(site, preview.problems(site), _urls, build, new_build), ensure_ascii=False)
        _current.update(build=build, body=body.encode("utf-8"))


def _prefix(config: MkDocsConfig) -> str:
    # The path the preview serves the site under (MkDocs' serve address).
    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def _middleware(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    def answer(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if not environ.get("PATH_INFO", "").endswith("/" + ADDRESS):
            return app(environ, start_response)
        with _lock:
            body = _current["body"]
        start_response("200 OK", [("Content-Type", "application/json; charset=utf-8"),
                                  ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
        return [body]
    return answer


# The script's place in the site (it is in overrides/), and the list's address (any folder: pages find it from the
# script's own address; no page can be called this, pages end in "/" or ".html").
SCRIPT = "assets/javascripts/handbook-preview.js"
ADDRESS = "preview-problems.json"
# The list last published; the server's threads read it while a build writes it.
_lock = threading.Lock()
_urls: dict[str, str] = {}
_current: dict[str, Any] = {
    "build": 0, "body": b'{"build": 0, "building": false, "digest": "", "shown": 5, "problems": []}'}
