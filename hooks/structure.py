"""The guidebook's structure: its collections, its articles and sources, and the pages every language must have.

It is data, in docs/guidebook.yml, read by the one loader (registry.load_site, through safeyaml) and checked against
the `guidebook:` rules of hooks/schema.yml. Every mistake is a `Problem` naming the file, the line and the fix. A
guidebook without the file gets the defaults below (the structure the customer-service handbook was first built
with), so that every value here is a default the data overrides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import safeyaml
from frontmatter import Problem

STRUCTURE_FILE = "guidebook.yml"


@dataclass
class Collection:
    """A set of pages that exists in every language, one per registry id (the handbook's principles)."""

    id: str
    folder: str
    registry: str
    kind: str

    @property
    def index(self) -> str:
        """The collection's index page, relative to a language folder."""
        return f"{self.folder}/index.md"


@dataclass
class Articles:
    """Pages of text of record, tied to a collection's items by `<!-- <collection>: ids -->` markers."""

    folder: str
    sources: str | None = None


@dataclass
class Structure:
    """What docs/guidebook.yml says, or the defaults where it says nothing."""

    collections: list[Collection]
    pages: list[str]
    articles: Articles | None
    fonts: Any = None
    line: dict[tuple[Any, ...], int] = field(default_factory=dict)

    @property
    def main(self) -> Collection:
        """The first collection: the one articles tie to and the coverage page lists."""
        return self.collections[0]

    def required_pages(self) -> list[str]:
        """The pages every language must have: the listed ones, then each collection's index."""
        return [*self.pages, *(c.index for c in self.collections if c.index not in self.pages)]

    def kind_of(self, rel: str) -> str:
        """The kind of the page at `rel` (relative to its language folder): a collection's kind, 'article' or 'page'."""
        folder, _, name = rel.partition("/")
        for collection in self.collections:
            if folder == collection.folder and name and "/" not in name and name != "index.md":
                return collection.kind
        if self.articles and folder == self.articles.folder and name:
            return "article"
        return "page"

    def collection_of(self, kind: str) -> Collection | None:
        """The collection whose pages are of `kind`."""
        return next((c for c in self.collections if c.kind == kind), None)

    def item_kinds(self) -> list[str]:
        """The kinds of the collections' item pages."""
        return [c.kind for c in self.collections]

    def data_files(self) -> set[str]:
        """The files directly under docs/ that are data, not pages."""
        return {STRUCTURE_FILE, *(c.registry for c in self.collections)}


DEFAULT = Structure([Collection("principles", "principles", "principles.yml", "principle")],
                    ["index.md", "contribute.md"], Articles("articles", "sources"))


def load(docs_dir: Path, shown: str, problems: list[Problem]) -> Structure:
    """docs/guidebook.yml as a Structure; problems are recorded (with their line) and the defaults fill the gaps."""
    path = docs_dir / STRUCTURE_FILE
    if path.is_symlink() or not path.is_file():
        return DEFAULT
    try:
        text = path.read_text(encoding="utf-8")
        node = safeyaml.compose(text)
        data = safeyaml.load(text)
    except UnicodeDecodeError:
        problems.append(Problem(shown, "This file is not valid UTF-8.", "Save it with the encoding 'UTF-8'."))
        return DEFAULT
    except safeyaml.YamlRefused as error:
        problems.append(Problem(shown, error.message, error.fix, line=error.line))
        return DEFAULT
    lines = _lines(node)
    found: list[Problem] = []
    structure = _read(data, lines, shown, found)
    problems += found
    return structure if not found else DEFAULT


def _read(data: Any, lines: dict[tuple[Any, ...], int], shown: str, found: list[Problem]) -> Structure:
    def problem(path: tuple[Any, ...], message: str, fix: str) -> None:
        line = next((lines[path[:n]] for n in range(len(path), 0, -1) if path[:n] in lines), None)
        found.append(Problem(shown, message, fix, line=line))

    if not isinstance(data, dict):
        problem((), "The guidebook's structure should be a mapping with 'collections:' and 'pages:'.",
                "Start from the example in README.md, 'Make your own guidebook'.")
        return DEFAULT
    for key in data:
        if key not in TOP_KEYS:
            problem((key,), f"'{key}:' is not a key of the guidebook's structure.",
                    f"Use only {', '.join(TOP_KEYS)}; check the spelling.")
    collections = _collections(data.get("collections"), problem)
    pages = data.get("pages", DEFAULT.pages)
    if not isinstance(pages, list) or not all(isinstance(p, str) and PAGE.fullmatch(p) for p in pages):
        problem(("pages",), "'pages:' should list the pages every language has, like [index.md].",
                "Write file names relative to a language folder, ending in .md, such as 'pages: [index.md]'.")
        pages = DEFAULT.pages
    elif "index.md" not in pages:
        problem(("pages",), "'pages:' does not list index.md, the home page of every language.",
                "Add index.md to the list: 'pages: [index.md, ...]'.")
    articles = _articles(data, problem, collections)
    return Structure(collections, list(pages), articles, data.get("fonts"), lines)


def _collections(items: Any, problem: Any) -> list[Collection]:
    if not isinstance(items, list) or not items:
        problem(("collections",), "'collections:' should list at least one collection.",
                "Write '- id: <name>' items, each with folder, registry and kind, as README.md shows.")
        return DEFAULT.collections
    result: list[Collection] = []
    for index, item in enumerate(items):
        where = ("collections", index)
        if not isinstance(item, dict):
            problem(where, f"Collection {index + 1} should be a mapping of id, folder, registry and kind.",
                    "Write it as '- id: <name>' with 'folder:', 'registry:' and 'kind:' lines under it.")
            continue
        for key in item:
            if key not in COLLECTION_KEYS:
                problem((*where, key), f"'{key}:' is not a key of a collection.",
                        f"Use only {', '.join(COLLECTION_KEYS)}; check the spelling.")
        values = {}
        for key in COLLECTION_KEYS:
            value = item.get(key)
            rule = REGISTRY if key == "registry" else SLUG
            if not isinstance(value, str) or not rule.fullmatch(value):
                example = {"registry": "<name>.yml"}.get(key, "<lowercase-name>")
                problem((*where, key) if key in item else where,
                        f"Collection {index + 1} has no valid '{key}:' ({'missing' if key not in item else repr(value)}).",
                        f"Write '{key}: {example}' with lowercase letters, digits and hyphens.")
                break
            values[key] = value
        else:
            taken = [(name, values[name]) for name in ("id", "folder", "registry", "kind")
                     if any(getattr(c, name) == values[name] for c in result)]
            if taken:
                problem(where, f"Collection {index + 1} has the same {taken[0][0]} as another: '{taken[0][1]}'.",
                        "Give every collection its own id, folder, registry file and kind.")
            elif values["kind"] in RESERVED_KINDS or values["folder"] in RESERVED_FOLDERS:
                problem(where, f"Collection {index + 1} uses a name the generator keeps for itself.",
                        f"Choose a kind other than {', '.join(RESERVED_KINDS)} and a folder other than "
                        f"{', '.join(RESERVED_FOLDERS)}.")
            else:
                result.append(Collection(values["id"], values["folder"], values["registry"], values["kind"]))
    return result or DEFAULT.collections


def _articles(data: dict, problem: Any, collections: list[Collection]) -> Articles | None:
    value = data.get("articles")
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("folder"), str) or not SLUG.fullmatch(value["folder"]):
        problem(("articles",), "'articles:' should name the articles' folder.",
                "Write 'articles:' with 'folder: <name>' (and 'sources: <folder>' if they have source files) under "
                "it, or remove the key when the guidebook has no articles.")
        return None
    for key in value:
        if key not in RULES["articles"]:
            problem(("articles", key), f"'{key}:' is not a key of 'articles:'.", "Use only folder and sources.")
    sources = value.get("sources")
    if sources is not None and (not isinstance(sources, str) or not SOURCES.fullmatch(sources)):
        problem(("articles", "sources"), f"'sources:' should be a folder next to mkdocs.yml, not {sources!r}.",
                "Write 'sources: <folder>' (letters, digits, hyphens), or remove the line when there are none.")
        sources = None
    if any(value["folder"] == c.folder for c in collections):
        problem(("articles", "folder"), f"The articles' folder '{value['folder']}' is also a collection's folder.",
                "Give the articles a folder of their own.")
    return Articles(value["folder"], sources)


def _lines(node: Any, path: tuple[Any, ...] = (), depth: int = 0) -> dict[tuple[Any, ...], int]:
    # The 1-based line of each key and list item, three levels deep, for messages.
    found: dict[tuple[Any, ...], int] = {}
    if depth > 3:
        return found
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found[(*path, key.value)] = key.start_mark.line + 1
            found.update(_lines(value, (*path, key.value), depth + 1))
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            found[(*path, index)] = value.start_mark.line + 1
            found.update(_lines(value, (*path, index), depth + 1))
    return found


# The rules are data, in hooks/schema.yml's `guidebook:` block.
RULES: dict[str, Any] = yaml.safe_load((Path(__file__).parent / "schema.yml").read_text(encoding="utf-8"))["guidebook"]
TOP_KEYS = tuple(RULES["top"])
COLLECTION_KEYS = tuple(RULES["collection"])
RESERVED_KINDS = tuple(RULES["reserved_kinds"])
RESERVED_FOLDERS = tuple(RULES["reserved_folders"])
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
REGISTRY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.yml")
PAGE = re.compile(r"(?:[a-z0-9][a-z0-9-]*/)*[a-z0-9][a-z0-9-]*\.md")
SOURCES = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
