"""Shared helpers: build a handbook (the real one or a tiny fixture) with MkDocs into a temporary folder.

HANDBOOK_BUILDER=properdocs runs every build, in a subprocess or in this process, with ProperDocs (the maintained
continuation of MkDocs 1.x) instead of MkDocs; CI runs the suite both ways.
"""

from __future__ import annotations

import fcntl  # the shared builds' locks (POSIX: the suite runs on Linux, as CI does)
import functools
import http.server
import json
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
    command, full_env = mkdocs_command(project, *args, site_dir=site_dir, env=env)
    return subprocess.run(command, capture_output=True, text=True, env=full_env, cwd=project, timeout=600)


def mkdocs_command(project: Path, *args: str, site_dir: Path | None = None,
                   env: dict[str, str] | None = None) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of `mkdocs build --strict` for a project folder."""
    site_dir = site_dir or project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", **(env or {})}
    return [sys.executable, "-m", BUILDER, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d",
            str(site_dir), *args], env


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
def address(request: pytest.FixtureRequest) -> str:
    """Where the tests serve the handbook; it is built for this address, as a host's build is for its domain."""
    return _run(request.config).address


@pytest.fixture(scope="session")
def handbook(request: pytest.FixtureRequest) -> Path:
    """The real handbook, built once per test run with --strict into a temporary folder, for `address`."""
    return _run(request.config).built("handbook")


@pytest.fixture(scope="session")
def pdf_site(request: pytest.FixtureRequest) -> Path:
    """The handbook built once per test run with its PDFs (HANDBOOK_PDF=1), for `address`."""
    return _run(request.config).built("pdf_site")


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
def served(handbook: Path, address: str) -> str:
    """The built handbook served over HTTP on localhost, as a host would serve it (see `_Run`)."""
    return address


def _serve(folder: Path, address: str) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(address.rsplit(":", 1)[1])), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield address
    server.shutdown()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """Playwright, started once per test process: its synchronous API cannot be started twice at a time."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as started:
        yield started


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    """Headless Chromium driven by Playwright."""
    chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


# This machine has no network: Chromium must not try to reach Google's services.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


# One run of the suite on several processes. pytest.ini runs the tests on two (pytest-xdist). The builds of the real
# handbook that many tests read are made once per run, not once per process: the first process that collects a test
# needing one starts it in the background, so that it builds while the tests that need no build run (they run first:
# pytest_collection_modifyitems), and a test that needs it waits until the build has written its result. The process
# that runs the session (pytest-xdist's controller, or the only process) serves the handbook to the browser tests of
# every process, at one address, bound before anything is built for it.

# The shared builds, by the fixture that gives them, and what each adds to the build's environment (besides the site's
# address, `address`). The everyday build is made for a fixed date: tests/test_reproducible.py builds another checkout
# the same way and compares the two.
BUILDS: dict[str, dict[str, str]] = {
    "handbook": {"SOURCE_DATE_EPOCH": "1700000000"},
    "pdf_site": {"HANDBOOK_PDF": "1"},
}


def build_env(name: str, address: str) -> dict[str, str]:
    """The environment a shared build (BUILDS) is made with, for the site's address."""
    return {**BUILDS[name], "HANDBOOK_SITE_URL": address + "/"}


# A build in the background: it runs `mkdocs build`, then writes its return code and output where the tests read them.
# The build's lock (file descriptor argv[2], inherited) stays held until this process ends, after the result is written.
# The time limit only stops a build that hangs: it shares the processor with the tests that run meanwhile.
RUNNER = """
import json, os, subprocess, sys
folder, command = sys.argv[1], json.loads(sys.argv[3])
try:
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    result = {"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr}
except subprocess.TimeoutExpired as error:
    result = {"returncode": -1, "stdout": "", "stderr": f"The build did not finish: {error}"}
with open(os.path.join(folder, "result.tmp"), "w", encoding="utf-8") as out:
    json.dump(result, out)
os.replace(os.path.join(folder, "result.tmp"), os.path.join(folder, "result.json"))
"""


class SharedRun:
    """What the test processes of one run share: a folder, the address the handbook is served at, the builds."""

    def __init__(self, folder: Path, address: str) -> None:
        self.folder, self.address = folder, address
        self._started: list[subprocess.Popen[bytes]] = []

    def start(self, name: str) -> None:
        """Start a shared build in the background, unless a process of this run already has."""
        folder = self.folder / name
        folder.mkdir(parents=True, exist_ok=True)
        claim = folder / f"claim-{os.getpid()}"
        descriptor = os.open(claim, os.O_CREAT | os.O_WRONLY, 0o600)
        try:
            # Locked before it is published under the lock's name (a link: only one process can make it), so that
            # no process ever finds the lock free before the build's result is written.
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            try:
                os.link(claim, folder / "lock")
            except FileExistsError:
                return
            command, env = mkdocs_command(ROOT, site_dir=folder / "site", env=build_env(name, self.address))
            self._started.append(subprocess.Popen(
                [sys.executable, "-c", RUNNER, str(folder), str(descriptor), json.dumps(command)], env=env, cwd=ROOT,
                pass_fds=(descriptor,), stdin=subprocess.DEVNULL))
        finally:
            os.close(descriptor)
            claim.unlink()

    def built(self, name: str) -> Path:
        """The site of a shared build, once it has finished; the test fails with its output if it failed."""
        self.start(name)
        folder = self.folder / name
        with open(folder / "lock", "rb") as lock:
            # Waits for the build: its runner holds the lock until the result is written.
            fcntl.flock(lock, fcntl.LOCK_SH)
        result = folder / "result.json"
        assert result.is_file(), f"The build of {name} stopped before writing its result ({folder})"
        done = json.loads(result.read_text(encoding="utf-8"))
        assert done["returncode"] == 0, done["stdout"] + done["stderr"]
        assert "WARNING" not in done["stderr"], done["stderr"]
        return folder / "site"

    def finish(self) -> None:
        """Wait for the builds this process started (a test of another process may still be reading one)."""
        for process in self._started:
            process.wait()


RUN = pytest.StashKey[SharedRun]()


def _run(config: pytest.Config) -> SharedRun:
    """This run's shared folder and address: the controller's, on a pytest-xdist worker; else made here."""
    if RUN not in config.stash:
        given = getattr(config, "workerinput", {})
        if "handbook_folder" in given:
            config.stash[RUN] = SharedRun(Path(given["handbook_folder"]), given["handbook_address"])
        else:
            # The run's temporary folder, which pytest-xdist also reads from here for its workers' folders.
            folder = config._tmp_path_factory.getbasetemp() / "shared"  # type: ignore[attr-defined]
            folder.mkdir(exist_ok=True)
            handler = functools.partial(QuietHandler, directory=str(folder / "handbook" / "site"))
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            config.add_cleanup(server.server_close)
            config.add_cleanup(server.shutdown)
            config.stash[RUN] = SharedRun(folder, f"http://127.0.0.1:{server.server_address[1]}")
    return config.stash[RUN]


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist's controller gives each worker the run's folder and the address it serves the handbook at."""
    run = _run(node.config)
    node.workerinput["handbook_folder"] = str(run.folder)
    node.workerinput["handbook_address"] = run.address


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Test files that need no shared build first, then those that read the handbook, then the PDFs' last, so that
    the builds are made while the other tests run. Files stay whole (their fixtures are set up once)."""
    need: dict[str, int] = {}
    for item in items:
        file = item.nodeid.split("::")[0]
        need[file] = max([need.get(file, 0), *(rank + 1 for rank, name in enumerate(BUILDS) if name in item.fixturenames)])
    items.sort(key=lambda item: need[item.nodeid.split("::")[0]])


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the shared builds that the selected tests need, the longest first."""
    if session.config.option.collectonly:
        return
    for name in reversed(BUILDS):
        if any(name in getattr(item, "fixturenames", ()) for item in session.items):
            _run(session.config).start(name)


def pytest_sessionfinish(session: pytest.Session) -> None:
    if RUN in session.config.stash:
        session.config.stash[RUN].finish()
