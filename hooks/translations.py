"""Translations hook: which pages are untranslated copies, and which fell behind their English page.

A translated page records the English page it was translated from as a content hash in its front matter
(`translated_from: 3f2a9c1b7d4e`), so this works without git history. A scaffolded copy is a draft: it carries
`draft: true` (`untranslated: true`, the older name, is read the same way).
- A draft can be previewed and committed (the fast check notes it), and the preview marks it "not yet translated";
  the publishing build refuses drafts, listing every one, per language, in one message.
- A translation that records no English version at all is a warning: `mkdocs build --strict` fails on it.
- An outdated page (the English page changed since) is only reported, and marked on the coverage page.
`python hooks/check.py --mark-translated <file>` records the current English page's hash.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

import docfiles
import preview
import registry
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
        state = status(site, doc)
        where = site.rel_path(doc.path)
        principle = doc.stem if doc.kind == "principle" else None
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
                                 f"Bring it up to date with {reference_path(site, doc)}, then run: {command}",
                                 lang=doc.lang, principle=principle))
    key = (lambda p: (p.path, p.message))
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
    text = path.read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(text).hexdigest()[:12]


def reference_path(site: Site, doc: Doc) -> str:
    """The English page a translation is made from, as a repository path."""
    return site.rel_path(site.docs_dir / site.reference_language / doc.rel)


def mark_translated(site: Site, doc: Doc) -> str:
    """Record the English page's current hash in a translation's front matter, and drop `draft`."""
    reference = site.docs.get((site.reference_language, doc.rel))
    if reference is None or doc.lang == site.reference_language:
        raise ValueError(f"{site.rel_path(doc.path)} is not a translation of a {site.reference_language} page.")
    text = doc.path.read_text(encoding="utf-8")
    raw, body_start, _ = split_front_matter(text)
    if raw is None or body_start == 0:
        raise ValueError(f"{site.rel_path(doc.path)} has no front matter to record the translation in.")
    lines = [line for line in raw.split("\n") if not re.match(r"^(translated_from|draft|untranslated)\s*:", line)]
    lines.append(f"translated_from: {content_hash(reference.path)}")
    rest = text.split("\n")[body_start - 2:]
    docfiles.write_inside(site.docs_dir, doc.path, "\n".join(["---", *lines, *rest]))
    return content_hash(reference.path)


REFERENCE, CURRENT, OUTDATED = "reference", "current", "outdated"
# A draft's state keeps its older name, which the coverage page's label keys use (coverage_untranslated).
DRAFT, UNMARKED = "untranslated", "unmarked"
UNTRANSLATED = DRAFT
DRAFT_KEYS = ("draft", "untranslated")
