"""Translations hook: which pages are untranslated copies, and which fell behind their English page.

A translated page records the English page it was translated from as a content hash in its front matter
(`translated_from: 3f2a9c1b7d4e`), so this works without git history. A scaffolded copy carries `untranslated: true`.
- An untranslated page is a warning: `mkdocs build --strict` fails until a person has written it. So is a
  translation that records no English version at all.
- An outdated page (the English page changed since) is only reported, and marked on the coverage page.
`python hooks/check.py --mark-translated <file>` records the current English page's hash.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger

import docfiles
import registry
from frontmatter import Doc, Problem, split_front_matter
from registry import Site

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = get_plugin_logger("handbook.translations")


def on_pre_build(config: MkDocsConfig) -> None:
    # Reported once per full build, like the validation, not once per language.
    if not registry.is_first_language_build(config):
        return
    warnings, notes = review(registry.site(config))
    for problem in warnings:
        log.warning(str(problem))
    for problem in notes:
        log.info(str(problem))


def review(site: Site) -> tuple[list[Problem], list[Problem]]:
    """(untranslated pages, outdated pages) of the whole handbook."""
    warnings, notes = [], []
    for doc in site.docs.values():
        state = status(site, doc)
        where = site.rel_path(doc.path)
        principle = doc.stem if site.collection(doc) else None
        command = registry.command(f"--mark-translated {where}")
        if state == UNTRANSLATED:
            warnings.append(Problem(where, f"This page is an untranslated copy of the {site.language_name(site.reference_language)} page.",
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
    if doc.meta.get("untranslated") is True:
        return UNTRANSLATED
    if not doc.meta.get("translated_from"):
        return UNMARKED
    return CURRENT if str(doc.meta.get("translated_from", "")) == content_hash(reference.path) else OUTDATED


def content_hash(path: Path) -> str:
    """The short content hash a translation records of its English page."""
    text = path.read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(text).hexdigest()[:12]


def reference_path(site: Site, doc: Doc) -> str:
    """The English page a translation is made from, as a repository path."""
    return site.rel_path(site.docs_dir / site.reference_language / doc.rel)


def mark_translated(site: Site, doc: Doc) -> str:
    """Record the English page's current hash in a translation's front matter, and drop `untranslated`."""
    reference = site.docs.get((site.reference_language, doc.rel))
    if reference is None or doc.lang == site.reference_language:
        raise ValueError(f"{site.rel_path(doc.path)} is not a translation of a {site.reference_language} page.")
    text = doc.path.read_text(encoding="utf-8")
    raw, body_start, _ = split_front_matter(text)
    if raw is None or body_start == 0:
        raise ValueError(f"{site.rel_path(doc.path)} has no front matter to record the translation in.")
    lines = [line for line in raw.split("\n") if not re.match(r"^(translated_from|untranslated)\s*:", line)]
    lines.append(f"translated_from: {content_hash(reference.path)}")
    rest = text.split("\n")[body_start - 2:]
    docfiles.write_inside(site.docs_dir, doc.path, "\n".join(["---", *lines, *rest]))
    return content_hash(reference.path)


REFERENCE, CURRENT, OUTDATED = "reference", "current", "outdated"
UNTRANSLATED, UNMARKED = "untranslated", "unmarked"
