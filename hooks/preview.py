"""The preview (`mkdocs serve`): it keeps serving whatever is wrong, and shows every problem in the browser.

The publishing build (`mkdocs build`, strict) stops on any problem. The preview never does: the hooks ask `serving()`
and, under `mkdocs serve`, report a problem here instead of stopping. Every page then shows, at its top:
- a notice when it is a draft ("not yet translated", in the page's language);
- a box listing that page's problems, each with file, line and what to do;
- a box with the problems of the handbook's data files (labels.yml, principles.yml, ...), which affect every page;
- a short list of the whole handbook's problems: how many, and the first few, each linking to its page.
The list is worked out once per build (a build reads the sources afresh), so a fix shows on the next save.
The boxes are made by a Jinja template with autoescaping: the problems quote contributors' text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import jinja2
from mkdocs.utils import CountHandler, get_relative_url

import safety
from frontmatter import Doc, Problem
from registry import Site

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


@dataclass
class _State:
    """Whether this run serves the preview, and the problems of the build being made (reset with each build)."""

    serving: bool = False
    site: Site | None = None
    problems: list[Problem] = field(default_factory=list)
    # Problems found while pages are rendered (a refused construct, a slow page), by page path.
    found: list[Problem] = field(default_factory=list)
    check: Callable[[Site], list[Problem]] | None = None
    # Pages the preview does not render (see withheld()).
    withheld: set[str] = field(default_factory=set)
    # The notices put on each page, by its output file in the site (see shown()).
    shown: dict[str, str] = field(default_factory=dict)
    # The build's pages by repository path (see _pages()).
    pages: tuple[Site | None, dict[str, Doc]] = (None, {})


_state = _State()


def started(command: str) -> None:
    """Remember whether this run is `mkdocs serve` (hooks call it from their `on_startup`)."""
    _state.serving = command == "serve"


def stopped() -> None:
    """Forget the run (from `on_shutdown`), so that a later build in the same process is a publishing build."""
    _state.serving = False
    _state.site = None


def serving() -> bool:
    """True under `mkdocs serve`: problems are shown in the browser, and nothing stops the preview."""
    return _state.serving


def relax(config: MkDocsConfig) -> None:
    """Under `mkdocs serve`, turn strict mode off for this build: a warning must never freeze the preview."""
    config.strict = False
    # MkDocs decides to count warnings before the first event of a build; its counter for this build is switched
    # off here so that the build is not aborted at its end (the logger and the handler class are public).
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler):
            handler.setLevel(logging.CRITICAL + 1)


def checks(function: Callable[[Site], list[Problem]]) -> None:
    """Set the function that finds the sources' problems (validation.py's check, with the translations')."""
    _state.check = function


def problems(site: Site) -> list[Problem]:
    """Every problem of the build's sources and those found while rendering, worked out once per build."""
    if _state.site is not site:
        found = _state.check(site) if _state.check else []
        _state.site, _state.problems, _state.found, _state.shown = site, found, [], {}
        _state.withheld = {p.path for p in safety.problems(site)}
    return _state.problems + _state.found


def withheld(site: Site, path: str) -> bool:
    """True for a page whose text the preview does not render: it holds something unsafe, or a snippet that
    cannot be included, which would stop Markdown. Its problems show in its place."""
    problems(site)
    return path in _state.withheld


def theme_language(config: MkDocsConfig, reference: str) -> None:
    """Under `mkdocs serve`, build a language the theme has no language pack for with the reference language's
    interface strings, so that its pages can be previewed (the missing strings are shown as a problem)."""
    language = config.theme.get("language")
    if language and not any((Path(d) / "partials" / "languages" / f"{language}.html").is_file()
                            for d in config.theme.dirs):
        config.theme["language"] = reference


def add(site: Site, problem: Problem) -> None:
    """Record a problem found while rendering (it shows on its page, and in the list on pages made after it)."""
    problems(site)
    if problem not in _state.found:
        _state.found.append(problem)


def notices(site: Site, doc: Doc | None, page_url: str, draft: bool, built: list[str] | None = None,
            dest: str | None = None) -> str:
    """The preview's notices for one page: draft notice, its problems, data-file problems, the handbook's list.

    `draft`: the page is a draft; `built`: the languages this preview builds (None: all), the only ones linked to;
    `dest`: the page's output file in the site, under which the notices are remembered for this build (shown()).
    """
    everything = problems(site)
    if not everything and not draft:
        return ""
    text = _notices(site, doc, page_url, draft, built, everything)
    if dest is not None:
        _state.shown[dest] = text
    return text


def shown(dest: str) -> str | None:
    """The notices this build put on the page written to `dest` (a path in the site), if any."""
    return _state.shown.get(dest)


def _notices(site: Site, doc: Doc | None, page_url: str, draft: bool, built: list[str] | None,
             everything: list[Problem]) -> str:
    where = site.rel_path(doc.path) if doc is not None else ""
    own = [p for p in everything if p.path == where]
    data = [p for p in everything if _is_data_file(site, p.path)]
    pages = _pages(site) if everything else {}
    listed = []
    for problem in everything[:SHOWN]:
        target = pages.get(problem.path)
        href = None
        if target is not None and (built is None or target.lang in built):
            href = get_relative_url(site.url(target), page_url or ".")
        listed.append({"problem": problem, "href": href})
    return TEMPLATE.render(
        draft=site.label(doc.lang, "draft_notice") if draft and doc is not None else None,
        lang=doc.lang if doc is not None else site.default_language,
        own=own, data=data, listed=listed, total=len(everything), more=max(0, len(everything) - SHOWN))


def _pages(site: Site) -> dict[str, Doc]:
    # The pages by repository path, once per build (not once for every page the build makes).
    if _state.pages[0] is not site:
        _state.pages = (site, {site.rel_path(d.path): d for d in site.docs.values()})
    return _state.pages[1]


def document(title: str, lines: list[str]) -> str:
    """A whole HTML page that only lists problems: what the preview shows instead of a page it cannot show."""
    return PAGE.render(title=title, lines=lines)


def is_data_file(site: Site, path: str) -> bool:
    """True for a problem's file that is not a page: it affects every page (the live preview marks it so)."""
    return _is_data_file(site, path)


def _is_data_file(site: Site, path: str) -> bool:
    # Anything that is not a page of a language folder: labels.yml, principles.yml, search.yml, mkdocs.yml, ...
    parts = PurePosixPath(path).parts
    docs = PurePosixPath(site.rel_path(site.docs_dir)).parts
    codes = {lang.code for lang in site.languages}
    inside = parts[: len(docs)] == docs and len(parts) > len(docs) + 1 and parts[len(docs)] in codes
    return not (inside and path.endswith(".md"))


# How many of the handbook's problems the short list on every page names.
SHOWN = 5

_ENV = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
_ENV.globals["where"] = lambda p: f"{p.path}:{p.line}" if p.line else p.path
_ENV.globals["about"] = lambda p: ", ".join(x for x in [p.lang and f"language '{p.lang}'",
                                                         p.principle and f"principle '{p.principle}'"] if x)

TEMPLATE = _ENV.from_string("""
{%- macro item(p) -%}
<li><code>{{ where(p) }}</code>{% if about(p) %} [{{ about(p) }}]{% endif %} {{ p.message }}<br>
<strong>Fix:</strong> {{ p.fix }}</li>
{%- endmacro -%}
{% if draft %}
<div class="admonition warning hb-draft-notice" data-search-exclude lang="{{ lang }}"><p>{{ draft }}</p></div>
{% endif %}
{% if own %}
<div class="admonition failure hb-problems hb-page-problems" data-search-exclude lang="en">
<p class="admonition-title">This page has {{ own|length }} problem{{ "s" if own|length != 1 }} to fix</p>
<ul>{% for p in own %}{{ item(p) }}{% endfor %}</ul></div>
{% endif %}
{% if data %}
<div class="admonition failure hb-problems hb-data-problems" data-search-exclude lang="en">
<p class="admonition-title">The handbook's data files have {{ data|length }} problem{{ "s" if data|length != 1 }}
 (they affect every page)</p>
<ul>{% for p in data %}{{ item(p) }}{% endfor %}</ul></div>
{% endif %}
{% if total %}
<div class="admonition warning hb-problem-list" data-search-exclude lang="en">
<p class="admonition-title">The handbook has {{ total }} problem{{ "s" if total != 1 }} to fix; the published build
 (<code>mkdocs build</code>) stops until they are fixed</p>
<ul>{% for entry in listed %}<li>{% if entry.href %}<a href="{{ entry.href }}"><code>{{ where(entry.problem) }}</code></a>
{% else %}<code>{{ where(entry.problem) }}</code>{% endif %} {{ entry.problem.message }}</li>{% endfor %}
{% if more %}<li>and {{ more }} more: the terminal that runs <code>mkdocs serve</code> lists them all.</li>{% endif %}
</ul></div>
{% endif %}
""")

PAGE = _ENV.from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><h1>{{ title }}</h1><ul>{% for line in lines %}<li>{{ line }}</li>{% endfor %}</ul></body></html>
""")
