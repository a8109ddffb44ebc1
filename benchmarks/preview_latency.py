"""Preview latency: from saving a broken link to the page showing it, under a real `mkdocs serve` of the handbook.

Copies the handbook (mkdocs.yml, docs/, overrides/, hooks/, sources/) to a temporary folder, starts the README's
command there (`mkdocs serve`, every language; HANDBOOK_LANGUAGE=xx for one), and for each repetition:
1. saves a broken link into one principle page;
2. waits until that page, as the server sends it, shows the problem box naming the link (each wait is the server's
   own live-reload request, which answers when a newer build is served: no sleeps);
3. saves the page as it was, and waits until the problem is gone.
It prints, for each save, the time on the wall clock and the processor time the server used (user + system, from
/proc: on a machine shared with other work, the wall clock also counts the time others had the processor). MkDocs
looks for changed files every 0.5 s and waits 0.1 s more before it builds: that is part of both the wall time and the
goal (the problem shows within 2 seconds of the save), and not of the processor time.

With --browser, the page is open in headless Chromium (Playwright, Debian's /usr/bin/chromium or CHROMIUM_PATH) and
the time is from the save to the problem box on the open page, drawn in place by the preview's script from the
problem list (hooks/livepreview.py), and to the box gone after the fix. MkDocs' live-reload is refused for that page,
so what is measured is the script alone; the reload after the whole rebuild is the first measurement.

    .venv/bin/python benchmarks/preview_latency.py [--runs N] [--language cs] [--page courtesy] [--browser]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ["mkdocs.yml", "docs", "overrides", "hooks", "sources"]
EPOCH = re.compile(r"livereload\((\d+), (\d+)\)")
# MkDocs' polling interval plus its wait for more changes, before a build starts.
NOTICING = 0.6


class Server:
    """A running `mkdocs serve` of a project folder."""

    def __init__(self, project: Path, language: str | None) -> None:
        with socket_port() as port:
            self.port = port
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
        env.pop("HANDBOOK_LANGUAGE", None)
        if language:
            env["HANDBOOK_LANGUAGE"] = language
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"], cwd=project, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(300) or self.process.poll() is not None:
            raise SystemExit("mkdocs serve did not start:\n" + "".join(self.lines[-40:]))

    def _read(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.lines.append(line)
            if "Serving on http://" in line:
                self.ready.set()
        self.ready.set()

    def get(self, path: str) -> str:
        if self.process.poll() is not None:
            raise SystemExit("mkdocs serve stopped:\n" + "".join(self.lines[-40:]))
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=120) as response:
            return response.read().decode("utf-8")

    def wait_for(self, path: str, shown: bool, text: str) -> None:
        """Until the page at `path` does (or no longer does) show a problem box naming `text`."""
        deadline = time.monotonic() + 300
        while True:
            epoch, request = EPOCH.search(self.get("/")).groups()  # type: ignore[union-attr]
            try:
                page = self.get(path)
            except urllib.error.HTTPError:
                page = ""
            if page and (("hb-problems" in page and text in page) == shown):
                return
            if time.monotonic() > deadline:
                raise SystemExit(f"{path} did not {'show' if shown else 'clear'} the problem:\n"
                                 + "".join(self.lines[-40:]))
            self.get(f"/livereload/{epoch}/{request}")  # answers when a newer build is served

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


class OpenPage:
    """The page open in headless Chromium, never reloaded: its boxes change only through the preview's script."""

    def __init__(self, address: str) -> None:
        from playwright.sync_api import sync_playwright

        executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        self.page = self.browser.new_page()
        self.page.route("**/livereload/**", lambda route: route.abort())
        with self.page.expect_response(lambda response: "preview-problems.json" in response.url):
            self.page.goto(address)

    def wait_for(self, shown: bool, text: str) -> None:
        """Until the open page does (or no longer does) show a problem box naming `text`."""
        self.page.wait_for_function(
            "([text, shown]) => [...document.querySelectorAll('.hb-problems')].some("
            "box => box.textContent.includes(text)) === shown", arg=[text, shown], timeout=300_000)

    def close(self) -> None:
        self.browser.close()
        self.playwright.stop()


class socket_port:
    """A free port on 127.0.0.1 (a context manager that releases it)."""

    def __enter__(self) -> int:
        import socket

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        return int(self.socket.getsockname()[1])

    def __exit__(self, *_: object) -> None:
        self.socket.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--language", default=None, help="preview one language alone (HANDBOOK_LANGUAGE)")
    parser.add_argument("--page", default="courtesy", help="the principle whose page gets the broken link")
    parser.add_argument("--browser", action="store_true", help="time the problem box on a page open in Chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="handbook-preview-") as folder:
        project = Path(folder)
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
            elif source.is_file():
                shutil.copy(source, project / name)
        default = "en"
        lang = args.language or default
        page = project / "docs" / lang / "principles" / f"{args.page}.md"
        # The default language, and a language previewed alone, are served at the site's root.
        url = f"/principles/{args.page}/" if (args.language or lang == default) else f"/{lang}/principles/{args.page}/"
        original = page.read_text(encoding="utf-8")
        server = Server(project, args.language)
        walls, cpus, clears = [], [], []
        browser = OpenPage(f"http://127.0.0.1:{server.port}{url}") if args.browser else None
        try:
            for run in range(1, args.runs + 1):
                target = f"missing-page-{run}.md"
                before, saved = server.cpu_seconds(), time.monotonic()
                page.write_text(original + f"\n\n[A broken link]({target})\n", encoding="utf-8")
                if browser:
                    browser.wait_for(True, target)
                    wall, cpu = time.monotonic() - saved, server.cpu_seconds() - before
                    print(f"run {run}: shown on the open page {wall:.2f} s after the save", flush=True)
                    server.wait_for(url, True, target)  # the rebuild ends before the next save
                    saved = time.monotonic()
                    page.write_text(original, encoding="utf-8")
                    browser.wait_for(False, target)
                    clears.append(time.monotonic() - saved)
                    walls.append(wall)
                    cpus.append(cpu)
                    print(f"       cleared on the open page {clears[-1]:.2f} s after the fix", flush=True)
                    server.wait_for(url, False, target)
                    continue
                server.wait_for(url, True, target)
                wall, cpu = time.monotonic() - saved, server.cpu_seconds() - before
                walls.append(wall)
                cpus.append(cpu)
                print(f"run {run}: shown {wall:.2f} s after the save on the wall clock; the server used {cpu:.2f} s "
                      f"of processor time ({NOTICING + cpu:.2f} s with MkDocs' {NOTICING} s to notice the save)",
                      flush=True)
                before, saved = server.cpu_seconds(), time.monotonic()
                page.write_text(original, encoding="utf-8")
                server.wait_for(url, False, target)
                print(f"       cleared {time.monotonic() - saved:.2f} s after the fix ({server.cpu_seconds() - before:.2f} s "
                      "of processor time)", flush=True)
        finally:
            if browser:
                browser.close()
            server.stop()
        scope = f"HANDBOOK_LANGUAGE={args.language}" if args.language else "every language"
        if browser:
            print(f"\nPreview ({scope}), page open in the browser, median of {len(walls)}: shown "
                  f"{statistics.median(walls):.2f} s after the save, cleared {statistics.median(clears):.2f} s after "
                  "the fix (wall clock). Goal: under 2 s.")
            return
        print(f"\nPreview ({scope}), median of {len(walls)}: shown {statistics.median(walls):.2f} s after the save "
              f"(wall clock), {statistics.median(cpus):.2f} s of the server's processor time "
              f"({NOTICING + statistics.median(cpus):.2f} s with noticing the save). Goal: under 2 s.")


if __name__ == "__main__":
    main()
