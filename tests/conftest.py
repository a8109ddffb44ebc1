"""Shared helpers: build a handbook (the real one or a tiny fixture) with MkDocs into a temporary folder.

HANDBOOK_BUILDER=properdocs runs every build, in a subprocess or in this process, with ProperDocs (the maintained
continuation of MkDocs 1.x) instead of MkDocs; CI runs the suite both ways.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

sys.path.insert(0, str(ROOT / "hooks"))

BUILDER = os.environ.get("HANDBOOK_BUILDER", "mkdocs")
if BUILDER == "properdocs":
    # ProperDocs' own switch: from here on, `import mkdocs…` imports ProperDocs, as its command line does.
    import properdocs.replacement  # noqa: E402,F401
elif BUILDER != "mkdocs":
    raise RuntimeError(f"HANDBOOK_BUILDER={BUILDER}: use 'mkdocs' (the default) or 'properdocs'.")

import check  # noqa: E402

# The handbook as its own configuration describes it (mkdocs.yml, docs/principles.yml and the pages), read by the
# build's own loader: a language or principle added the way CONTRIBUTING.md describes is tested like the others.
SITE = check.load(ROOT / "mkdocs.yml")
DEFAULT = SITE.default_language
# The default language first, as static-i18n builds it first and serves it at the site's root.
LANGUAGES = [DEFAULT, *(lang.code for lang in SITE.languages if lang.code != DEFAULT)]
PRINCIPLES = list(SITE.registry)


def prefix(lang: str) -> str:
    """A language's folder in the built site: "" for the default language, which is served at the root."""
    return "" if lang == DEFAULT else f"{lang}/"


def run_mkdocs(project: Path, *args: str, site_dir: Path | None = None,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` on a project folder, never writing into the repository."""
    site_dir = site_dir or project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", BUILDER, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir),
         *args],
        capture_output=True, text=True, env=env, cwd=project, timeout=600)


def make_tiny(tmp_path: Path, overlay: str | None = None, delete: tuple[str, ...] = ()) -> Path:
    """Copy the tiny good handbook into tmp_path, then apply a bad fixture's files and deletions."""
    project = tmp_path / "tiny"
    shutil.copytree(FIXTURES / "tiny", project)
    if overlay:
        shutil.copytree(FIXTURES / "bad" / overlay, project, dirs_exist_ok=True)
    for rel in delete:
        (project / rel).unlink()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("HOOKS", (ROOT / "hooks").as_posix()),
                      encoding="utf-8")
    return project


def free_port() -> int:
    """A port nothing listens on, for a server the tests start."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def address() -> str:
    """Where the tests serve the handbook; it is built for this address, as a host's build is for its domain."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def handbook(tmp_path_factory: pytest.TempPathFactory, address: str) -> Path:
    """The real handbook, built once with --strict into a temporary folder, for `address`."""
    site_dir = tmp_path_factory.mktemp("handbook") / "site"
    result = run_mkdocs(ROOT, site_dir=site_dir, env={"HANDBOOK_SITE_URL": address + "/"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site_dir


def chromium_path() -> str:
    """Debian's Chromium (or CHROMIUM_PATH); the browser tests fail, never skip, without it."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError("Chromium is needed for the browser tests: install Debian's package (apt-get install "
                       "chromium) or set CHROMIUM_PATH to a Chromium binary. .ci/run installs it.")


@pytest.fixture(scope="session")
def served(handbook: Path, address: str) -> Iterator[str]:
    """The built handbook served over HTTP on localhost, as a host would serve it."""
    handler = functools.partial(QuietHandler, directory=str(handbook))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(address.rsplit(":", 1)[1])), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield address
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


# This machine has no network: Chromium must not try to reach Google's services.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
