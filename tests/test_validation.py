"""Each validation rule: a tiny handbook that builds, and a bad variant whose build stops with the exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_tiny, run_mkdocs

CASES = {
    "missing-translation": ((), """
docs/cs/principles/respect.md: [language 'cs', principle 'respect'] The principle 'respect' has no page in Čeština (cs).
      Fix: Run 'python3 hooks/check.py --scaffold' to create it from docs/en/principles/respect.md, then write it in Čeština.
"""),
    "unknown-id": ((), """
docs/cs/articles/clanek.md:4: [language 'cs', principle 'respekt'] Unknown principle id 'respekt' in 'principles:'. Did you mean 'respect'?
      Fix: Write 'respect', or add the id to the registry docs/principles.yml.
docs/cs/articles/clanek.md:12: [language 'cs', principle 'curtesy'] Unknown principle id 'curtesy' in a section marker. Did you mean 'courtesy'?
      Fix: Write 'courtesy', or add the id to the registry docs/principles.yml.
docs/cs/articles/clanek.md:18: [language 'cs', principle 'respect'] The section 'Respekt' is tied to 'respect', but the front matter's 'principles:' list does not name it.
      Fix: Add 'respect' to 'principles:' in the front matter.
"""),
    "unknown-page": ((), """
docs/cs/principles/curtesy.md: [language 'cs', principle 'curtesy'] This page's file name is not a principle id. Did you mean 'courtesy'?
      Fix: Rename the file to 'courtesy.md', or add the id to the registry docs/principles.yml.
"""),
    "undeclared-marker": ((), """
docs/cs/articles/clanek.md:12: [language 'cs', principle 'courtesy'] The section 'Zdvořilost' is tied to 'courtesy', but the front matter's 'principles:' list does not name it.
      Fix: Add 'courtesy' to 'principles:' in the front matter.
"""),
    "invalid-utf8": ((), """
docs/cs/principles/courtesy.md:8: [language 'cs', principle 'courtesy'] This file is not valid UTF-8 (byte 0xe1 on line 8).
      Fix: Open the file in your editor and save it with the encoding 'UTF-8'; then check that line's letters.
"""),
    "broken-front-matter": ((), """
docs/cs/principles/respect.md:2: [language 'cs', principle 'respect'] The value on line 2 contains ': ', which YAML reads as the start of another key. [YAML parser: mapping values are not allowed in this context]
      Fix: Put the whole value in double quotes: title: "Respekt: ke každému"
"""),
    "unclosed-front-matter": ((), """
docs/cs/principles/respect.md:1: [language 'cs', principle 'respect'] The front matter starts with '---' but never ends.
      Fix: Add a line with only '---' after the last front-matter key.
"""),
    "no-front-matter": ((), """
docs/cs/principles/respect.md:1: [language 'cs', principle 'respect'] The page has no front matter.
      Fix: Start the file with a '---' line, then 'title: <the page title>', then '---'.
"""),
    "missing-key": ((), """
docs/cs/principles/respect.md:1: [language 'cs', principle 'respect'] The front matter has no 'summary'.
      Fix: Add a line 'summary: <one sentence saying what this page asks of the reader>' between the two '---' lines.
"""),
    "unknown-source": ((), """
docs/cs/articles/clanek.md:3: [language 'cs'] The source 'seed-000.txt' is not a file in sources/.
      Fix: Use the exact file name of the seed text, one of: seed.txt.
"""),
    "heading-anchor": ((), """
docs/cs/articles/clanek.md:10: [language 'cs'] The heading 'మర్యాద' has no web anchor, so links to it from principle pages would break.
      Fix: Give it an anchor in Latin letters: '## మర్యాద {#a-short-name}'.
"""),
    "new-language": ((), """
docs/labels.yml: [language 'sk'] Slovenčina (sk) needs, before the build can make its pages: 15 label keys under 'sk:' (principles, articles, section_principles, sources, sources_intro, sources_other_languages, sources_none, coverage, print_section, print_handbook, print_contents, print_hint, outdated_notice, outdated_notice_link, draft_notice).
      Fix: Run 'python3 hooks/check.py --scaffold': it adds a block under 'sk:' in docs/labels.yml, with the 'en:' texts; then write each value in Slovenčina.
docs/sk/contribute.md: [language 'sk'] There is no page 'contribute.md' in Slovenčina (sk).
      Fix: Run 'python3 hooks/check.py --scaffold' to create it from docs/en/contribute.md, then translate it.
docs/sk/index.md: [language 'sk'] There is no page 'index.md' in Slovenčina (sk).
      Fix: Run 'python3 hooks/check.py --scaffold' to create it from docs/en/index.md, then translate it.
docs/sk/principles/courtesy.md: [language 'sk', principle 'courtesy'] The principle 'courtesy' has no page in Slovenčina (sk).
      Fix: Run 'python3 hooks/check.py --scaffold' to create it from docs/en/principles/courtesy.md, then write it in Slovenčina.
docs/sk/principles/index.md: [language 'sk'] There is no page 'principles/index.md' in Slovenčina (sk).
      Fix: Run 'python3 hooks/check.py --scaffold' to create it from docs/en/principles/index.md, then translate it.
docs/sk/principles/respect.md: [language 'sk', principle 'respect'] The principle 'respect' has no page in Slovenčina (sk).
      Fix: Run 'python3 hooks/check.py --scaffold' to create it from docs/en/principles/respect.md, then write it in Slovenčina.
"""),
    # The search's reader stops at the first setting it cannot use (hooks/searchindex.py); unknown languages are all named.
    "search-settings": ((), """
docs/search.yml:5: The 'cs' stemmer has 'suffix', but may only have ['final', 'fleeting_e', 'min_stem', 'prefixes', 'rounds', 'snowball', 'suffixes'].
      Fix: See 'Search' in CONTRIBUTING.md for the settings a language can have.
docs/search.yml:10: 'sk' is not a language of the handbook, so its settings are never used.
      Fix: Use one of en, cs (the languages in mkdocs.yml), or remove the block.
"""),
    "broken-search-settings": ((), """
docs/search.yml:3: The list that opens on line 3 is not closed with ']', or two of its items have no comma between them. [YAML parser: while parsing a flow sequence did not find expected ',' or ']']
      Fix: Separate the items with ', ' and end the list with ']' on the same line.
"""),
    # The coverage labels are read only on the English coverage page, so other languages need not have them.
    "label-keys": ((), """
docs/labels.yml:23: [language 'cs'] The label key 'covrage_missing' (cs) is not one the handbook uses, so its text never appears.
      Fix: Rename it to 'coverage_missing', or remove it; the known keys are the keys of the 'en:' block that the handbook reads.
docs/labels.yml:26: [language 'cs'] The label key 'search.placehodler' (cs) is not one the handbook uses, so its text never appears.
      Fix: Rename it to 'search.placeholder', or remove it; the known keys are the keys of the theme's English language pack.
"""),
    "toc-anchors": ((), """
mkdocs.yml:33: The toc option 'separator' changes the headings' anchors, and the links the handbook generates to article sections (and readers' bookmarks) use the standard ones.
      Fix: Remove 'separator:' from the 'toc' settings under 'markdown_extensions:'; to name one heading's anchor, write '## Heading {#anchor-name}' in the page instead.
mkdocs.yml:34: The toc option 'slugify' changes the headings' anchors, and the links the handbook generates to article sections (and readers' bookmarks) use the standard ones.
      Fix: Remove 'slugify:' from the 'toc' settings under 'markdown_extensions:'; to name one heading's anchor, write '## Heading {#anchor-name}' in the page instead.
"""),
    "no-ui-strings": ((), """
docs/labels.yml:27: [language 'mr'] मराठी (mr) needs, before the build can make its pages: the theme's strings: the theme (Material) has no language pack for 'mr', so 'theme:' under 'mr:' needs 53 keys (action.edit, action.skip, action.view, announce.dismiss, blog.archive, blog.authors, …).
      Fix: Run 'python3 hooks/check.py --scaffold': it adds them under 'mr:' in docs/labels.yml, with the 'en:' texts and the theme's English strings; then write each value in मराठी. If the language has another code the theme knows, use that code in mkdocs.yml.
"""),
    "unsafe-script": ((), """
docs/cs/principles/respect.md:10: [language 'cs', principle 'respect'] Raw HTML <script> is not allowed: it could run code or load another site in readers' browsers.
      Fix: Remove the <script> element and write the content in Markdown.
docs/cs/principles/respect.md:12: [language 'cs', principle 'respect'] Raw HTML <iframe> is not allowed: it could run code or load another site in readers' browsers.
      Fix: Remove the <iframe> element and write the content in Markdown.
"""),
    "unsafe-handler": ((), """
docs/cs/principles/respect.md:8: [language 'cs', principle 'respect'] The event handler 'onmouseover=' is not allowed: it would run code when a reader clicks or loads the page.
      Fix: Remove the 'onmouseover=…' attribute.
docs/cs/principles/respect.md:11: [language 'cs', principle 'respect'] The event handler 'onclick=' is not allowed: it would run code when a reader clicks or loads the page.
      Fix: Remove the 'onclick=…' attribute.
"""),
    "unsafe-url": ((), """
docs/cs/principles/respect.md:8: [language 'cs', principle 'respect'] The address 'JaVa&#x09;Script:alert(1' uses 'javascript:', which can run code or hide content.
      Fix: Link to a page of the handbook or to an https:// address instead.
docs/cs/principles/respect.md:8: [language 'cs', principle 'respect'] The address 'javascript:alert(1' uses 'javascript:', which can run code or hide content.
      Fix: Link to a page of the handbook or to an https:// address instead.
docs/cs/principles/respect.md:10: [language 'cs', principle 'respect'] The address 'data:image/png;base64,iVBORw0KGgo=' uses 'data:', which can run code or hide content.
      Fix: Link to a page of the handbook or to an https:// address instead.
docs/cs/principles/respect.md:12: [language 'cs', principle 'respect'] The address 'javascript:alert(2)' uses 'javascript:', which can run code or hide content.
      Fix: Link to a page of the handbook or to an https:// address instead.
docs/cs/principles/respect.md:14: [language 'cs', principle 'respect'] The address 'javascript&#58;alert(3' uses 'javascript:', which can run code or hide content.
      Fix: Link to a page of the handbook or to an https:// address instead.
"""),
    "unsafe-snippet": ((), """
docs/cs/principles/respect.md:10: [language 'cs', principle 'respect'] The snippet '.git/config' does not exist in docs/snippets/.
      Fix: Check the file name, or add the file to docs/snippets/.
docs/cs/principles/respect.md:13: [language 'cs', principle 'respect'] The snippet '../../mkdocs.yml' is outside docs/snippets/, the only folder snippets may come from.
      Fix: Put the text to include in docs/snippets/ and include it by its name there.
"""),
}


def problems_in(output: str) -> list[str]:
    """The numbered problems of the build's report, without their numbers."""
    report = output.split("to fix before it can be built:\n", 1)[1].split("\nAborted", 1)[0]
    items = []
    for line in report.splitlines():
        if line.startswith("  ") and line.lstrip()[:1].isdigit() and ". " in line:
            items.append(line.split(". ", 1)[1])
        elif line.startswith("      Fix:"):
            items.append(line)
    return items


def test_good_tiny_handbook_builds(tmp_path: Path) -> None:
    result = run_mkdocs(make_tiny(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr
    assert (tmp_path / "tiny/site/cs/principles/respect/index.html").is_file()


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_handbook_stops_with_exact_message(tmp_path: Path, case: str) -> None:
    delete, expected = CASES[case]
    if case == "missing-translation":
        project = make_tiny(tmp_path, None, ("docs/cs/principles/respect.md",))
    else:
        project = make_tiny(tmp_path, case, delete)
    result = run_mkdocs(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert problems_in(output) == expected.strip("\n").splitlines()
    count = len(expected.strip().splitlines()) // 2
    assert f"The handbook has {count} problem{'s' if count > 1 else ''} to fix" in output
    # Nothing is written when the sources are inconsistent.
    assert not (project / "site" / "index.html").exists()


def test_snippets_from_the_snippets_folder_are_included(tmp_path: Path) -> None:
    project = make_tiny(tmp_path)
    page = project / "docs/cs/principles/respect.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n--8<-- "shared.md"\n', encoding="utf-8")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    assert "Shared text." in (project / "site/cs/principles/respect/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("content", ['<p><script>x()</script></p>', '<p><img src="a.png" onerror="x()"></p>',
                                     '<p><a href=" javascript:x()">a</a></p>', '<p><object data="a"></object></p>'])
def test_rendered_pages_are_checked_again(content: str) -> None:
    import guard

    assert guard.content_problems(content, "docs/cs/a.md", "")[0].startswith("docs/cs/a.md: ")
    assert guard.content_problems("<p>Safe <a href='https://example.org'>text</a></p>", "docs/cs/a.md", "") == []
