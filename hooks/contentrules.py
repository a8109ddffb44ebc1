"""The allowlist for a page's rendered Markdown (hooks/allowlist.yml), and the messages that explain a refusal.

`check` walks the parsed HTML of one page; every element, attribute, class and address must be allowed. Each refusal
names the file and the line of the construct in the Markdown source, and says what to write instead, in plain words.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml


def check(body: Any, where: str, source: str) -> list[str]:
    """The refusals for one page's rendered content (`body` is the parsed <body> holding it)."""
    found: list[str] = []
    seen: set[str] = set()

    def refuse(needle: str, message: str, fix: str, *more: str) -> None:
        line = next((n for n in (_line(source, x) for x in (needle, *more)) if n), None)
        text = f"{where}{f', line {line}' if line else ''}: {message} {fix}"
        if text not in seen:
            seen.add(text)
            found.append(text)

    for node in body.traverse(include_text=False) if body is not None else ():
        tag = node.tag
        if tag in ("body", "-comment") or node.attributes.get("id") == "hb-content-end":
            continue
        if tag not in ELEMENTS:
            message, fix = _element_advice(tag)
            refuse(f"<{tag}", message, fix)
            continue
        for name, value in node.attributes.items():
            lowered = name.lower()
            value = value or ""
            if lowered.startswith("on"):
                refuse(name, f"the attribute '{name}' would run code in readers' browsers when they use the page.",
                       f"Remove '{name}=…'.")
            elif lowered not in ELEMENTS[tag] and lowered not in GLOBAL:
                what = "a style attribute could cover or change the page" if lowered == "style" else \
                    f"the attribute '{name}' is not allowed on <{tag}>"
                refuse(name, f"{what}.", "Remove it and write the text in plain Markdown.")
            elif lowered in URLS and (problem := url_problem(value, loads=URLS[lowered] == "loads")):
                refuse(value.strip()[:30], problem, _url_fix(URLS[lowered] == "loads"), value.strip()[:6], name)
            elif lowered == "class":
                for name_ in value.split():
                    if not _class_allowed(name_, tag):
                        refuse(name_, f"the style class '{name_}' is not allowed: it could change how the page "
                               "looks outside its text.", "Remove it; for a highlighted box use an admonition "
                               "('!!! note' or '!!! warning').")
            elif lowered == "id" and (value.startswith(("__", "md-")) or not ID.fullmatch(value)):
                refuse(value or "{#", f"the anchor name '{value[:40]}' is not allowed (it clashes with the page's "
                       "own parts).", "Use an anchor of letters, digits and hyphens, like {#my-section}.")
    return found


def url_problem(value: str, loads: bool = False) -> str | None:
    """Why a browser-read address is not allowed, or None. `loads`: fetched with the page, so it must stay local."""
    # As a browser reads it: entities are already decoded by the parser; tabs and newlines vanish anywhere, control
    # characters and spaces around it are dropped, and '\' counts as '/'.
    url = re.sub(r"[\t\n\r]", "", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12"
                                              "\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    url = url.replace("\\", "/")
    scheme = SCHEME.match(url)
    if scheme:
        name = scheme[1].lower()
        if name not in SAFE_SCHEMES:
            return (f"this address would run code or show hidden content in readers' browsers (it starts with "
                    f"'{name}:').")
        if loads:
            return f"this would be loaded from another website ({url[:40]})."
        return None
    if url.startswith("//") and loads:
        return f"this would be loaded from another website ({url[:40]})."
    return None


def _url_fix(loads: bool) -> str:
    if loads:
        return "Put the image file next to the page in docs/ and write ![description](picture.png)."
    return "Use a web address that starts with https://, or a link to another page of the handbook."


def _class_allowed(name: str, tag: str) -> bool:
    rules = ALLOWLIST["classes"]
    return (name in rules["exact"] or name.startswith(tuple(rules["prefixes"]))
            or (tag in rules["short_on"] and SHORT_CLASS.fullmatch(name) is not None))


def _element_advice(tag: str) -> tuple[str, str]:
    if tag == "script":
        return ("a <script> would run code in readers' browsers.", "Remove it; pages hold text only.")
    if tag in ("iframe", "frame", "object", "embed", "portal", "applet"):
        return (f"<{tag}> would show another website or a program inside the page.",
                "Link to it instead: [what it is](https://example.org/...).")
    if tag in ("form", "input", "button", "select", "textarea", "option", "label", "fieldset"):
        return (f"<{tag}>: forms are not allowed, they could send what readers type to someone else.",
                "Remove it; describe the steps in text instead.")
    if tag in ("base", "meta"):
        return (f"<{tag}> could send readers to another website.",
                "Remove it; link to other pages with [text](address).")
    if tag in ("style", "link"):
        return (f"<{tag}> could change how the page looks or where it leads.",
                "Remove it; the handbook's theme takes care of the page's look.")
    if tag in ("svg", "math") or tag in SVG_ANIMATION:
        return (f"drawings or formulas written as code (<{tag}>) are not allowed: they can run code.",
                "Use a PNG or JPEG image instead: ![description](picture.png).")
    return (f"the HTML element <{tag}> is not allowed in pages.",
            "Write it in Markdown instead (# headings, **bold**, *italics*, - lists, [links](address)).")


def _line(source: str, needle: str) -> int | None:
    """The line of the Markdown source where a refused construct is written, if it can be found."""
    if not needle:
        return None
    at = source.lower().find(needle.lower())
    if at < 0 and needle.startswith("<"):
        at = source.lower().find(needle[1:].lower())
    return source.count("\n", 0, at) + 1 if at >= 0 else None


ALLOWLIST: dict[str, Any] = yaml.safe_load((Path(__file__).parent / "allowlist.yml").read_text(encoding="utf-8"))
ELEMENTS: dict[str, set[str]] = {tag: set(attrs) for tag, attrs in ALLOWLIST["elements"].items()}
GLOBAL = set(ALLOWLIST["global"])
URLS: dict[str, str] = ALLOWLIST["urls"]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "cite", "background", "longdesc", "usemap",
                  "ping", "codebase", "manifest", "icon", "lowsrc", "dynsrc", "xmlns:xlink"} - {"xmlns:xlink"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
SVG_ANIMATION = {"animate", "set", "animatemotion", "animatetransform", "animatecolor", "discard", "handler",
                 "listener", "foreignobject", "use"}
SHORT_CLASS = re.compile(r"[a-z]{1,2}[a-z0-9]?")
ID = re.compile(r"[\w-]{1,120}")
