"""The fast check (hooks/check.py): links, anchors and YAML mistakes with their exact messages, one message per root
cause, the same message as the build, the one-file check that pre-commit runs, and the run from a Python without
the handbook's packages. In-process where the build itself is not what is tested, to keep the suite fast."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import check
import links
import validation
from conftest import ROOT, make_tiny, run_mkdocs
from test_validation import problems_in

CASES = {
    "broken-link": """
docs/cs/principles/respect.md:9: [language 'cs', principle 'respect'] The link 'curtesy.md' leads to docs/cs/principles/curtesy.md, which does not exist.
    Fix: Did you mean 'courtesy.md'? Correct the link, or create docs/cs/principles/curtesy.md.
docs/cs/principles/respect.md:12: [language 'cs', principle 'respect'] The link '../articles/clanke.md' leads to docs/cs/articles/clanke.md, which does not exist.
    Fix: Did you mean '../articles/clanek.md'? Correct the link, or create docs/cs/articles/clanke.md.
docs/cs/principles/respect.md:15: [language 'cs', principle 'respect'] The link 'courtesy.md' is written in HTML, so the build does not turn it into the page's address.
    Fix: Write it as a Markdown link: [text](courtesy.md); inside HTML, add 'markdown' to the enclosing element.
""",
    "broken-anchor": """
docs/cs/principles/respect.md:9: [language 'cs', principle 'respect'] The link '#respect' leads to the anchor '#respect', which this page has no heading or element with.
    Fix: Did you mean '#respect-cs'? Write the link as '#respect-cs'.
docs/cs/principles/respect.md:9: [language 'cs', principle 'respect'] The link 'courtesy.md#priklady' leads to the anchor '#priklady', which docs/cs/principles/courtesy.md has no heading or element with.
    Fix: Did you mean '#priklad'? Write the link as 'courtesy.md#priklad'.
""",
    "other-language": """
docs/cs/principles/respect.md:9: [language 'cs', principle 'respect'] The link '../../en/principles/courtesy.md' leads into the English (en) folder; a page links only to pages of its own language (cs).
    Fix: Link to the page in Čeština: 'courtesy.md'.
docs/cs/principles/respect.md:9: [language 'cs', principle 'respect'] The link '../coverage.md' leads to docs/cs/coverage.md, which does not exist. That page exists only in English (en).
    Fix: Create docs/cs/coverage.md in Čeština (from docs/en/coverage.md), or remove the link.
""",
    # Each YAML case is also a one-root-cause case: the page's title, summary and the links to its headings are
    # not reported again.
    "yaml-tab": """
docs/cs/principles/respect.md:4: [language 'cs', principle 'respect'] Line 4 starts with a tab; YAML needs spaces for indenting. [YAML parser: while scanning a plain scalar found a tab character that violates indentation]
    Fix: Replace the tab at the start of line 4 with spaces (as many as the lines around it use).
""",
    "yaml-colon": """
docs/cs/principles/respect.md:4: [language 'cs', principle 'respect'] Line 4 has no ':' after its key, so it is neither a 'key: value' line nor part of the value above it. [YAML parser: while scanning a simple key could not find expected ':']
    Fix: Write it as 'key: value' (a colon and a space after the key); if the text continues the value of the line above, put that whole value in double quotes on one line.
""",
    "yaml-quote": """
docs/cs/principles/respect.md:3: [language 'cs', principle 'respect'] The quote (") that opens a value on line 3 is never closed. [YAML parser: while scanning a quoted scalar found unexpected end of stream]
    Fix: Add the closing " at the end of the value on line 3.
""",
    "yaml-duplicate": """
docs/cs/principles/respect.md:5: [language 'cs', principle 'respect'] The key 'title' is written twice, on lines 3 and 5; only one of them can count.
    Fix: Keep one of the two 'title:' lines (merge their values if both matter).
""",
}


def problems(project: Path, only: set[str] | None = None) -> str:
    return "\n".join(str(p) for p in validation.check(check.load(project / "mkdocs.yml"), only))


def test_the_good_tiny_handbook_has_no_broken_link(tmp_path: Path) -> None:
    # Its pages link to pages, headings ({#id} and toc's own), their own headings and inside md_in_html blocks.
    site = check.load(make_tiny(tmp_path) / "mkdocs.yml")
    assert "index.md#principles-cs" in site.docs[("cs", "principles/courtesy.md")].body
    assert links.problems(site) == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_handbook_gets_the_exact_message(tmp_path: Path, case: str) -> None:
    assert problems(make_tiny(tmp_path, case)) == CASES[case].strip("\n")


@pytest.mark.parametrize(("delete", "expected"), [
    ("docs/principles.yml", "docs/principles.yml: The principle registry is missing."),
    (None, "docs/cs/principles/respect.md:2: [language 'cs', principle 'respect'] The value on line 2 contains ': '"),
])
def test_one_root_cause_gives_one_message(tmp_path: Path, capsys: pytest.CaptureFixture[str], delete: str | None,
                                          expected: str) -> None:
    project = make_tiny(tmp_path, None if delete else "broken-front-matter", (delete,) if delete else ())
    assert check.main(["--config", str(project / "mkdocs.yml")]) == 1
    output = capsys.readouterr().out
    assert "The handbook has 1 problem to fix" in output, output
    assert f"  1. {expected}" in output and "WARNING" not in output, output


def test_the_build_and_the_check_give_the_same_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_tiny(tmp_path, "broken-link")
    build = run_mkdocs(project)
    assert build.returncode == 1
    assert check.main(["--config", str(project / "mkdocs.yml")]) == 1
    checked = problems_in(capsys.readouterr().out)
    assert problems_in(build.stdout + build.stderr) == checked
    assert checked[0].startswith("docs/cs/principles/respect.md:9: ") and len(checked) == 6
    # The build stopped before MkDocs rendered anything, so MkDocs' own warning for the link never came.
    assert "Doc file" not in build.stderr and "not found among documentation files" not in build.stderr


def test_the_one_file_check_renders_the_named_pages_and_their_linkers(tmp_path: Path) -> None:
    project = make_tiny(tmp_path, "broken-anchor")
    assert "'#priklady'" in problems(project, {"docs/cs/principles/courtesy.md"})
    # An unrelated change leaves the anchors of other pages unchecked (the cheap checks still cover everything, and
    # a link to a file that does not exist is found without rendering).
    assert "'#priklady'" not in problems(project, {"docs/en/index.md"})
    assert "curtesy.md" in problems(make_tiny(tmp_path / "link", "broken-link"), {"docs/en/index.md"})
    # The command takes the file names as pre-commit passes them.
    config = ["--config", str(project / "mkdocs.yml")]
    assert check.main([*config, str(project / "docs/en/index.md")]) == 0
    assert check.main([*config, str(project / "docs/cs/principles/respect.md")]) == 1
    # A renamed page: the pages that still link to its old name are checked, though they do not name the new one.
    good = make_tiny(tmp_path / "good")
    (good / "docs/cs/articles/clanek.md").rename(good / "docs/cs/articles/clanky.md")
    assert "The link '../articles/clanek.md#respekt'" in problems(good, {"docs/cs/articles/clanky.md"})


def test_the_check_runs_from_a_python_without_the_handbooks_packages(tmp_path: Path) -> None:
    # `python3 -S` has no site-packages, so no PyYAML, Markdown or MkDocs: the check hands over to .venv's Python.
    python = shutil.which("python3", path="/usr/bin:/bin")
    assert python, "a system python3 is needed in /usr/bin or /bin"
    assert (ROOT / ".venv").is_dir(), "the handbook's environment (.venv) is set up by .ci/run and CONTRIBUTING"
    project = make_tiny(tmp_path, "yaml-tab")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([python, "-S", str(ROOT / "hooks/check.py"), "--config", str(project / "mkdocs.yml")],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "Line 4 starts with a tab; YAML needs spaces for indenting." in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    # Without a .venv it says the one command that sets it up, and exits 2.
    bare = tmp_path / "bare"
    shutil.copytree(ROOT / "hooks", bare / "hooks")
    result = subprocess.run([python, "-S", str(bare / "hooks/check.py")], capture_output=True, text=True, env=env,
                            cwd=bare, timeout=60)
    assert result.returncode == 2
    setup = "py -m venv .venv && " if os.name == "nt" else "python3 -m venv .venv && .venv/bin/pip install"
    assert setup in result.stderr and "Traceback" not in result.stderr


def test_the_scaffolding_never_runs_from_a_broken_data_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # What to create follows from the registry: a broken one would create the wrong pages.
    project = make_tiny(tmp_path, delete=("docs/cs/principles/respect.md",))
    registry_file = project / "docs/principles.yml"
    registry_file.write_text(registry_file.read_text(encoding="utf-8") + "  - id: [broken\n", encoding="utf-8")
    before = sorted(p.relative_to(project).as_posix() for p in (project / "docs").rglob("*"))
    assert check.main(["--config", str(project / "mkdocs.yml"), "--scaffold"]) == 1
    err = capsys.readouterr().err
    assert "docs/principles.yml:" in err and "Nothing was created: fix these first" in err
    assert sorted(p.relative_to(project).as_posix() for p in (project / "docs").rglob("*")) == before


def test_a_page_scaffolded_from_a_draft_is_marked_a_draft_once(tmp_path: Path) -> None:
    project = make_tiny(tmp_path, delete=("docs/cs/principles/respect.md",))
    english = project / "docs/en/principles/respect.md"
    english.write_text(english.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8")
    assert check.main(["--config", str(project / "mkdocs.yml"), "--scaffold"]) in (0, 1)
    text = (project / "docs/cs/principles/respect.md").read_text(encoding="utf-8")
    assert text.count("draft: true") == 1


def test_a_page_label_without_its_numbers_is_named_by_the_check(tmp_path: Path) -> None:
    project = make_tiny(tmp_path)
    labels = project / "docs/labels.yml"
    lines = labels.read_text(encoding="utf-8").split("\n")
    at = lines.index("cs:") + 1
    lines.insert(at, "  print_page: Strana")
    labels.write_text("\n".join(lines), encoding="utf-8")
    found = [str(p) for p in validation.check(check.load(project / "mkdocs.yml"))]
    assert (f"docs/labels.yml:{at + 1}: [language 'cs'] The 'cs' label 'print_page' ('Strana') must contain {{page}} and "
            "{pages} once each: the PDFs' footers put the page number and the number of pages there.\n"
            "    Fix: Write it like 'Page {page} of {pages}', in the language.") in found, found
