"""Search hook: one search index per language, and pages that load only their own language's index.

Material's search box and results list stay as they are. Underneath:
- docs/search.yml is checked before the build (searchindex.load_settings): a bad setting stops it;
- each language gets `<lang>/search/search_index.json` (English: `search/search_index.json`) with only its pages,
  made from the sections Material's search plugin splits each page into, with the vocabulary of stems, the
  synonyms and the ranking weights the worker needs (searchindex.build_index, searchtext);
- every page's `__config` points Material at that index (its `base` becomes the language's root) and at the
  handbook's worker, `assets/javascripts/handbook-search.js`, which reads every language (see that file).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.pages import Page

import preview
import registry
from searchindex import SETTINGS, build_index, load_settings

log = get_plugin_logger("handbook.search")

# Entries of every language build, written out once all languages are built; reset by each full build.
_entries: dict[str, list[dict[str, Any]]] = {}
# How many of Material's entries of the current language build have been taken; reset by each language build.
_taken = [0]
# docs/search.yml as checked at the start of the full build.
_settings: dict[str, Any] = {}
# The last index of each language, with the hash of what it was made from.
_indexes: dict[str, tuple[str, Any]] = {}


def on_startup(command: str, dirty: bool) -> None:
    preview.started(command)


def on_pre_build(config: MkDocsConfig) -> None:
    # Settings are checked first, so that a stemmer the search cannot run stops the build before any page is made.
    if registry.is_first_language_build(config):
        _entries.clear()
        _settings.clear()
        path = Path(config.docs_dir) / SETTINGS
        kinds = tuple(registry.site(config).structure.item_kinds())
        try:
            _settings.update(load_settings(path, registry.repo_path(config, path), kinds))
        except PluginError:
            # The preview searches with the default settings; the problem is shown on every page (validation.py).
            if not preview.serving():
                raise
    _taken[0] = 0


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    # Material's search plugin (which runs before the hooks) has just split this page into sections; take those.
    lang = registry.current_language(config)
    entries = _material_entries(config)
    _entries.setdefault(lang, []).extend(_entry(config, lang, page, e) for e in entries[_taken[0]:])
    _taken[0] = len(entries)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    match = CONFIG.search(output)
    if match is None:
        raise PluginError(
            f"Search: the page {page.file.src_uri} has no Material '__config' script, so it cannot be pointed at "
            "its language's search index. mkdocs-material has changed; see 'Search' in CONTRIBUTING.md.")
    data = json.loads(match["json"])
    base = data["base"]
    lang = registry.current_language(config)
    if lang != registry.site(config).default_language:
        data["base"] = f"{base}/{lang}/"
    data["search"] = f"{base}/{WORKER}"
    return output[: match.start("json")] + _script_json(data) + output[match.end("json"):]


# Runs after static-i18n's on_post_build (-100), which builds the other languages and merges their indexes.
@event_priority(-150)
def on_post_build(config: MkDocsConfig) -> None:
    if not registry.is_first_language_build(config):
        return
    site = registry.site(config)
    if not (Path(config.site_dir) / WORKER).is_file():
        raise PluginError(f"Search: the handbook's search worker {WORKER} is not in the built site, so the search box "
                          "would find nothing. Keep 'custom_dir: overrides' under 'theme:' in mkdocs.yml.")
    for lang in site.languages:
        if lang.code not in _entries:
            continue  # not built (a one-language preview)
        prefix = "" if lang.code == site.default_language else f"{lang.code}/"
        out = Path(config.site_dir) / prefix / "search" / "search_index.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            data = _index(lang.code, _entries.get(lang.code, []), _settings, folders(site))
        except RuntimeError as error:  # text in a script without spaces, and no word splitter installed
            raise PluginError(f"Search ({lang.code}): {error}") from None
        out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        log.debug(f"Wrote {len(data['docs'])} search entries for '{lang.code}' to {out}")


def folders(site: registry.Site) -> dict[str, str]:
    """The kind of page in each top folder of a language: each collection's, and the articles'."""
    found = {c.folder: c.kind for c in site.structure.collections}
    if site.structure.articles:
        found[site.structure.articles.folder] = "article"
    return found


def _index(lang: str, entries: list[dict[str, Any]], settings: dict[str, Any],
           kinds: dict[str, str]) -> dict[str, Any]:
    # A language's index depends only on its entries, the settings and the kinds of page: a `mkdocs serve` rebuild
    # after an edit in one language reuses the others' indexes (the last one of each language is kept), instead of
    # stemming them again.
    data = json.dumps([entries, settings, kinds], sort_keys=True, default=str)
    key = hashlib.sha256(data.encode("utf-8")).hexdigest()
    if _indexes.get(lang, ("", None))[0] != key:
        _indexes[lang] = (key, build_index(lang, entries, settings, kinds))
    return _indexes[lang][1]  # only written out as JSON, never changed


def _material_entries(config: MkDocsConfig) -> list[dict[str, Any]]:
    try:
        return config.plugins["material/search"].search_index.entries
    except (KeyError, AttributeError) as error:
        raise PluginError(f"Search: Material's search entries cannot be read ({error}). Keep the 'search' plugin in "
                          "mkdocs.yml; if mkdocs-material was upgraded, see 'Search' in CONTRIBUTING.md.") from error


def _entry(config: MkDocsConfig, lang: str, page: Page, entry: dict[str, Any]) -> dict[str, Any]:
    site = registry.site(config)
    location = entry["location"]
    if lang != site.default_language:
        location = location.removeprefix(f"{lang}/")
    doc = {"location": location, "title": _plain(entry["title"]), "text": _plain(entry["text"])}
    # A page's own `search: boost:` front matter, as Material reads it; page kinds are weighted by the worker.
    if "boost" in entry:
        doc["boost"] = entry["boost"]
    return doc


def _script_json(data: Any) -> str:
    # As Jinja's tojson: nothing in the data can close the <script> element.
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


def _plain(text: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", text)).split())


WORKER = "assets/javascripts/handbook-search.js"
CONFIG = re.compile(r'<script id="__config" type="application/json">(?P<json>.*?)</script>', re.S)
TAG = re.compile(r"<[^>]+>")
