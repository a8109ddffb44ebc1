"""PDF hook: a PDF of every printable handbook, for trainers who print it or send it on, when the build asks for one.

PDFs are opt-in, so that the everyday build and `mkdocs serve` stay fast: `extra.handbook_pdf` in mkdocs.yml, set
by `HANDBOOK_PDF=1` (the publishing workflow sets it). Then every printout that hooks/printing.py makes is also
written as a PDF at a stable address beside it:
- `<lang>/print/handbook.pdf` (English: `print/handbook.pdf`): the whole handbook;
- `<lang>/print/principles.pdf` and `<lang>/print/articles.pdf`: one section (none for a section with no pages).
The printout pages link their PDF and every home page links its language's handbook PDF. The PDFs are laid out by
hooks/paged.py with WeasyPrint from overrides/pdf/handbook.html, once every language has been built.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import fonts
import paged
import printing
import registry
from registry import Site

log = get_plugin_logger("handbook.pdf")

# The printouts of every language build, to lay out once the last language is built; reset by each full build.
_printouts: list[paged.Printout] = []


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if registry.is_first_language_build(config):
        _printouts.clear()
        if enabled(config):
            # Fail before building anything when the PDF renderer cannot run on this machine.
            paged.load_weasyprint()
    return config


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    if not enabled(config) or page.content is None:
        return context
    site = registry.site(config)
    lang = registry.current_language(config)
    part = printing.part_of(site, lang, page.url)
    if part is not None and _has_pages(site, lang, part):
        _printouts.append(paged.Printout(
            lang=lang, part=part, url=page.url, out=pdf_url(site, lang, part), content=page.content,
            site_name=config.site_name, title=printing.title(site, lang, part), labels=_labels(site, lang),
            direction=fonts.plan(config).direction(lang), faces=fonts.pdf_faces(config, lang)))
        page.content = _after(page.content, "</p>", _link(get_relative_url(pdf_url(site, lang, part), page.url),
                                                          site.label(lang, "print_pdf")), "hb-print-hint")
    elif page.url == printing.url_of(site, lang, "")[: -len("print/")]:
        link = _link(get_relative_url(pdf_url(site, lang, ""), page.url), site.label(lang, "print_pdf_handbook"))
        page.content = _after(page.content, "</p>", link)
    return context


# After static-i18n (-100) has built every language.
@event_priority(-160)
def on_post_build(config: MkDocsConfig) -> None:
    if not registry.is_first_language_build(config) or not enabled(config):
        return
    site = registry.site(config)
    out = Path(config.site_dir)
    overrides = Path(config.theme.custom_dir or "")
    started = time.perf_counter()
    written = paged.write_pdfs(_printouts, out, config.site_url or "http://127.0.0.1:8000/", overrides / "pdf")
    if not written:
        raise PluginError("PDFs were asked for (HANDBOOK_PDF), but the build made no printable handbook. Check that "
                          "hooks/printing.py is listed before hooks/pdf.py under 'hooks:' in mkdocs.yml.")
    languages = sorted({p.lang for p in _printouts}, key=[lang.code for lang in site.languages].index)
    log.info(f"Wrote {written} PDFs ({', '.join(languages)}) in {time.perf_counter() - started:.1f} s.")


def enabled(config: MkDocsConfig) -> bool:
    """Whether this build writes PDFs: `extra.handbook_pdf` in mkdocs.yml, which HANDBOOK_PDF=1 turns on."""
    value = config.extra.get("handbook_pdf")
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def pdf_url(site: Site, lang: str, part: str) -> str:
    """Where the PDF of a printout is published, relative to the site root."""
    return printing.url_of(site, lang, "") + (f"{part}.pdf" if part else "handbook.pdf")


def _has_pages(site: Site, lang: str, part: str) -> bool:
    return any(site.pages(lang, kind) for folder, _, kind in printing.groups(site) if part in ("", folder))


def _labels(site: Site, lang: str) -> dict[str, str]:
    page_label = site.label(lang, "print_page")
    if sorted(paged.PLACEHOLDER.findall(page_label)) != sorted(paged.COUNTERS):
        log.warning(f"docs/labels.yml: the '{lang}' label 'print_page' ({page_label!r}) must contain {{page}} and "
                    "{pages} once each, where the page number and the number of pages go, as in "
                    "'Page {page} of {pages}'. Fix it in docs/labels.yml.")
        page_label = "{page} / {pages}"
    return {"page": page_label, "contents": site.label(lang, "print_contents"),
            **{folder: site.label(lang, key) for folder, key, _ in printing.groups(site)}}


def _link(href: str, label: str) -> Markup:
    return Markup('<p class="hb-pdf-link"><a href="{}" type="application/pdf">{}</a></p>').format(href, label)


def _after(content: str, end: str, insert: Markup, marker: str = "") -> str:
    """Insert HTML after the first `end` (after `marker`'s element, if given), or at the end."""
    start = content.find(f'class="{marker}"') if marker else 0
    at = content.find(end, max(start, 0))
    # The page's HTML is joined as text: adding it to Markup would escape it.
    if at < 0:
        return content + str(insert)
    at += len(end)
    return content[:at] + str(insert) + content[at:]

