"""The search settings (docs/search.yml) and the index the search worker loads for one language.

Settings are checked before anything is built: a stemmer the build cannot run, or a synonym list that is not a list
of words, stops the build with the file, the line and the fix, instead of shipping a search box that finds nothing.

One language's index holds Material's sections (location, title, text), each with its page's `kind`, and in its
`config` (the only other part of the index Material passes on to the worker):
- `ranking`: weights per kind of page (principle pages outrank home, contribute and index pages); sections whose
  heading repeats on many pages ("Why it matters to customers") are marked `repeated` and count as plain text;
- `stems`: the vocabulary, every word of the pages and synonyms (folded) that has a stem of its own, grouped by stem
  as the endings that follow the stem (`"zakaznik": ["a", "ovi"]`) or, after "=", whole words; words the language's
  suffix list stems (the worker runs it too) are left out;
- `synonyms`: groups of words and phrases staff use for the same situation, from docs/search.yml;
- `suffixes`: the language's suffix stemmer, if it has one, so the worker can stem words no page contains;
- `parts` (compounds: true): compounds and their two parts; `prefixes`: negative prefixes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import PluginError

import safeyaml
from searchtext import compound_parts, fold, stemmer, words

SETTINGS = "search.yml"
# The weights of the kinds of page: "item" is any collection's item page (a collection's kind, such as "principle",
# may be set on its own), "page" everything that is neither an item nor an article (home, contribute, index).
DEFAULT_RANKING = {"item": 1.5, "article": 1.0, "page": 0.6, "repeated_heading": 3}
# The kinds of page by top folder, when the caller does not say (the handbook's first structure).
DEFAULT_KINDS = {"principles": "principle", "articles": "article"}
STEMMER_KEYS = {"snowball", "suffixes", "min_stem", "rounds", "final", "fleeting_e", "prefixes"}
LANGUAGE_KEYS = {"stemmer", "synonyms", "compounds"}
# Material's highlighter splits the words of `?h=` with this pattern; the handbook's worker needs no other.
SEPARATOR = r"[\s\-]+"


def load_settings(path: Path, shown: str, kinds: tuple[str, ...] = ("principle",)) -> dict[str, Any]:
    """Read and check docs/search.yml; `shown` is the path as contributors see it, for messages; `kinds` are the
    collections' kinds of page, which 'ranking' may weigh one by one."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    # The contributors' one YAML reader: no anchors or aliases, bounded size (hooks/safeyaml.py).
    data, node = safeyaml.load_data_file(text, shown)
    lines = _lines(node)
    if not isinstance(data, dict):
        raise PluginError(f"{shown}: expected a mapping of language codes (en, cs, ...) to their search settings.")
    for key, value in data.items():
        where = f"{shown}, line {lines.get(str(key), 1)}"
        if key == "ranking":
            _check_ranking(where, value, kinds)
        else:
            _check_language(where, str(key), value or {})
    return data


def ranking(settings: dict[str, Any], kinds: tuple[str, ...] = ("principle",)) -> dict[str, float]:
    """Weights of page kinds and of repeated headings, with the defaults for what docs/search.yml leaves out."""
    weights = {**DEFAULT_RANKING, **(settings.get("ranking") or {})}
    return {**{kind: weights.get(kind, weights["item"]) for kind in kinds}, "article": weights["article"],
            "page": weights["page"], "repeated_heading": weights["repeated_heading"]}


def build_index(lang: str, docs: list[dict[str, Any]], settings: dict[str, Any],
                folders: dict[str, str] | None = None) -> dict[str, Any]:
    """The index one language's pages are searched with: sections, vocabulary, synonyms and stemmer data.

    `folders` maps a top folder to the kind of its pages (collections and articles); other pages are "page"."""
    folders = DEFAULT_KINDS if folders is None else folders
    kinds = tuple(k for k in dict.fromkeys(folders.values()) if k != "article")
    spec = (settings.get(lang) or {}).get("stemmer") or {}
    synonyms = [[str(p) for p in group] for group in (settings.get(lang) or {}).get("synonyms") or []]
    weights = ranking(settings, kinds)
    stem = stemmer(spec)
    headings = Counter(fold(d["title"]) for d in docs if "#" in d["location"])
    sections = []
    for doc in docs:
        parent, _, anchor = doc["location"].partition("#")
        if anchor and not doc["text"].strip() and headings[fold(doc["title"])] >= weights["repeated_heading"]:
            continue  # a repeated heading with nothing under it ("In practice") is never an answer
        entry = dict(doc)
        entry["kind"] = _kind(parent, folders)
        if anchor and headings[fold(doc["title"])] >= weights["repeated_heading"]:
            entry["repeated"] = 1
        sections.append(entry)
    vocabulary: dict[str, str] = {}
    counts: Counter[tuple[str, str]] = Counter()
    texts = [f"{d['title']} {d['text']}" for d in sections] + [" ".join(group) for group in synonyms]
    # Each word as written is folded and stemmed once, however often it occurs (the same counts, far less work).
    written: Counter[str] = Counter()
    for text in texts:
        written.update(words(text, lang))
    for word, times in written.items():
        counts[(fold(word), stem(word))] += times
    for (word, root), _ in counts.most_common():
        vocabulary.setdefault(word, root)  # a folded word with two stems ("byt", "být") keeps the commoner one
    # The worker stems a word the vocabulary does not list with the language's suffixes (or leaves it as it is).
    implicit = stemmer(spec if spec.get("suffixes") else None)
    grouped: dict[str, list[str]] = defaultdict(list)
    for word, root in sorted(vocabulary.items()):
        if implicit(word) != root:
            grouped[root].append(word[len(root):] if word.startswith(root) else f"={word}")
    # Material hands the worker only the index's `config` and `docs`: everything else rides in `config`.
    config: dict[str, Any] = {"lang": [lang], "separator": SEPARATOR, "ranking": {k: weights[k] for k in (*kinds, "article", "page")},
                              "stems": dict(grouped), "synonyms": synonyms}
    index: dict[str, Any] = {"config": config, "docs": sections}
    if (settings.get(lang) or {}).get("compounds"):
        # A compound also counts as its two parts ("problémamegoldás": "probléma", "megoldás"); the worker splits
        # a typed compound no page has the same way.
        config["compounds"] = True
        config["parts"] = {word: [vocabulary[a], vocabulary[b]] for word in sorted(vocabulary)
                          for a, b in [compound_parts(word, vocabulary) or ("", "")] if a}
    if spec.get("prefixes"):
        config["prefixes"] = [fold(p) for p in spec["prefixes"]]
    if spec.get("suffixes"):
        config["suffixes"] = {k: spec[k] for k in ("suffixes", "min_stem", "rounds", "final") if k in spec}
    return index


def _kind(parent: str, folders: dict[str, str]) -> str:
    parts = parent.strip("/").split("/")
    return folders.get(parts[0], "page") if len(parts) == 2 else "page"


def _check_language(where: str, lang: str, value: Any) -> None:
    fix = "see 'Search' in CONTRIBUTING.md for the settings a language can have"
    if not isinstance(value, dict) or set(value) - LANGUAGE_KEYS:
        unknown = ", ".join(f"'{k}'" for k in sorted(map(str, set(value) - LANGUAGE_KEYS))) if isinstance(
            value, dict) else "a value that is not a list of settings"
        raise PluginError(f"{where}: the settings of '{lang}' have {unknown}, but may only have "
                          f"{sorted(LANGUAGE_KEYS)}; {fix}.")
    spec = value.get("stemmer") or {}
    if not isinstance(spec, dict) or set(spec) - STEMMER_KEYS:
        unknown = ", ".join(f"'{k}'" for k in sorted(map(str, set(spec) - STEMMER_KEYS))) if isinstance(
            spec, dict) else "a value that is not a list of settings"
        raise PluginError(f"{where}: the '{lang}' stemmer has {unknown}, but may only have {sorted(STEMMER_KEYS)}; "
                          f"{fix}.")
    if "snowball" in spec:
        import snowballstemmer

        if spec["snowball"] not in snowballstemmer.algorithms():
            raise PluginError(
                f"{where}: '{lang}' asks for the Snowball stemmer '{spec['snowball']}', which does not exist. "
                f"Snowball has: {', '.join(sorted(snowballstemmer.algorithms()))}. Write one of these names, or "
                f"remove the stemmer (then '{lang}' is searched by whole words, word beginnings and one-letter "
                "typos; scripts without spaces, such as Japanese, need no stemmer).")
        if "suffixes" in spec:
            raise PluginError(f"{where}: '{lang}' has both 'snowball' and 'suffixes'; keep one of them.")
    if "suffixes" in spec and not _strings(spec["suffixes"]):
        raise PluginError(f"{where}: '{lang}' stemmer 'suffixes' must be a list of word endings, like [ను, కు].")
    if "final" in spec and not _strings(spec["final"]):
        raise PluginError(f"{where}: '{lang}' stemmer 'final' must be a list of characters, like [\"్\"].")
    for key in ("min_stem", "rounds"):
        if key in spec and (not isinstance(spec[key], int) or isinstance(spec[key], bool) or not 1 <= spec[key] <= 9):
            raise PluginError(f"{where}: '{lang}' stemmer '{key}' must be a whole number from 1 to 9.")
    if "fleeting_e" in spec and not isinstance(spec["fleeting_e"], bool):
        raise PluginError(f"{where}: '{lang}' stemmer 'fleeting_e' must be true or false.")
    if "prefixes" in spec and not _strings(spec["prefixes"]):
        raise PluginError(f"{where}: '{lang}' stemmer 'prefixes' must be a list of word beginnings, like [ne].")
    if "compounds" in value and not isinstance(value["compounds"], bool):
        raise PluginError(f"{where}: '{lang}' 'compounds' must be true or false.")
    groups = value.get("synonyms") or []
    if not isinstance(groups, list) or not all(isinstance(g, list) and len(g) > 1 and _strings(g) for g in groups):
        raise PluginError(f"{where}: '{lang}' synonyms must be a list of groups, each a list of two or more words "
                          "or phrases, like - [grumpy, angry, upset].")


def _check_ranking(where: str, value: Any, kinds: tuple[str, ...]) -> None:
    known = {*DEFAULT_RANKING, *kinds}
    if not isinstance(value, dict) or set(value) - known or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v <= 100 for v in value.values()):
        raise PluginError(f"{where}: 'ranking' may only set {sorted(known)}, each to a number above 0 "
                          "(a weight for the kind of page, and how many pages share a heading before it counts "
                          "as repeated).")


def _strings(values: Any) -> bool:
    return isinstance(values, list) and bool(values) and all(isinstance(v, str) and v.strip() for v in values)


def _lines(node: Any) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
