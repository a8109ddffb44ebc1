"""Links and anchors, checked from the sources: each broken one with its file, line, language and a fix.

MkDocs checks links only while it renders pages, and says neither the line nor what to write instead. This check
renders each page's Markdown with Python-Markdown and the extensions of mkdocs.yml (as MkDocs does, minus MkDocs
itself), reads the links and ids of the result with a real HTML parser (selectolax's Lexbor), and resolves every
link as MkDocs resolves it under static-i18n: relative to the page's source file, among the files of the page's own
language folder and the pages the build generates for that language (the printouts). Anchors are the ids the toc
extension gives headings (with mkdocs.yml's toc options and `{#id}` attributes), and any id written in HTML.

It is part of `validation.check`, so the build stops on a broken link in on_pre_build, before MkDocs renders
anything (MkDocs' own warning for the same link never comes), the preview lists it, and hooks/check.py prints it.
`problems(site, only)` renders only the pages named in `only` and the pages that link to them, which is what keeps
`hooks/check.py FILE` (pre-commit) under a second.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE
from selectolax.lexbor import LexborHTMLParser

import digests
from frontmatter import Doc, Problem, prose_lines
import registry
import safety
from registry import Site


def problems(site: Site, only: set[str] | None = None,
             reported: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    """Every broken link and anchor in the pages; with `only` (repository paths), in those pages and their linkers.

    Links to the files in `reported` (repository paths already reported as missing) are left out: one cause, one
    message.
    """
    checker = _Checker(site, reported)
    found: list[Problem] = []
    for doc in site.docs.values():
        if only is None or _affected(site, doc, only):
            found += checker.check(doc)
    if only is None:
        # A full check keeps only what it used: the cache holds one rendering per page, never every version of it.
        used = {(doc.body, _inputs(site)) for doc in site.docs.values()}
        for stale in [k for k in _rendered if k not in used]:
            del _rendered[stale]
    return found


class _Checker:
    """Renders pages once each, on demand, and resolves their links."""

    def __init__(self, site: Site, reported: set[str] | frozenset[str] = frozenset()) -> None:
        self.site = site
        self.reported = reported
        self._md: markdown.Markdown | None = None
        self.rendered: dict[tuple[str, str], tuple[list[tuple[str, str, bool]], set[str]] | None] = {}
        self.files: dict[str, set[str]] = {}

    def render(self, doc: Doc) -> tuple[list[tuple[str, str, bool]], set[str]] | None:
        """(links as (tag, url, written in Markdown), ids) of one page; None when it cannot be rendered here."""
        key = (doc.lang, doc.rel)
        if key not in self.rendered:
            self.rendered[key] = None
            if doc.parsed and not _too_complex(doc) and not any(p.path == self.site.rel_path(doc.path)
                                                                for p in self.site.problems):
                # The result depends only on the page's text, the snippets it may include and the Markdown options:
                # a `mkdocs serve` rebuild renders again only the pages whose text (or a snippet) changed.
                cache_key = (doc.body, _inputs(self.site))
                if cache_key not in _rendered:
                    # Made on first use: a one-file check of a page without links never loads the extensions.
                    self._md = self._md or _markdown(self.site)
                    try:
                        html = self._md.reset().convert(doc.body)
                    except Exception:  # noqa: BLE001 - the build's render of the page reports what is wrong with it
                        return None
                    tree = LexborHTMLParser(html)
                    links = [(node.tag, node.attributes.get("href" if node.tag == "a" else "src") or "",
                              MARK in node.attributes) for node in tree.css("a[href], img[src]")]
                    ids = {node.attributes.get("id") or "" for node in tree.css("[id]")}
                    ids |= {node.attributes.get("name") or "" for node in tree.css("a[name]")}
                    _rendered[cache_key] = (links, frozenset(ids - {""}))
                links, ids = _rendered[cache_key]
                self.rendered[key] = (list(links), set(ids))
        return self.rendered[key]

    def known(self, lang: str) -> set[str]:
        """The source paths (as MkDocs names them: 'cs/principles/x.md') of the files one language build has."""
        if lang not in self.files:
            folder = self.site.docs_dir / lang
            found = {f"{lang}/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*")
                     if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)}
            self.files[lang] = found | set(generated(self.site, lang))
        return self.files[lang]

    def check(self, doc: Doc) -> list[Problem]:
        result = self.render(doc)
        if result is None:
            return []
        found = []
        seen: dict[str, int] = {}
        for tag, url, in_markdown in result[0]:
            seen[url] = seen.get(url, 0) + 1
            problem = self.link(doc, url, in_markdown, result[1])
            if problem:
                message, fix = problem
                found.append(Problem(self.site.rel_path(doc.path), message, fix, line=_line(doc, url, seen[url]),
                                     lang=doc.lang, principle=doc.stem if self.site.collection(doc) else None))
        return found

    def link(self, doc: Doc, url: str, in_markdown: bool, own_ids: set[str]) -> tuple[str, str] | None:
        """(message, fix) for a broken link, or None."""
        scheme, netloc, path, _, anchor = urlsplit(url)
        if scheme or netloc or AMP_SUBSTITUTE in url or url.startswith("//"):
            return None
        src = f"{doc.lang}/{doc.rel}"
        if not path:
            return self.anchor(url, anchor, own_ids, None) if anchor else None
        path = unquote(path)
        if not in_markdown:
            return _html_link(url, path)
        if url.startswith(("/", "\\")):
            target = posixpath.normpath(path.lstrip("/\\"))
            guess = next((t for t in (target, f"{doc.lang}/{target}") if t in self.known(doc.lang)), None)
            fix = (f"Write it relative to this page: '{_relative(guess, src, anchor)}'." if guess else
                   "Write it relative to this page, to a file in this language's folder.")
            return (f"The link '{url}' starts with '/', so it would break when the handbook is published in a "
                    "sub-folder of a website.", fix)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src), path)).lstrip("/")
        if target in self.known(doc.lang):
            ids = self.ids(target) if anchor and target.endswith(".md") else None
            return self.anchor(url, anchor, ids, self.site.docs_dir / target) if ids is not None else None
        if self.site.rel_path(self.site.docs_dir / target) in self.reported:
            return None
        return self.missing(doc, url, path, target, anchor)

    def ids(self, target: str) -> set[str] | None:
        """The anchors of a target page; None when it has a problem of its own (reported once, for that page)."""
        lang, _, rel = target.partition("/")
        doc = self.site.docs.get((lang, rel))
        if doc is None:
            # A generated page (a printout): MkDocs knows no anchors in it.
            return set()
        result = self.render(doc)
        return result[1] if result else None

    def anchor(self, url: str, anchor: str, ids: set[str], page: Path | None) -> tuple[str, str] | None:
        if anchor in ids:
            return None
        where = f"{self.site.rel_path(page)} has" if page else "this page has"
        message = f"The link '{url}' leads to the anchor '#{anchor}', which {where} no heading or element with."
        candidates = sorted(i for i in ids if not i.startswith(("fn:", "fnref:", "__")))
        close = difflib.get_close_matches(anchor, candidates, n=1, cutoff=0.6)
        if close:
            fix = f"Did you mean '#{close[0]}'? Write the link as '{url.split('#', 1)[0]}#{close[0]}'."
        elif candidates:
            fix = f"Use one of the page's anchors: {', '.join('#' + c for c in candidates[:8])}."
        else:
            fix = "Remove '#" + anchor + "' from the link: that page has no headings to link to."
        return message, fix

    def missing(self, doc: Doc, url: str, path: str, target: str, anchor: str) -> tuple[str, str]:
        src = f"{doc.lang}/{doc.rel}"
        known = self.known(doc.lang)
        shown = f"{self.site.rel_path(self.site.docs_dir)}/{target}"
        lang, _, rel = target.partition("/")
        others = [code.code for code in self.site.languages if code.code != doc.lang]
        name = self.site.language_name(doc.lang)
        if lang in others:
            own = f"{doc.lang}/{rel}"
            fix = (f"Link to the page in {name}: '{_relative(own, src, anchor)}'." if own in known else
                   f"Link to a page in {self.site.rel_path(self.site.docs_dir)}/{doc.lang}/, or remove the link.")
            return (f"The link '{url}' leads into the {self.site.language_name(lang)} ({lang}) folder; a page links "
                    f"only to pages of its own language ({doc.lang}).", fix)
        if not posixpath.splitext(path)[1]:
            guess = next((t for t in (target + ".md", posixpath.join(target, "index.md")) if t in known), None)
            fix = (f"Did you mean '{_relative(guess, src, anchor)}'? Links name the page's file." if guess else
                   "Link to the page's file, ending in '.md'.")
            return f"The link '{url}' does not name a file, so the build cannot tell which page it leads to.", fix
        folder = f"{self.site.rel_path(self.site.docs_dir)}/{doc.lang}/"
        if lang != doc.lang:
            return (f"The link '{url}' leads to {shown}, outside {folder}; a page links only to files of its own "
                    "language's folder.", f"Link to a file in {folder}, or write the full address (https://…) of "
                    "what it should open.")
        kind = "page" if path.endswith(".md") else "file"
        elsewhere = [f"{self.site.language_name(code)} ({code})" for code in others
                     if f"{code}/{rel}" in self.known(code)]
        message = f"The link '{url}' leads to {shown}, which does not exist."
        if elsewhere:
            source = next(code for code in others if f"{code}/{rel}" in self.known(code))
            return (f"{message} That {kind} exists only in {', '.join(elsewhere)}.",
                    f"Create {shown} in {name} (from {self.site.rel_path(self.site.docs_dir)}/{source}/{rel}), or "
                    "remove the link.")
        suffix = posixpath.splitext(path)[1]
        close = difflib.get_close_matches(target, sorted(k for k in known if k.endswith(suffix)), n=1, cutoff=0.6)
        if close:
            return message, f"Did you mean '{_relative(close[0], src, anchor)}'? Correct the link, or create {shown}."
        return message, f"Create {shown}, or remove the link."


def generated(site: Site, lang: str) -> list[str]:
    """The source paths of the pages the build generates in one language build (the printouts), as MkDocs sees them."""
    if "printing" not in site.settings.hooks:
        return []
    return [registry.print_source(site, lang, part) for part in registry.print_parts(site)]


def _affected(site: Site, doc: Doc, only: set[str]) -> bool:
    # A changed page, or a page whose text names a changed file (so may link to it), or a page with a link to a
    # file that no longer exists (a page renamed or deleted by the change): the pages whose links the change touches.
    rel = site.rel_path(doc.path)
    if rel in only:
        return True
    body = doc.body
    if any(Path(name).name in body for name in only if Path(name).name != "index.md"):
        return True
    if any(Path(name).name == "index.md" and Path(name).parent.name + "/" in body for name in only):
        return True
    for match in LINK_TARGET.finditer(body):
        parts = urlsplit(match[1] or match[2] or "")
        path = parts.path
        if path and not parts.scheme and not parts.netloc and not path.startswith("/"):
            if not (doc.path.parent / unquote(path)).exists():
                return True
    return False


def _inputs(site: Site) -> str:
    """What a page's rendering depends on besides its text, as one digest (worked out once per site): the Markdown
    extensions with their options, the toc options, and every file the snippets extension may include."""
    if id(site) not in _digests or _digests[id(site)][0] is not site:
        options = site.settings.markdown.get("pymdownx.snippets")
        paths = ((options or {}).get("base_path") or ["."]) if "pymdownx.snippets" in site.settings.markdown else []
        folders = [site.root / base for base in ([paths] if isinstance(paths, str) else paths)]
        _digests.clear()
        _digests[id(site)] = (site, repr((sorted(site.settings.markdown.items(), key=lambda item: item[0]),
                                          sorted(site.settings.toc.items()), digests.snippets(folders))))
    return _digests[id(site)][1]


def _too_complex(doc: Doc) -> bool:
    # A page safety.py refuses for more markup than Python-Markdown converts quickly is not rendered here either.
    prose = [text for _, text in prose_lines(doc.body, doc.body_line)]
    return any(sum(text.count(mark) for text in prose) > safety.MAX_MARKUP for mark in safety.MARKUP_LIMITED)


def _markdown(site: Site) -> markdown.Markdown:
    # The extensions of mkdocs.yml with their options; snippets' folders are relative to mkdocs.yml's folder, as
    # they are to the folder MkDocs runs in. An extension that cannot be loaded outside MkDocs is left out.
    extensions, configs = [], {}
    for name, options in site.settings.markdown.items():
        options = dict(options or {})
        if name == "pymdownx.snippets":
            paths = options.get("base_path") or ["."]
            options["base_path"] = [str(site.root / p) for p in ([paths] if isinstance(paths, str) else paths)]
        if name in ("toc", "markdown.extensions.toc"):
            # The handbook refuses toc options that change anchors (datachecks.py says so, once); the anchors are
            # checked as the handbook has them, so that one mistake in mkdocs.yml is not also every link's.
            options = {k: v for k, v in {**site.settings.toc, **options}.items() if k not in ("slugify", "separator")}
        extensions.append(name)
        configs[name] = options
    for _ in range(len(extensions) + 1):
        try:
            md = markdown.Markdown(extensions=extensions, extension_configs=configs)
            break
        except Exception as error:  # noqa: BLE001 - drop the one extension that fails, keep the rest
            failing = next((e for e in extensions if e in str(error) or e.rsplit(".", 1)[-1] in str(error)), None)
            if failing is None:
                extensions, configs = ["toc", "attr_list", "md_in_html"], {}
            else:
                extensions.remove(failing)
    else:
        md = markdown.Markdown(extensions=["toc", "attr_list", "md_in_html"])
    md.treeprocessors.register(_MarkMarkdownLinks(md), "handbook_links", 0)
    return md


class _MarkMarkdownLinks(Treeprocessor):
    """Marks the links MkDocs resolves (those in the element tree; raw HTML is left as written)."""

    def run(self, root: Any) -> None:
        for element in root.iter():
            if element.tag in ("a", "img"):
                element.set(MARK, "")


def _html_link(url: str, path: str) -> tuple[str, str] | None:
    # MkDocs leaves links written in HTML as they are, so a link to a '.md' file would lead nowhere online.
    if path.endswith(".md"):
        return (f"The link '{url}' is written in HTML, so the build does not turn it into the page's address.",
                f"Write it as a Markdown link: [text]({url}); inside HTML, add 'markdown' to the enclosing element.")
    return None


def _relative(target: str, src: str, anchor: str) -> str:
    rel = posixpath.relpath(target, posixpath.dirname(src))
    return rel + (f"#{anchor}" if anchor else "")


def _line(doc: Doc, url: str, occurrence: int) -> int:
    """The line of the `occurrence`-th link to `url` in the page's source (its first line when not found)."""
    lines = [(number, text) for number, text in prose_lines(doc.body, doc.body_line) if url in text
             or url.replace("&", "&amp;") in text]
    if not lines:
        return doc.body_line
    return lines[min(occurrence, len(lines)) - 1][0]


MARK = "data-handbook-markdown"
# Each page's links and ids, by (its Markdown text, _inputs()), from one full check to the next.
_rendered: dict[tuple[str, str], tuple[list[tuple[str, str, bool]], frozenset[str]]] = {}
# The digest of _inputs() for the site being checked.
_digests: dict[int, tuple[Site, str]] = {}
LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)|href=[\"']([^\"']+)")
