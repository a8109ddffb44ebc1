"""What a contributor does: scaffold a language, watch translations fall behind, run the fast check, edit a page."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

import check as fast_check
from conftest import DEFAULT, LANGUAGES, PRINCIPLES, ROOT, SITE, make_tiny, prefix, run_mkdocs
from htmlpages import pages

def check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The fast check on a project, as `python3 hooks/check.py --config … ARGS` prints it; in this process, since
    starting one per call would cost most of these tests' time (tests/test_check.py runs the command itself)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = fast_check.main(["--config", str(project / "mkdocs.yml"), *args])
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def test_the_fast_check_agrees_with_the_build(tmp_path: Path) -> None:
    good = check(make_tiny(tmp_path / "good"))
    assert good.returncode == 0, good.stdout + good.stderr
    assert "The handbook is consistent: 2 principles in 2 languages." in good.stdout
    bad = check(make_tiny(tmp_path / "bad", "unknown-id"))
    assert bad.returncode == 1
    assert "The handbook has 3 problems to fix" in bad.stdout
    assert "docs/cs/articles/clanek.md:4: [language 'cs', principle 'respekt'] Unknown principle id" in bad.stdout


def test_the_fast_check_names_a_language_the_theme_has_no_strings_for(tmp_path: Path) -> None:
    # The build would stop on it (tests/test_validation.py); the fast check must not call the handbook consistent.
    result = check(make_tiny(tmp_path, "no-ui-strings"))
    assert result.returncode == 1
    assert ("docs/labels.yml:27: [language 'mr'] मराठी (mr) needs, before the build can make its pages: the theme's "
            "strings: the theme (Material) has no language pack for 'mr'") in result.stdout


def test_the_scaffolding_adds_what_a_language_lacks_and_the_check_then_passes(tmp_path: Path) -> None:
    project = make_tiny(tmp_path, "no-ui-strings")
    assert "created docs/labels.yml (mr)" in check(project, "--scaffold").stdout
    labels = yaml.safe_load((project / "docs/labels.yml").read_text(encoding="utf-8"))
    assert labels["mr"]["theme"]["search.placeholder"] == "Search"
    assert "needs, before the build" not in check(project).stdout


def test_a_sixth_language_is_scaffolded_as_drafts_and_published_once_written(tmp_path: Path) -> None:
    project = make_tiny(tmp_path, "new-language")
    assert "There is no page 'index.md' in Slovenčina (sk)" in check(project).stdout

    scaffold = check(project, "--scaffold")
    created = sorted(line.removeprefix("created ") for line in scaffold.stdout.splitlines() if line.startswith("created"))
    assert created == ["docs/labels.yml (sk)", "docs/sk/contribute.md", "docs/sk/index.md",
                       "docs/sk/principles/courtesy.md", "docs/sk/principles/index.md", "docs/sk/principles/respect.md"]
    assert (project / "docs/sk/principles/courtesy.md").read_text(encoding="utf-8").startswith(
        "---\ndraft: true\ntitle: Courtesy en\n")

    # A draft can be committed: the fast check notes it and passes...
    noted = check(project)
    assert noted.returncode == 0, noted.stdout
    assert ("NOTE: docs/sk/principles/courtesy.md: [language 'sk', principle 'courtesy'] This page is a draft: a copy "
            "of the English page, not yet translated.") in noted.stdout
    assert "5 draft pages are not yet translated, so the handbook cannot be published until they are." in noted.stdout
    # ... but it is never published: the strict build lists every draft, per language, with its fix, in one message.
    build = run_mkdocs(project)
    assert build.returncode == 1
    assert "The handbook has 5 draft pages (not yet translated), and drafts are not published." in build.stderr
    assert ("  Slovenčina (sk):\n    docs/sk/contribute.md\n      Fix: write it in Slovenčina, then run: python3 "
            "hooks/check.py --mark-translated docs/sk/contribute.md\n    docs/sk/index.md\n") in build.stderr
    assert "WARNING" not in build.stderr

    for page in ["index.md", "contribute.md", "principles/index.md", "principles/courtesy.md",
                 "principles/respect.md"]:
        path = project / "docs/sk" / page
        path.write_text(_translate(path.read_text(encoding="utf-8")), encoding="utf-8")
        marked = check(project, "--mark-translated", str(path))
        assert f"docs/sk/{page}: translated from " in marked.stdout
    assert check(project).returncode == 0
    assert run_mkdocs(project).returncode == 0


def _translate(text: str) -> str:
    """What a translator does to a scaffolded page: every heading and paragraph written in the new language."""
    lines = []
    for number, line in enumerate(text.replace(" en", " sk").replace("Tiny handbook", "Malá príručka").split("\n")):
        if line.startswith("## "):
            line = f"## Časť {number}"
        elif line and not line.startswith(("---", "<!--", "# ", "title:", "summary:", "draft:", "untranslated:")):
            line = "Tento odsek je napísaný po slovensky."
        lines.append(line)
    return "\n".join(lines)


def test_a_changed_english_page_makes_its_translations_outdated(tmp_path: Path) -> None:
    project = make_tiny(tmp_path)
    cs_page = project / "docs/cs/principles/courtesy.md"
    check(project, "--mark-translated", str(cs_page))
    assert "translated_from: " in cs_page.read_text(encoding="utf-8")
    assert "outdated" not in run_mkdocs(project).stderr

    en_page = project / "docs/en/principles/courtesy.md"
    en_page.write_text(en_page.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    build = run_mkdocs(project)
    # Informational, not a failure: the site still builds strictly.
    assert build.returncode == 0, build.stderr
    assert ("INFO    -  handbook: docs/cs/principles/courtesy.md: [language 'cs', principle 'courtesy'] The English page "
            "changed after this translation was made, so it may be out of date.") in build.stderr
    coverage = (project / "site/coverage/index.html").read_text(encoding="utf-8")
    assert re.search(r'cs/principles/courtesy/"[^>]*>Courtesy cs</a> <span class="hb-outdated">\(outdated\)</span>',
                     coverage)
    assert 'respect/" hreflang="cs" lang="cs">Respect cs</a></td>' in coverage

    check(project, "--mark-translated", str(cs_page))
    assert "changed after this translation" not in run_mkdocs(project).stderr


def test_pre_commit_runs_the_fast_check(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(".venv", "site", ".git", "__pycache__", "tests"))
    # Set up as CONTRIBUTING says: the check that pre-commit starts runs itself with the handbook's .venv.
    (repo / ".venv").symlink_to((ROOT / ".venv").resolve(), target_is_directory=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    git = ["git", "-c", "user.email=check@example.org", "-c", "user.name=check"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "handbook"], cwd=repo, check=True)
    pre_commit = [sys.executable, "-m", "pre_commit", "run", "handbook-check", "--all-files"]

    good = subprocess.run(pre_commit, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    lang, pid = LANGUAGES[-1], PRINCIPLES[-1]
    (repo / f"docs/{lang}/principles/{pid}.md").unlink()
    bad = subprocess.run(pre_commit, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert bad.returncode == 1
    assert "Failed" in bad.stdout
    name = SITE.language_name(lang)
    assert f"docs/{lang}/principles/{pid}.md: [language '{lang}', principle '{pid}'] The principle '{pid}' has no " \
           f"page in {name} ({lang})." in bad.stdout


def test_every_page_can_be_edited_at_its_own_source_except_generated_pages(handbook: Path) -> None:
    repo_url = re.search(r"^repo_url: (\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)[1]
    for page in pages(handbook):
        edits = [a["href"] for a in page.links if a["href"].startswith(f"{repo_url}/edit/")]
        if "/print/" in page.url or page.url in ("/coverage/", "/todo/") or page.path.name == "404.html":
            assert edits == [], page.url
            continue
        source = edits[0].removeprefix(f"{repo_url}/edit/main/")
        assert len(edits) == 1 and (ROOT / source).is_file(), page.url
        lang = page.lang
        rel = page.url.strip("/").removeprefix(lang).strip("/") if lang != DEFAULT else page.url.strip("/")
        assert source in (f"docs/{lang}/{rel}.md", f"docs/{lang}/{rel}/index.md".replace("//", "/")), page.url


def test_every_language_has_a_contribute_page_linking_the_guide(handbook: Path) -> None:
    for lang in LANGUAGES:
        html = (handbook / prefix(lang) / "contribute/index.html").read_text(encoding="utf-8")
        assert "/blob/main/CONTRIBUTING.md" in html, lang


def test_workflows_check_pull_requests_safely_and_deploy_from_main_only() -> None:
    import yaml

    workflows = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / ".github/workflows").glob("*.yml")}
    assert set(workflows) == {"ci.yml", "deploy.yml"}
    readme_test = re.search(r"# 2\. .*\n(.+)\n", (ROOT / "README.md").read_text(encoding="utf-8"))[1].strip()
    for name, text in workflows.items():
        assert "pull_request_target" not in text, name
        data = yaml.safe_load(text)
        assert data["permissions"] == {"contents": "read"}, name
        for job in data["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout"):
                    assert step["with"]["persist-credentials"] is False, name
    ci = yaml.safe_load(workflows["ci.yml"])
    assert "pull_request" in ci[True] and "${{ secrets." not in workflows["ci.yml"]
    runs = [s.get("run", "") for s in ci["jobs"]["check"]["steps"]]
    assert readme_test in runs and any("mkdocs build --strict" in r for r in runs)
    # The same tests, and a strict build, with ProperDocs.
    properdocs = ci["jobs"]["properdocs"]["steps"]
    assert any("properdocs build --strict" in s.get("run", "") for s in properdocs)
    assert any(s.get("env", {}).get("HANDBOOK_BUILDER") == "properdocs" and "pytest" in s.get("run", "")
               for s in properdocs)
    deploy = yaml.safe_load(workflows["deploy.yml"])
    assert list(deploy[True]) == ["push", "workflow_dispatch"] and deploy[True]["push"]["branches"] == ["main"]
    assert deploy["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["jobs"]["deploy"]["if"] == "github.ref == 'refs/heads/main'"
