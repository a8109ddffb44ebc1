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
from dataclasses import dataclass
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
from registry import Site  # noqa: E402

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


@dataclass(frozen=True)
class Guidebook:
    """One guidebook the generic tests build: its sources as its own data describe them, and its built site."""

    name: str
    source: Path
    site: Site
    built: Path | None = None

    @property
    def default(self) -> str:
        """The language served at the site root."""
        return self.site.default_language

    @property
    def languages(self) -> list[str]:
        """Its languages, the default one first (static-i18n builds it first and serves it at the root)."""
        return [self.default, *(lang.code for lang in self.site.languages if lang.code != self.default)]

    def prefix(self, lang: str) -> str:
        """A language's folder in the built site: "" for the default language."""
        return "" if lang == self.default else f"{lang}/"


# The guidebooks every generic test runs on: the handbook and a second, very different one (German at the root,
# Japanese, Arabic written right to left, a collection named `practices`, no articles).
GUIDEBOOKS = {"handbook": ROOT, "nursing": FIXTURES / "guidebook"}
GUIDEBOOK_SITES = {"handbook": SITE, "nursing": check.load(FIXTURES / "guidebook" / "mkdocs.yml")}


def make_guidebook(tmp_path: Path, name: str = "guidebook") -> Path:
    """Copy the second guidebook into tmp_path, with the project's hooks and overrides in place of HOOKS and
    OVERRIDES in its mkdocs.yml."""
    project = tmp_path / name
    shutil.copytree(FIXTURES / "guidebook", project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("HOOKS", (ROOT / "hooks").as_posix()).replace("OVERRIDES", (ROOT / "overrides").as_posix())
    config.write_text(text, encoding="utf-8")
    return project


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


@pytest.fixture(scope="session")
def nursing_address() -> str:
    """Where the tests serve the second guidebook."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def nursing(tmp_path_factory: pytest.TempPathFactory, nursing_address: str) -> Path:
    """The second guidebook, built once with --strict into a temporary folder, for `nursing_address`."""
    base = tmp_path_factory.mktemp("nursing")
    result = run_mkdocs(make_guidebook(base), site_dir=base / "site", env={"HANDBOOK_SITE_URL": nursing_address + "/"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return base / "site"


@pytest.fixture(scope="session")
def nursing_served(nursing: Path, nursing_address: str) -> Iterator[str]:
    """The second guidebook served over HTTP on localhost."""
    yield from _serve(nursing, nursing_address)


@pytest.fixture(scope="session", params=sorted(GUIDEBOOKS))
def guidebook(request: pytest.FixtureRequest) -> Guidebook:
    """Each guidebook, built: the generic tests (links, languages, metadata, printouts, safety) run on both."""
    name = request.param
    built = request.getfixturevalue(name)
    return Guidebook(name, GUIDEBOOKS[name], GUIDEBOOK_SITES[name], built)


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
    yield from _serve(handbook, address)


def _serve(folder: Path, address: str) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(folder))
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
