"""Which parts of a translation are still the English text it was copied from.

`--mark-translated` refuses a page whose body (front matter and spacing aside) is still its English page, and a page
with paragraphs left in English: a paragraph, list item or heading of MIN_WORDS words or more that is word for word
a paragraph of the English page. Code, addresses, heading ids and short items (names, product codes) do not count.
Plain string comparison is enough here: the question is "is this the English text", not "is this English".
"""

from __future__ import annotations

import re

from frontmatter import Doc, prose_lines


def untouched(doc: Doc, reference: Doc) -> bool:
    """True when the translation's body is the English page's, ignoring front matter and whitespace."""
    return _squash(doc.body) == _squash(reference.body)


def english_left(doc: Doc, reference: Doc) -> list[tuple[int, str]]:
    """(line, text) of each paragraph of `doc` that is word for word a paragraph of `reference`."""
    english = {key for _, text in paragraphs(reference) if (key := _key(text))}
    return [(line, text) for line, text in paragraphs(doc) if (key := _key(text)) and key in english]


def paragraphs(doc: Doc) -> list[tuple[int, str]]:
    """The page's paragraphs, list items and headings outside code blocks, with the line each starts on."""
    found: list[tuple[int, list[str]]] = []
    open_paragraph = False
    for number, line in prose_lines(doc.body, doc.body_line):
        text = line.strip()
        if not text or text.startswith(("<!--", "!!!", "???", "|")):
            open_paragraph = False
            # An admonition's title ('!!! example "A call-back in Warsaw"') is text readers see.
            if (title := ADMONITION_TITLE.match(text)) is not None:
                found.append((number, [title[1]]))
            continue
        starts = BLOCK_START.match(text)
        if starts or not open_paragraph:
            found.append((number, [text[starts.end():] if starts else text]))
            open_paragraph = not text.startswith("#")
        else:
            found[-1][1].append(text)
    return [(line, " ".join(parts)) for line, parts in found]


def _key(text: str) -> str:
    """The paragraph's words in lower case, or "" when it is too short to count or is no prose."""
    text = ATTRIBUTES.sub(" ", CODE_SPAN.sub(" ", URL.sub(" ", text)))
    words = WORD.findall(text.casefold())
    return " ".join(words) if len(words) >= MIN_WORDS else ""


def _squash(text: str) -> str:
    return " ".join(text.split())


# A paragraph this long or longer, left word for word in English, is reported.
MIN_WORDS = 4
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
URL = re.compile(r"(?:https?://|mailto:|tel:)\S+|\]\([^)]*\)")
CODE_SPAN = re.compile(r"`[^`]*`")
ATTRIBUTES = re.compile(r"\{[:#.][^}]*\}")
ADMONITION_TITLE = re.compile(r'(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+[\w-]+)*\s+"([^"]*)"')
BLOCK_START = re.compile(r"(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)")
