"""Shared loader for the guidebook: its structure, its collections' registries, the labels, the data files and every
page.

Every hook and the command-line check read the handbook through `load_site`, so they all see the same data and
report the same problems. Loading never raises on bad content: it records a `Problem` and carries on, so that one
run can report everything that is wrong.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import safeyaml
import structure as structure_module
from frontmatter import Doc, Problem, key_lines, parse_page, read_text
from structure import Collection, Structure

LABELS_FILE = "labels.yml"
SEARCH_FILE = "search.yml"
# The handbook's key terms per language (hooks/glossary.py); optional: without it, nothing is checked.
GLOSSARY_FILE = "glossary.yml"


@dataclass
class Language:
    code: str
    name: str
    default: bool = False


@dataclass
class Settings:
    """What the checks need from mkdocs.yml: where it is, the theme's template folders, the toc options, the Markdown
    extensions with their options (in order) and the hooks' module names."""

    config_file: Path | None = None
    theme_dirs: list[Path] = field(default_factory=list)
    toc: dict[str, Any] = field(default_factory=dict)
    markdown: dict[str, dict[str, Any]] = field(default_factory=dict)
    hooks: list[str] = field(default_factory=list)


@dataclass
class Site:
    """Everything the hooks need to know about the handbook's sources."""

    root: Path
    docs_dir: Path
    languages: list[Language]
    # The ids of the first collection (the handbook's principles), in reading order, and the line of each.
    registry: list[str]
    registry_lines: dict[str, int]
    labels: dict[str, dict[str, str]]
    docs: dict[tuple[str, str], Doc]
    problems: list[Problem]
    repo_url: str = ""
    # mkdocs.yml's edit_uri (like 'edit/main/docs/'): the branch contributors' links point to.
    edit_uri: str = ""
    settings: Settings = field(default_factory=Settings)
    # docs/guidebook.yml: the collections, the articles and the required pages.
    structure: Structure = field(default_factory=lambda: structure_module.DEFAULT)
    # Every collection's ids in reading order, by collection id.
    registries: dict[str, list[str]] = field(default_factory=dict)
    # True when docs/guidebook.yml could not be read: its problems are the only ones reported.
    broken: bool = False
    # The data files as parsed (None when missing or broken) and their text, for line numbers: labels, search.
    data: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    # Pages by language and kind, worked out once: the docs do not change once loaded.
    _pages: dict[tuple[str, str], list[Doc]] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def default_language(self) -> str:
        """The language served at the site root."""
        return next((lang.code for lang in self.languages if lang.default), self.languages[0].code)

    @property
    def reference_language(self) -> str:
        """The language translations are made from: the first one configured (English)."""
        return self.languages[0].code

    def language_name(self, code: str) -> str:
        """A language's own name, as the language switcher shows it."""
        return next((lang.name for lang in self.languages if lang.code == code), code)

    def rel_path(self, path: Path) -> str:
        """A path as contributors see it in the repository."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def url(self, doc: Doc, anchor: str = "") -> str:
        """A page's URL relative to the site root, as MkDocs writes it with directory URLs."""
        prefix = "" if doc.lang == self.default_language else f"{doc.lang}/"
        page = doc.rel[: -len("index.md")] if doc.rel.endswith("index.md") else doc.rel[: -len(".md")] + "/"
        return f"{prefix}{page}" + (f"#{anchor}" if anchor else "")

    def pages(self, lang: str, kind: str) -> list[Doc]:
        """The pages of one kind in one language, a collection's items in registry order, the rest by title."""
        if not self._pages:
            for (code, _), doc in self.docs.items():
                self._pages.setdefault((code, doc.kind), []).append(doc)
            for (_, group), docs in self._pages.items():
                collection = self.structure.collection_of(group)
                if collection is None:
                    docs.sort(key=lambda d: d.title.casefold())
                    continue
                order = {pid: i for i, pid in enumerate(self.registries.get(collection.id, []))}
                docs.sort(key=lambda d: (order.get(d.stem, len(order)), d.stem))
        return list(self._pages.get((lang, kind), []))

    def item(self, lang: str, pid: str, collection: Collection | None = None) -> Doc | None:
        """The page of item `pid` of `collection` (the first one by default) in `lang`, if it exists."""
        return self.docs.get((lang, f"{(collection or self.structure.main).folder}/{pid}.md"))

    def principle(self, lang: str, pid: str) -> Doc | None:
        """The page of item `pid` of the first collection in `lang` (the handbook's principles)."""
        return self.item(lang, pid)

    def ids(self, collection: Collection | None = None) -> list[str]:
        """A collection's ids (the first collection's by default) in reading order."""
        return list(self.registries.get((collection or self.structure.main).id, []))

    def name_items(self, problems: list[Problem]) -> None:
        """Call each problem's item what this guidebook calls it: the kind of the collection its file is in, or the
        first collection's kind (articles are tied to that one)."""
        folders = {c.folder: c.kind for c in self.structure.collections}
        for problem in problems:
            if problem.principle and problem.kind is None:
                parent = problem.path.split("/")[-2:-1]
                problem.kind = next((folders[p] for p in parent if p in folders), self.structure.main.kind)

    def required(self) -> list[str]:
        """The pages every language must have, as paths inside its folder: the fixed pages, then each item."""
        return [*self.structure.required_pages(),
                *(f"{c.folder}/{pid}.md" for c in self.structure.collections for pid in self.ids(c))]

    def collection(self, doc: Doc) -> Collection | None:
        """The collection `doc` is an item of, if any."""
        return self.structure.collection_of(doc.kind)

    def label(self, lang: str, key: str) -> str:
        """An interface label in `lang`, falling back to the default language."""
        return self.labels.get(lang, {}).get(key) or self.labels.get(self.default_language, {}).get(key, key)


def load_site(root: Path, docs_dir: Path, languages: list[Language]) -> Site:
    """Read the registry, the labels and every Markdown page of the configured languages."""
    site = Site(root, docs_dir, languages, [], {}, {}, {}, [])
    shown = site.rel_path(docs_dir / structure_module.STRUCTURE_FILE)
    before = len(site.problems)
    site.structure = structure_module.load(docs_dir, shown, site.problems)
    if len(site.problems) > before:
        # Pages and registries read against a structure the guidebook does not have would only add wrong messages.
        site.broken = True
        return site
    for collection in site.structure.collections:
        _load_registry(site, collection)
    site.registry = site.registries.get(site.structure.main.id, [])
    _load_labels(site)
    _load_data(site, SEARCH_FILE)
    _load_data(site, GLOSSARY_FILE)
    for lang in languages:
        folder = docs_dir / lang.code
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            # Links are never followed (they are reported by hooks/files.py): they could read files outside docs/.
            if not path.is_symlink() and path.is_file() and path.suffix in TEXT_SUFFIXES:
                first = len(site.problems)
                rel = path.relative_to(folder).as_posix()
                text = read_text(site.problems, site.rel_path(path), path, lang.code)
                if path.suffix == ".md":
                    doc = parse_page(site.problems, site.rel_path(path), path, rel, lang.code, text)
                    doc.kind = site.structure.kind_of(rel)
                    # Articles tie their sections to the first collection's items, by its id (`<!-- principles: -->`).
                    for section in doc.sections:
                        section.principles = section.ties.get(site.structure.main.id, [])
                    site.docs[(lang.code, doc.rel)] = doc
                # A problem in a collection's page names its item (the reader does not know the structure).
                if site.structure.kind_of(rel) in site.structure.item_kinds():
                    for problem in site.problems[first:]:
                        problem.principle = problem.principle or path.stem
    return site


def parse_yaml(site: Site, path: Path, text: str) -> Any:
    """Parse a YAML data file's text, recording a problem (with its line) instead of raising."""
    try:
        return safeyaml.load(text)
    except safeyaml.YamlRefused as error:
        site.problems.append(Problem(site.rel_path(path), error.message, error.fix, line=error.line))
        return None


def _load_registry(site: Site, collection: Collection) -> None:
    ids: list[str] = site.registries.setdefault(collection.id, [])
    path = site.docs_dir / collection.registry
    top, kind = collection.id, collection.kind
    if not path.is_file():
        site.problems.append(Problem(site.rel_path(path), f"The {kind} registry is missing.",
                                     f"Create {site.rel_path(path)} with a '{top}:' list of '- id: <slug>' items."))
        return
    text = read_text(site.problems, site.rel_path(path), path, None)
    if text is None:
        return
    before = len(site.problems)
    data = parse_yaml(site, path, text)
    items = data.get(top) if isinstance(data, dict) else None
    if not isinstance(items, list):
        if len(site.problems) == before:
            site.problems.append(Problem(site.rel_path(path), f"The registry has no '{top}:' list.",
                                         f"Start the file with '{top}:' followed by '- id: <slug>' items."))
        return
    lines = key_lines(text, 1)[1].get(top, [])
    for index, item in enumerate(items):
        pid = item.get("id") if isinstance(item, dict) else None
        line = lines[index] if index < len(lines) else None
        if not isinstance(pid, str) or not SLUG.fullmatch(pid):
            site.problems.append(Problem(site.rel_path(path), f"Registry entry {index + 1} has no valid id: {item!r}.",
                                         "Write it as '- id: <slug>' with lowercase letters, digits and hyphens.",
                                         line=line))
        elif pid in ids:
            site.problems.append(Problem(site.rel_path(path), f"The id '{pid}' is listed twice.",
                                         "Remove one of the two entries.", line=line, principle=pid))
        else:
            ids.append(pid)
            site.registry_lines.setdefault(pid, line or 1)


def _load_labels(site: Site) -> None:
    data = _load_data(site, LABELS_FILE)
    if isinstance(data, dict):
        site.labels = {str(k): v for k, v in data.items() if isinstance(v, dict)}


def _load_data(site: Site, name: str) -> Any:
    path = site.docs_dir / name
    text = read_text(site.problems, site.rel_path(path), path, None) if path.is_file() else None
    site.data[name] = parse_yaml(site, path, text) if text is not None else None
    site.texts[name] = text or ""
    return site.data[name]


def site(config: Any) -> Site:
    """The handbook as loaded for the current build: the first hook that asks in a build loads it from disk.

    A build is known by its configuration: MkDocs loads mkdocs.yml afresh for every build and every `mkdocs serve`
    rebuild, and static-i18n's language builds share the configuration of the build that started them. So every
    build, whichever hooks are listed, reads the sources as they are now, and its language builds share one reading.
    """
    if _state.config is not config or _state.site is None:
        return fresh_site(config)
    return _state.site


def fresh_site(config: Any) -> Site:
    """Load the handbook again from disk, for the build of `config`."""
    root = Path(config.config_file_path).parent
    loaded = load_site(root, Path(config.docs_dir), configured_languages(config))
    loaded.repo_url = (config.repo_url or "").rstrip("/")
    loaded.edit_uri = config.edit_uri or ""
    toc = config.mdx_configs.get("toc") or config.mdx_configs.get("markdown.extensions.toc") or {}
    extensions = {name: dict(config.mdx_configs.get(name) or {}) for name in config.markdown_extensions
                  if isinstance(name, str)}
    loaded.settings = Settings(Path(config.config_file_path), [Path(d) for d in config.theme.dirs], dict(toc),
                               extensions, [Path(str(h)).stem for h in (config.hooks or [])])
    _state.config, _state.site = config, loaded
    return loaded


@dataclass
class _State:
    """The one piece of state the hooks share: the build (its configuration) and the handbook as it loaded it."""

    config: Any = None
    site: Site | None = None


_state = _State()


def configured_languages(config: Any) -> list[Language]:
    """The languages of the i18n plugin in mkdocs.yml, in their configured order."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [Language(config.theme.get("language") or "en", config.theme.get("language") or "en", True)]
    return [Language(lang.locale, lang.name, bool(lang.default)) for lang in i18n.config.languages
            if lang.locale != "null"]


def is_first_language_build(config: Any) -> bool:
    """True in the build static-i18n runs first (the default language), false in the per-language builds after it."""
    i18n = config.plugins.get("i18n")
    return not getattr(i18n, "building", False)


def current_language(config: Any) -> str:
    """The language the current build writes."""
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme.get("language") or "en"


def command(args: str = "") -> str:
    """The contributor command with `args`, written as it runs on this platform (every "Fix:" line uses it)."""
    # Windows has the `py` launcher and backslash paths; Linux and macOS have `python3`.
    base = r"py hooks\check.py" if os.name == "nt" else "python3 hooks/check.py"
    return f"{base} {args}".rstrip()


def install_command() -> str:
    """The command that installs the handbook's requirements into its environment, as it runs on this platform.

    (hooks/check.py prints the command that creates the environment itself: it runs before these modules can load.)
    """
    return (r".venv\Scripts\python -m pip install -r requirements.txt" if os.name == "nt" else
            ".venv/bin/pip install -r requirements.txt")


def print_parts(site: Site) -> list[str]:
    """The printouts hooks/printing.py generates in every language: the whole guidebook (""), then one per
    navigation section, by folder: each collection's, then the articles'."""
    folders = [c.folder for c in site.structure.collections]
    return ["", *folders, *([site.structure.articles.folder] if site.structure.articles else [])]


def print_source(site: Site, lang: str, part: str) -> str:
    """The source path of a generated printout (hooks/printing.py): 'print/index.md', 'cs/print/principles/index.md'."""
    prefix = "" if lang == site.default_language else f"{lang}/"
    return f"{prefix}print/" + (f"{part}/" if part else "") + "index.md"


def repo_path(config: Any, path: str | Path) -> str:
    """A file path as contributors see it in the repository."""
    # Asked for every file and page several times per build: worked out once per file and build (`config`), so that
    # each build still sees the links on disk as they are.
    if _paths[0] is not config:
        _paths[:] = [config, {}]
    known: dict[str, str] = _paths[1]
    if str(path) not in known:
        root = Path(config.config_file_path).parent
        try:
            known[str(path)] = Path(path).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            known[str(path)] = Path(path).as_posix()
    return known[str(path)]


# The build whose paths repo_path() has worked out, and those paths.
_paths: list[Any] = [None, {}]


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TEXT_SUFFIXES = {".md", ".yml", ".yaml", ".css", ".js", ".html", ".txt", ".json", ".svg"}
