"""Guard hook: what the site ships cannot run a contributor's code, load another site, redirect or overlay the page.

Two checks, both with a real HTML5 parser (selectolax's Lexbor, the parser of a browser engine):
1. Each page's rendered Markdown (with the blocks the hooks generate) is held to hooks/allowlist.yml, and must close
   every element, attribute and comment it opens. Anything else stops the build, naming the file, the line and what
   to write instead (contentrules.py words the message); one build lists every refused page.
2. Once every language is built, every HTML file in the site is parsed again:
   - a script is allowed only if the theme or overrides/ ship it: an external script must be a file of theme or
     overrides assets; an inline one must have the shape of a <script> of a theme or override template (its Jinja
     expressions may only fill in addresses), or one a hook declares in INLINE_SCRIPTS;
   - no event handler, style attribute, <base>, <meta http-equiv> (but the policy), <object>, <embed>, <iframe>,
     <template>, <noscript>, SVG animation or unsafe address anywhere, and no <style> outside <head>;
   - it gets a Content-Security-Policy <meta> tag as the first element after <meta charset>, with the hashes of the
     inline scripts and styles it holds, so that the browser refuses any other script.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from selectolax.lexbor import LexborHTMLParser

import contentrules
import preview
import registry
import translations
from frontmatter import Problem

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger("handbook.guard")

# Built file -> source page, over all language builds of one full build, to name the page a problem comes from.
_sources: dict[str, str] = {}


# Each output page's parse (see _check_document), by the hash of its text and the allowed script shapes; the keys
# the current full build used.
_parsed: dict[tuple[bytes, tuple[str, ...]], tuple[list[str | tuple[str]], list[str], list[str]]] = {}
_parsed_now: set[tuple[bytes, tuple[str, ...]]] = set()

# Refusals of the current language build's pages, reported in on_env.
_refused: list[str] = []


def on_startup(command: str, dirty: bool) -> None:
    preview.started(command)


def on_pre_build(config: MkDocsConfig) -> None:
    _refused.clear()
    if registry.is_first_language_build(config):
        _sources.clear()


# Last of all on_page_content handlers, so that it sees the blocks the other hooks generate.
@event_priority(-200)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    where = registry.repo_path(config, page.file.abs_src_path or page.file.src_uri)
    # The whole file, front matter included, so that lines are counted as the contributor's editor counts them.
    try:
        source = page.file.content_string
    except (OSError, UnicodeDecodeError):
        source = page.markdown or ""
    problems = content_problems(html, where, source)
    if problems and preview.serving():
        # The preview shows the page's problems in place of its text, and keeps serving.
        site = registry.site(config)
        for problem in problems:
            match = REFUSAL.match(problem.removeprefix(where))
            preview.add(site, Problem(where, match["message"] if match else problem,
                                      "Write this part of the page in plain Markdown, as the message says.",
                                      line=int(match["line"]) if match and match["line"] else None,
                                      lang=registry.current_language(config)))
        lang, _, rel = page.file.src_uri.partition("/")
        doc = site.docs.get((lang, rel))
        draft = doc is not None and translations.status(site, doc) == translations.DRAFT
        return preview.notices(site, doc, page.url, draft, dest=page.file.dest_uri)
    if problems:
        # Reported together once every page is read (on_env), so that one build lists every refused page.
        _refused.extend(problems)
        return ""
    return html


# After every page is read and rendered, before any is written.
def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    if _refused and not preview.serving():
        problems = list(dict.fromkeys(_refused))
        _refused.clear()
        raise PluginError(f"The handbook has {len(problems)} construct(s) that pages may not contain:\n  "
                          + "\n  ".join(problems))
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    _sources[os.path.normpath(os.path.join(config.site_dir, page.file.dest_uri))] = registry.repo_path(
        config, page.file.abs_src_path or page.file.src_uri)
    return output


# After every other on_post_build (static-i18n's builds at -100, sitemaps and search at -150): the final files.
@event_priority(-300)
def on_post_build(config: MkDocsConfig) -> None:
    if not registry.is_first_language_build(config):
        return
    site_dir = Path(config.site_dir)
    shapes = _inline_shapes(tuple(config.theme.dirs), tuple(_declared(config)))
    assets = _theme_files(tuple(config.theme.dirs))
    problems = []
    _parsed_now.clear()
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8", errors="replace")
        found, scripts, styles = _check_shown(text, path, site_dir, shapes, assets)
        source = _sources.get(os.path.normpath(str(path)))
        where = path.relative_to(site_dir).as_posix() + (f" (from {source})" if source else "")
        problems += [f"site/{where}: {problem}" for problem in found]
        if found and preview.serving():
            # The preview serves a page naming the problems in place of a page it may not show.
            text, scripts, styles = preview.document(f"site/{where} cannot be shown", found), [], []
        if not found or preview.serving():
            path.write_text(with_policy(text, scripts, styles), encoding="utf-8")
    # Only the current pages' parses are kept for the next rebuild.
    for stale in [key for key in _parsed if key not in _parsed_now]:
        del _parsed[stale]
    if problems and preview.serving():
        log.error("The built site failed its safety check:\n  " + "\n  ".join(problems[:50]))
    elif problems:
        raise PluginError("The built site failed its safety check; nothing it holds may be published:\n  "
                          + "\n  ".join(problems[:50]))


def content_problems(html: str, where: str, source: str) -> list[str]:
    """The refusals for one page's rendered content; `source` is its Markdown file's text, to find the lines."""
    # A mark after the content: if the content leaves a tag, an attribute, a comment or an element open, the mark is
    # swallowed, and in the real page the theme's own markup after the content would be too.
    tree = LexborHTMLParser(f"<body>{html}{END_MARK}</body>")
    problems = contentrules.check(tree.body, where, source)
    mark = tree.css_first(f"#{END_ID}")
    if mark is None or mark.parent is None or mark.parent.tag != "body":
        problems = [p for p in problems if END_ID not in p]
        problems.append(f"{where}: an HTML element, attribute or comment ('<!--') is opened but never closed, so "
                        "it would swallow the rest of the page. Close it, or write the text in plain Markdown.")
    return problems


def with_policy(text: str, scripts: list[str], styles: list[str]) -> str:
    """The page with its Content-Security-Policy meta tag right after <meta charset>, replacing an older one."""
    text = POLICY_TAG.sub("", text)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(scripts, styles)}">'
    head = CHARSET.search(text)
    if head is None:
        head = HEAD.search(text)
    if head is None:
        return tag + text
    return text[: head.end()] + tag + text[head.end():]


def policy(scripts: list[str], styles: list[str]) -> str:
    """The policy for a page with these inline scripts and styles: nothing runs or loads but the site's own files."""
    script_hashes = " ".join(sorted({f"'sha256-{_hash(s)}'" for s in scripts}))
    if preview.serving():
        # `mkdocs serve` adds its live-reload script to every page as it sends it, different each time, so no hash
        # can name it. The preview allows inline scripts; the checks above still refuse any but the theme's.
        script_hashes = "'unsafe-inline'"
    style_hashes = " ".join(sorted({f"'sha256-{_hash(s)}'" for s in styles}))
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' {script_hashes}".rstrip(),
        f"style-src 'self' {style_hashes}".rstrip(),
        # Material's icons are data: images inside its stylesheet.
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def _check_shown(text: str, path: Path, site_dir: Path, shapes: list[re.Pattern[str]],
                 assets: frozenset[str]) -> tuple[list[str], list[str], list[str]]:
    # The preview's notices change every page when a problem comes or goes, and nothing else on most of them: the
    # page without them and the notices are checked apart (each parse kept by its text), as one would be, unless
    # the notices themselves hold something refused (then the whole page is checked, for the messages' order).
    notices = preview.shown(path.relative_to(site_dir).as_posix()) if preview.serving() else None
    start = text.find(notices) if notices else -1
    if notices and start >= 0:
        own = _check_document(notices, path, site_dir, shapes, assets)
        if not own[0]:
            rest = _check_document(text[:start] + text[start + len(notices):], path, site_dir, shapes, assets)
            return rest[0], rest[1] + own[1], rest[2] + own[2]
    return _check_document(text, path, site_dir, shapes, assets)


def _check_document(text: str, path: Path, site_dir: Path, shapes: list[re.Pattern[str]],
                    assets: frozenset[str]) -> tuple[list[str], list[str], list[str]]:
    # The parse depends only on the page's text and the allowed script shapes, so a `mkdocs serve` rebuild parses
    # only the pages whose output changed; where a script leads is looked up on disk every time.
    key = (hashlib.sha256(text.encode("utf-8")).digest(), tuple(shape.pattern for shape in shapes))
    if key not in _parsed:
        _parsed[key] = _parse_document(text, shapes)
    _parsed_now.add(key)
    found, scripts, styles = _parsed[key]
    return ([item if isinstance(item, str) else
             f"the script {item[0]!r} is not one the theme or overrides/ ship."
             for item in found if isinstance(item, str) or not _theme_script(path, site_dir, item[0], assets)],
            list(scripts), list(styles))


def _parse_document(text: str, shapes: list[re.Pattern[str]]) -> tuple[list[str | tuple[str]], list[str], list[str]]:
    """What one page holds against the allowlist: the refusals (a script's address as a 1-tuple, to look up), its
    inline scripts and its inline styles."""
    tree = LexborHTMLParser(text)
    found: list[str | tuple[str]] = []
    scripts: list[str] = []
    styles: list[str] = []
    head = tree.head
    for node in tree.root.traverse(include_text=False) if tree.root else ():
        tag = node.tag.lower()
        attributes = node.attributes
        for name, value in attributes.items():
            lowered = name.lower()
            if lowered.startswith("on"):
                found.append(f"<{tag}> has the event handler '{name}'.")
            elif lowered == "style":
                found.append(f"<{tag}> has a style attribute, which could cover the page.")
            elif lowered in contentrules.URL_ATTRIBUTES or lowered.endswith(":href"):
                if problem := contentrules.url_problem(value or "", loads=lowered != "href" or tag != "a"):
                    if not (tag == "link" and lowered == "href" and _alternate(attributes, value or "")):
                        found.append(f"<{tag} {name}>: {problem}")
            elif lowered == "srcset":
                found.append(f"<{tag}> has 'srcset', which the handbook does not use.")
        if tag in FORBIDDEN or tag in contentrules.SVG_ANIMATION:
            found.append(f"<{tag}> is not allowed on any page.")
        elif tag == "meta" and (attributes.get("http-equiv") or "").lower() not in ("", "content-security-policy"):
            found.append(f"<meta http-equiv=\"{attributes.get('http-equiv')}\"> is not allowed.")
        elif tag == "style":
            if node.parent is None or node.parent.tag != "head" or head is None:
                found.append("a <style> element outside the page's <head>.")
            styles.append(node.text(deep=True))
        elif tag == "script":
            kind = (attributes.get("type") or "").lower()
            if "src" in attributes:
                found.append((attributes.get("src") or "",))
            elif kind in DATA_TYPES:
                continue
            else:
                body = node.text(deep=True)
                if not any(shape.fullmatch(body) for shape in shapes):
                    found.append(f"an inline script that no theme or override template ships: {body[:60]!r}.")
                scripts.append(body)
    return found, scripts, styles


def _alternate(attributes: dict[str, str | None], value: str) -> bool:
    # The page's own address and its other languages (rel canonical and alternate) are links, not loads.
    return (attributes.get("rel") or "") in ("canonical", "alternate") and not contentrules.url_problem(value)


def _theme_script(path: Path, site_dir: Path, src: str, assets: frozenset[str]) -> bool:
    if contentrules.url_problem(src, loads=True):
        return False
    address = src.split("?")[0].split("#")[0]
    # A root-relative address (the 404 page's) is read from the site's root.
    base = site_dir if address.startswith("/") else path.parent
    target = os.path.normpath(os.path.join(base, address.lstrip("/")))
    rel = os.path.relpath(target, site_dir).replace(os.sep, "/")
    return not rel.startswith("..") and rel in assets and os.path.isfile(target)


@lru_cache(maxsize=4)
def _theme_files(dirs: tuple[str, ...]) -> frozenset[str]:
    """The script files of the theme and the overrides, as paths in the site."""
    found = set()
    for folder in dirs:
        for root, _, names in os.walk(folder):
            for name in names:
                if name.endswith(".js"):
                    found.add(os.path.relpath(os.path.join(root, name), folder).replace(os.sep, "/"))
    return frozenset(found)


@lru_cache(maxsize=4)
def _inline_shapes(dirs: tuple[str, ...], declared: tuple[str, ...]) -> list[re.Pattern[str]]:
    """Patterns of the inline scripts templates ship: their text, with each Jinja expression an address."""
    bodies = list(declared)
    for folder in dirs:
        for root, _, names in os.walk(folder):
            for name in names:
                if name.endswith(".html"):
                    source = Path(root, name).read_text(encoding="utf-8", errors="replace")
                    bodies += [m["body"] for m in TEMPLATE_SCRIPT.finditer(source) if m["body"].strip()]
    shapes = []
    for body in bodies:
        parts = JINJA.split(body)
        pattern = "".join(ADDRESS if part.startswith("{{") else "" if part.startswith(("{%", "{#"))
                          else re.escape(part) for part in parts)
        shapes.append(re.compile(pattern, re.S))
    return shapes


def _declared(config: MkDocsConfig) -> list[str]:
    # Hooks that write an inline script into pages declare its shape (Jinja syntax for the address it holds).
    return [shape for plugin in config.plugins.values() if type(plugin) is type(sys)
            for shape in getattr(plugin, "INLINE_SCRIPTS", ())]


def _hash(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# A refusal after its file name (contentrules.check): ", line 4: what is wrong. What to write instead."
REFUSAL = re.compile(r"^(?:, line (?P<line>\d+))?: (?P<message>.*)$", re.S)
END_ID = "hb-content-end"
END_MARK = f'<i id="{END_ID}"></i>'
FORBIDDEN = {"base", "object", "embed", "iframe", "frame", "frameset", "applet", "template", "portal", "fencedframe",
             # Parsed differently with scripting on (browsers) and off (the checking parser): never shipped.
             "noscript", "noembed", "noframes", "xmp", "plaintext", "textarea", "math"}
DATA_TYPES = {"application/json", "application/ld+json"}
TEMPLATE_SCRIPT = re.compile(r"<script(?:\s+id=\"[\w-]+\")?>(?P<body>.*?)</script>", re.S)
JINJA = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.S)
# What a template expression inside a script may become: a relative address on the site, never code, a scheme or
# another host ('//host').
ADDRESS = r"(?!//)[\w./#?%~-]{0,500}"
CHARSET = re.compile(r"<meta charset=\"?[\w-]+\"?\s*/?>", re.I)
HEAD = re.compile(r"<head[^>]*>", re.I)
POLICY_TAG = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
