"""The one YAML loader for contributor files: front matter, labels, the principle registry and the search settings.

Contributors' YAML is plain data. Before any object is built, the text is refused when it is over the size limit or
when it uses anchors (&name), aliases (*name) or tags (!name): aliases let a few lines expand into billions of values
(an "alias bomb") and tags ask for types the handbook never needs. The check reads PyYAML's event stream, which is
linear in the text, so a hostile file is refused in milliseconds. A key written twice in one block is refused too
(the parser would silently keep the last). Every refusal says in plain words what is wrong on which line and what
to write instead (yamlwords.py).
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


def load(text: str, first_line: int = 1) -> Any:
    """Parse contributor YAML as plain data; raises YamlRefused (never anything else) for text it does not accept.

    `first_line` is the file line the text starts on (2 for front matter), for the lines the messages name.
    """
    node = compose(text, first_line)
    if node is None:
        return None
    try:
        return yaml.load(text, Loader=LOADER)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as error:
        raise yamlwords.explain(text, error, first_line) from None


def compose(text: str, first_line: int = 1) -> yaml.Node | None:
    """The YAML node tree of a checked text (for line numbers); raises YamlRefused like `load`."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlRefused(f"This YAML text is larger than {MAX_BYTES // 1024} KB, the most the handbook reads.",
                          "Split the content into several files, or shorten it.")
    try:
        for event in yaml.parse(text, Loader=LOADER):
            line = event.start_mark.line + first_line if event.start_mark else None
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlRefused("YAML anchors and aliases ('&name', '*name') are not allowed: they can make a few "
                                  "lines expand into a huge amount of data.",
                                  "Write each value out in full instead of referring to another one; if the '&' or "
                                  "'*' belongs to the text, put the whole value in double quotes.", line)
            if getattr(event, "tag", None) and not _implicit_tag(event):
                raise YamlRefused(f"YAML tags such as '{event.tag}' are not allowed: a value that starts with '!' is "
                                  "read as one.", "If the '!' belongs to the text, put the whole value in double "
                                  "quotes; otherwise remove the word starting with '!'.", line)
        node = yaml.compose(text, Loader=LOADER)
    except YamlRefused:
        raise
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        raise yamlwords.explain(text, error, first_line) from None
    yamlwords.refuse_duplicate_keys(node, first_line)
    return node


def load_data_file(text: str, shown: str) -> tuple[Any, yaml.Node | None]:
    """A data file's values and node tree (for line numbers), or a build-stopping error naming the file and line."""
    from mkdocs.exceptions import PluginError  # only the hooks that stop a build need it

    try:
        return load(text) or {}, compose(text)
    except YamlRefused as error:
        where = f", line {error.line}" if error.line else ""
        raise PluginError(f"{shown}{where}: {error.message} {error.fix}") from None


def _implicit_tag(event: Any) -> bool:
    # libyaml reports the non-specific tag '!' for quoted scalars; that is no tag at all.
    return event.tag == "!" or (isinstance(event, yaml.ScalarEvent) and event.implicit[0] and event.tag is None)


import yamlwords  # noqa: E402 - it raises this module's YamlRefused
