"""Printing, in headless Chromium with no Telugu font on the machine: real PDFs, read back with poppler."""

from __future__ import annotations

import json
import os
import re
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import CHROMIUM_ARGS, LANGUAGES, PRINCIPLES, ROOT, Guidebook, chromium_path, prefix
from htmlpages import Page, pages

PREFIX = {lang: prefix(lang) for lang in LANGUAGES}
# The principle printed alone; its title is the fourth in each language's list.
ALONE = PRINCIPLES[3]


@pytest.fixture(scope="module")
def latin_only_browser(playwright: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chromium that sees only system fonts without Telugu: Telugu on paper must come from the site's own font."""
    folder = tmp_path_factory.mktemp("fonts")
    telugu = set(fc_list(":lang=te"))
    latin = [f for f in fc_list(":lang=en") if f not in telugu and f.endswith((".ttf", ".otf"))]
    assert latin, "no Latin system font: install Debian's fonts-liberation (.ci/run does)"
    for index, font in enumerate(latin[:8]):
        (folder / f"{index}-{Path(font).name}").symlink_to(font)
    config = folder / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><fontconfig><dir>{folder}</dir><cachedir>{folder / "cache"}</cachedir>'
                      "</fontconfig>", encoding="utf-8")
    browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS,
                                         env={**os.environ, "FONTCONFIG_FILE": str(config)})
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def titles(handbook: Path) -> dict[str, list[str]]:
    data = json.loads((handbook / "principles.json").read_text(encoding="utf-8"))
    return {lang: [p["languages"][lang]["title"] for p in data["principles"]] for lang in LANGUAGES}


def fc_list(pattern: str) -> list[str]:
    result = subprocess.run(["fc-list", pattern, "file"], capture_output=True, text=True, check=True)
    return [line.split(":")[0].strip() for line in result.stdout.splitlines() if line.strip()]


def print_pdf(browser: Any, served: str, path: str, out: Path, paper: str = "A4") -> Path:
    """Print a page to PDF as Chromium's print dialog would, after its fonts have loaded."""
    page = browser.new_page()
    page.goto(f"{served}/{path}", wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.emulate_media(media="print")
    page.pdf(path=str(out), format=paper)
    page.close()
    return out


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdf_fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(font name, embedded) for each font of the PDF."""
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    fonts = []
    for line in lines:
        name = line.split()[0]
        flags = re.findall(r"\b(yes|no)\b", line)
        fonts.append((name, flags[0] == "yes"))
    return fonts


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


def squash(text: str) -> str:
    """Text as compared across HTML and PDF: no spaces, no zero-width joiners, composed."""
    return unicodedata.normalize("NFC", re.sub(r"[\s\u200b-\u200d]+", "", text))


def navigation_texts(handbook: Path, lang: str) -> list[str]:
    """Texts that only Material's header, search and footer carry, never the content."""
    config_page = (handbook / PREFIX[lang] / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', config_page,
                                  re.S)[1])
    search_box = re.search(r'<input[^>]*name="query"[^>]*>', config_page)[0]
    placeholder = re.search(r'placeholder="([^"]+)"', search_box)[1]
    skip = re.search(r'class="md-skip">\s*([^<]+?)\s*</a>', config_page)[1]
    candidates = [placeholder, skip, "Material for MkDocs", config["translations"]["search.result.placeholder"]]
    # A word the content itself uses (Telugu "వెతకండి", look for) proves nothing about the header.
    content = squash(" ".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs" / lang).rglob("*.md")))
    texts = [t for t in candidates if squash(t) not in content]
    assert len(texts) >= 3, candidates
    return texts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_printable_handbook_prints(latin_only_browser: Any, served: str, handbook: Path, lang: str,
                                       titles: dict[str, list[str]], tmp_path: Path) -> None:
    pdf = print_pdf(latin_only_browser, served, f"{PREFIX[lang]}print/", tmp_path / f"handbook-{lang}.pdf")
    fonts = pdf_fonts(pdf)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    names = " ".join(name for name, _ in fonts)
    assert "NotoSans-" in names
    if lang == "te":
        assert "NotoSansTelugu" in names
    text = squash(pdf_text(pdf))
    missing = [t for t in titles[lang] if squash(t) not in text]
    assert not missing, missing
    # A cover, a table of contents, then every principle starting on a page of its own.
    assert pdf_pages(pdf) >= len(titles[lang]) + 2
    for nav in navigation_texts(handbook, lang):
        assert squash(nav) not in text, nav


@pytest.mark.parametrize("lang, paper", [("te", "A4"), ("te", "Letter"), ("cs", "Letter"), ("hu", "A4")])
def test_a_principle_page_prints_content_only(latin_only_browser: Any, served: str, handbook: Path, lang: str,
                                              paper: str, titles: dict[str, list[str]], tmp_path: Path) -> None:
    pdf = print_pdf(latin_only_browser, served, f"{PREFIX[lang]}principles/{ALONE}/", tmp_path / "alone.pdf", paper)
    fonts = pdf_fonts(pdf)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    if lang == "te":
        assert any("NotoSansTelugu" in name for name, _ in fonts), fonts
    text = squash(pdf_text(pdf))
    assert squash(titles[lang][3]) in text
    for nav in navigation_texts(handbook, lang):
        assert squash(nav) not in text, nav
    # The navigation lists every principle; the page itself mentions a few at most.
    others = [t for t in titles[lang] if t != titles[lang][3] and squash(t) in text]
    assert len(others) <= 3, others


def test_every_page_offers_to_print_its_section(guidebook: Guidebook) -> None:
    checked = 0
    site, built = guidebook.site, guidebook.built
    folders = [c.folder for c in site.structure.collections]
    folders += [site.structure.articles.folder] if site.structure.articles else []
    for page in pages(built):
        if page.path.name == "404.html" or "/print/" in page.url:
            continue
        links = [a for a in page.links if "hb-print-link" in a.get("class", "")]
        assert len(links) == 1, page.url
        target, _ = page.resolve(links[0]["href"])
        assert target is not None and target.is_file(), page.url
        printed = Page(target, built)
        section = next((f for f in folders if f"/{f}/" in page.url), "")
        assert printed.url == f"/{guidebook.prefix(printed.lang)}print/" + (f"{section}/" if section else ""), page.url
        assert printed.lang == page.lang
        checked += 1
    # Every page of every language: items, indexes, required pages, the articles, and the pages for
    # translators (coverage, to-do list, glossary).
    assert checked == len(site.docs)


def test_printable_pages_stay_out_of_search_and_navigation(guidebook: Guidebook) -> None:
    for lang in guidebook.languages:
        folder = guidebook.built / guidebook.prefix(lang)
        index = json.loads((folder / "search/search_index.json").read_text(encoding="utf-8"))
        assert not [d for d in index["docs"] if d["location"].startswith("print/")], lang
        home = (folder / "index.html").read_text(encoding="utf-8")
        assert 'href="print/"' not in home.split('class="md-content"')[0], lang
