"""Shared loader for the handbook: the principle registry, the labels and every page's front matter and sections.

Every hook and the command-line check read the handbook through `load_site`, so they all see the same data and
report the same problems. Loading never raises on bad content: it records a `Problem` and carries on, so that one
run can report everything that is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markdown.extensions.toc import slugify, unique

REGISTRY_FILE = "principles.yml"
LABELS_FILE = "labels.yml"
SOURCES_DIR = "sources"


@dataclass
class Problem:
    """One thing a contributor must fix, said in their terms: where, in which language and principle, what to do."""

    path: str
    message: str
    fix: str
    line: int | None = None
    lang: str | None = None
    principle: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        about = [f"language '{self.lang}'" if self.lang else "", f"principle '{self.principle}'" if self.principle else ""]
        about_text = ", ".join(a for a in about if a)
        return f"{where}: {f'[{about_text}] ' if about_text else ''}{self.message}\n    Fix: {self.fix}"


@dataclass
class Section:
    """A heading and the text under it, with the principles its marker comment ties it to."""

    title: str
    level: int
    line: int
    anchor: str
    explicit_anchor: bool
    principles: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Doc:
    """One Markdown page of one language."""

    path: Path
    rel: str
    lang: str
    meta: dict[str, Any]
    meta_lines: dict[str, int]
    item_lines: dict[str, list[int]]
    sections: list[Section]
    parsed: bool = True

    @property
    def kind(self) -> str:
        """'principle', 'article' or 'page'."""
        if self.rel.startswith("principles/") and self.rel != "principles/index.md":
            return "principle"
        if self.rel.startswith("articles/"):
            return "article"
        return "page"

    @property
    def stem(self) -> str:
        """The file name without `.md`: a principle page's id, an article's slug."""
        return Path(self.rel).stem

    @property
    def title(self) -> str:
        """The page title from front matter, or its file name when that is missing."""
        title = self.meta.get("title")
        return title if isinstance(title, str) and title.strip() else self.stem

    def list_meta(self, key: str) -> list[tuple[str, int]]:
        """A front-matter list of strings with the line of each item (bad items are left to validation)."""
        values = self.meta.get(key)
        if not isinstance(values, list):
            return []
        lines = self.item_lines.get(key, [])
        default = self.meta_lines.get(key, 1)
        return [(v, lines[i] if i < len(lines) else default) for i, v in enumerate(values) if isinstance(v, str)]


@dataclass
class Language:
    code: str
    name: str
    default: bool = False


@dataclass
class Site:
    """Everything the hooks need to know about the handbook's sources."""

    root: Path
    docs_dir: Path
    languages: list[Language]
    registry: list[str]
    registry_lines: dict[str, int]
    labels: dict[str, dict[str, str]]
    docs: dict[tuple[str, str], Doc]
    problems: list[Problem]

    @property
    def default_language(self) -> str:
        """The language served at the site root."""
        return next((lang.code for lang in self.languages if lang.default), self.languages[0].code)

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
        """The pages of one kind in one language, principles in registry order, the rest by title."""
        found = [d for (code, _), d in self.docs.items() if code == lang and d.kind == kind]
        if kind == "principle":
            order = {pid: i for i, pid in enumerate(self.registry)}
            return sorted(found, key=lambda d: (order.get(d.stem, len(order)), d.stem))
        return sorted(found, key=lambda d: d.title.casefold())

    def principle(self, lang: str, pid: str) -> Doc | None:
        """The page of principle `pid` in `lang`, if it exists."""
        return self.docs.get((lang, f"principles/{pid}.md"))

    def label(self, lang: str, key: str) -> str:
        """An interface label in `lang`, falling back to the default language."""
        return self.labels.get(lang, {}).get(key) or self.labels.get(self.default_language, {}).get(key, key)


def load_site(root: Path, docs_dir: Path, languages: list[Language]) -> Site:
    """Read the registry, the labels and every Markdown page of the configured languages."""
    site = Site(root, docs_dir, languages, [], {}, {}, {}, [])
    _load_registry(site)
    _load_labels(site)
    for lang in languages:
        folder = docs_dir / lang.code
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in TEXT_SUFFIXES:
                text = _read_text(site, path, lang.code)
                if path.suffix == ".md":
                    doc = _parse_page(site, path, lang.code, text)
                    site.docs[(lang.code, doc.rel)] = doc
    return site


def parse_yaml(site: Site, path: Path, text: str) -> Any:
    """Parse a YAML data file's text, recording a problem (with its line) instead of raising."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        site.problems.append(Problem(
            site.rel_path(path), f"This YAML file does not parse: {getattr(error, 'problem', error)}.",
            "Check the indentation and quoting on that line; wrap text that contains ': ' in double quotes.",
            line=mark.line + 1 if mark else None))
        return None


def split_front_matter(text: str) -> tuple[str | None, int, str]:
    """Split a page into (front matter or None, line where the body starts, body)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, 1, text
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), i + 2, "\n".join(lines[i + 1:])
    return "", 0, text


def _load_registry(site: Site) -> None:
    path = site.docs_dir / REGISTRY_FILE
    if not path.is_file():
        site.problems.append(Problem(site.rel_path(path), "The principle registry is missing.",
                                     f"Create {site.rel_path(path)} with a 'principles:' list of '- id: <slug>' items."))
        return
    text = _read_text(site, path, None)
    if text is None:
        return
    before = len(site.problems)
    data = parse_yaml(site, path, text)
    items = data.get("principles") if isinstance(data, dict) else None
    if not isinstance(items, list):
        if len(site.problems) == before:
            site.problems.append(Problem(site.rel_path(path), "The registry has no 'principles:' list.",
                                         "Start the file with 'principles:' followed by '- id: <slug>' items."))
        return
    lines = _item_lines(text, "principles")
    for index, item in enumerate(items):
        pid = item.get("id") if isinstance(item, dict) else None
        line = lines[index] if index < len(lines) else None
        if not isinstance(pid, str) or not SLUG.fullmatch(pid):
            site.problems.append(Problem(site.rel_path(path), f"Registry entry {index + 1} has no valid id: {item!r}.",
                                         "Write it as '- id: <slug>' with lowercase letters, digits and hyphens.",
                                         line=line))
        elif pid in site.registry_lines:
            site.problems.append(Problem(site.rel_path(path), f"The id '{pid}' is listed twice.",
                                         "Remove one of the two entries.", line=line, principle=pid))
        else:
            site.registry.append(pid)
            site.registry_lines[pid] = line or 1


def _load_labels(site: Site) -> None:
    path = site.docs_dir / LABELS_FILE
    text = _read_text(site, path, None) if path.is_file() else None
    data = parse_yaml(site, path, text) if text is not None else None
    if isinstance(data, dict):
        site.labels = {str(k): v for k, v in data.items() if isinstance(v, dict)}


def _read_text(site: Site, path: Path, lang: str | None) -> str | None:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        site.problems.append(Problem(
            site.rel_path(path), f"This file is not valid UTF-8 (byte 0x{data[error.start]:02x} on line {line}).",
            "Open the file in your editor and save it with the encoding 'UTF-8'; then check that line's letters.",
            line=line, lang=lang, principle=_principle_of(path)))
        return None


def _parse_page(site: Site, path: Path, lang: str, text: str | None) -> Doc:
    rel = path.relative_to(site.docs_dir / lang).as_posix()
    if text is None:
        # The page exists but cannot be read; its UTF-8 problem is already recorded.
        return Doc(path, rel, lang, {}, {}, {}, [], parsed=False)
    raw, body_start, body = split_front_matter(text)
    parsed = True
    meta: dict[str, Any] = {}
    meta_lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    where = site.rel_path(path)
    if raw is None:
        site.problems.append(Problem(where, "The page has no front matter.",
                                     "Start the file with a '---' line, then 'title: <the page title>', then '---'.",
                                     line=1, lang=lang, principle=_principle_of(path)))
    elif body_start == 0:
        site.problems.append(Problem(where, "The front matter starts with '---' but never ends.",
                                     "Add a line with only '---' after the last front-matter key.", line=1, lang=lang, principle=_principle_of(path)))
        parsed = False
    else:
        try:
            loaded = yaml.safe_load(raw) if raw.strip() else {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            site.problems.append(Problem(
                where, f"The front matter is not valid YAML: {getattr(error, 'problem', error)}.",
                "Check that line and the one above it: each key is 'key: value', lists are '[a, b]' or '- item' lines, and text that "
                "contains ': ' or starts with a quote is wrapped in double quotes.",
                line=mark.line + 2 if mark else 1, lang=lang,
                principle=_principle_of(path)))
            loaded, parsed = {}, False
        if not isinstance(loaded, dict):
            site.problems.append(Problem(where, "The front matter is not a list of 'key: value' lines.",
                                         "Write it as 'title: <the page title>' and further 'key: value' lines.",
                                         line=2, lang=lang, principle=_principle_of(path)))
            loaded, parsed = {}, False
        meta = loaded
        meta_lines, item_lines = _meta_lines(raw)
    return Doc(path, rel, lang, meta, meta_lines, item_lines, _sections(body, max(body_start, 1)), parsed)


def _principle_of(path: Path) -> str | None:
    return path.stem if path.parent.name == "principles" and path.stem != "index" else None


def _meta_lines(raw: str) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Line numbers (in the file) of each top-level key and of each item of list values."""
    try:
        node = yaml.compose(raw)
    except yaml.YAMLError:
        return {}, {}
    keys: dict[str, int] = {}
    items: dict[str, list[int]] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            keys[str(key.value)] = key.start_mark.line + 2
            if isinstance(value, yaml.SequenceNode):
                items[str(key.value)] = [v.start_mark.line + 2 for v in value.value]
    return keys, items


def _item_lines(text: str, key: str) -> list[int]:
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return []
    if isinstance(node, yaml.MappingNode):
        for k, value in node.value:
            if k.value == key and isinstance(value, yaml.SequenceNode):
                return [v.start_mark.line + 1 for v in value.value]
    return []


def _sections(body: str, first_line: int) -> list[Section]:
    """Headings with the anchors Python-Markdown's toc will give them, and their marker comments."""
    sections = [Section("", 0, first_line, "", True)]
    fence = ""
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        stripped = line.strip()
        if fence:
            fence = "" if stripped.startswith(fence) else fence
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
        elif heading := HEADING.match(line):
            anchor = re.search(r"#([\w-]+)", heading["attrs"] or "")
            title = heading["title"].strip()
            sections.append(Section(title, len(heading["hashes"]), number, anchor[1] if anchor else "", bool(anchor)))
        elif marker := MARKER.match(line):
            ids = [p.strip() for p in marker["ids"].split(",") if p.strip()]
            sections[-1].principles.extend((pid, number) for pid in ids)
    # Replays toc's rule: explicit ids are taken first, then each heading gets a unique slug in page order.
    used = {s.anchor for s in sections if s.explicit_anchor and s.anchor}
    for section in sections[1:]:
        if not section.explicit_anchor:
            section.anchor = unique(slugify(INLINE_MARKUP.sub("", section.title), "-"), used)
    return sections


# The hooks of one build share one loaded site; it is reloaded at the start of each full build (every serve rebuild).
_site: Site | None = None


def site(config: Any) -> Site:
    """The handbook as loaded for the current build, loading it on first use."""
    return _site if _site is not None else fresh_site(config)


def fresh_site(config: Any) -> Site:
    """Load the handbook again from disk, for a new build."""
    global _site
    root = Path(config.config_file_path).parent
    _site = load_site(root, Path(config.docs_dir), configured_languages(config))
    return _site


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


def repo_path(config: Any, path: str | Path) -> str:
    """A file path as contributors see it in the repository."""
    root = Path(config.config_file_path).parent
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.*?)(?:\s*\{(?P<attrs>[^}]*)\})?\s*#*\s*$")
MARKER = re.compile(r"^\s*<!--\s*principles:\s*(?P<ids>.*?)\s*-->\s*$")
INLINE_MARKUP = re.compile(r"[*_`]")
TEXT_SUFFIXES = {".md", ".yml", ".yaml", ".css", ".js", ".html", ".txt", ".json", ".svg"}
