"""The one YAML loader for contributor files: front matter, labels, the principle registry and the search settings.

Contributors' YAML is plain data. Before any object is built, the text is refused when it is over the size limit or
when it uses anchors (&name), aliases (*name) or tags (!name): aliases let a few lines expand into billions of values
(an "alias bomb") and tags ask for types the handbook never needs. The check reads PyYAML's event stream, which is
linear in the text, so a hostile file is refused in milliseconds.
"""

from __future__ import annotations

from typing import Any

import yaml

# libyaml's parser when PyYAML has it (its wheels do): several times faster than the pure-Python one.
LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The largest YAML text a contributor file may hold (front matter, labels.yml, principles.yml, search.yml).
MAX_BYTES = 256 * 1024


class YamlRefused(ValueError):
    """A YAML text the handbook does not read; `line` is 1-based within the text, or None."""

    def __init__(self, message: str, fix: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.line = line


def load(text: str) -> Any:
    """Parse contributor YAML as plain data; raises YamlRefused (never anything else) for text it does not accept."""
    node = compose(text)
    if node is None:
        return None
    try:
        return yaml.load(text, Loader=LOADER)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as error:
        raise _refusal(error) from None


def compose(text: str) -> yaml.Node | None:
    """The YAML node tree of a checked text (for line numbers); raises YamlRefused like `load`."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlRefused(f"This YAML text is larger than {MAX_BYTES // 1024} KB, the most the handbook reads.",
                          "Split the content into several files, or shorten it.")
    try:
        for event in yaml.parse(text, Loader=LOADER):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlRefused("YAML anchors and aliases ('&name', '*name') are not allowed: they can make a few "
                                  "lines expand into a huge amount of data.",
                                  "Write each value out in full instead of referring to another one.", line)
            if getattr(event, "tag", None) and not _implicit_tag(event):
                raise YamlRefused(f"YAML tags such as '{event.tag}' are not allowed.",
                                  "Remove the tag (the word starting with '!') and write the plain value.", line)
        return yaml.compose(text, Loader=LOADER)
    except YamlRefused:
        raise
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        raise _refusal(error) from None


def _implicit_tag(event: Any) -> bool:
    # libyaml reports the non-specific tag '!' for quoted scalars; that is no tag at all.
    return event.tag == "!" or (isinstance(event, yaml.ScalarEvent) and event.implicit[0] and event.tag is None)


def _refusal(error: BaseException) -> YamlRefused:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).split("\n")[0] or type(error).__name__
    return YamlRefused(f"This is not valid YAML: {problem}.",
                       "Check that line and the one above it: each key is 'key: value', lists are '[a, b]' or "
                       "'- item' lines, and text that contains ': ' or starts with a quote is wrapped in double "
                       "quotes.", mark.line + 1 if mark else None)
