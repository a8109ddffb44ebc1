"""Safety hook: nothing in a page can run code in a reader's browser or pull a private file into the site.

The rules, each reported with file and line by the validation (so that one build lists everything):
- no raw <script>, <iframe>, <object> or <embed>;
- no inline event handlers (onclick=…), in HTML or in an attribute list ({: onclick=… });
- no javascript:, vbscript: or data: addresses in links, images or HTML attributes;
- snippets (--8<--) only from docs/snippets/, a folder of their own.
These early checks give the fast check (hooks/check.py) its messages. The guarantee is on the output: hooks/guard.py
holds every rendered page, and every file the site ships, to an allowlist with an HTML5 parser.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from frontmatter import Doc, Problem, prose_lines

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Snippets come from one folder, resolved from mkdocs.yml's location; a path outside it is an error.
    if "pymdownx.snippets" in config.markdown_extensions:
        options = config.mdx_configs.setdefault("pymdownx.snippets", {})
        options["base_path"] = [str(snippets_folder(Path(config.docs_dir)))]
        options["check_paths"] = True
        options["url_download"] = False
    return config


def problems(site: Any) -> list[Problem]:
    """Every unsafe construct in the handbook's pages."""
    found = []
    folder = snippets_folder(site.docs_dir)
    for doc in site.docs.values():
        if doc.parsed or doc.body:
            found += check_page(doc, site.rel_path(doc.path), folder, site.rel_path(folder))
    return found


def check_page(doc: Doc, where: str, folder: Path, folder_name: str) -> list[Problem]:
    """The unsafe constructs of one page, with their lines."""
    found = []

    def report(line: int, message: str, fix: str) -> None:
        found.append(Problem(where, message, fix, line=line, lang=doc.lang,
                             principle=doc.stem if doc.kind not in ("page", "article") else None))

    lines = doc.body.split("\n")
    # Python-Markdown takes quadratic time (or worse) over many '<' or '[' in running text: a page of them would
    # hang the build. Real pages have a handful; the limit keeps any page's conversion well under a second.
    prose = prose_lines(doc.body, doc.body_line)
    for mark in MARKUP_LIMITED:
        count = sum(text.count(mark) for _, text in prose)
        if count > MAX_MARKUP:
            line = next(n for n, text in prose if mark in text)
            report(line, f"The page has {count} '{mark}' characters outside code blocks; the handbook reads at most "
                   f"{MAX_MARKUP} per page.", "Split the page into several pages, or put examples in a code block "
                   "(between two ``` lines).")
            return found
    # Code blocks and code spans are shown as text, never run, so examples in them are harmless.
    for number, line in ((n, _without_code(text)) for n, text in prose_lines(doc.body, doc.body_line)):
        for match in RAW_TAG.finditer(line):
            tag = match["tag"].lower()
            report(number, f"Raw HTML <{tag}> is not allowed: it could run code or load another site in readers' "
                   "browsers.", f"Remove the <{tag}> element and write the content in Markdown.")
        for match in HANDLER.finditer(line) if "<" in line or "{" in line else ():
            report(number, f"The event handler '{match['name']}=' is not allowed: it would run code when a reader "
                   "clicks or loads the page.", f"Remove the '{match['name']}=…' attribute.")
        # An address can only name a scheme with a colon, written as is or as an HTML entity.
        for url in _urls(line) if ":" in line or "&" in line else ():
            scheme = _scheme(url)
            if scheme in UNSAFE_SCHEMES:
                report(number, f"The address '{url[:40]}' uses '{scheme}:', which can run code or hide content.",
                       "Link to a page of the handbook or to an https:// address instead.")
    for number, target in _snippet_targets(lines, doc.body_line):
        shown = target if len(target) <= 60 else target[:57] + "..."
        try:
            path = (folder / target).resolve()
            exists = path.is_file() and not path.is_symlink()
        except (OSError, ValueError):  # a name no file system accepts (too long, a NUL character)
            report(number, f"The snippet name '{shown}' is not a file name.",
                   f"Include a file of {folder_name}/ by its name, like --8<-- \"shared.md\".")
            continue
        if target.startswith(("/", "\\")) or ".." in Path(target).parts or not path.is_relative_to(folder.resolve()):
            report(number, f"The snippet '{shown}' is outside {folder_name}/, the only folder snippets may come "
                   "from.", f"Put the text to include in {folder_name}/ and include it by its name there.")
        elif not exists:
            report(number, f"The snippet '{shown}' does not exist in {folder_name}/.",
                   f"Check the file name, or add the file to {folder_name}/.")
    return found


def snippets_folder(docs_dir: Path) -> Path:
    """The one folder snippets may be included from."""
    return Path(docs_dir) / "snippets"


def _without_code(line: str) -> str:
    """The line without its code spans; a scan, not a regular expression, so that it stays linear."""
    out, i = [], 0
    while i < len(line):
        if line[i] != "`":
            j = line.find("`", i)
            j = len(line) if j < 0 else j
            out.append(line[i:j])
            i = j
            continue
        j = i
        while j < len(line) and line[j] == "`":
            j += 1
        close = line.find(line[i:j], j)
        if close < 0:
            out.append(line[i:j])
            i = j
        else:
            i = close + (j - i)
    return "".join(out)


def _urls(line: str) -> list[str]:
    urls = [m["url"] for pattern in URL_PATTERNS for m in pattern.finditer(line)]
    return [u.strip("\"'") for u in urls]


def _scheme(url: str) -> str:
    # Browsers ignore entities, blanks and control characters inside a scheme ("java&#x09;script:").
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(url)).lower()
    return cleaned.split(":", 1)[0] if ":" in cleaned else ""


def _snippet_targets(lines: list[str], first: int) -> list[tuple[int, str]]:
    # pymdownx.snippets reads its markers everywhere, code blocks included.
    targets, block = [], False
    for offset, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(";--8<--"):
            continue
        if stripped == "--8<--":
            block = not block
            continue
        if inline := SNIPPET.match(stripped):
            targets.append((first + offset, inline["target"]))
        elif block and stripped and not stripped.startswith(";"):
            targets.append((first + offset, stripped))
    return [(n, _snippet_file(t)) for n, t in targets]


def _snippet_file(target: str) -> str:
    """The file a snippet target names, without its line numbers ('a.md:1:3') or section ('a.md:intro')."""
    # A loop over the colons from the end rather than a pattern, so that a long target costs linear time.
    rest = target
    while (parts := rest.rpartition(":"))[1] and LINES.fullmatch(parts[2]):
        rest = parts[0]
    if rest == target and (parts := target.rpartition(":"))[1] and SECTION.fullmatch(parts[2]):
        rest = parts[0]
    return rest or target


RAW_TAG = re.compile(r"<\s*(?P<tag>script|iframe|object|embed)\b", re.I)
# Linear: an attribute name starting with "on" anywhere on a line that has a tag or an attribute list.
HANDLER = re.compile(r"(?<![\w-])(?P<name>on[a-z]{3,})\s*=", re.I)
URL_PATTERNS = [
    re.compile(r"\]\(\s*<?(?P<url>[^)\s>]+)"),
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<url>\S+?)>?(?:\s|$)"),
    re.compile(r"<(?P<url>[a-z][\w+.-]*:[^>\s]*)>", re.I),
    re.compile(r"\b(?:href|src|action|formaction|xlink:href|data|poster)\s*=\s*(?P<url>\"[^\"]*\"|'[^']*'|[^\s>]+)",
               re.I),
]
UNSAFE_SCHEMES = {"javascript", "vbscript", "data"}
MARKUP_LIMITED = ["<", "["]
MAX_MARKUP = 300
LINES = re.compile(r"-?\d*")
SECTION = re.compile(r"[\w-]+")
SNIPPET = re.compile(r"^-{1,}8<-{1,}\s+(?P<q>[\"'])(?P<target>.+?)(?P=q)\s*$")
