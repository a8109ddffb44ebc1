"""Schemas for everything contributors write in YAML: front matter, labels.yml, principles.yml, search.yml and
glossary.yml.

The rules are data, in hooks/schema.yml. Each problem names the file, the line and what to write instead. The
language keys of the `theme:` labels come from the theme itself (Material's English language pack), so that they
follow the theme when it changes.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml

import registry
import safeyaml
from frontmatter import Doc, Problem, read_text


def problems(site: registry.Site) -> list[Problem]:
    """Every value in the handbook's YAML that its schema does not allow."""
    found: list[Problem] = []
    for doc in site.docs.values():
        if doc.parsed:
            found += front_matter(site, doc)
    found += _labels(site)
    found += _registry(site)
    found += _search(site)
    found += _glossary(site)
    return found


def front_matter(site: registry.Site, doc: Doc) -> list[Problem]:
    """The front-matter keys and values of one page that its kind of page does not allow."""
    rules = SCHEMA["front_matter"]
    where = site.rel_path(doc.path)
    item = site.collection(doc) is not None
    principle = doc.stem if item else None
    tie = site.structure.main.id
    # 'ties' stands for the first collection's id in the rules (an article's 'principles:' in the handbook).
    allowed = [tie if k == "ties" else k for k in rules["kinds"]["item" if item else doc.kind]]
    found = []
    for key, value in doc.meta.items():
        line = doc.meta_lines.get(str(key), 1)
        rule = "ties" if key == tie and key in allowed else key
        if key in rules["refused"]:
            found.append(Problem(where, f"The front-matter key '{key}' is not allowed: {rules['refused'][key]}.",
                                 f"Delete the line '{key}: …'.", line=line, lang=doc.lang, principle=principle))
        elif key not in allowed:
            found.append(Problem(where, f"The front-matter key '{key}' is not used by the handbook.",
                                 f"Delete it; a {doc.kind} page may have: {', '.join(allowed)}.", line=line,
                                 lang=doc.lang, principle=principle))
        else:
            for message, fix in _value_problems(key, value, rules["keys"][rule]):
                found.append(Problem(where, message, fix, line=line, lang=doc.lang, principle=principle))
    return found


def plain_text_keys() -> list[str]:
    """The front-matter keys whose values are plain text (escaped before they reach any HTML)."""
    return [key for key, rule in SCHEMA["front_matter"]["keys"].items() if rule["type"] == "text"]


@functools.lru_cache(maxsize=1)
def theme_keys() -> frozenset[str]:
    """The keys of Material's language pack that `theme:` in labels.yml may set (none known without the theme)."""
    try:
        import material
    except ImportError:  # the fast check where the theme is not installed (pre-commit): datachecks.py says so
        return frozenset()
    pack = Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html"
    keys = set(re.findall(r'^\s*"([\w.]+)":', pack.read_text(encoding="utf-8"), re.M))
    return frozenset(keys - set(SCHEMA["labels"]["theme_excluded"]))


def _value_problems(key: str, value: Any, rule: dict[str, Any] | str) -> list[tuple[str, str]]:
    rule = {"type": rule} if isinstance(rule, str) else rule
    kind = rule["type"]
    if kind == "list":
        if not isinstance(value, list):
            return [(f"'{key}' should be a list.", f"Write it as '{key}: [first, second]'.")]
        if len(value) > rule["max"]:
            return [(f"'{key}' has {len(value)} items; at most {rule['max']} are allowed.", "Remove some items.")]
        return [p for item in value for p in _value_problems(f"an item of '{key}'", item, rule["items"])][:1]
    if kind == "text":
        if not isinstance(value, str):
            return [(f"'{key}' should be a line of text, not {_shown(value)}.",
                     f"Wrap the value in double quotes: {key}: \"…\".")]
        if len(value) > rule["max"]:
            return [(f"'{key}' is {len(value)} characters long; at most {rule['max']} are allowed.", "Shorten it.")]
        if CONTROL.search(value):
            return [(f"'{key}' contains an invisible control character.", "Retype the text without it.")]
        return []
    if kind == "bool" and not isinstance(value, bool):
        return [(f"'{key}' should be true or false.", f"Write '{key}: true' or '{key}: false'.")]
    if kind == "integer" and (isinstance(value, bool) or not isinstance(value, int)
                              or not rule["min"] <= value <= rule["max"]):
        return [(f"'{key}' should be a whole number from {rule['min']} to {rule['max']}.", "Write such a number.")]
    patterns = {"slug": registry.SLUG, "hash": HASH, "lang": LANG}
    if kind == "hash" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # twelve digits read as a number
    if kind in patterns and not (isinstance(value, str) and patterns[kind].fullmatch(value)):
        fixes = {"slug": "Use lowercase letters, digits and hyphens, like 'problem-solving'.",
                 "hash": f"Run '{registry.command('--mark-translated <this file>')}' to write it.",
                 "lang": "Use a language code such as 'cs' or 'hu'."}
        return [(f"'{key}' has a value that is not allowed: {_shown(value)}.", fixes[kind])]
    return []


def _labels(site: registry.Site) -> list[Problem]:
    rules = SCHEMA["labels"]
    data, lines, where = _data_file(site, registry.LABELS_FILE)
    if not isinstance(data, dict):
        return []
    found = []
    codes = {lang.code for lang in site.languages}
    reference = site.reference_language
    known = set(label_keys(site))
    for code, block in data.items():
        line = lines.get((code,))
        if code not in codes:
            found.append(Problem(where, f"'{code}' is not a language of the handbook.",
                                 f"Use one of: {', '.join(sorted(codes))}; or add the language to mkdocs.yml.",
                                 line=line))
            continue
        if not isinstance(block, dict):
            found.append(Problem(where, f"The block '{code}:' should hold 'key: \"text\"' lines.",
                                 "Indent each label under the language code.", line=line, lang=code))
            continue
        for key, value in block.items():
            line = lines.get((code, key))
            if key == rules["theme_key"]:
                found += _theme_labels(where, code, value, lines, rules["max"])
            elif key not in known:
                found.append(Problem(where, f"The label '{key}' is not used by the handbook.",
                                     f"Delete it, or check its spelling against the '{reference}:' block.",
                                     line=line, lang=code))
            else:
                found += [Problem(where, m, f, line=line, lang=code) for m, f in
                          _value_problems(key, value, {"type": "text", "max": rules["max"]})]
        if code != reference and isinstance(data.get(reference), dict):
            # Theme strings may be set in some languages only: Material has its own for every language.
            needed = (set(data[reference]) & known) - set(block) - set(rules["reference_only"])
            for key in sorted(needed):
                found.append(Problem(where, f"The label '{key}' is missing in '{code}:'.",
                                     f"Copy the line '{key}: …' from the '{reference}:' block and translate it.",
                                     line=lines.get((code,)), lang=code))
    return found


def label_keys(site: registry.Site) -> list[str]:
    """The label keys this guidebook reads, in schema order: from its collections, articles and coverage page."""
    rules, structure = SCHEMA["labels"], site.structure
    keys = [key.format(id=c.id) for c in structure.collections for key in rules["collection_keys"]]
    if structure.articles is not None:
        keys += [key.format(main=structure.main.id) for key in rules["article_keys"]]
    if (site.reference_language, COVERAGE_PAGE) in site.docs:
        keys += rules["coverage_keys"]
    return [*dict.fromkeys([*keys, *rules["keys"]])]


def required_label_keys(site: registry.Site) -> set[str]:
    """The label keys every language must have whatever the reference block says: each collection's title, and the
    keys of the hooks mkdocs.yml lists."""
    hooks = SCHEMA["labels"]["hook_keys"]
    keys = {c.id for c in site.structure.collections}
    return keys.union(*(hooks.get(hook, []) for hook in site.settings.hooks))


def _theme_labels(where: str, code: str, value: Any, lines: dict[tuple[Any, ...], int],
                  limit: int) -> list[Problem]:
    line = lines.get((code, SCHEMA["labels"]["theme_key"]))
    if not isinstance(value, dict):
        return [Problem(where, "'theme:' should hold '\"key\": \"text\"' lines.",
                        "Indent each theme string under 'theme:', like '\"search.placeholder\": \"Search\"'.",
                        line=line, lang=code)]
    found = []
    for key, text in value.items():
        key_line = lines.get((code, SCHEMA["labels"]["theme_key"], key), line)
        if theme_keys() and key not in theme_keys():
            found.append(Problem(where, f"'{key}' is not a text of the theme.",
                                 "Use a key of Material's language pack, such as 'search.placeholder'.",
                                 line=key_line, lang=code))
        else:
            found += [Problem(where, m, f, line=key_line, lang=code) for m, f in
                      _value_problems(str(key), text, {"type": "text", "max": limit})]
    return found


def _registry(site: registry.Site) -> list[Problem]:
    found: list[Problem] = []
    for collection in site.structure.collections:
        found += _one_registry(site, collection)
    return found


def _one_registry(site: registry.Site, collection: registry.Collection) -> list[Problem]:
    rules, top = SCHEMA["registry"], collection.id
    data, lines, where = _data_file(site, collection.registry)
    if not isinstance(data, dict):
        return []
    found = [Problem(where, f"'{key}:' is not used in the registry.", f"Delete it; the file holds '{top}:' only.",
                     line=lines.get((key,))) for key in data if key != top]
    for index, item in enumerate(data.get(top) or []):
        for key in item if isinstance(item, dict) else ():
            if key not in rules["item"]:
                found.append(Problem(where, f"'{key}:' is not used in a registry entry.",
                                     "Write each entry as '- id: <slug>' only; titles live in the pages.",
                                     line=lines.get((top, index, key))))
    return found


def _glossary(site: registry.Site) -> list[Problem]:
    """docs/glossary.yml's shape: a 'terms:' list of entries with an id and a block per language."""
    rules = SCHEMA["glossary"]
    data, lines, where = glossary_lines(site)
    if data is None:
        return []  # no glossary (the check is off), or one the loader could not read (it said why)
    example = "'terms:' followed by '- id: customer' items with a block per language ('en: {preferred: customer}')"
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        return [Problem(where, "The glossary has no 'terms:' list.", f"Start the file with {example}.", line=1)]
    found = [Problem(where, f"'{key}:' is not used in the glossary.", "Delete it; the file holds 'terms:' only.",
                     line=lines.get((key,))) for key in data if key not in rules["top"]]
    codes = [lang.code for lang in site.languages]
    seen: set[str] = set()
    for index, term in enumerate(data["terms"]):
        line = lines.get(("terms", index))
        if not isinstance(term, dict) or not isinstance(term.get("id"), str):
            found.append(Problem(where, f"Glossary entry {index + 1} has no 'id:'.",
                                 "Start each entry with '- id: <a short English name, like refund>'.", line=line))
            continue
        for key, value in term.items():
            key_line = lines.get(("terms", index, key), line)
            if key in rules["term"]:
                found += [Problem(where, m, f, line=key_line) for m, f in
                          _value_problems(str(key), value, rules["term"][key])]
                if key == "id" and value in seen:
                    found.append(Problem(where, f"The glossary lists '{value}' twice.", "Merge the two entries.",
                                         line=key_line))
                seen.add(value)
            elif key not in codes:
                found.append(Problem(where, f"'{key}:' is neither a key of a glossary entry nor a language of the "
                                     "handbook.", f"Use 'id', 'note' or a language code: {', '.join(codes)}.",
                                     line=key_line))
            else:
                found += _glossary_language(where, str(key), value, lines, ("terms", index, key), key_line)
    return found


def glossary_lines(site: registry.Site) -> tuple[Any, dict[tuple[Any, ...], int], str]:
    """docs/glossary.yml as parsed, the line of each of its keys and list items, and its repository path."""
    return _data_file(site, registry.GLOSSARY_FILE, limit=5)


def _glossary_language(where: str, code: str, block: Any, lines: dict[tuple[Any, ...], int],
                       path: tuple[Any, ...], line: int | None) -> list[Problem]:
    rules = SCHEMA["glossary"]
    if not isinstance(block, dict):
        return [Problem(where, f"The block '{code}:' of a glossary entry should hold 'preferred:', 'avoid:' and "
                        "'note:' lines.", f"Write it as '{code}: {{preferred: <the word>, avoid: [<a variant>]}}'.",
                        line=line, lang=code)]
    found = [Problem(where, f"The glossary entry's '{code}:' block has no '{key}:'.",
                     f"Add '{key}: <the word the handbook uses>' to it.", line=line, lang=code)
             for key in rules["required"] if key not in block]
    for key, value in block.items():
        key_line = lines.get((*path, key), line)
        if key not in rules["language"]:
            found.append(Problem(where, f"'{key}:' is not used in a glossary entry's language block.",
                                 f"Use {', '.join(rules['language'])}.", line=key_line, lang=code))
        else:
            found += [Problem(where, m, f, line=key_line, lang=code) for m, f in
                      _value_problems(str(key), value, rules["language"][key])]
    return found


def _search(site: registry.Site) -> list[Problem]:
    # Only whether it reads as YAML: what its settings may be is the search's own rule (searchindex.load_settings,
    # reported through datachecks.search_settings), so that one list of settings is kept in one place.
    reading: list[Problem] = []
    _data_file(site, SEARCH_FILE, reading)
    return reading


def _data_file(site: registry.Site, name: str, report: list[Problem] | None = None, limit: int = 3
               ) -> tuple[Any, dict[tuple[Any, ...], int], str]:
    path = site.docs_dir / name
    where = site.rel_path(path)
    if path.is_symlink() or not path.is_file():
        return None, {}, where
    # The registry and the labels report their own reading problems when they are loaded; others pass `report`.
    problems: list[Problem] = report if report is not None else []
    text = read_text(problems, where, path, None)
    if text is None:
        return None, {}, where
    try:
        node = safeyaml.compose(text)
        data = safeyaml.load(text)
    except safeyaml.YamlRefused as error:
        problems.append(Problem(where, error.message, error.fix, line=error.line))
        return None, {}, where
    return data, _lines(node, limit=limit), where


def _lines(node: Any, path: tuple[Any, ...] = (), depth: int = 0, limit: int = 3) -> dict[tuple[Any, ...], int]:
    """The 1-based line of each key (and list item) of a YAML node tree, `limit` levels deep."""
    found: dict[tuple[Any, ...], int] = {}
    if depth > limit:
        return found
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found[(*path, key.value)] = key.start_mark.line + 1
            found.update(_lines(value, (*path, key.value), depth + 1, limit))
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            found[(*path, index)] = value.start_mark.line + 1
            found.update(_lines(value, (*path, index), depth + 1, limit))
    return found


def _shown(value: Any) -> str:
    return repr(value)[:60]


SEARCH_FILE = "search.yml"
# The page that shows which item exists in which language (hooks/crosslinks.py makes its table).
COVERAGE_PAGE = "coverage.md"
SCHEMA: dict[str, Any] = yaml.safe_load((Path(__file__).parent / "schema.yml").read_text(encoding="utf-8"))
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
HASH = re.compile(r"[0-9a-f]{12}")
LANG = re.compile(r"[a-z]{2,3}")
