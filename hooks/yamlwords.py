"""YAML mistakes said in plain words: which line, what is wrong with it, and what to write instead.

Contributors write YAML in front matter and in the data files (labels.yml, principles.yml, search.yml, the guidebook
data). The parser's own words ("mapping values are not allowed here", "could not find expected ':'") describe its
state, not the mistake, so this module looks at the line the parser stopped on and names the usual mistakes: a tab
used for indenting, a missing colon, a quote that is never closed, a line indented differently from its neighbours,
a key written twice, a value that contains ': ' or starts with a character YAML reserves. The parser's words follow
in brackets, for maintainers.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

import safeyaml


def explain(text: str, error: BaseException, first_line: int = 1) -> safeyaml.YamlRefused:
    """The plain-words refusal for a parser error in `text` (which starts on file line `first_line`)."""
    lines = text.split("\n")
    problem = str(getattr(error, "problem", None) or str(error).split("\n")[0] or type(error).__name__)
    context = str(getattr(error, "context", None) or "")
    mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    at = mark.line if mark is not None else None
    start = context_mark.line if context_mark is not None else at
    raw = f" [YAML parser: {' '.join(part for part in (context, problem) if part)}]"

    def refusal(index: int | None, message: str, fix: str) -> safeyaml.YamlRefused:
        return safeyaml.YamlRefused(message + raw, fix, index + first_line if index is not None else None)

    def number(index: int) -> int:
        return index + first_line

    # A tab in the indentation is the likeliest cause wherever the parser stopped.
    limit = (at if at is not None else len(lines) - 1) + 1
    for index, line in enumerate(lines[:limit]):
        if "\t" in line[: len(line) - len(line.lstrip())]:
            return refusal(index, f"Line {number(index)} starts with a tab; YAML needs spaces for indenting.",
                           f"Replace the tab at the start of line {number(index)} with spaces (as many as the lines "
                           "around it use).")
    if "quoted scalar" in context and start is not None:
        quote = _char(lines, context_mark) if context_mark is not None else '"'
        quote = quote if quote in "\"'" else '"'
        return refusal(start, f"The quote ({quote}) that opens a value on line {number(start)} is never closed.",
                       f"Add the closing {quote} at the end of the value on line {number(start)}.")
    # A quoted value left open swallows the lines after it, so the parser stops further down: find where it opened.
    for index, line in enumerate(lines[:limit]):
        pair = KEY_VALUE.match(line) or ITEM.match(line)
        value = pair["value"].strip() if pair else ""
        if value[:1] in ("'", '"') and _unbalanced(value):
            quote = value[0]
            return refusal(index, f"The quote ({quote}) that opens the value on line {number(index)} is not closed "
                           "on that line.", f"Add the closing {quote} at the end of the value on line {number(index)}.")
    for index in dict.fromkeys(i for i in (start, at) if i is not None and i < len(lines)):
        special = _special_value(lines[index])
        if special:
            key, value = special
            return refusal(index, f"The value on line {number(index)} starts with '{value[0]}', which YAML reads "
                           "as a special character, not as text.",
                           f"Put the whole value in double quotes: {key}{_quoted(value)}")
    if "expected ':'" in problem and start is not None:
        return refusal(start, f"Line {number(start)} has no ':' after its key, so it is neither a 'key: value' "
                       "line nor part of the value above it.",
                       "Write it as 'key: value' (a colon and a space after the key); if the text continues the "
                       "value of the line above, put that whole value in double quotes on one line.")
    if "mapping values are not allowed" in problem and at is not None and at < len(lines):
        pair = KEY_VALUE.match(lines[at])
        if pair and ": " in pair["value"] + " ":
            return refusal(at, f"The value on line {number(at)} contains ': ', which YAML reads as the start of "
                           "another key.", f"Put the whole value in double quotes: {pair['key']}"
                           f"{_quoted(pair['value'].strip())}")
        return refusal(at, f"Line {number(at)} is indented more than the line above it, as if it belonged to it.",
                       _INDENT_FIX)
    if ("expected ',' or" in problem or "flow" in context) and start is not None:
        closing = "}" if "mapping" in context or "'}'" in problem else "]"
        return refusal(start, f"The list that opens on line {number(start)} is not closed with '{closing}', or two "
                       "of its items have no comma between them.",
                       f"Separate the items with ', ' and end the list with '{closing}' on the same line.")
    if ("expected key" in problem or "block end" in problem or "indentation" in problem) and at is not None:
        return refusal(at, f"Line {number(at)} is indented differently from the lines around it.", _INDENT_FIX)
    where = at if at is not None else None
    return refusal(where, f"Line {number(where)} cannot be read as YAML." if where is not None else
                   "This text cannot be read as YAML.",
                   "Check that line and the one above it: each key is 'key: value', lists are '[a, b]' or '- item' "
                   "lines, and text that contains ': ' or starts with a quote is wrapped in double quotes.")


def refuse_duplicate_keys(node: Any, first_line: int = 1) -> None:
    """Raise YamlRefused when a mapping has the same key twice (the parser would silently keep the last one)."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    line = key.start_mark.line + first_line
                    if key.value in seen:
                        raise safeyaml.YamlRefused(
                            f"The key '{key.value}' is written twice, on lines {seen[key.value]} and {line}; only "
                            "one of them can count.",
                            f"Keep one of the two '{key.value}:' lines (merge their values if both matter).", line)
                    seen[key.value] = line
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def _char(lines: list[str], mark: Any) -> str:
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else '"'


def _special_value(line: str) -> tuple[str, str] | None:
    """(the line up to its value, the value) when the value starts with a character YAML reserves."""
    match = KEY_VALUE.match(line) or ITEM.match(line)
    if match is None:
        return None
    value = match["value"].strip()
    if value and value[0] in SPECIAL and not value.startswith(("[", "{")):
        return match["key"], value
    return None


def _unbalanced(value: str) -> bool:
    """Whether a value that starts with a quote has no closing quote on its line (YAML's escapes considered)."""
    quote, body = value[0], value[1:]
    if quote == "'":
        return body.replace("''", "").count("'") == 0
    return re.search(r'(?<!\\)(?:\\\\)*"', body) is None


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_INDENT_FIX = ("Start it at the same column as the other keys at its level: a key inside another is indented by two "
               "spaces more than the key it belongs to, and keys at the top start at the beginning of the line.")
SPECIAL = set(":@`*&!%|>")
KEY_VALUE = re.compile(r"(?P<key>\s*(?:-\s+)?[^\s:#'\"][^:#]*?:\s+)(?P<value>\S.*)$")
ITEM = re.compile(r"(?P<key>\s*-\s+)(?P<value>\S.*)$")
