"""The translation to-do list, the English changes since a translation was marked, and the refusal of copies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import check
import todo
from conftest import make_tiny, run_mkdocs

EN = "docs/en/principles/courtesy.md"
CS = "docs/cs/principles/courtesy.md"


def run(project: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = check.main(["--config", str(project / "mkdocs.yml"), *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new), encoding="utf-8")


def outdated(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Mark the Czech courtesy page, then change its English page: a new paragraph and a reworded one."""
    assert f"{CS}: translated from " in run(project, capsys, "--mark-translated", str(project / CS))[1]
    edit(project / EN, "Text about courtesy.", "Text about courtesy and greetings.\n\nGreet every customer straight away.")


def test_the_todo_list_names_missing_drafts_and_outdated_pages_and_shrinks(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    project = make_tiny(tmp_path, delete=("docs/cs/principles/respect.md",))
    outdated(project, capsys)
    edit(project / "docs/cs/contribute.md", "---\n", "---\ndraft: true\n")
    code, out = run(project, capsys, "--todo", "cs")
    assert code == 0
    assert "Čeština (cs): 1 missing, 1 draft(s), 1 outdated." in out
    assert "  Missing: docs/cs/principles/respect.md\n    Fix: run python3 hooks/check.py --scaffold" in out
    assert ("  Draft (not yet translated): docs/cs/contribute.md\n    Fix: translate it from docs/en/contribute.md, "
            "then run: python3 hooks/check.py --mark-translated docs/cs/contribute.md") in out
    assert f"  Outdated: {CS}" in out

    # The draft is translated (its text is Czech already) and marked: the list shrinks by one.
    assert "translated from" in run(project, capsys, "--mark-translated", str(project / "docs/cs/contribute.md"))[1]
    assert "Čeština (cs): 1 missing, 0 draft(s), 1 outdated." in run(project, capsys, "--todo")[1]
    # The data the pull-request summary uses says the same.
    items = todo.items(check.load(project / "mkdocs.yml"))["cs"]
    assert [i.path for i in items.missing] == ["docs/cs/principles/respect.md"] and not items.drafts
    assert [i.path for i in items.outdated] == [CS]


def test_an_outdated_page_shows_the_english_changes_without_git_history(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    # The copy has no .git at all: the English text the translation was made from is kept as a snapshot.
    project = make_tiny(tmp_path)
    assert not (project / ".git").exists()
    outdated(project, capsys)
    snapshots = list((project / "docs/snapshots").glob("*.md"))
    assert len(snapshots) == 1
    out = run(project, capsys, "--todo", "cs")[1]
    assert (f"What changed in {EN} since this translation was last marked as up to date:\n"
            "    At line 8 of the English page:\n"
            "      - Removed: Text about courtesy.\n"
            "      + Added:   Text about courtesy and greetings.\n"
            "      + Added:   Greet every customer straight away.\n") in out
    assert f"Fix: bring the translation in line with these changes, then run: python3 hooks/check.py " \
           f"--mark-translated {CS}" in out

    # Without its snapshot, the list says so plainly and shows the whole current English page.
    snapshots[0].unlink()
    out = run(project, capsys, "--todo", "cs")[1]
    assert "is not kept, so the changes cannot be shown" in out
    assert "      | Greet every customer straight away." in out

    # Marked again: up to date, and the snapshot nobody refers to any more is removed.
    edit(project / CS, "Text about courtesy.", "Text o zdvořilosti.")
    code, out = run(project, capsys, "--mark-translated", str(project / CS))[:2]
    assert code == 0, out
    assert "Čeština (cs): nothing to do." in run(project, capsys, "--todo", "cs")[1]


def test_the_todo_page_and_the_readers_notice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_tiny(tmp_path)
    outdated(project, capsys)
    hooks = Path(check.__file__).parent.as_posix()
    edit(project / "mkdocs.yml", f"  - {hooks}/crosslinks.py\n", f"  - {hooks}/crosslinks.py\n  - {hooks}/todopage.py\n")
    (project / "docs/en/todo.md").write_text("---\ntitle: To do\n---\n\n# To do\n\n<!-- handbook:todo -->\n",
                                             encoding="utf-8")
    build = run_mkdocs(project)
    assert build.returncode == 0, build.stderr

    page = (project / "site/todo/index.html").read_text(encoding="utf-8")
    assert f"<summary>{CS}</summary>" in page
    # Only the words that changed are marked in a reworded line.
    assert ('<p class="hb-removed">Removed: Text about <del>courtesy.</del></p>\n'
            '<p class="hb-added">Added: Text about <ins>courtesy and greetings.</ins></p>\n'
            '<p class="hb-added">Added: <ins>Greet every customer straight away.</ins></p>') in page
    assert 'href="../cs/principles/courtesy/"' in page and 'href="../principles/courtesy/" hreflang="en"' in page
    # Out of search: it quotes old English text.
    assert '"location":"todo/' not in (project / "site/search/search_index.json").read_text(encoding="utf-8")

    # The reader of the outdated Czech page is told in Czech, with a link to the English page; current pages are not.
    czech = (project / "site/cs/principles/courtesy/index.html").read_text(encoding="utf-8")
    assert re.search(r'</h1><div class="admonition warning hb-outdated-notice" data-search-exclude><p>Anglická verze '
                     r'se od kontroly překladu změnila\. <a href="../../../principles/courtesy/" hreflang="en">Přečíst '
                     r'anglickou verzi</a></p></div>', czech)
    assert "hb-outdated-notice" not in (project / "site/cs/principles/respect/index.html").read_text(encoding="utf-8")


def test_mark_translated_refuses_an_untouched_copy_and_names_english_paragraphs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_tiny(tmp_path)
    english = project / EN
    english.write_text(english.read_text(encoding="utf-8") + "\nAlways thank the customer at the end.\n\n"
                       '!!! example "A polite goodbye at the till"\n    Jana Nováková.\n', encoding="utf-8")
    copy = project / CS
    copy.write_text("---\ntitle: Zdvořilost\nsummary: Co zdvořilost žádá.\ndraft: true\n---\n"
                    + english.read_text(encoding="utf-8").split("---\n", 2)[2].replace("\n", "\n  \n", 1),
                    encoding="utf-8")
    code, out = run(project, capsys, "--mark-translated", str(copy))
    assert code == 1
    assert (f"{CS}: this page is still the English text of {EN}, so it was not marked as translated.\n"
            "    Fix: Write it in Čeština, then run the command again.") in out
    assert "draft: true" in copy.read_text(encoding="utf-8")

    edit(copy, "# Courtesy en", "# Zdvořilost")
    edit(copy, "Text about courtesy.", "Text o zdvořilosti.")
    code, out = run(project, capsys, "--mark-translated", str(copy))
    assert code == 1
    assert (f"{CS}: 2 paragraph(s) are still word for word the English text, so the page was not marked as "
            "translated:\n    line 12: Always thank the customer at the end.\n"
            "    line 14: A polite goodbye at the till\n"
            "    Fix: Write these paragraphs in Čeština, then run the command again.") in out

    edit(copy, "Always thank the customer at the end.", "Na konci zákazníkovi vždy poděkujte.")
    edit(copy, "A polite goodbye at the till", "Zdvořilé rozloučení u pokladny")
    assert run(project, capsys, "--mark-translated", str(copy))[0] == 0
    assert "draft:" not in copy.read_text(encoding="utf-8")
