"""The second guidebook (tests/fixtures/guidebook): what only it has, checked once each in a real browser, and the
structure file every guidebook is made from (docs/guidebook.yml), with its good and bad cases.

The generic tests (links, languages, metadata, printouts, safety, reproducibility) run on both guidebooks through
the `guidebook` fixture in tests/conftest.py; this file holds one representative browser check per concern the
handbook's languages do not have: Japanese typed into the search box, Arabic printed right to left.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import registry
import structure
from conftest import FIXTURES, GUIDEBOOK_SITES, ROOT, make_guidebook, run_mkdocs
from frontmatter import Problem
from test_search import SearchBox

NURSING = GUIDEBOOK_SITES["nursing"]


@pytest.mark.parametrize("query, item", [("痛み", "pain"), ("申し送り", "handover"), ("手指衛生", "hand-hygiene"),
                                         ("プライバシー", "dignity"), ("引き継ぎ", "handover")])
def test_japanese_typed_in_the_search_box_finds_its_practice_first(browser: Any, nursing_served: str,
                                                                   japanese_box: SearchBox, query: str,
                                                                   item: str) -> None:
    # The last query is a synonym (docs/search.yml): no page says 引き継ぎ, the handover page says 申し送り.
    assert japanese_box.pages(query)[0] == f"/ja/practices/{item}/"


@pytest.fixture(scope="module")
def japanese_box(browser: Any, nursing_served: str) -> Any:
    page = browser.new_page()
    page.goto(nursing_served + "/ja/practices/")
    yield SearchBox(page, nursing_served)
    page.close()


def test_an_arabic_printout_reads_right_to_left(browser: Any, nursing_served: str) -> None:
    page = browser.new_page()
    try:
        page.emulate_media(media="print")
        page.goto(nursing_served + "/ar/print/")
        found = page.evaluate("""() => {
            const p = document.querySelector('.hb-print-page p');
            const range = document.createRange();
            const text = [...p.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
            range.setStart(text, 0);
            range.setEnd(text, 1);
            const first = range.getBoundingClientRect(), box = p.getBoundingClientRect();
            return {direction: getComputedStyle(p).direction, lang: document.documentElement.lang,
                    fromRight: box.right - first.right, width: box.width, pages: document.querySelectorAll(
                    '.hb-print-page').length};
        }""")
    finally:
        page.close()
    assert found["lang"] == "ar" and found["direction"] == "rtl"
    # The first letter of the paragraph stands at its right edge.
    assert 0 <= found["fromRight"] < found["width"] * 0.05, found
    assert found["pages"] == len(NURSING.ids())


def test_a_guidebook_without_articles_has_no_article_pages_or_sources(nursing: Path) -> None:
    assert not list(nursing.rglob("articles"))
    pain = (nursing / "ja/practices/pain/index.html").read_text(encoding="utf-8")
    assert 'id="sources"' not in pain
    index = json.loads((nursing / "ja/search/search_index.json").read_text(encoding="utf-8"))
    assert {d["kind"] for d in index["docs"]} == {"practice", "page"}
    assert index["config"]["ranking"] == {"practice": 1.5, "article": 1.0, "page": 0.6}


# docs/guidebook.yml: good and bad cases, each bad one with its exact message, file and line.
GOOD = """collections:
  - id: practices
    folder: practices
    registry: practices.yml
    kind: practice
pages: [index.md]
"""
BAD = {
    "unknown top key": (GOOD + "colections: []\n",
                        "docs/guidebook.yml:7: 'colections:' is not a key of the guidebook's structure.\n"
                        "    Fix: Use only collections, pages, articles, fonts, languages; check the spelling."),
    "missing kind": (GOOD.replace("    kind: practice\n", ""),
                     "docs/guidebook.yml:2: Collection 1 has no valid 'kind:' (missing).\n"
                     "    Fix: Write 'kind: <lowercase-name>' with lowercase letters, digits and hyphens."),
    "bad folder": (GOOD.replace("folder: practices", "folder: Practices/"),
                   "docs/guidebook.yml:3: Collection 1 has no valid 'folder:' ('Practices/').\n"
                   "    Fix: Write 'folder: <lowercase-name>' with lowercase letters, digits and hyphens."),
    "reserved kind": (GOOD.replace("kind: practice", "kind: article"),
                      "docs/guidebook.yml:2: Collection 1 uses a name the generator keeps for itself.\n"
                      "    Fix: Choose a kind other than article, page and a folder other than print, assets, "
                      "search."),
    "twice": (GOOD.replace("pages:", "  - id: practices\n    folder: other\n    registry: other.yml\n"
                                      "    kind: other\npages:"),
              "docs/guidebook.yml:6: Collection 2 has the same id as another: 'practices'.\n"
              "    Fix: Give every collection its own id, folder, registry file and kind."),
    "no index page": (GOOD.replace("[index.md]", "[about.md]"),
                      "docs/guidebook.yml:6: 'pages:' does not list index.md, the home page of every language.\n"
                      "    Fix: Add index.md to the list: 'pages: [index.md, ...]'."),
    "articles in a collection's folder": (GOOD + "articles:\n  folder: practices\n",
                                          "docs/guidebook.yml:8: The articles' folder 'practices' is also a "
                                          "collection's folder.\n    Fix: Give the articles a folder of their own."),
    "not yaml": ("collections: [\n",
                 "docs/guidebook.yml:2: The list that opens on line 2 is not closed with ']', or two of its items "
                 "have no comma between them. [YAML parser: while parsing a flow node did not find expected node "
                 "content]\n    Fix: Separate the items with ', ' and end the list with ']' on the same line."),
}


def load(tmp_path: Path, text: str) -> tuple[structure.Structure, list[Problem]]:
    (tmp_path / "guidebook.yml").write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    return structure.load(tmp_path, "docs/guidebook.yml", problems), problems


def test_the_structure_file_is_read_into_collections_pages_and_articles(tmp_path: Path) -> None:
    loaded, problems = load(tmp_path, GOOD + "articles:\n  folder: texts\n")
    assert problems == []
    assert [(c.id, c.folder, c.registry, c.kind) for c in loaded.collections] == [
        ("practices", "practices", "practices.yml", "practice")]
    assert loaded.required_pages() == ["index.md", "practices/index.md"]
    assert loaded.articles == structure.Articles("texts", None)
    assert [loaded.kind_of(rel) for rel in ("practices/pain.md", "practices/index.md", "texts/a.md", "index.md")] == [
        "practice", "page", "article", "page"]


def test_without_a_structure_file_the_handbooks_structure_applies(tmp_path: Path) -> None:
    assert structure.load(tmp_path, "docs/guidebook.yml", []) is structure.DEFAULT


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_mistake_in_the_structure_file_names_its_line_and_fix(tmp_path: Path, case: str) -> None:
    text, expected = BAD[case]
    loaded, problems = load(tmp_path, text)
    assert [str(p) for p in problems] == [expected]
    assert loaded is structure.DEFAULT


def test_a_mistake_in_the_structure_file_stops_the_build(tmp_path: Path) -> None:
    project = make_guidebook(tmp_path)
    path = project / "docs/guidebook.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: practice", "kind: Practice"), encoding="utf-8")
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert "docs/guidebook.yml:6: Collection 1 has no valid 'kind:' ('Practice')." in result.stderr
    assert "Traceback" not in result.stderr
    # One root cause, one message: nothing else is checked against a structure that could not be read.
    assert "1 problem to fix" in result.stderr


def test_a_new_language_is_told_in_one_message_what_it_needs(tmp_path: Path) -> None:
    project = make_guidebook(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "        - locale: ar\n", "        - locale: mr\n          name: मराठी\n          build: true\n        - locale: ar\n"),
        encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "hooks/check.py")], cwd=project, capture_output=True,
                            text=True, timeout=120)
    needs = [line for line in result.stdout.splitlines() if "needs, before the build" in line]
    # The collection's title is asked for with the keys the reference language has; the theme has no Marathi pack.
    assert needs == [
        "  1. docs/labels.yml: [language 'mr'] मराठी (mr) needs, before the build can make its pages: 18 label keys "
        "under 'mr:' (practices, print_section, print_handbook, print_contents, print_hint, print_pdf, "
        "print_pdf_handbook, print_page, contributing_guide, permalink, footer_generator, not_found_title, "
        "not_found_text, not_found_home, outdated_notice, outdated_notice_link, summary_separator, draft_notice); the "
        "theme's strings: the theme (Material) has no "
        "language pack for 'mr', so 'theme:' under 'mr:' needs 53 keys (action.edit, action.skip, action.view, "
        "announce.dismiss, blog.archive, blog.authors, …); a font for its script: it is written in the Devanagari "
        "script (Deva), which has no font under 'fonts:'."]
    assert "Run 'python3 hooks/check.py --scaffold': it adds a block under 'mr:' in docs/labels.yml" in result.stdout
    # The font's lines to add (hooks/fonts.py), and where an open-licensed one comes from.
    assert "fonts:\n    Deva:\n      family: \"Noto Sans Devanagari\"" in result.stdout, result.stdout
    assert "docs/mr/practices/pain.md: [language 'mr', practice 'pain'] The practice 'pain' has no page" in result.stdout


def test_the_handbooks_structure_file_matches_its_defaults() -> None:
    # The defaults in hooks/structure.py are the handbook's structure, so a guidebook without the file gets it.
    handbook = registry.load_site(FIXTURES.parent.parent, FIXTURES.parent.parent / "docs", [])
    assert handbook.structure.collections == structure.DEFAULT.collections
    assert handbook.structure.pages == structure.DEFAULT.pages
    assert handbook.structure.articles == structure.DEFAULT.articles


def test_articles_tie_to_the_first_collection_by_its_id(tmp_path: Path) -> None:
    # The second guidebook with an article: it names its practices under 'practices:', as the handbook's name
    # principles under 'principles:', and the practice page lists the article's passage among its sources.
    project = make_guidebook(tmp_path)
    structure_file = project / "docs/guidebook.yml"
    structure_file.write_text(structure_file.read_text(encoding="utf-8") + "articles:\n  folder: texte\n",
                              encoding="utf-8")
    article = project / "docs/de/texte/schmerz.md"
    article.parent.mkdir()
    article.write_text("---\ntitle: Schmerz im Alter\npractices: [pain]\n---\n\n# Schmerz im Alter\n\n"
                       "## Schmerz erfragen {#erfragen}\n\n<!-- practices: pain -->\n\nÄltere Menschen klagen selten."
                       "\n", encoding="utf-8")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    pain = (project / "site/practices/pain/index.html").read_text(encoding="utf-8")
    assert 'href="../../texte/schmerz/#erfragen"' in pain
    text = (project / "site/texte/schmerz/index.html").read_text(encoding="utf-8")
    assert 'class="hb-item-links"' in text and 'href="../../practices/pain/"' in text
    wrong = article.read_text(encoding="utf-8").replace("practices: [pain]", "practices: [pian]")
    article.write_text(wrong, encoding="utf-8")
    result = run_mkdocs(project)
    assert "docs/de/texte/schmerz.md:3: [language 'de', practice 'pian'] Unknown practice id 'pian' in " \
           "'practices:'. Did you mean 'pain'?" in result.stderr
