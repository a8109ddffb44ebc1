"""What a `mkdocs serve` rebuild reuses from the build before is never stale: a change to any input shows.

The link check's rendering of a page (links.py) is kept by the page's text, the snippets' texts and the Markdown
options; the output guard's parse of a built page (guard.py) by the page's text; a stem (searchtext.py) by the word
and the stemmer. Each test changes one input and expects the result a fresh start gives.
"""

from __future__ import annotations

import re
from pathlib import Path

import check
import guard
import links
import searchtext
from conftest import make_tiny


def _messages(project: Path) -> list[str]:
    return [p.message for p in links.problems(check.load(project / "mkdocs.yml"))]


def _fresh(project: Path) -> list[str]:
    links._rendered.clear()
    return _messages(project)


def test_the_link_check_sees_a_changed_page(tmp_path: Path) -> None:
    project = make_tiny(tmp_path)
    page = project / "docs/en/principles/courtesy.md"
    assert _messages(project) == []
    page.write_text(page.read_text(encoding="utf-8") + "\n[respect](respect.md#nowhere)\n", encoding="utf-8")
    found = _messages(project)
    assert len(found) == 1 and "#nowhere" in found[0]
    assert found == _fresh(project)
    page.write_text(page.read_text(encoding="utf-8").replace("#nowhere", "#respect-en"), encoding="utf-8")
    assert _messages(project) == [] == _fresh(project)


def test_the_link_check_sees_a_changed_snippet(tmp_path: Path) -> None:
    # A heading that only a snippet gives: the anchor exists while the snippet has it, and not after.
    project = make_tiny(tmp_path)
    snippet = project / "docs/snippets/shared.md"
    respect = project / "docs/en/principles/respect.md"
    courtesy = project / "docs/en/principles/courtesy.md"
    snippet.write_text("## From the snippet {#from-snippet}\n\nShared text.\n", encoding="utf-8")
    respect.write_text(respect.read_text(encoding="utf-8") + '\n--8<-- "shared.md"\n', encoding="utf-8")
    courtesy.write_text(courtesy.read_text(encoding="utf-8") + "\n[more](respect.md#from-snippet)\n",
                        encoding="utf-8")
    assert _messages(project) == []
    snippet.write_text("## Renamed {#renamed}\n\nShared text.\n", encoding="utf-8")
    found = _messages(project)
    assert len(found) == 1 and "#from-snippet" in found[0]
    assert found == _fresh(project)


def test_the_link_check_sees_changed_markdown_options(tmp_path: Path) -> None:
    # Without attr_list, '{#custom}' is no anchor: the heading's anchor comes from its words.
    project = make_tiny(tmp_path)
    respect = project / "docs/en/principles/respect.md"
    courtesy = project / "docs/en/principles/courtesy.md"
    respect.write_text(respect.read_text(encoding="utf-8") + "\n## Later {#custom}\n\nText.\n", encoding="utf-8")
    courtesy.write_text(courtesy.read_text(encoding="utf-8") + "\n[later](respect.md#custom)\n", encoding="utf-8")
    assert _messages(project) == []
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - attr_list\n", "", 1), encoding="utf-8")
    found = _messages(project)
    assert any("'respect.md#custom'" in message for message in found)
    assert found == _fresh(project)


def test_the_guard_parses_a_changed_page_again(tmp_path: Path) -> None:
    shapes: list = []
    assets = frozenset({"assets/javascripts/bundle.js"})
    page = tmp_path / "index.html"
    (tmp_path / "assets/javascripts").mkdir(parents=True)
    clean = '<html><head></head><body><script src="assets/javascripts/bundle.js"></script><p>Text</p></body></html>'
    assert guard._check_document(clean, page, tmp_path, shapes, assets)[0] == [
        "the script 'assets/javascripts/bundle.js' is not one the theme or overrides/ ship."]
    # Where a script leads is looked up on disk every time, not kept with the parse.
    (tmp_path / "assets/javascripts/bundle.js").write_text("", encoding="utf-8")
    assert guard._check_document(clean, page, tmp_path, shapes, assets)[0] == []
    changed = clean.replace("<p>Text</p>", '<p onclick="x()">Text</p>')
    assert guard._check_document(changed, page, tmp_path, shapes, assets)[0] == [
        "<p> has the event handler 'onclick'."]
    assert guard._check_document(clean, page, tmp_path, shapes, assets)[0] == []
    # A changed allowlist of inline scripts is a new key too.
    inline = clean.replace("<p>Text</p>", "<script>go()</script>")
    assert guard._check_document(inline, page, tmp_path, shapes, assets)[0] == [
        "an inline script that no theme or override template ships: 'go()'."]
    assert guard._check_document(inline, page, tmp_path, [re.compile(r"go\(\)")], assets)[0] == []


def test_a_stemmer_gives_the_stems_of_its_own_setting() -> None:
    plain = searchtext.stemmer({"snowball": "polish"})
    fleeting = searchtext.stemmer({"snowball": "polish", "fleeting_e": True})
    # The same word, stemmed first by one setting and then by the other, gets each setting's stem.
    assert plain("szacunek") != fleeting("szacunek") == fleeting("szacunku")
    assert searchtext.stemmer({"snowball": "english"})("customers") == "custom"
    assert searchtext.stemmer({"snowball": "english"})("szacunek") != fleeting("szacunek")


def _serve_build(project: Path, site: Path) -> dict[str, str]:
    """One `mkdocs serve` rebuild of the project, in this process (as serve runs it): the built pages' texts."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_the_guard_checks_the_preview_notices_apart_as_it_checks_the_whole_page(tmp_path: Path) -> None:
    import preview

    page = tmp_path / "index.html"
    shapes: list = []
    assets: frozenset[str] = frozenset()
    notices = '<div class="admonition failure hb-problems" data-search-exclude lang="en"><p>Fix it</p></div>\n'
    refused = notices.replace("<p>", '<p onclick="x()">')
    preview.started("serve")
    try:
        for shown in (notices, refused):
            for body in ("<p>Text</p>", "<p>Text</p><script>go()</script>", '<a href="javascript:x()">a</a>'):
                text = f"<html><head><style>p{{}}</style></head><body><article>{shown}{body}</article></body></html>"
                preview._state.shown = {"index.html": shown}
                apart = guard._check_shown(text, page, tmp_path, shapes, assets)
                whole = guard._check_document(text, page, tmp_path, shapes, assets)
                assert (apart[0], sorted(apart[1]), sorted(apart[2])) == (whole[0], sorted(whole[1]), sorted(whole[2]))
    finally:
        preview.stopped()
        preview._state.shown = {}


def test_a_pages_font_tags_follow_its_title_and_place_within_one_build() -> None:
    # The rendered tags are kept per build by language, folder depth and preloaded faces: a page whose title needs
    # another face, or that sits elsewhere, gets its own.
    from types import SimpleNamespace

    import fontdata
    import fonts

    latin = fontdata.Face(Path("latin.woff2"), "latin.woff2", "Sans", 400, "normal", "U+0000-024F")
    telugu = fontdata.Face(Path("telugu.woff2"), "telugu.woff2", "Sans Telugu", 400, "normal", "U+0C00-0C7F")
    config = SimpleNamespace(site_name="Handbook", plugins={}, theme={"language": "te"})
    fonts._state.config, fonts._state.plan, fonts._state.heads = config, SimpleNamespace(
        faces=lambda lang: [latin, telugu]), {}
    try:
        plain = fonts.head(config, SimpleNamespace(url="principles/a/", title="Courtesy"))  # type: ignore[arg-type]
        telugu_title = fonts.head(config, SimpleNamespace(url="principles/b/", title="మర్యాద"))  # type: ignore[arg-type]
        deeper = fonts.head(config, SimpleNamespace(url="te/principles/a/", title="Courtesy"))  # type: ignore[arg-type]
    finally:
        fonts._state.config, fonts._state.plan, fonts._state.heads = None, None, {}
    assert "telugu.woff2" not in plain[0] and "telugu.woff2" in telugu_title[0]
    assert '"../../assets/fonts/latin.woff2"' in plain[1] and '"../../../assets/fonts/latin.woff2"' in deeper[1]
