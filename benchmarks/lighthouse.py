"""Lighthouse scores of the handbook, on a phone, served gzipped as a real host would serve it.

Builds the handbook for a local address, serves it with gzip and cache headers, and runs Lighthouse (mobile, its
default) on every language's home page and on a principle page, three times each. Prints the median of the four
scores per page and checks them against the goals: performance 98, accessibility, best practices and SEO 100.

    .venv/bin/python benchmarks/lighthouse.py [--runs N] [--page PATH] [--site DIR --port PORT] [--keep DIR]

Needs Node.js with npm (Lighthouse is fetched from the npm registry on first use) and Chromium (CHROME_PATH, or
Debian's chromium).
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import LANGUAGES, chromium_path, free_port, prefix  # noqa: E402

LIGHTHOUSE = "lighthouse@13.5.0"
GOALS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
PAGES = ["", "principles/courtesy/"]
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip and long-lived caching for fingerprinted assets, like a typical static host."""

    # Keep-alive, as every real host has: HTTP/1.0 would open a new connection for each file.
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the usual redirect to the folder's URL
            path = path / "index.html"
        if not path.is_file() or path.suffix not in COMPRESSIBLE or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=31536000" if "/assets/" in self.path else "no-cache")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the Lighthouse JSON reports in this folder")
    parser.add_argument("--page", action="append", help="only this page (a path such as te/principles/courtesy/)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median score is reported (default 3)")
    parser.add_argument("--port", type=int, default=0, help="serve on this port (the site must be built for it)")
    parser.add_argument("--site", type=Path, help="an already built site, instead of building one")
    args = parser.parse_args()
    port = args.port or free_port()
    address = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if not args.site:
            print(f"Building the handbook for {address} ...", flush=True)
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict", "-f",
                            str(ROOT / "mkdocs.yml"), "-d", str(site)], check=True, cwd=ROOT,
                           env={**os.environ, "HANDBOOK_SITE_URL": address, "NO_MKDOCS_2_WARNING": "1"})
        handler = lambda *a, **k: GzipHandler(*a, directory=str(site), **k)  # noqa: E731
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        reports = args.keep or Path(tmp) / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        results = []
        print(f"Lighthouse {LIGHTHOUSE.split('@')[1]}, mobile, gzip, median of {args.runs} runs; goals: "
              + ", ".join(f"{k} {v}" for k, v in GOALS.items()))
        print(f"{'page':<28}{'perf':>6}{'a11y':>6}{'best':>6}{'seo':>6}")
        paths = args.page or [prefix(lang) + page for lang in LANGUAGES for page in PAGES]
        for path in paths:
            name = path.strip("/").replace("/", "-") or "home"
            # Scores vary by a few points between runs on a busy machine; the median of several is what counts.
            runs = [run(address + path, reports / f"{name}-{i}") for i in range(args.runs)]
            scores = {k: sorted(r[0][k] for r in runs)[len(runs) // 2] for k in GOALS}
            failed = sorted({f for r in runs for f in r[1]}) if any(scores[k] < GOALS[k] for k in GOALS) else []
            results.append(scores)
            flags = "" if not failed else "  below goal: " + "; ".join(failed)
            print(f"{'/' + path:<28}" + "".join(f"{scores[k]:>6}" for k in GOALS) + flags, flush=True)
        server.shutdown()
    lowest = {k: min(r[k] for r in results) for k in GOALS}
    verdict = all(lowest[k] >= GOALS[k] for k in GOALS)
    print(f"{'lowest':<28}" + "".join(f"{lowest[k]:>6}" for k in GOALS)
          + ("  -> every page meets the goals" if verdict else "  -> BELOW the goals"))
    sys.exit(0 if verdict else 1)


def run(url: str, report: Path) -> tuple[dict[str, int], list[str]]:
    """One Lighthouse run; the scores and the failed audits of the categories below their goal."""
    npx = shutil.which("npx") or "npx"
    command = [npx, "--yes", LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={report}.json",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
               "--disable-component-update --disable-sync --no-first-run"]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chromium_path()},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    data = json.loads(Path(f"{report}.json").read_text(encoding="utf-8"))
    scores = {k: round(data["categories"][k]["score"] * 100) for k in GOALS}
    failed = []
    for key, goal in GOALS.items():
        if scores[key] < goal:
            for ref in data["categories"][key]["auditRefs"]:
                audit = data["audits"][ref["id"]]
                if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                    failed.append(f"{ref['id']} ({audit.get('displayValue') or audit['score']})")
    return scores, failed


if __name__ == "__main__":
    main()
