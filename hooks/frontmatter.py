"""Reading one page of the handbook: its bytes as UTF-8, its front matter and its sections.

Reading never raises on bad content: it records a `Problem` and carries on, so that one run reports everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markdown.extensions.toc import slugify, unique

import safeyaml

@dataclass
class Problem:
    """One thing a contributor must fix, said in their terms: where, in which language and principle, what to do."""

    path: str
    message: str
    fix: str
    line: int | None = None
    lang: str | None = None
    # The id of the collection item concerned, and what an item is called (the guidebook's first collection's kind,
    # set by validation.check; "principle" until then).
    principle: str | None = None
    kind: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        about = [f"language '{self.lang}'" if self.lang else "",
                 f"{self.kind or 'principle'} '{self.principle}'" if self.principle else ""]
        about_text = ", ".join(a for a in about if a)
        return f"{where}: {f'[{about_text}] ' if about_text else ''}{self.message}\n    Fix: {self.fix}"


@dataclass
class Section:
    """A heading and the text under it, with the items its marker comments tie it to: `ties` by marker name
    (`<!-- principles: … -->` in the handbook), `principles` those of the guidebook's first collection."""

    title: str
    level: int
    line: int
    anchor: str
    explicit_anchor: bool
    principles: list[tuple[str, int]] = field(default_factory=list)
    ties: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


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
    body: str = ""
    body_line: int = 1
    # A collection's kind ('principle' in the handbook), 'article' or 'page'; set by the loader from the structure.
    kind: str = "page"

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


def split_front_matter(text: str) -> tuple[str | None, int, str]:
    """Split a page into (front matter or None, line where the body starts, body)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, 1, text
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), i + 2, "\n".join(lines[i + 1:])
    return "", 0, text


def read_text(problems: list[Problem], where: str, path: Path, lang: str | None) -> str | None:
    """The file's text, or None (with a problem recorded) when it is not UTF-8, too large, or has too long a line."""
    if path.is_symlink() or path.stat().st_size > MAX_FILE_BYTES:
        problems.append(Problem(
            where, "This file is a link to another file." if path.is_symlink() else
            f"This file is larger than {MAX_FILE_BYTES // 1024} KB, the most the handbook reads.",
            "Replace the link with a real file." if path.is_symlink() else "Split it into several pages.",
            lang=lang))
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(Problem(
            where, f"This file is not valid UTF-8 (byte 0x{data[error.start]:02x} on line {line}).",
            "Open the file in your editor and save it with the encoding 'UTF-8'; then check that line's letters.",
            line=line, lang=lang))
        return None
    # Finding the longest line is linear; every later check of the text then works on bounded lines.
    longest = max(text.split("\n"), key=len)
    if len(longest) > MAX_LINE_CHARS:
        line = text.split("\n").index(longest) + 1
        problems.append(Problem(
            where, f"Line {line} is {len(longest)} characters long; the handbook reads lines of up to "
            f"{MAX_LINE_CHARS} characters.", "Break the paragraph into shorter lines (a single line break inside a "
            "paragraph does not show on the page).", line=line, lang=lang))
        return None
    return text


def parse_page(problems: list[Problem], where: str, path: Path, rel: str, lang: str,
               text: str | None) -> Doc:
    """One page's front matter and sections; `text` is None when the file could not be read."""
    if text is None:
        # The page exists but cannot be read; its UTF-8 problem is already recorded.
        return Doc(path, rel, lang, {}, {}, {}, [], parsed=False)

    def report(message: str, fix: str, line: int) -> None:
        problems.append(Problem(where, message, fix, line=line, lang=lang))

    raw, body_start, body = split_front_matter(text)
    meta: Any = {}
    if raw is None:
        report("The page has no front matter.",
               "Start the file with a '---' line, then 'title: <the page title>', then '---'.", 1)
        meta = None
    elif body_start == 0:
        report("The front matter starts with '---' but never ends.",
               "Add a line with only '---' after the last front-matter key.", 1)
        meta = None
    else:
        try:
            # The front matter starts on the file's second line.
            meta = safeyaml.load(raw, first_line=2) if raw.strip() else {}
        except safeyaml.YamlRefused as error:
            message = error.message.replace("This YAML text is", "The front matter is", 1).replace(
                "This text", "The front matter", 1)
            report(message, error.fix, error.line or 1)
            meta = None
        else:
            if not isinstance(meta, dict):
                report("The front matter is not a list of 'key: value' lines.",
                       "Write it as 'title: <the page title>' and further 'key: value' lines.", 2)
                meta = None
    parsed = meta is not None
    # The front matter starts on the file's second line.
    meta_lines, item_lines = key_lines(raw, 2) if parsed and raw else ({}, {})
    first = max(body_start, 1)
    return Doc(path, rel, lang, meta if parsed else {}, meta_lines, item_lines, _sections(body, first), parsed, body,
               first)


def key_lines(raw: str, first_line: int) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Line numbers of each top-level key of a YAML text and of each item of its list values."""
    try:
        node = safeyaml.compose(raw)
    except safeyaml.YamlRefused:
        return {}, {}
    keys: dict[str, int] = {}
    items: dict[str, list[int]] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            keys[str(key.value)] = key.start_mark.line + first_line
            if isinstance(value, yaml.SequenceNode):
                items[str(key.value)] = [v.start_mark.line + first_line for v in value.value]
    return keys, items


def prose_lines(body: str, first_line: int) -> list[tuple[int, str]]:
    """The lines of a page's body outside fenced code blocks, with their line numbers in the file."""
    result, fence = [], ""
    for offset, line in enumerate(body.split("\n")):
        stripped = line.strip()
        if fence:
            fence = "" if stripped.startswith(fence) else fence
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            continue
        result.append((first_line + offset, line))
    return result


def _heading(line: str) -> tuple[int, str, str] | None:
    """(level, title, attribute list) of an ATX heading line, as Python-Markdown reads it; linear in the line."""
    match = HEADING.match(line)
    if match is None:
        return None
    rest = match["rest"].rstrip().rstrip("#").rstrip()
    attrs = ""
    if rest.endswith("}") and (start := rest.rfind("{")) >= 0 and "}" not in rest[start + 1:-1]:
        rest, attrs = rest[:start].rstrip(), rest[start + 1:-1]
    return len(match["hashes"]), rest.strip(), attrs


def _marker(line: str) -> tuple[str, str] | None:
    """(name, ids) of a `<!-- name: … -->` line, or None; string operations, linear in the line."""
    text = line.strip()
    if len(text) >= 7 and text.startswith("<!--") and text.endswith("-->"):
        inner = text[4:-3].strip()
        name, colon, ids = inner.partition(":")
        if colon and MARKER_NAME.fullmatch(name.strip()):
            return name.strip(), ids
    return None


def _sections(body: str, first_line: int) -> list[Section]:
    """Headings with the anchors Python-Markdown's toc will give them, and their marker comments."""
    sections = [Section("", 0, first_line, "", True)]
    for number, line in prose_lines(body, first_line):
        if heading := _heading(line):
            level, title, attrs = heading
            anchor = re.search(r"#([\w-]+)", attrs)
            sections.append(Section(title, level, number, anchor[1] if anchor else "", bool(anchor)))
        elif (marker := _marker(line)) is not None:
            ids = [p.strip() for p in marker[1].split(",") if p.strip()]
            sections[-1].ties.setdefault(marker[0], []).extend((pid, number) for pid in ids)
    # Replays toc's rule: explicit ids are taken first, then each heading gets a unique slug in page order.
    used = {s.anchor for s in sections if s.explicit_anchor and s.anchor}
    for section in sections[1:]:
        if not section.explicit_anchor:
            section.anchor = unique(slugify(INLINE_MARKUP.sub("", section.title), "-"), used)
    return sections


# The one YAML loader (hooks/safeyaml.py), kept under this name for the modules that import it from here.
LOADER = safeyaml.LOADER
# The largest page or data file, and the longest line, the handbook reads (documented in CONTRIBUTING.md).
MAX_FILE_BYTES = 256 * 1024
MAX_LINE_CHARS = 10_000
MARKER_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
HEADING = re.compile(r"(?P<hashes>#{1,6})\s+(?P<rest>.*)")
INLINE_MARKUP = re.compile(r"[*_`]")
