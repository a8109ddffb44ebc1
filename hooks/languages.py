"""What a configured language needs before the build can make its pages, said in one message per language.

A language added to mkdocs.yml needs its interface texts in docs/labels.yml (the label keys this guidebook reads,
which follow from its structure: hooks/schema.py, `label_keys`), the theme's strings (Material has a language pack
for most languages; for the others every key of its English pack goes under `theme:`), and a font for its script
(hooks/fonts.py, when present, says which: see `_font_needs`). One message lists all three, with the file, the line
and the command that scaffolds them; the pages it lacks are listed one by one by validation.py.
"""

from __future__ import annotations

import importlib.util
import json
import re
from typing import Any

import yaml

import datachecks
import registry
import schema
from registry import Problem, Site


def needs(site: Site) -> list[Problem]:
    """One problem per configured language that lacks label keys, theme strings or a font, listing all of them."""
    data = site.data.get(registry.LABELS_FILE)
    if data is None and not (site.docs_dir / registry.LABELS_FILE).exists():
        data = {}  # a new guidebook without labels.yml yet: every language is told what it needs
    reference = site.reference_language
    if not isinstance(data, dict) or (not isinstance(data.get(reference), dict) and reference in data):
        return []  # labels.yml is broken or its reference block is: the loader and the schema report that
    where = site.rel_path(site.docs_dir / registry.LABELS_FILE)
    lines = datachecks._lines(site.texts.get(registry.LABELS_FILE, ""))
    reference_block = data.get(reference) if isinstance(data.get(reference), dict) else {}
    found = []
    for lang in site.languages:
        block = data.get(lang.code)
        block = block if isinstance(block, dict) else None
        keys = label_needs(site, reference_block, block, lang.code)
        theme = theme_needs(site, block, lang.code)
        fonts = _font_needs(site, lang.code)
        if not keys and not theme and not fonts:
            continue
        parts, fixes = [], []
        if keys:
            parts.append(f"{len(keys)} label {_noun(keys, 'key')} under '{lang.code}:' ({', '.join(keys)})")
        if theme:
            shown = ", ".join(theme[:6]) + (", …" if len(theme) > 6 else "")
            parts.append(f"the theme's strings: the theme (Material) has no language pack for '{lang.code}', so "
                         f"'theme:' under '{lang.code}:' needs {len(theme)} {_noun(theme, 'key')} ({shown})")
        if keys and lang.code == reference:
            fixes.append(f"Add {'it' if len(keys) == 1 else 'them'} under '{lang.code}:' in {where}, written in "
                         f"{lang.name}; the other languages' blocks are then scaffolded from it.")
        elif keys or theme:
            copied = f"the '{reference}:' texts" + (" and the theme's English strings" if theme else "")
            fixes.append(f"Run '{registry.command('--scaffold')}': it adds {'them' if block else 'a block'} under "
                         f"'{lang.code}:' in {where}, with {copied}; then write each value in {lang.name}.")
            if theme:
                fixes.append("If the language has another code the theme knows, use that code in mkdocs.yml.")
        for text, fix in fonts:
            parts.append(text)
            fixes.append(fix)
        message = f"{lang.name} ({lang.code}) needs, before the build can make its pages: " + "; ".join(parts) + "."
        line = lines.get((lang.code,)) if block is not None else None
        found.append(Problem(where, message, " ".join(fixes), line=line, lang=lang.code))
    return found


def label_needs(site: Site, reference_block: dict[str, Any], block: dict[str, Any] | None, code: str) -> list[str]:
    """The label keys `code`'s block lacks: each collection's title, the keys of the hooks mkdocs.yml lists, and the
    other keys this guidebook reads that its reference block has."""
    required = schema.required_label_keys(site)
    optional = set(schema.SCHEMA["labels"]["reference_only"]) if code != site.reference_language else set()
    wanted = [k for k in schema.label_keys(site) if (k in reference_block or k in required) and k not in optional]
    return [k for k in wanted if block is None or not isinstance(block.get(k), str) or not block[k].strip()]


def theme_needs(site: Site, block: dict[str, Any] | None, code: str) -> list[str]:
    """The theme strings `code` lacks: none when the theme has a language pack for it, else every key of the
    theme's English pack that its `theme:` block does not set."""
    english = datachecks._theme_keys(site, datachecks.THEME_REFERENCE)
    if english is None or datachecks._theme_keys(site, code) is not None:
        return []
    theme = (block or {}).get(datachecks.THEME)
    theme = theme if isinstance(theme, dict) else {}
    excluded = set(schema.SCHEMA["labels"]["theme_excluded"])
    return sorted(key for key in english - excluded if not theme.get(key))


def scaffolded_labels(site: Site) -> tuple[str, list[str]] | None:
    """docs/labels.yml with what each language lacks added, untranslated (the reference language's texts, and the
    theme's English strings where the theme has no pack), and the codes of the languages it added to; or None.

    A language without a block gets one at the end; a block that lacks keys gets them right under its first line
    (and under its 'theme:' line), so that the file's comments and order stay as they are."""
    data, text = site.data.get(registry.LABELS_FILE), site.texts.get(registry.LABELS_FILE, "")
    reference = site.reference_language
    if not isinstance(data, dict) or not isinstance(data.get(reference), dict):
        return None
    lines = datachecks._lines(text)
    rows = text.split("\n")
    english = english_theme_strings(site)
    inserts: list[tuple[int, list[str]]] = []
    appended: list[str] = []
    codes = []
    for lang in site.languages:
        block = data.get(lang.code) if isinstance(data.get(lang.code), dict) else None
        # The reference language's texts are written, not copied: it is what the others are scaffolded from.
        keys = label_needs(site, data[reference], block, lang.code) if lang.code != reference else []
        theme = {k: english.get(k, k) for k in theme_needs(site, block, lang.code)}
        if not keys and not theme:
            continue
        codes.append(lang.code)
        texts = {k: str(data[reference].get(k, k)) for k in keys}
        if block is None or lines.get((lang.code,)) is None:
            dump = yaml.safe_dump({lang.code: {**texts, **({"theme": theme} if theme else {})}}, allow_unicode=True,
                                  sort_keys=False, width=1000)
            appended.append(f"# Untranslated: copied from '{reference}', translate these values.\n{dump}")
            continue
        new = [f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in texts.items()]
        theme_line = lines.get((lang.code, datachecks.THEME)) if isinstance(block.get(datachecks.THEME), dict) else None
        entries = [f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in theme.items()]
        if theme and theme_line is not None:
            inserts.append((theme_line, entries))
        elif theme:
            new += ["  theme:", *entries]
        inserts.append((lines[(lang.code,)], new))
    if not codes:
        return None
    for after, new in sorted(inserts, key=lambda i: -i[0]):
        rows[after:after] = new
    result = "\n".join(rows)
    if appended:
        result = result.rstrip("\n") + "\n" + "".join(appended)
    return result, codes


def english_theme_strings(site: Site) -> dict[str, str]:
    """The theme's English strings (its English language pack), for a scaffolded `theme:` block to translate."""
    for folder in site.settings.theme_dirs:
        pack = folder / "partials" / "languages" / f"{datachecks.THEME_REFERENCE}.html"
        if pack.is_file():
            excluded = set(schema.SCHEMA["labels"]["theme_excluded"])
            return {k: v for k, v in PACK_ENTRY.findall(pack.read_text(encoding="utf-8")) if k not in excluded}
    return {}


def missing_theme(site: Site) -> list[Problem]:
    """The languages that cannot be rendered at all: no theme strings, neither the theme's nor the labels'."""
    codes = {lang.code for lang in site.languages
             if theme_needs(site, (site.data.get(registry.LABELS_FILE) or {}).get(lang.code)
                            if isinstance(site.data.get(registry.LABELS_FILE), dict) else None, lang.code)}
    return [p for p in needs(site) if p.lang in codes]


def _font_needs(site: Site, code: str) -> list[tuple[str, str]]:
    # The hook point for fonts: hooks/fonts.py, when the guidebook has it, answers `language_needs(site, code)` with
    # (what is missing, how to add it) pairs for the language's script; without it, fonts are not checked here.
    if importlib.util.find_spec("fonts") is None:
        return []
    fonts = importlib.import_module("fonts")
    language_needs = getattr(fonts, "language_needs", None)
    return list(language_needs(site, code)) if callable(language_needs) else []


def _noun(items: list[str], word: str) -> str:
    return word if len(items) == 1 else word + "s"


# One '"key": "text",' line of the theme's language pack (plain strings: the pack is the theme's own file).
PACK_ENTRY = re.compile(r'^\s*"([\w.-]+)":\s*"([^"\\]*)"', re.M)
