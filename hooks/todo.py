"""The translation to-do list: per language, the pages that are missing, drafts, or behind their English page.

`items(site)` is the data the command (`--todo [LANG]`), the generated to-do page (todopage.py) and the pull-request
summary share. For an outdated page it holds what changed in English since the translation was last marked current,
worked out from the English snapshot its `translated_from` names (snapshots.py), so no git history is needed. The
changes are lines of the English file (a paragraph or list item is one line in the handbook's pages), and within a
changed line the words that changed, so that a translator sees exactly what to bring over.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import registry
import snapshots
import translations
from frontmatter import Doc
from registry import Site


@dataclass
class Change:
    """One place where the English page changed: the lines removed and the lines added, with their line numbers."""

    removed: list[tuple[int, str]]
    added: list[tuple[int, str]]

    @property
    def line(self) -> int:
        """The line of the current English page where the change is."""
        return self.added[0][0] if self.added else self.removed[0][0]

    def words(self) -> list[tuple[str, str]] | None:
        """For one line replaced by one line: (removed words, added words) of each change within it, else None."""
        if len(self.removed) != 1 or len(self.added) != 1:
            return None
        old, new = WORDS.findall(self.removed[0][1]), WORDS.findall(self.added[0][1])
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        return [("".join(old[a1:a2]).strip(), "".join(new[b1:b2]).strip())
                for tag, a1, a2, b1, b2 in matcher.get_opcodes() if tag != "equal"]

    def segments(self) -> tuple[list[list[tuple[bool, str]]], list[list[tuple[bool, str]]]]:
        """The removed and the added lines as (changed, text) pieces. A removed line and the added line in the same
        place that are mostly alike are split into words, so that only the words that changed are marked."""
        removed = [[(True, t)] for _, t in self.removed]
        added = [[(True, t)] for _, t in self.added]
        for i in range(min(len(removed), len(added))):
            old, new = WORDS.findall(self.removed[i][1]), WORDS.findall(self.added[i][1])
            matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
            if matcher.ratio() < 0.5:
                continue
            removed[i], added[i] = [], []
            for tag, a1, a2, b1, b2 in matcher.get_opcodes():
                if a2 > a1:
                    removed[i].append((tag != "equal", "".join(old[a1:a2])))
                if b2 > b1:
                    added[i].append((tag != "equal", "".join(new[b1:b2])))
        return removed, added


@dataclass
class Item:
    """One page of the to-do list."""

    lang: str
    path: str
    reference: str
    command: str
    # Outdated pages: True when the English text it was made from is kept, so `changes` can be shown.
    has_snapshot: bool = False
    changes: list[Change] = field(default_factory=list)
    # Outdated pages without a snapshot: the whole current English page, to compare by hand.
    english: str = ""
    doc: Doc | None = None


@dataclass
class Todo:
    """The to-do list of one language."""

    lang: str
    name: str
    missing: list[Item] = field(default_factory=list)
    drafts: list[Item] = field(default_factory=list)
    outdated: list[Item] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing is left to translate in this language."""
        return not (self.missing or self.drafts or self.outdated)


def items(site: Site) -> dict[str, Todo]:
    """Per language other than English (in configured order): missing pages, drafts, and outdated pages with diffs."""
    reference = site.reference_language
    result = {}
    for lang in site.languages:
        if lang.code == reference:
            continue
        todo = result[lang.code] = Todo(lang.code, lang.name)
        for rel in required(site):
            english = site.docs.get((reference, rel))
            where, source = f"{site.rel_path(site.docs_dir)}/{lang.code}/{rel}", f"{site.rel_path(site.docs_dir)}/{reference}/{rel}"
            doc = site.docs.get((lang.code, rel))
            if doc is None:
                todo.missing.append(Item(lang.code, where, source, registry.command("--scaffold")))
                continue
            state = translations.status(site, doc)
            mark = registry.command(f"--mark-translated {where}")
            if state == translations.UNTRANSLATED:
                todo.drafts.append(Item(lang.code, where, source, mark, doc=doc))
            elif state in (translations.OUTDATED, translations.UNMARKED) and english is not None:
                todo.outdated.append(_outdated(site, doc, english, where, source, mark))
    return result


def required(site: Site) -> list[str]:
    """The pages every language must have, as paths inside its folder: the fixed pages, then each principle."""
    return site.required()


def diff(old: str, new: str) -> list[Change]:
    """What changed from `old` to `new`, line by line; blank lines and line endings do not count."""
    before = [(n, line.rstrip()) for n, line in enumerate(old.replace("\r\n", "\n").split("\n"), 1) if line.strip()]
    after = [(n, line.rstrip()) for n, line in enumerate(new.replace("\r\n", "\n").split("\n"), 1) if line.strip()]
    matcher = difflib.SequenceMatcher(None, [t for _, t in before], [t for _, t in after], autojunk=False)
    return [Change(before[a1:a2], after[b1:b2]) for tag, a1, a2, b1, b2 in matcher.get_opcodes() if tag != "equal"]


def text(site: Site, todos: dict[str, Todo], lang: str | None = None) -> str:
    """The to-do list as the command prints it, for one language or all."""
    out = []
    for todo in todos.values():
        if lang and todo.lang != lang:
            continue
        out.append(f"{todo.name} ({todo.lang}): " + ("nothing to do." if todo.empty else
                   f"{len(todo.missing)} missing, {len(todo.drafts)} draft(s), {len(todo.outdated)} outdated."))
        for item in todo.missing:
            out += [f"  Missing: {item.path}", f"    Fix: run {item.command}, then translate the new page."]
        for item in todo.drafts:
            out += [f"  Draft (not yet translated): {item.path}",
                    f"    Fix: translate it from {item.reference}, then run: {item.command}"]
        for item in todo.outdated:
            out += [f"  Outdated: {item.path}", *_changes_text(item),
                    f"    Fix: bring the translation in line with these changes, then run: {item.command}"]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _outdated(site: Site, doc: Doc, english: Doc, where: str, source: str, mark: str) -> Item:
    item = Item(doc.lang, where, source, mark, doc=doc)
    current = english.path.read_text(encoding="utf-8", errors="replace")
    old = snapshots.load(site, str(doc.meta.get("translated_from") or ""))
    if old is None:
        item.english = current
    else:
        item.has_snapshot, item.changes = True, diff(old, current)
    return item


def _changes_text(item: Item) -> list[str]:
    if not item.has_snapshot:
        why = ("is not kept" if item.doc is not None and item.doc.meta.get("translated_from")
               else "is not recorded (the page has no 'translated_from')")
        return [f"    The {item.reference} text this translation was made from {why}, so the changes cannot be "
                f"shown. Compare the whole translation with the current {item.reference}:",
                *(f"      | {line}" for line in item.english.rstrip("\n").split("\n"))]
    out = [f"    What changed in {item.reference} since this translation was last marked as up to date:"]
    for change in item.changes:
        out.append(f"    At line {change.line} of the English page:")
        out += [f"      - Removed: {line}" for _, line in change.removed]
        out += [f"      + Added:   {line}" for _, line in change.added]
        words = change.words()
        if words and len(words) <= 3 and all(len(a) + len(b) <= 160 for a, b in words):
            out += ["        (in short: " + "; ".join(_word_change(a, b) for a, b in words) + ")"]
    return out


def _word_change(removed: str, added: str) -> str:
    if removed and added:
        return f'"{removed}" became "{added}"'
    return f'"{added}" was added' if added else f'"{removed}" was removed'


# Words with the spaces and punctuation after them, so that joined back they give the line as it was.
WORDS = re.compile(r"\S+\s*")
