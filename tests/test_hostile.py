"""Hostile inputs (tests/fixtures/hostile): each build stops naming every bad file, or ships only inert text."""

from __future__ import annotations

import html
import os
import shutil
import time
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

import check
import validation
from conftest import FIXTURES, ROOT, make_tiny, run_mkdocs

HOSTILE = FIXTURES / "hostile"
# The hooks of the real handbook that matter for safety, added to the tiny handbook's.
HOOKS = ["errors", "plaintext", "docfiles", "printing", "metadata", "guard"]


def hostile_project(tmp_path: Path, folder: str) -> Path:
    """The tiny handbook with one folder of hostile files laid over it and every safety hook switched on."""
    project = make_tiny(tmp_path)
    shutil.copytree(HOSTILE / folder, project, dirs_exist_ok=True)
    config = project / "mkdocs.yml"
    hooks = "".join(f"  - {(ROOT / 'hooks' / name).as_posix()}.py\n" for name in HOOKS)
    text = config.read_text(encoding="utf-8").replace("hooks:\n", f"hooks:\n{hooks}", 1)
    # As in the handbook: the fonts are the site's own (the guard refuses pages that load another site's).
    text = text.replace("  name: material\n", f"  name: material\n  font: false\n  custom_dir: {ROOT / 'overrides'}\n", 1)
    config.write_text(text.replace("site_name: Tiny handbook", "site_name: Tiny handbook\nsite_url: http://127.0.0.1/"),
                      encoding="utf-8")
    return project


def add_unstorable_inputs(project: Path) -> list[str]:
    """Inputs git cannot hold safely; the paths the build must name."""
    docs = project / "docs"
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[remote]\n\ttoken = secret\n", encoding="utf-8")
    (docs / "cs" / "passwd.md").symlink_to("/etc/passwd")
    (docs / "en" / "config.png").symlink_to(project / ".git" / "config")
    (docs / "snippets" / "host.md").symlink_to("/etc/passwd")
    (docs / "cs" / "etc").symlink_to("/etc", target_is_directory=True)
    (docs / "cs" / 'it\'s "quoted".md').write_text("---\ntitle: Quoted\n---\n\nText.\n", encoding="utf-8")
    (docs / "cs" / "huge.md").write_text("---\ntitle: Huge\n---\n\n" + ("Text. " * 20 + "\n") * 3000,
                                         encoding="utf-8")
    (docs / "cs" / "long-line.md").write_text("---\ntitle: Long\n---\n\n" + "<a " * 20000 + "\n", encoding="utf-8")
    # Lines just under the limit that make backtracking patterns take quadratic time.
    nasty = ["`" * 9990, "<a " * 3300, "{: " * 3300, "[x](" * 2490, "href=" * 1990, "<" + "a" * 9990,
             "# a" + "{" * 9990, "<!-- principles: " + " " * 9900 + "x", '--8<-- "' + ":" * 9000 + 'x"', "[" * 9990]
    (docs / "cs" / "backtrack.md").write_text("---\ntitle: Backtrack\n---\n\n" + "\n\n".join(nasty) + "\n",
                                              encoding="utf-8")
    return ["docs/cs/passwd.md", "docs/en/config.png", "docs/snippets/host.md", "docs/cs/etc", "it's \"quoted\".md",
            "docs/cs/huge.md", "docs/cs/long-line.md", "docs/cs/backtrack.md"]


REFUSED = ["docs/en/keys.md", "docs/en/bomb.md", "docs/en/tagged.md", "docs/en/types.md", "docs/en/entities.md",
           "docs/labels.yml", "docs/search.yml", "docs/principles.yml", "docs/cs/page.markdown", "docs/outside.md",
           "docs/cs/evil.html", "docs/cs/drawing.svg", "docs/en/assets/javascripts/bundle.a5f9d56c.min.js",
           "docs/cs/print/index.md"]
RENDERED = {
    "split-handler": (11, "onerror"), "gt-attribute": (7, "style attribute"), "svg": (7, "<svg>"),
    "form": (9, "<form>"), "base": (7, "<base>"), "refresh": (7, "<meta>"), "style": (7, "<style>"),
    "theme-parts": (7, "md-dialog"),
}


@pytest.fixture(scope="module")
def refused(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], str, float]:
    project = hostile_project(tmp_path_factory.mktemp("refused"), "refused")
    extra = add_unstorable_inputs(project)
    started = time.monotonic()
    result = run_mkdocs(project)
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    return project, extra, result.stdout + result.stderr, elapsed


def test_the_build_refuses_every_hostile_file_by_name(refused: tuple[Path, list[str], str, float]) -> None:
    _, extra, output, elapsed = refused
    assert "Traceback" not in output
    for name in REFUSED + extra:
        assert name in output, f"{name} is not named:\n{output}"
    for word in ("template", "location", "hide", "icon", "search", "status", "anchors and aliases", "tags",
                 "extra_script", "not.a.key", "pattern", "xx", "'title:' is not used", "'.markdown' pages"):
        assert word in output, word
    assert "secret" not in output and "root:" not in output
    # The alias bomb, the huge page and the backtracking lines cost nothing.
    assert elapsed < 30


def test_the_fast_check_refuses_the_same_files(refused: tuple[Path, list[str], str, float],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    project, extra, _, _ = refused
    started = time.monotonic()
    assert check.main(["--config", str(project / "mkdocs.yml")]) == 1
    assert time.monotonic() - started < 5
    output = capsys.readouterr().out
    for name in REFUSED + extra:
        assert name in output, name


def test_the_scaffolding_never_writes_through_a_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_tiny(tmp_path, None, ("docs/cs/principles/respect.md",))
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched", encoding="utf-8")
    (project / "docs" / "cs" / "principles" / "respect.md").symlink_to(victim)
    assert check.main(["--config", str(project / "mkdocs.yml"), "--scaffold"]) == 1
    assert victim.read_text(encoding="utf-8") == "untouched"
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "docs" / "cs" / "principles" / "respect.md").unlink()
    shutil.rmtree(project / "docs" / "cs" / "principles")
    (project / "docs" / "cs" / "principles").symlink_to(outside, target_is_directory=True)
    assert check.main(["--config", str(project / "mkdocs.yml"), "--scaffold"]) == 1
    assert list(outside.iterdir()) == []
    assert "link" in capsys.readouterr().err


def test_the_rendered_pages_are_held_to_the_allowlist(tmp_path: Path) -> None:
    result = run_mkdocs(hostile_project(tmp_path, "rendered"))
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    for name, (line, what) in RENDERED.items():
        message = next((m for m in output.splitlines() if f"docs/en/{name}.md" in m), "")
        assert f"line {line}:" in message and what in message, f"{name}:\n{output}"
    assert not (tmp_path / "tiny" / "site" / "form" / "index.html").exists()


def test_markup_in_text_reaches_readers_as_text(tmp_path: Path) -> None:
    project = hostile_project(tmp_path, "inert")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    title = "Courtesy <img src=x onerror=alert(1)> & </title><script>alert(2)</script>"
    page = LexborHTMLParser((site / "principles" / "courtesy" / "index.html").read_text(encoding="utf-8"))
    assert page.css_first("title").text().startswith(title)
    assert page.css_first('meta[name="description"]').attributes["content"].startswith('"><script>alert(3)')
    home = LexborHTMLParser((site / "index.html").read_text(encoding="utf-8"))
    assert home.css_first('meta[name="description"]').attributes["content"].startswith('"><script>alert(4)')
    assert "</span><script>alert(5)</script>" in html.unescape(home.css_first(".md-nav").text())
    for path in site.rglob("*.html"):
        tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
        assert not any("alert" in node.text() for node in tree.css("script")), path
        assert not any(name.startswith("on") for node in tree.root.traverse() for name in node.attributes), path
        assert tree.css('meta[http-equiv="refresh"]') == [], path
    print_link = LexborHTMLParser((site / "cs" / "index.html").read_text(encoding="utf-8")).css_first(".hb-print-link")
    assert print_link.attributes["title"] == 'Tisk <i>"</i>'


def test_an_unexpected_error_names_the_page_without_a_traceback(tmp_path: Path) -> None:
    project = hostile_project(tmp_path, "inert")
    # A hook that fails on one page, as a Markdown extension or the theme might.
    failing = project / "failing.py"
    failing.write_text("def on_page_markdown(markdown, page, **kwargs):\n"
                       "    if 'respect' in page.file.src_uri:\n        raise ZeroDivisionError('boom')\n"
                       "    return markdown\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("hooks:\n", f"hooks:\n  - {failing}\n", 1),
                      encoding="utf-8")
    result = run_mkdocs(project, env={"HANDBOOK_TRACEBACK": ""})
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert "docs/en/principles/respect.md: the build stopped while handling this page (ZeroDivisionError" in output


def test_a_page_that_would_hang_the_converter_stops_the_build_by_name(tmp_path: Path) -> None:
    project = hostile_project(tmp_path, "inert")
    # Which inputs make Python-Markdown or an extension take minutes changes with their versions (the known ones are
    # refused before conversion). The watchdog must stop any of them, even a regular expression that holds the
    # interpreter; this hook stands in for one, on one page, so that the test does not depend on today's versions.
    (project / "stall.py").write_text(
        "import re\n\n"
        "def on_page_markdown(markdown, page, config, files):\n"
        "    if page.file.src_uri.endswith('slow.md'):\n"
        "        re.match(r'(a+)+$', 'a' * 40 + 'b')  # exponential backtracking, in C, holding the interpreter\n"
        "    return markdown\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("hooks:\n", "hooks:\n  - stall.py\n", 1),
                      encoding="utf-8")
    (project / "docs" / "en" / "slow.md").write_text("---\ntitle: Slow\n---\n\nText.\n", encoding="utf-8")
    started = time.monotonic()
    result = run_mkdocs(project, env={"HANDBOOK_PAGE_SECONDS": "2"})
    assert time.monotonic() - started < 30
    assert result.returncode != 0
    assert "docs/en/slow.md: this page takes more than 2 seconds to build" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stdout + result.stderr


def test_a_page_nested_too_deeply_stops_the_build_by_name(tmp_path: Path) -> None:
    project = hostile_project(tmp_path, "inert")
    nested = "\n".join("    " * level + "- x" for level in range(250))
    (project / "docs" / "en" / "nested.md").write_text(f"---\ntitle: Nested\n---\n\n{nested}\n", encoding="utf-8")
    result = run_mkdocs(project, env={"HANDBOOK_PAGE_SECONDS": "60"})
    assert result.returncode != 0
    assert "docs/en/nested.md: " in result.stderr and "Fix: " in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("name", ["labels.yml", "principles.yml", "search.yml"])
def test_yaml_anchors_and_aliases_are_refused_in_every_data_file(tmp_path: Path, name: str) -> None:
    project = make_tiny(tmp_path)
    data = project / "docs" / name
    text = data.read_text(encoding="utf-8") if data.exists() else "en: {}\n"
    data.write_text("bomb: &a [x, x, x]\nmore: &b [*a, *a, *a]\n" + text, encoding="utf-8")
    started = time.monotonic()
    problems = [str(p) for p in validation.check(check.load(project / "mkdocs.yml"))]
    assert time.monotonic() - started < 5
    assert any(p.startswith(f"docs/{name}:1: ") and "anchors and aliases" in p for p in problems), problems


def test_no_symlinks_are_followed_while_loading(tmp_path: Path) -> None:
    project = make_tiny(tmp_path)
    os.symlink("/etc/passwd", project / "docs" / "cs" / "principles" / "extra.md")
    site = check.load(project / "mkdocs.yml")
    assert ("cs", "principles/extra.md") not in site.docs
