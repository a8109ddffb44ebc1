"""`mkdocs serve` keeps serving a handbook with problems, and shows them in the terminal and on every page."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import BUILDER, free_port, make_tiny


def fetch(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_serve_keeps_serving_and_shows_problems(tmp_path: Path) -> None:
    project = make_tiny(tmp_path, "unknown-id", ())
    (project / "docs/cs/principles/respect.md").unlink()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", BUILDER, "serve", "--no-livereload", "-a", f"127.0.0.1:{port}", "-f",
         str(project / "mkdocs.yml")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    try:
        deadline = time.monotonic() + 60
        home = fetch(f"http://127.0.0.1:{port}/", deadline)
        article = fetch(f"http://127.0.0.1:{port}/cs/articles/clanek/", deadline)
        assert server.poll() is None, "the server stopped"
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    for page in (home, article):
        assert "The handbook has 4 problem(s)" in page
        assert "Unknown principle id &#x27;respekt&#x27;" in page or "Unknown principle id 'respekt'" in page
        assert "docs/cs/principles/respect.md" in page
    assert "ERROR" in output and "The handbook has 4 problems to fix" in output
    assert "Traceback" not in output
