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
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from markdown.extensions.toc import slugify

import registry
import schema
from frontmatter import LOADER
from registry import Problem, Site


def problems(site: Site) -> list[Problem]:
    """Every problem in the meaning of the handbook's settings."""
    return [*search_settings(site), *label_keys(site), *interface_strings(site), *toc_settings(site)]


def search_settings(site: Site) -> list[Problem]:
    """Settings in docs/search.yml that the search worker cannot use."""
    data, where = site.data.get(registry.SEARCH_FILE), _where(site, registry.SEARCH_FILE)
    if data is None:
        return []  # missing (every language searched by words), or broken (the loader reported it)
    lines = _lines(site.texts.get(registry.SEARCH_FILE, ""))
    fix_see = "See 'Search' in CONTRIBUTING.md."
    if not isinstance(data, dict):
        return [Problem(where, "The search settings are not a list of languages.",
                        f"Write one block per language code, like 'pl:' followed by indented settings. {fix_see}",
                        line=1)]
    found = []
    codes = [lang.code for lang in site.languages]
    for code, block in data.items():
        line = lines.get((str(code),))
        if str(code) not in codes:
            found.append(Problem(where, f"'{code}' is not a language of the handbook, so its settings are never used.",
                                 f"Use one of {', '.join(codes)} (the languages in mkdocs.yml), or remove the block.",
                                 line=line))
            continue
        if block is None or block == {}:
            continue
        stemmer = block.get("stemmer") if isinstance(block, dict) else None
        if not isinstance(block, dict) or set(block) - {"stemmer"} or not isinstance(stemmer, dict):
            found.append(Problem(where, f"The search worker reads only 'stemmer:' settings for '{code}'.",
                                 f"Write '{code}:' then, indented, 'stemmer:' with 'snowball:' or 'suffixes:' "
                                 f"settings (or '{code}: {{}}' for none). {fix_see}", line=line, lang=str(code)))
            continue
        found += _stemmer(site, where, lines, str(code), stemmer)
    return found


def label_keys(site: Site) -> list[Problem]:
    """Label keys a language lacks, and keys that are not in the reference language's block."""
    data, where = site.data.get(registry.LABELS_FILE), _where(site, registry.LABELS_FILE)
    reference = site.reference_language
    if not isinstance(data, dict) or not isinstance(data.get(reference), dict):
        return []  # no labels at all, or no reference block: validation.py names the missing blocks
    lines = _lines(site.texts.get(registry.LABELS_FILE, ""))
    # Only keys the handbook reads (hooks/schema.yml) are asked of every language, so that one stray key in the
    # reference block is one message (from schema.py), not one more per language.
    rules = schema.SCHEMA["labels"]
    known = {k: v for k, v in data[reference].items() if k in set(rules["keys"])}
    optional = set(rules["reference_only"])
    theme_keys = _theme_keys(site, "en") or set()
    found = []
    for lang in site.languages:
        block = data.get(lang.code)
        if not isinstance(block, dict):
            continue
        header = lines.get((lang.code,))
        # 'theme:' overrides some of the theme's own strings; a language needs it only without a theme pack.
        missing = [k for k in known if k not in block and k != THEME and (lang.code == reference or k not in optional)]
        if missing:
            english = "; ".join(f"{k}: \"{known[k]}\"" if isinstance(known[k], str) else f"{k}: …" for k in missing)
            missing = [str(k) for k in missing]
            noun = "key" if len(missing) == 1 else "keys"
            found.append(Problem(where, f"The labels of {lang.name} ({lang.code}) lack {len(missing)} {noun}: "
                                 f"{', '.join(missing)}.",
                                 f"Add {'it' if len(missing) == 1 else 'them'} under '{lang.code}:', written in "
                                 f"{lang.name}. In '{reference}:' {'it reads' if len(missing) == 1 else 'they read'}: "
                                 f"{english}.", line=header, lang=lang.code))
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
    """Languages for which neither the theme nor the handbook's labels have interface strings."""
    english = _theme_keys(site, "en")
    if english is None:
        return []  # not the theme the packs belong to; nothing to compare with
    found = []
    for lang in site.languages:
        if _theme_keys(site, lang.code) is not None:
            continue
        block = site.labels.get(lang.code, {})
        theme = block.get("theme") if isinstance(block.get("theme"), dict) else {}
        missing = sorted(key for key in english - {"language", "direction"} if not theme.get(key))
        if missing:
            where = _where(site, registry.LABELS_FILE)
            have = "no 'theme:' block" if not theme else f"a 'theme:' block without {len(missing)} of its keys"
            found.append(Problem(
                where, f"The theme has no interface strings (search box, menus, buttons) for {lang.name} "
                f"({lang.code}), and its labels have {have}, so the build cannot make its pages.",
                f"Under '{lang.code}:' add 'theme:' with every key of the theme's English pack "
                f"(material/templates/partials/languages/en.html), written in {lang.name}; missing: "
                f"{', '.join(missing[:6])}{', …' if len(missing) > 6 else ''}. If the language has another code "
                "the theme knows, use that code in mkdocs.yml.", line=_lines(site.texts.get(
                    registry.LABELS_FILE, "")).get((lang.code,)), lang=lang.code))
    return found


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


def _stemmer(site: Site, where: str, lines: dict[tuple[str, ...], int], code: str,
             stemmer: dict[str, Any]) -> list[Problem]:
    found = []

    def report(key: str, message: str, fix: str) -> None:
        line = lines.get((code, "stemmer", key)) or lines.get((code, "stemmer"))
        found.append(Problem(where, message, fix + " See 'Search' in CONTRIBUTING.md.", line=line, lang=code))

    for key in [str(k) for k in stemmer if k not in STEMMER_KEYS]:
        close = difflib.get_close_matches(key, STEMMER_KEYS, n=1)
        report(key, f"The search worker has no stemmer setting '{key}' ({code}).",
               f"Write {repr(close[0]) if close else 'one of ' + ', '.join(STEMMER_KEYS)} instead.")
    snowball, suffixes = stemmer.get("snowball"), stemmer.get("suffixes")
    if "snowball" in stemmer:
        # Without the theme's files (a check run where the theme is not installed) there is nothing to compare with.
        themed = any((folder / LUNR).is_dir() for folder in site.settings.theme_dirs)
        if themed and (not isinstance(snowball, str) or not _snowball_shipped(site, snowball)):
            shipped = sorted(_snowball_codes(site))
            report("snowball", f"The theme ships no Snowball stemmer '{snowball}' ({code}), so search would stop.",
                   f"Use one of {', '.join(shipped) or 'none'}, or list word endings under 'suffixes:'.")
        if "suffixes" in stemmer:
            report("suffixes", f"'{code}' names a Snowball stemmer, so its 'suffixes:' are never used.",
                   "Keep either 'snowball:' or 'suffixes:' (with 'min_stem' and 'fleeting_e').")
    elif "suffixes" in stemmer:
        if not isinstance(suffixes, list) or not all(isinstance(s, str) and s for s in suffixes):
            report("suffixes", f"The word endings of '{code}' are not a list of words.",
                   "Write them as a list: 'suffixes: [ami, ach, em]'.")
        else:
            unusable = [s for s in suffixes if s != _fold(s)]
            if unusable:
                report("suffixes", f"The search compares words in lower case without diacritics, so the endings "
                       f"{', '.join(unusable)} of '{code}' never match.",
                       f"Write them as {', '.join(_fold(s) for s in unusable)}.")
    else:
        report("stemmer", f"The stemmer of '{code}' names neither 'snowball:' nor 'suffixes:'.",
               "Add one of them, or write '{code}: {}' to search by whole words and word beginnings.")
    if "min_stem" in stemmer and (type(stemmer["min_stem"]) is not int or stemmer["min_stem"] < 1):
        report("min_stem", f"'min_stem' of '{code}' must be a whole number of letters, 1 or more.",
               "Write, for example, 'min_stem: 3'.")
    if "fleeting_e" in stemmer and not isinstance(stemmer["fleeting_e"], bool):
        report("fleeting_e", f"'fleeting_e' of '{code}' must be true or false.", "Write 'fleeting_e: true'.")
    for key in [k for k in ("min_stem", "fleeting_e") if k in stemmer and "suffixes" not in stemmer]:
        report(key, f"'{key}' of '{code}' is used only with 'suffixes:'.", f"Remove '{key}', or add 'suffixes:'.")
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


def _snowball_codes(site: Site) -> set[str]:
    codes = set()
    for folder in site.settings.theme_dirs:
        for path in (folder / LUNR).glob("lunr.*.min.js"):
            code = path.name.split(".")[1]
            if _snowball_shipped(site, code):
                codes.add(code)
    return codes


def _snowball_shipped(site: Site, code: str) -> bool:
    # The worker loads lunr/min/lunr.<code>.min.js and uses its `stemmer`; other lunr files only split words.
    if not re.fullmatch(r"[a-z]{2,3}", code):
        return False
    for folder in site.settings.theme_dirs:
        path = folder / LUNR / f"lunr.{code}.min.js"
        if path.is_file():
            return f"e.{code}.stemmer=" in path.read_text(encoding="utf-8")
    return False


def _fold(word: str) -> str:
    # As the worker's fold(): lower case, no diacritics.
    decomposed = unicodedata.normalize("NFD", word.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", plain.translate(FOLD))


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
STEMMER_KEYS = ["snowball", "suffixes", "min_stem", "fleeting_e"]
LUNR = Path("assets/javascripts/lunr/min")
PACK_KEY = re.compile(r'^\s*"([\w.-]+)":', re.M)
FOLD = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i"})
