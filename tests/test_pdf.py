"""The PDFs of the printable handbooks (HANDBOOK_PDF=1, `pdf_site` in tests/conftest.py): built once per test run, read
back with poppler and pypdf."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import ROOT
from htmlpages import Page

sys.path.insert(0, str(ROOT / "hooks"))
import paged  # noqa: E402
import registry  # noqa: E402


@cache
def handbook_data() -> registry.Site:
    """The handbook's languages, registry, labels and pages, read as the build reads them."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return registry.load_site(ROOT, ROOT / "docs", registry.configured_languages(config))


LANGUAGES = [lang.code for lang in handbook_data().languages]


def prefix(lang: str) -> str:
    return "" if lang == handbook_data().default_language else f"{lang}/"


def titles(lang: str, kind: str) -> list[str]:
    return [doc.title for doc in handbook_data().pages(lang, kind)]


def squash(text: str) -> str:
    """Text as compared across HTML and PDF: no spaces, no zero-width joiners, composed."""
    return unicodedata.normalize("NFC", re.sub(r"[\s\u200b-\u200d]+", "", text))


@cache
def page_texts(pdf: Path) -> list[str]:
    """The text of each page, as pdftotext reads it (in reading order, pages split by form feeds)."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1]


@cache
def reader(pdf: Path) -> PdfReader:
    return PdfReader(pdf)


def outline(pdf: Path) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """(title, page number, [(child title, page number)]) of the top-level bookmarks."""
    pdf_reader = reader(pdf)
    items: list[tuple[str, int, list[tuple[str, int]]]] = []
    for item in pdf_reader.outline:
        if isinstance(item, list):
            children = [(child.title, pdf_reader.get_destination_page_number(child) + 1) for child in item]
            items[-1] = (items[-1][0], items[-1][1], children)
        else:
            items.append((item.title, pdf_reader.get_destination_page_number(item) + 1, []))
    return items


def toc_numbers(pdf: Path, expected: list[str]) -> dict[str, int]:
    """The page number the table of contents gives each title (on the pages before the first principle)."""
    first = outline(pdf)[1][1]
    lines = "".join(page_texts(pdf)[1:first - 1]).splitlines()
    contents = "\n".join(squash(line) for line in lines)
    numbers = {}
    for title in expected:
        # The title (wrapped over lines, maybe), its leader dots, and its page number at the end of a line.
        entry = re.search("\n?".join(map(re.escape, squash(title))) + r"[.·…\n]*?(\d+)(?:\n|$)", contents)
        assert entry, f"{title!r} has no page number in the table of contents"
        numbers[title] = int(entry[1])
    return numbers


def without_footer(text: str) -> str:
    return text.rstrip().rsplit("\n", 1)[0]


def handbook_pdf(site: Path, lang: str) -> Path:
    return site / f"{prefix(lang)}print/handbook.pdf"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bookmarks_list_every_principle_and_article(pdf_site: Path, lang: str) -> None:
    pdf = handbook_pdf(pdf_site, lang)
    site = handbook_data()
    items = {title: children for title, _, children in outline(pdf)}
    assert site.label(lang, "print_contents") in items
    principles = items[site.label(lang, "principles")]
    assert [title for title, _ in principles] == titles(lang, "principle")
    if titles(lang, "article"):
        assert [title for title, _ in items[site.label(lang, "articles")]] == titles(lang, "article")
    else:
        assert site.label(lang, "articles") not in items


@pytest.mark.parametrize("lang", LANGUAGES)
def test_contents_page_numbers_are_where_the_titles_are(pdf_site: Path, lang: str) -> None:
    pdf = handbook_pdf(pdf_site, lang)
    expected = titles(lang, "principle") + titles(lang, "article")
    numbers = toc_numbers(pdf, expected)
    bookmarks = {title: page for _, _, children in outline(pdf) for title, page in children}
    texts = page_texts(pdf)
    for title, number in numbers.items():
        assert bookmarks[title] == number, title
        assert squash(title) in squash(without_footer(texts[number - 1])), f"{title!r} is not on page {number}"
    # Each entry of the contents is a link to the page it names.
    pdf_reader = reader(pdf)
    linked = {str(annotation.get_object()["/Dest"]) for page in pdf_reader.pages[1:outline(pdf)[1][1] - 1]
              for annotation in page.get("/Annots") or [] if "/Dest" in annotation.get_object()}
    for doc in handbook_data().pages(lang, "principle") + handbook_data().pages(lang, "article"):
        anchor = f"{doc.kind}-{doc.stem}"
        assert anchor in linked, anchor
        page = pdf_reader.get_destination_page_number(pdf_reader.named_destinations[anchor]) + 1
        assert page == numbers[doc.title], (anchor, page, numbers[doc.title])
    assert sorted(numbers.values()) == list(numbers.values()), "the contents are not in page order"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_its_footer(pdf_site: Path, lang: str) -> None:
    pdf = handbook_pdf(pdf_site, lang)
    site = handbook_data()
    texts = page_texts(pdf)
    name = squash(site_name(lang))
    starts = sorted((page, title) for _, _, children in outline(pdf) for title, page in children)
    for number, text in enumerate(texts, start=1):
        footer = squash([line for line in text.splitlines() if line.strip()][-1])
        label = site.label(lang, "print_page").replace("{pages}", str(len(texts))).replace("{page}", str(number))
        assert name in footer and squash(label) in footer, (number, footer)
        # The running section: the principle or article the page belongs to.
        current = [title for page, title in starts if page <= number]
        if current:
            assert squash(current[-1]) in footer, (number, footer)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fonts_are_the_handbooks_own_and_embedded(pdf_site: Path, lang: str) -> None:
    lines = subprocess.run(["pdffonts", str(handbook_pdf(pdf_site, lang))], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    fonts = [(line.split()[0], re.findall(r"\b(yes|no)\b", line)[0] == "yes") for line in lines]
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert all("Handbook-noto-sans" in name for name, _ in fonts), fonts
    if any("\u0c00" <= c <= "\u0c7f" for c in site_name(lang)):
        assert any("telugu" in name for name, _ in fonts), fonts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_metadata_tags_and_links(pdf_site: Path, lang: str, address: str) -> None:
    pdf = handbook_pdf(pdf_site, lang)
    pdf_reader = reader(pdf)
    assert pdf_reader.metadata.title == site_name(lang)
    catalog: Any = pdf_reader.trailer["/Root"]
    assert catalog["/Lang"] == lang
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()
    internal, external = 0, []
    for page in pdf_reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A", {})
            if action.get("/S") == "/URI":
                external.append(str(action["/URI"]))
            elif "/Dest" in annotation.get_object() or action.get("/S") == "/GoTo":
                internal += 1
    # Every entry of the contents, and the links between principles and articles, lead inside the PDF.
    assert internal >= len(titles(lang, "principle")) + len(titles(lang, "article"))
    # Links to pages that are not in the PDF lead to the published handbook, and those pages exist.
    assert external
    for url in external:
        if url.startswith(address):
            target = Page(pdf_site / "index.html", pdf_site).resolve(url[len(address):].split("#")[0])[0]
            assert target is not None and target.is_file(), url


def test_telugu_text_extracts_as_on_the_web(pdf_site: Path) -> None:
    telugu = [lang for lang in LANGUAGES if any("\u0c00" <= c <= "\u0c7f" for c in site_name(lang))]
    assert telugu, "no language in Telugu script"
    for lang in telugu:
        pdf = handbook_pdf(pdf_site, lang)
        # The pages' text without their footers, as one text.
        text = squash("".join(without_footer(t) for t in page_texts(pdf)))
        checked = 0
        for doc in handbook_data().pages(lang, "principle") + handbook_data().pages(lang, "article"):
            web = pdf_site / registry.Site.url(handbook_data(), doc) / "index.html"
            for block in Blocks(web.read_text(encoding="utf-8")).blocks:
                if any("\u0c00" <= c <= "\u0c7f" for c in block):
                    assert squash(block) in text, block
                    checked += 1
        assert checked > 100, checked


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_section_has_its_pdf_linked_from_its_printout(pdf_site: Path, lang: str) -> None:
    site = handbook_data()
    for part, kinds in (("", ["principle", "article"]), ("principles", ["principle"]), ("articles", ["article"])):
        pdf = pdf_site / f"{prefix(lang)}print/{part or 'handbook'}.pdf"
        expected = [t for kind in kinds for t in titles(lang, kind)]
        page = Page(pdf_site / f"{prefix(lang)}print/{part + '/' if part else ''}index.html", pdf_site)
        links = [a["href"] for a in page.links if a["href"].endswith(".pdf")]
        if not expected:
            assert not pdf.exists() and not links, (lang, part)
            continue
        assert [page.resolve(href)[0] for href in links] == [pdf], (lang, part, links)
        # The link is added to the printout's HTML, which stays HTML: its contents still link to every page.
        assert sum(a["href"].startswith("#principle-") for a in page.links) >= len(titles(lang, "principle")) * (
            "principle" in kinds)
        assert [title for _, _, children in outline(pdf) for title, _ in children] == expected
        assert reader(pdf).metadata.title.startswith(site_name(lang))
    home = Page(pdf_site / prefix(lang) / "index.html", pdf_site)
    assert [home.resolve(a["href"])[0] for a in home.links if a["href"].endswith(".pdf")] == [
        handbook_pdf(pdf_site, lang)]
    assert sum("principles/" in a["href"] for a in home.links) >= len(titles(lang, "principle"))
    labels = [site.label(lang, "print_pdf"), site.label(lang, "print_pdf_handbook")]
    assert all(site.labels.get(lang, {}).get(key) for key in ("print_pdf", "print_pdf_handbook", "print_page"))
    assert labels[1] in home.path.read_text(encoding="utf-8")


def test_the_everyday_build_makes_no_pdf(handbook: Path) -> None:
    assert not list(handbook.rglob("*.pdf"))
    for lang in LANGUAGES:
        for path in (handbook / prefix(lang) / "index.html", handbook / prefix(lang) / "print/index.html"):
            assert ".pdf" not in path.read_text(encoding="utf-8"), path


def test_a_missing_system_library_names_the_package(tmp_path: Path) -> None:
    """WeasyPrint's own import, with Pango missing from the system: the build says what to install."""
    script = tmp_path / "build.py"
    script.write_text(
        "import cffi, runpy, sys\n"
        "real = cffi.FFI.dlopen\n"
        "def dlopen(self, name, flags=0):\n"
        "    if 'pango-1.0' in str(name):\n"
        "        raise OSError(f\"cannot load library '{name}': {name}: cannot open shared object file\")\n"
        "    return real(self, name, flags)\n"
        "cffi.FFI.dlopen = dlopen\n"
        "sys.argv = ['mkdocs', 'build', '--strict', '-d', sys.argv[1]]\n"
        "runpy.run_module('mkdocs', run_name='__main__')\n", encoding="utf-8")
    env = {**os.environ, "HANDBOOK_PDF": "1", "HANDBOOK_LANGUAGE": "en", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, str(script), str(tmp_path / "site")], capture_output=True, text=True,
                            cwd=ROOT, env=env, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output and "WeasyPrint could not import" not in output, output
    assert "libpango-1.0-0" in output and "sudo apt-get install libpango-1.0-0" in output, output
    assert "brew install pango" in output and "unset HANDBOOK_PDF" in output, output
    assert not (tmp_path / "site").exists()


def test_labels_cannot_break_out_of_the_pdf_stylesheet() -> None:
    hostile = 'x" } body { display: none } </style><script>alert(1)</script> "'
    escaped = str(paged.css_string(hostile))
    assert escaped.startswith('"') and escaped.endswith('"') and '"' not in escaped[1:-1]
    assert not set(escaped) & set("<>&;{}")
    assert str(paged.page_number("{pages} పేజీల్లో {page}వ పేజీ")).startswith("counter(pages) ")
    assert str(paged.page_number("Page {page} of {pages}")) == '"Page " counter(page) " of " counter(pages)'


def site_name(lang: str) -> str:
    """The handbook's name in a language (static-i18n's `site_name` for it in mkdocs.yml, else the default)."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    for language in config.plugins["i18n"].config.languages:
        if language.locale == lang and language.site_name:
            return language.site_name
    return config.site_name


class Blocks(HTMLParser):
    """The text of each paragraph and list item in a page's article, without heading anchors."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._stack: list[list[str]] = []
        self._article = 0
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self._article += 1
        elif self._article and tag in ("p", "li"):
            self._stack.append([])
        elif tag == "a" and "headerlink" in (dict(attrs).get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article -= 1
        elif self._article and tag in ("p", "li") and self._stack:
            self.blocks.append("".join(self._stack.pop()))
        elif tag == "a" and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._stack and not self._skip:
            for block in self._stack:
                block.append(data)
