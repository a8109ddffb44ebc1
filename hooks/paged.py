"""Paged layout of the printable handbooks with WeasyPrint (used by hooks/pdf.py).

WeasyPrint supports what a printed handbook needs and Chromium's printing lacks: running footers in page margins
(CSS Paged Media), `target-counter()` page numbers in the table of contents, PDF bookmarks, tagged PDF (PDF/UA-1),
and text shaped by HarfBuzz with the handbook's own fonts (Telugu included). It needs the Pango library from the
system; when that is missing, the build stops with the package to install, never with a traceback.

A PDF reads only files of the built site: the document's resources (stylesheet, fonts, images) are fetched from the
output folder by their published address, and nothing is fetched from the network.
"""

from __future__ import annotations

import contextlib
import io
import logging
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import jinja2
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import get_relative_url

log = get_plugin_logger("handbook.pdf")


@dataclass
class Printout:
    """One printout page of one language build, as hooks/printing.py rendered it."""

    lang: str
    part: str
    url: str
    out: str
    content: str
    site_name: str
    title: str
    labels: dict[str, str]
    # The language's writing direction ("ltr" or "rtl") and its fonts, its script's first (hooks/fonts.py).
    direction: str = "ltr"
    faces: list[dict[str, str]] = field(default_factory=list)


def write_pdfs(printouts: list[Printout], site_dir: Path, site_url: str, templates: Path) -> int:
    """Lay out every printout as a PDF in the built site, on every core; returns how many were written."""
    load_weasyprint()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["css_string"] = css_string
    template = env.get_template("handbook.html")
    created = _created()
    jobs = []
    for printout in printouts:
        root = get_relative_url(".", printout.url).rstrip("/") + "/"
        fonts, families = _fonts_for(printout.faces, root)
        html = template.render(printout=printout, root=root, content=Markup(printout.content), created=created,
                               page_number=page_number(printout.labels["page"]), fonts=fonts, families=families)
        jobs.append(Job(html, printout.out, printout.url, str(site_dir), site_url))
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers <= 1:
        results = [render(job) for job in jobs]
    else:
        # Each PDF is laid out in a fresh interpreter (spawn: WeasyPrint's libraries are not safe across fork),
        # which imports this module from the hooks folder.
        hooks = str(Path(__file__).resolve().parent)
        sys.path.insert(0, hooks)
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                results = list(pool.map(render, jobs))
        except BrokenProcessPool as error:
            raise PluginError(f"A process laying out the PDFs stopped unexpectedly ({error}). Build again; if it "
                              "happens again, build one language alone (HANDBOOK_LANGUAGE=cs) to find the PDF."
                              ) from None
        finally:
            sys.path.remove(hooks)
    for job, (messages, error, pages, seconds) in zip(jobs, results):
        where = f"{job.out} (the PDF of {job.url}index.html)"
        for message in messages:
            log.warning(f"{where}: {message}")
        if error:
            raise PluginError(f"{where}: WeasyPrint could not lay out this PDF: {error}. Check the page's HTML in "
                              "the printout, and the print styles in overrides/pdf/handbook.html.")
        log.debug(f"{job.out}: {pages} pages in {seconds:.1f} s")
    return len(jobs)


@dataclass
class Job:
    """One PDF to lay out: its HTML document, where it goes, and the built site its resources come from."""

    html: str
    out: str
    url: str
    site_dir: str
    site_url: str


def render(job: Job) -> tuple[list[str], str, int, float]:
    """Lay out one PDF: (WeasyPrint's warnings, an error or "", its number of pages, the seconds it took)."""
    started = time.perf_counter()
    weasyprint = load_weasyprint()
    with _weasyprint_messages(weasyprint) as messages:
        try:
            document = weasyprint.HTML(string=job.html, base_url=urljoin(job.site_url, job.url),
                                       url_fetcher=_site_fetcher(weasyprint, Path(job.site_dir), job.site_url)).render()
            document.write_pdf(Path(job.site_dir) / job.out, pdf_variant="pdf/ua-1",
                               pdf_identifier=job.out.encode())
        except Exception as error:  # noqa: BLE001 - reported with the PDF's name by the build, never as a traceback
            return messages, f"{type(error).__name__}: {error}", 0, 0.0
    return messages, "", len(document.pages), time.perf_counter() - started


def load_weasyprint() -> Any:
    """Import WeasyPrint, or stop the build with the system package that provides the library it lacks."""
    try:
        # WeasyPrint prints its own notice when a library is missing; the message below says what to do instead.
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
    except ImportError as error:
        import registry

        raise PluginError(f"PDFs need the Python package WeasyPrint, which is not installed ({error}). Install the "
                          f"handbook's requirements: {registry.install_command()}") from None
    except OSError as error:
        raise PluginError(missing_library_message(str(error))) from None
    _give_text_its_actual_text(weasyprint)
    return weasyprint


def _give_text_its_actual_text(weasyprint: Any) -> None:
    """Make the text of complex scripts (Telugu) extract, search and read aloud exactly as written.

    WeasyPrint 70 tells a PDF reader which text each glyph stands for, one text per glyph, taken from where the glyph
    first appears. Telugu reuses glyphs across syllables (a consonant's subjoined form, a vowel sign fused with a
    consonant), so copied or searched Telugu came out with wrong letters ("మర్యాద" as "మహ్యాద"). The PDF standard's
    answer is an ActualText span (ISO 32000-1, 14.9.4) with the exact text of each line fragment; WeasyPrint offers
    no option for it, so its text drawing function is wrapped, once per process. Latin text keeps the glyph mapping,
    which is exact for it. If WeasyPrint's drawing code changes, the build says so instead of writing wrong text.
    Right-to-left scripts (Hebrew, Arabic) keep the glyph mapping too: their glyphs are drawn in visual order, and a
    reader (poppler, Acrobat) puts the mapped letters back in reading order itself; an ActualText span would hand it
    the text already in reading order, which it then reversed.
    """
    draw = weasyprint.draw
    original = getattr(draw, "draw_text", None)
    if getattr(original, "handbook_actual_text", False):
        return
    if original is None or not hasattr(weasyprint.pdf.stream.Stream, "begin_marked_content"):
        import registry

        raise PluginError(f"WeasyPrint {weasyprint.__version__} draws text differently from the version this handbook "
                          f"pins (requirements.txt); install that version: {registry.install_command()}")
    import pydyf

    def draw_text(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        text = getattr(textbox, "text", "")
        if not COMPLEX_SCRIPT.search(text):
            return original(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
        try:
            return original(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    draw_text.handbook_actual_text = True  # type: ignore[attr-defined]
    draw.draw_text = draw_text


def missing_library_message(error: str) -> str:
    """What to install when WeasyPrint cannot load a system library (its OSError's text names the library)."""
    name = re.search(r"library '([^']+)'", error)
    library = name[1] if name else error
    debian = next((package for key, package in DEBIAN_PACKAGES if key in library), None)
    packages = " ".join(dict.fromkeys([debian, *REQUIRED_DEBIAN] if debian else REQUIRED_DEBIAN))
    return (f"PDFs need the system library {library}, which is not installed. On Debian or Ubuntu: "
            f"sudo apt-get install {packages} ; on macOS: brew install pango ; elsewhere: install Pango 1.44 or "
            "later (see WeasyPrint's installation guide). Or build without PDFs: unset HANDBOOK_PDF.")


def css_string(text: str) -> Markup:
    """A CSS string literal for any text: every character but letters, digits and spaces as a CSS escape."""
    escaped = "".join(c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):x} " for c in str(text))
    return Markup(f'"{escaped}"')


def _fonts_for(faces: list[dict[str, str]], root: str) -> tuple[Markup, Markup]:
    """@font-face rules for a PDF and its font-family list, in the order given (the language's script first).

    Each font file gets a family of its own: WeasyPrint tells fonts apart by family, weight and style, so files that
    share a family (split by `unicode-range`, as on the web) would be mixed up in the PDF.
    """
    rules, families = [], []
    for face in faces:
        family = "Handbook " + WEIGHT_STYLE.sub("", face["file"].rsplit(".", 1)[0])
        weight = face["weight"] if face["weight"].isdigit() else "400"
        style = "italic" if face["style"] == "italic" else "normal"
        rules.append(Markup("@font-face {{ font-family: {}; font-weight: {}; font-style: {}; src: url({}); }}").format(
            css_string(family), weight, style, css_string(f"{root}assets/fonts/{face['file']}")))
        families.append(family)
    return Markup("\n").join(rules), Markup(", ").join(css_string(family) for family in dict.fromkeys(families))


def page_number(label: str) -> Markup:
    """CSS `content` for a label such as "Page {page} of {pages}": its texts, and counters where the numbers go."""
    parts = [Markup(COUNTERS[part]) if part in COUNTERS else css_string(part)
             for part in PLACEHOLDER.split(label) if part]
    return Markup(" ").join(parts)


def _created() -> str:
    # Reproducible PDFs: their date is SOURCE_DATE_EPOCH's, when the build gives one, else none is written.
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if epoch.isdigit() else ""


def _site_fetcher(weasyprint: Any, site_dir: Path, site_url: str) -> Any:
    root = site_dir.resolve()

    class SiteFetcher(weasyprint.URLFetcher):  # type: ignore[misc, name-defined]
        """Serves the built site's files by their published address, and nothing else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith(site_url):
                raise ValueError(f"{url} is not a file of the handbook; a PDF uses only the handbook's own files")
            path = (root / unquote(urlsplit(url[len(site_url):]).path)).resolve()
            if path.is_dir():
                path = path / "index.html"
            if not path.is_relative_to(root) or not path.is_file():
                raise ValueError(f"{url} is not a file of the built handbook")
            return weasyprint.urls.URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _type(path)})

    return SiteFetcher()


def _type(path: Path) -> str:
    return {".css": "text/css", ".woff2": "font/woff2", ".svg": "image/svg+xml", ".png": "image/png",
            ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
            ".html": "text/html"}.get(path.suffix.lower(), "application/octet-stream")


@contextlib.contextmanager
def _weasyprint_messages(weasyprint: Any) -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings and errors, for the build to report as its own (a strict build stops on them)."""
    messages: list[str] = []
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = weasyprint.LOGGER
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        messages.extend(dict.fromkeys(record.getMessage() for record in records))


# Scripts whose glyphs do not map one to one to letters: everything from Greek on, but punctuation, symbols and the
# right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan: U+0590-08FF, see above).
COMPLEX_SCRIPT = re.compile(r"[\u0370-\u058f\u0900-\u1fff\u2c00-\ufaff]")
PLACEHOLDER = re.compile(r"(\{pages\}|\{page\})")
COUNTERS = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
WEIGHT_STYLE = re.compile(r"-\d{3}(-(normal|italic))?$")
# Debian packages, by the library WeasyPrint names when it cannot load it; Pango pulls in the rest.
DEBIAN_PACKAGES = [("gobject", "libglib2.0-0"), ("pangoft2", "libpangoft2-1.0-0"), ("pango", "libpango-1.0-0"),
                   ("harfbuzz-subset", "libharfbuzz-subset0"), ("harfbuzz", "libharfbuzz0b"),
                   ("fontconfig", "libfontconfig1")]
REQUIRED_DEBIAN = ["libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"]
