"""Glossary hook: the handbook's key terms (docs/glossary.yml), checked in every page and published for translators.

- The check: a page that uses a discouraged variant of a term gets a warning naming the file, the line, the language,
  the variant found and the preferred term (so `mkdocs build --strict` fails on it, and `hooks/check.py` reports it).
  Words are compared as the search compares them (hooks/searchtext.py: lower case, no diacritics, and the language's
  stemmer from docs/search.yml), so an inflected form ("klienta", "klientovi") matches the variant "klient". A word
  also matches when its stem is the variant's dictionary form, or both fold to the same word, for the forms a stemmer
  cuts differently.
  Articles are machine translations kept word for word as the text of record, so they are never checked.
- The page: `<!-- handbook:glossary -->` in a page becomes the glossary, every language side by side;
  `<!-- handbook:glossary-link -->` becomes a link to that page (the contribute pages carry it).
The shape of docs/glossary.yml is checked by hooks/schema.py (its rules are in hooks/schema.yml); the loader is the
one of every data file (registry.py, safeyaml.py). Entries with a wrong shape are left out here.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from jinja2 import Environment
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.utils import get_relative_url

import registry
import schema
import searchtext
from frontmatter import Doc, Problem, prose_lines
from registry import Site

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger("handbook.glossary")


def on_pre_build(config: MkDocsConfig) -> None:
    # The whole handbook is checked once, in the first language build, like the validation.
    if not registry.is_first_language_build(config):
        return
    for problem in findings(registry.site(config)):
        log.warning(str(problem))


# Before safety.py's and guard.py's checks of the rendered page, so that they see the generated blocks too.
@event_priority(10)
def on_page_content(content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "handbook:glossary" not in content:
        return content
    site = registry.site(config)
    lang, _, rel = page.file.src_uri.partition("/")
    doc = site.docs.get((lang, rel))
    if doc is None:
        return content
    return MARKER.sub(lambda m: _block(site, doc, m["name"]), content)


@dataclass
class Entry:
    """One language's form of a term."""

    preferred: str
    avoid: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Term:
    """A key term of the handbook, in each language that has it."""

    id: str
    note: str = ""
    languages: dict[str, Entry] = field(default_factory=dict)
    # Its place in the file's 'terms:' list, for line numbers.
    index: int = 0


def terms(site: Site) -> list[Term]:
    """The glossary's terms, leaving out values of the wrong shape (hooks/schema.py reports those)."""
    data = site.data.get(registry.GLOSSARY_FILE)
    items = data.get("terms") if isinstance(data, dict) else None
    found = []
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        term = Term(item["id"], _text(item.get("note")), index=index)
        for lang in site.languages:
            block = item.get(lang.code)
            if isinstance(block, dict) and _text(block.get("preferred")):
                avoid = block.get("avoid") if isinstance(block.get("avoid"), list) else []
                term.languages[lang.code] = Entry(_text(block["preferred"]), [_text(v) for v in avoid if _text(v)],
                                                  _text(block.get("note")))
        found.append(term)
    return found


def problems(site: Site) -> list[Problem]:
    """Variants the check could never tell apart from a preferred term: they would flag the handbook's own words."""
    glossary = terms(site)
    _, lines, where = schema.glossary_lines(site)
    found = []
    for lang in site.languages:
        for term in glossary:
            for number, variant in enumerate(term.languages.get(lang.code, Entry("")).avoid):
                variants = [(term, variant, _tokens(site, lang.code, variant)[1])]
                same = next((other for other in glossary if lang.code in other.languages and
                             _found(site, lang.code, other.languages[lang.code].preferred, variants)), None)
                if same is not None:
                    found.append(Problem(
                        where, f"The discouraged variant '{variant}' of '{term.id}' reads as the preferred term "
                        f"'{same.languages[lang.code].preferred}' once endings and diacritics are set aside, so the "
                        "check would flag the handbook's own word.", "Remove the variant, or choose one that "
                        "differs from the preferred term.", lang=lang.code,
                        line=lines.get(("terms", term.index, lang.code, "avoid", number))))
    return found


def findings(site: Site, only: set[str] | None = None) -> list[Problem]:
    """A warning for every discouraged variant a page uses, with its file, line, language and the preferred term.

    `only`: repository paths of the changed files (the fast check before a commit); the pages among them are read,
    or every page when the glossary or the search settings are among them.
    """
    found: list[Problem] = []
    glossary = terms(site)
    data = {site.rel_path(site.docs_dir / name) for name in (registry.GLOSSARY_FILE, registry.SEARCH_FILE)}
    every = only is None or bool(data & only)
    for doc in sorted(site.docs.values(), key=lambda d: (d.lang, d.rel)):
        # Articles are the text of record, word for word: the glossary never asks to change them.
        if doc.kind == "article" or not doc.parsed or not (every or site.rel_path(doc.path) in only):
            continue
        variants = _variants(site, doc.lang, glossary)
        for number, line in _lines(doc) if variants else ():
            for term, variant, seen in _found(site, doc.lang, line, variants):
                found.append(_finding(site, doc, number, term, variant, seen))
    return found


def matches(site: Site, lang: str, text: str) -> list[tuple[str, str, str]]:
    """(term id, variant, words as written) for each discouraged variant in a text of language `lang`."""
    return [(term.id, variant, seen) for term, variant, seen in
            _found(site, lang, text, _variants(site, lang, terms(site)))]


def table(site: Site) -> str:
    """The glossary as an HTML table, every language side by side (escaped: the values are contributors' text)."""
    return TABLE.render(terms=terms(site), languages=site.languages)


def _variants(site: Site, lang: str, glossary: list[Term]) -> list[tuple[Term, str, list[tuple[str, str]]]]:
    return [(term, variant, _tokens(site, lang, variant)[1]) for term in glossary if lang in term.languages
            for variant in term.languages[lang].avoid]


def _found(site: Site, lang: str, text: str, variants: list[tuple[Term, str, list[tuple[str, str]]]]
           ) -> list[tuple[Term, str, str]]:
    written, keys = _tokens(site, lang, text)
    stems, folds = {k[0] for k in keys}, {k[1] for k in keys}
    found = []
    for term, variant, pattern in variants:
        # Most lines have no variant at all: only a line with the variant's first word is searched.
        if pattern and (pattern[0][0] in stems or pattern[0][1] in folds or pattern[0][1] in stems):
            found += [(term, variant, seen) for seen in _matches(list(zip(written, keys)), pattern)]
    return found


def _finding(site: Site, doc: Doc, line: int, term: Term, variant: str, seen: str) -> Problem:
    preferred = term.languages[doc.lang].preferred
    note = term.languages[doc.lang].note
    return Problem(site.rel_path(doc.path),
                   f"'{seen}' is a discouraged variant ('{variant}') of the glossary term '{term.id}'; this handbook "
                   f"writes '{preferred}'." + (f" Note: {note}" if note else ""),
                   f"Write '{preferred}' (in the form the sentence needs) instead; see the glossary "
                   f"({site.rel_path(site.docs_dir / registry.GLOSSARY_FILE)}).",
                   line=line, lang=doc.lang, principle=doc.stem if site.collection(doc) else None)


def _lines(doc: Doc) -> list[tuple[int, str]]:
    """The text a reader sees: title, summary and description, then the body outside code, comments and addresses."""
    found = [(doc.meta_lines.get(key, 1), doc.meta[key]) for key in ("title", "summary", "description")
             if isinstance(doc.meta.get(key), str)]
    for number, line in prose_lines(doc.body, doc.body_line):
        found.append((number, HIDDEN.sub(" ", line)))
    return found


def _tokens(site: Site, lang: str, text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The words of a text as written, and each one's (stem, folded form)."""
    stem = _stemmer(site, lang)
    written = list(_words(text, lang))
    return written, [(stem(word), _fold(word)) for word in written]


# A line that has not changed is not split again (rebuilds under `mkdocs serve`, the check after the build).
@functools.lru_cache(maxsize=50000)
def _words(text: str, lang: str) -> tuple[str, ...]:
    return tuple(searchtext.words(text, lang))


def _matches(words: list[tuple[str, tuple[str, str]]], pattern: list[tuple[str, str]]) -> list[str]:
    """The places where the words of a line are the pattern's words: a word matches a variant's word when its stem is
    the variant's stem or the variant itself, or when both are the same once folded. Stemmers cut the dictionary form
    and the inflected forms differently at times (Hungarian "recept" -> "recep", but "receptet" -> "recept")."""
    found = []
    size = len(pattern)
    for start in range(len(words) - size + 1 if size else 0):
        window = words[start:start + size]
        if all(key[0] in want or key[1] == want[1] for (_, key), want in zip(window, pattern)):
            found.append(" ".join(word for word, _ in window))
    return found


def _stemmer(site: Site, lang: str) -> Callable[[str], str]:
    """The search's stemmer for a language (docs/search.yml), or folding alone where it sets none or a broken one."""
    search = site.data.get(registry.SEARCH_FILE)
    block = search.get(lang) if isinstance(search, dict) else None
    spec = block.get("stemmer") if isinstance(block, dict) else None
    spec = spec if isinstance(spec, dict) else None
    # Stemmers are kept between builds, by their settings (a word's stem never changes for the same settings).
    key = repr(spec)
    if key not in _STEMMERS:
        try:
            stem = searchtext.stemmer(spec)
            stem("test")
        except (KeyError, ValueError, TypeError, ImportError):
            stem = searchtext.fold  # the search settings' own check reports the broken setting
        _STEMMERS[key] = functools.lru_cache(maxsize=20000)(stem)
    return _STEMMERS[key]


@functools.lru_cache(maxsize=50000)
def _fold(word: str) -> str:
    return searchtext.fold(word)


def _block(site: Site, doc: Doc, name: str) -> str:
    if name == "glossary-link":
        target = site.docs.get((site.default_language, GLOSSARY_PAGE))
        if target is None:
            return ""
        href = get_relative_url(site.url(target), site.url(doc) or ".")
        return LINK.render(href=href, text=site.label(doc.lang, "glossary_link"),
                           hreflang=target.lang if target.lang != doc.lang else "")
    return table(site)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


_STEMMERS: dict[str, Callable[[str], str]] = {}
GLOSSARY_PAGE = "glossary.md"
MARKER = re.compile(r"^[ \t]*(?:<p>)?<!--\s*handbook:(?P<name>glossary(?:-link)?)\s*-->(?:</p>)?[ \t]*$", re.MULTILINE)
# What a reader does not see as words: inline code, HTML comments and tags, link and image addresses.
HIDDEN = re.compile(r"`[^`]*`|<!--.*?-->|<[^>\n]*>|\]\([^)\s]*\)|\{[#.][^}]*\}")
# Autoescaping templates: every value from the glossary and the labels is text.
_ENV = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
LINK = _ENV.from_string('<p class="hb-glossary-link" data-search-exclude><a href="{{ href }}"'
                        '{% if hreflang %} hreflang="{{ hreflang }}"{% endif %}>{{ text }}</a></p>')
TABLE = _ENV.from_string("""\
<div class="hb-glossary" data-search-exclude>
<table>
<thead><tr><th scope="col">Term</th>
{% for lang in languages %}<th scope="col" lang="{{ lang.code }}">{{ lang.name }}</th>{% endfor %}
</tr></thead>
<tbody>
{% for term in terms %}
<tr id="term-{{ term.id }}"><th scope="row"><code>{{ term.id }}</code>{% if term.note %}<p>{{ term.note }}</p>{% endif %}</th>
{% for lang in languages %}{% set entry = term.languages.get(lang.code) %}
<td lang="{{ lang.code }}">{% if entry %}<strong>{{ entry.preferred }}</strong>
{% if entry.avoid %}<br><span class="hb-glossary-avoid"><span lang="en">Avoid:</span> <s>{{ entry.avoid | join(", ") }}</s></span>{% endif %}
{% if entry.note %}<br><small lang="en">{{ entry.note }}</small>{% endif %}
{% else %}<span class="hb-missing">missing</span>{% endif %}</td>
{% endfor %}
</tr>
{% endfor %}
</tbody>
</table>
</div>
""")
