"""What the handbook's settings mean: problems the build would otherwise pass over in silence, or crash on.

- `docs/search.yml`: settings the search worker (overrides/assets/javascripts/handbook-search.js) cannot use.
- `docs/labels.yml`: a label key a language lacks, or one nobody reads; the `en:` block (the reference language's)
  is the list of known keys, and `theme:` keys are the keys of the theme's English language pack.
- A language with no interface strings: neither a theme language pack nor a complete `theme:` block in the labels.
- A `toc` setting in mkdocs.yml that changes heading anchors, which the handbook's generated links are made from.

validation.py adds these problems to the build's one list (and hooks/check.py to the fast check's). The shape of
the YAML files (types, unknown keys) is checked where the files are read; here only what their values mean.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import yaml
from mkdocs.exceptions import PluginError
from markdown.extensions.toc import slugify

import languages
import registry
import searchindex
import schema
from frontmatter import LOADER
from registry import Problem, Site


def problems(site: Site) -> list[Problem]:
    """Every problem in the meaning of the handbook's settings."""
    # What a language lacks (label keys, theme strings, fonts) is one message per language: hooks/languages.py.
    return [*search_settings(site), *label_keys(site), *label_formats(site), *languages.needs(site),
            *toc_settings(site)]


def search_settings(site: Site) -> list[Problem]:
    """Settings in docs/search.yml that the search cannot use, found by the search's own reader of the file
    (searchindex.load_settings), so that the fast check and the build say the same; and blocks of unknown languages."""
    data, where = site.data.get(registry.SEARCH_FILE), _where(site, registry.SEARCH_FILE)
    if data is None:
        return []  # missing (every language searched by words), or broken (the loader reported it)
    lines = _lines(site.texts.get(registry.SEARCH_FILE, ""))
    codes = [lang.code for lang in site.languages]
    found = [Problem(where, f"'{code}' is not a language of the handbook, so its settings are never used.",
                     f"Use one of {', '.join(codes)} (the languages in mkdocs.yml), or remove the block.",
                     line=lines.get((str(code),)))
             for code in (data if isinstance(data, dict) else {}) if str(code) not in [*codes, *GLOBAL_SEARCH_KEYS]]
    try:
        searchindex.load_settings(site.docs_dir / registry.SEARCH_FILE, where, tuple(site.structure.item_kinds()))
    except PluginError as error:
        # The reader stops at the first setting it cannot use; the next run shows the next one.
        match = SETTING.match(str(error))
        message, _, fix = (match["message"] if match else str(error)).partition("; see ")
        found.append(Problem(where, message[:1].upper() + message[1:] + ".", f"See {fix}" if fix else "See 'Search' in CONTRIBUTING.md.",
                             line=int(match["line"]) if match and match["line"] else None))
    return found


def label_formats(site: Site) -> list[Problem]:
    """Labels with places for numbers: 'print_page' holds {page} and {pages} once each (the PDFs' footers)."""
    data, where = site.data.get(registry.LABELS_FILE), _where(site, registry.LABELS_FILE)
    if not isinstance(data, dict):
        return []
    lines = _lines(site.texts.get(registry.LABELS_FILE, ""))
    found = []
    for code, block in data.items():
        value = block.get("print_page") if isinstance(block, dict) else None
        if isinstance(value, str) and sorted(PAGE_PLACES.findall(value)) != sorted(["{page}", "{pages}"]):
            found.append(Problem(where, f"The '{code}' label 'print_page' ({value!r}) must contain {{page}} and {{pages}} "
                                 "once each: the PDFs' footers put the page number and the number of pages there.",
                                 "Write it like 'Page {page} of {pages}', in the language.",
                                 line=lines.get((str(code), "print_page")), lang=str(code)))
    return found


def label_keys(site: Site) -> list[Problem]:
    """Label keys that are not in the reference language's block (the keys a language lacks: hooks/languages.py)."""
    data, where = site.data.get(registry.LABELS_FILE), _where(site, registry.LABELS_FILE)
    reference = site.reference_language
    if not isinstance(data, dict) or not isinstance(data.get(reference), dict):
        return []  # no labels at all, or no reference block: validation.py names the missing blocks
    lines = _lines(site.texts.get(registry.LABELS_FILE, ""))
    # Only keys the handbook reads (hooks/schema.yml) are asked of every language, so that one stray key in the
    # reference block is one message (from schema.py), not one more per language.
    # The reference block says which of the keys a guidebook may read it uses (a guidebook without printouts needs no
    # print labels), except the collections' titles: every guidebook shows those.
    required = schema.required_label_keys(site)
    known = {k: data[reference].get(k) for k in schema.label_keys(site) if k in data[reference] or k in required}
    theme_keys = _theme_keys(site, THEME_REFERENCE) or set()
    found = []
    for lang in site.languages:
        block = data.get(lang.code)
        if not isinstance(block, dict):
            continue
        for key in [str(k) for k in block if k not in known and k != THEME]:
            found.append(_unknown_key(where, lines.get((lang.code, key)), lang.code, key, list(map(str, known)),
                                      f"the keys of the '{reference}:' block that the handbook reads"))
        theme = block.get(THEME)
        if isinstance(theme, dict) and theme_keys:
            for key in [str(k) for k in theme if k not in theme_keys]:
                found.append(_unknown_key(where, lines.get((lang.code, "theme", key)), lang.code, key,
                                          sorted(theme_keys), "the keys of the theme's English language pack"))
    return found


def interface_strings(site: Site) -> list[Problem]:
    """Languages for which neither the theme nor the guidebook's labels have interface strings (hooks/languages.py
    says what each needs)."""
    return languages.missing_theme(site)


def toc_settings(site: Site) -> list[Problem]:
    """`toc` options in mkdocs.yml that give headings other anchors than the ones the handbook links to."""
    toc, config_file = site.settings.toc, site.settings.config_file
    where = site.rel_path(config_file) if config_file else "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8") if config_file and config_file.is_file() else ""
    found = []
    changes = {"slugify": "slugify" in toc and toc["slugify"] is not slugify,
               "separator": "separator" in toc and toc["separator"] != "-"}
    for option in [name for name, changed in changes.items() if changed]:
        line = next((i for i, row in enumerate(text.splitlines(), 1) if re.match(rf"\s*{option}\s*:", row)), None)
        found.append(Problem(
            where, f"The toc option '{option}' changes the headings' anchors, and the links the handbook generates "
            "to article sections (and readers' bookmarks) use the standard ones.",
            f"Remove '{option}:' from the 'toc' settings under 'markdown_extensions:'; to name one heading's "
            "anchor, write '## Heading {#anchor-name}' in the page instead.", line=line))
    return found


def _unknown_key(where: str, line: int | None, lang: str, key: str, known: list[str], what: str) -> Problem:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    fix = f"Rename it to '{close[0]}', or remove it" if close else "Remove it, or check its spelling"
    return Problem(where, f"The label key '{key}' ({lang}) is not one the handbook uses, so its text never appears.",
                   f"{fix}; the known keys are {what}.", line=line, lang=lang)


def _theme_keys(site: Site, code: str) -> set[str] | None:
    """The keys of the theme's language pack for `code`, from the first theme folder that has one."""
    for folder in site.settings.theme_dirs:
        pack = folder / "partials" / "languages" / f"{code}.html"
        if pack.is_file():
            return set(PACK_KEY.findall(pack.read_text(encoding="utf-8")))
    return None


def _lines(text: str) -> dict[tuple[str, ...], int]:
    """The line of every mapping key of a YAML text, by its path of keys."""
    found: dict[tuple[str, ...], int] = {}

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                found[(*path, str(key.value))] = key.start_mark.line + 1
                walk(value, (*path, str(key.value)))

    try:
        walk(yaml.compose(text, Loader=LOADER), ())
    except yaml.YAMLError:
        pass
    return found


def _where(site: Site, name: str) -> str:
    return site.rel_path(site.docs_dir / name)


THEME = "theme"
# Material's own English language pack lists every key the theme has; it is the theme's reference, whatever the
# guidebook's languages.
THEME_REFERENCE = "en"
# Keys of docs/search.yml that are settings for every language, not a language code.
GLOBAL_SEARCH_KEYS = ["ranking"]
# A message of the search settings' reader: "<file>, line <n>: <what is wrong>".
SETTING = re.compile(r"^[^,:]+(?:, line (?P<line>\d+))?: (?P<message>.*)$", re.S)
STEMMER_KEYS = ["snowball", "suffixes", "min_stem", "fleeting_e"]
PACK_KEY = re.compile(r'^\s*"([\w.-]+)":', re.M)

PAGE_PLACES = re.compile(r"\{pages?\}")
