"""Translations hook: which pages are drafts (untranslated copies), and which fell behind their English page.

A translated page records the English page it was translated from as a content hash in its front matter
(`translated_from: 3f2a9c1b7d4e`), so this works without git history; the English text of that version is kept in
docs/snapshots/ (snapshots.py) for the to-do list's diff. A scaffolded copy carries `draft: true` (the older
`untranslated: true` is read the same way).
- A draft can be previewed and committed (the fast check notes it), and the preview marks it "not yet translated";
  the publishing build refuses drafts, listing every one, per language, in one message.
- A translation that records no English version at all is a warning: `mkdocs build --strict` fails on it.
- An outdated page (the English page changed since) is only reported, and marked on the coverage page.
`python3 hooks/check.py --mark-translated <file>` records the current English page's hash (the messages print the
command as it runs on the contributor's platform: registry.command); it refuses a page that is still the English
text (copies.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

import copies
import docfiles
import preview
import registry
import snapshots
from frontmatter import Doc, Problem, split_front_matter
from registry import Site

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = get_plugin_logger("handbook.translations")


def on_startup(command: str, dirty: bool) -> None:
    preview.started(command)


def on_pre_build(config: MkDocsConfig) -> None:
    # Reported once per full build, like the validation, not once per language.
    if not registry.is_first_language_build(config):
        return
    site = registry.site(config)
    # Drafts are previewed, never published.
    if not preview.serving() and (report := drafts_report(site)):
        raise PluginError(report)
    warnings, notes = review(site)
    for problem in warnings:
        log.warning(str(problem))
    for problem in notes:
        log.info(str(problem))


def review(site: Site) -> tuple[list[Problem], list[Problem]]:
    """(translations that record no English version, notes: drafts and outdated pages) of the whole handbook."""
    warnings, notes = [], []
    for doc in site.docs.values():
        # A page whose front matter did not parse has one problem, its YAML (validation.py), not a follow-on one here.
        state = status(site, doc) if doc.parsed else REFERENCE
        where = site.rel_path(doc.path)
        principle = doc.stem if site.collection(doc) else None
        command = registry.command(f"--mark-translated {where}")
        if state == DRAFT:
            notes.append(Problem(where, "This page is a draft: a copy of the "
                                 f"{site.language_name(site.reference_language)} page, not yet translated.",
                                 f"Write it in {site.language_name(doc.lang)}, then run: {command}",
                                 lang=doc.lang, principle=principle))
        elif state == UNMARKED:
            warnings.append(Problem(where, "This translation does not record which version of the "
                                    f"{site.language_name(site.reference_language)} page it was made from.",
                                    f"Check it against {reference_path(site, doc)}, then run: {command}",
                                    lang=doc.lang, principle=principle))
        elif state == OUTDATED:
            notes.append(Problem(where, f"The {site.language_name(site.reference_language)} page changed after this translation was "
                                 "made, so it may be out of date.",
                                 f"See what changed with {registry.command(f'--todo {doc.lang}')}, bring it up to date "
                                 f"with {reference_path(site, doc)}, then run: {command}",
                                 lang=doc.lang, principle=principle))
    key = (lambda p: (p.path, p.message))
    site.name_items(warnings + notes)
    return sorted(warnings, key=key), sorted(notes, key=key)


def status(site: Site, doc: Doc) -> str:
    """CURRENT, OUTDATED, UNTRANSLATED or UNMARKED for a translation; REFERENCE for any other page."""
    reference = site.docs.get((site.reference_language, doc.rel))
    if doc.lang == site.reference_language or reference is None:
        return REFERENCE
    if is_draft(doc):
        return DRAFT
    if not doc.meta.get("translated_from"):
        return UNMARKED
    return CURRENT if str(doc.meta.get("translated_from", "")) == content_hash(reference.path) else OUTDATED


def is_draft(doc: Doc) -> bool:
    """True for a page marked `draft: true` (or `untranslated: true`, the older name) in its front matter."""
    return any(doc.meta.get(key) is True for key in DRAFT_KEYS)


def drafts_report(site: Site) -> str:
    """One message listing every draft, per language, each with its fix; "" when there is none."""
    drafts = [doc for doc in site.docs.values() if status(site, doc) == DRAFT]
    if not drafts:
        return ""
    lines = [f"The handbook has {len(drafts)} draft page{'s' if len(drafts) != 1 else ''} (not yet translated), "
             "and drafts are not published. Write each one in its language, then mark it translated:"]
    for lang in site.languages:
        mine = sorted(site.rel_path(doc.path) for doc in drafts if doc.lang == lang.code)
        if mine:
            lines.append(f"  {lang.name} ({lang.code}):")
            lines += [f"    {where}\n      Fix: write it in {lang.name}, then run: "
                      f"{registry.command('--mark-translated ' + where)}" for where in mine]
    return "\n".join(lines)


def content_hash(path: Path) -> str:
    """The short content hash a translation records of its English page."""
    return snapshots.content_hash(path.read_bytes())


def reference_path(site: Site, doc: Doc) -> str:
    """The English page a translation is made from, as a repository path."""
    return site.rel_path(site.docs_dir / site.reference_language / doc.rel)


def mark_translated(site: Site, doc: Doc) -> str:
    """Record the English page's current hash in a translation's front matter, drop `draft`, keep a snapshot.

    Raises ValueError, in plain words, for a page that is still the English text or has paragraphs left in English.
    """
    reference = site.docs.get((site.reference_language, doc.rel))
    if reference is None or doc.lang == site.reference_language:
        raise ValueError(f"{site.rel_path(doc.path)} is not a translation of a {site.reference_language} page.")
    refuse_copies(site, doc, reference)
    text = doc.path.read_text(encoding="utf-8")
    raw, body_start, _ = split_front_matter(text)
    if raw is None or body_start == 0:
        raise ValueError(f"{site.rel_path(doc.path)} has no front matter to record the translation in.")
    lines = [line for line in raw.split("\n") if not re.match(r"^(translated_from|untranslated|draft)\s*:", line)]
    digest = snapshots.save(site, reference.path)
    # All digits would read as a number in YAML, which drops leading zeros: such a hash is quoted.
    lines.append(f'translated_from: "{digest}"' if digest.isdigit() else f"translated_from: {digest}")
    rest = text.split("\n")[body_start - 2:]
    docfiles.write_inside(site.docs_dir, doc.path, "\n".join(["---", *lines, *rest]))
    return digest


def refuse_copies(site: Site, doc: Doc, reference: Doc) -> None:
    """Raise ValueError when `doc` is still its English page, or has paragraphs left in English."""
    where, english = site.rel_path(doc.path), site.language_name(site.reference_language)
    language = site.language_name(doc.lang)
    if copies.untouched(doc, reference):
        raise ValueError(f"{where}: this page is still the {english} text of {site.rel_path(reference.path)}, so it "
                         f"was not marked as translated.\n    Fix: Write it in {language}, then run the command again.")
    left = copies.english_left(doc, reference)
    if left:
        listed = "\n".join(f"    line {line}: {_clip(text)}" for line, text in left)
        raise ValueError(f"{where}: {len(left)} paragraph(s) are still word for word the {english} text, so the page "
                         f"was not marked as translated:\n{listed}\n    Fix: Write these paragraphs in {language}, "
                         "then run the command again.")


def _clip(text: str) -> str:
    return text if len(text) <= 100 else text[:97] + "…"


REFERENCE, CURRENT, OUTDATED = "reference", "current", "outdated"
# A draft's state keeps its older name, which the coverage page's label keys use (coverage_untranslated).
DRAFT, UNMARKED = "untranslated", "unmarked"
UNTRANSLATED = DRAFT
DRAFT_KEYS = ("draft", "untranslated")
