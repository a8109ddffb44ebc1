"""Validation hook: stops the build, before anything is written, when the handbook's sources are inconsistent.

It checks that every principle exists in every language, that every principle id used anywhere is known, that front
matter parses and has its keys, that every file is UTF-8, and every link and anchor (links.py). All problems are
reported in one message, each with its file and line, one message per root cause (a page, registry or labels file
that cannot be read is not reported again through what depends on it). hooks/check.py prints the same list. Under
`mkdocs serve` the same problems are logged and shown in the browser instead (hooks/preview.py), so the preview
keeps running; the preview is never strict.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

import datachecks
import docfiles
import glossary
import links
import preview
import registry
import safety
import schema
import translations
from registry import Doc, Problem, Site

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger("handbook.validation")


def on_startup(command: str, dirty: bool) -> None:
    preview.started(command)


def on_shutdown() -> None:
    preview.stopped()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # The preview is never strict: a warning would stop it until the next save, with nothing in the browser.
    if preview.serving():
        preview.relax(config)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    site = registry.site(config)
    if preview.serving():
        # A language without interface strings is previewed with the reference language's (in every language build).
        preview.theme_language(config, site.reference_language)
    # Static-i18n runs one build per language; the whole site is checked once, in the first of them.
    if not registry.is_first_language_build(config):
        return
    problems = _checked(site)
    if not problems:
        return
    report = format_report(problems)
    # The preview keeps serving and shows every problem in the browser (on_page_content).
    if not preview.serving():
        raise PluginError(report)
    log.error(report)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # While serving, a page that is not UTF-8 would crash MkDocs itself, so it is left out of the preview.
    if preview.serving():
        broken = {p.path for p in registry.site(config).problems if "UTF-8" in p.message}
        for file in [f for f in files if f.abs_src_path and registry.repo_path(config, f.abs_src_path) in broken]:
            files.remove(file)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # The preview does not render a page that holds something unsafe or a snippet that cannot be included (either
    # would stop the build); its problems are shown instead. The publishing build has stopped before this.
    if preview.serving() and page.file.abs_src_path and preview.withheld(
            registry.site(config), registry.repo_path(config, page.file.abs_src_path)):
        return ""
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # The preview's notices (draft, problems) on top of the page. Before hooks/guard.py (-200), which holds them to
    # the allowlist like the rest of the page.
    if not preview.serving():
        return html
    site = registry.site(config)
    lang, _, rel = page.file.src_uri.partition("/")
    doc = site.docs.get((lang, rel))
    i18n = config.plugins.get("i18n")
    built = list(getattr(i18n, "build_languages", None) or []) or None
    draft = doc is not None and translations.status(site, doc) == translations.DRAFT
    return preview.notices(site, doc, page.url, draft, built, page.file.dest_uri) + html


def check(site: Site, only: set[str] | None = None) -> list[Problem]:
    """Every problem in the handbook's sources, in a stable order.

    With `only` (repository paths of changed files, as pre-commit passes them), links and anchors, the one check
    that renders pages, are checked only in those pages and the pages that link to them; the rest is all checked.
    """
    problems = list(site.problems)
    if site.broken:
        return problems
    # One root cause, one message: a registry or labels file that is missing or does not parse is reported alone,
    # not again as every principle id "unknown" or every language "without labels".
    unreadable = {p.path for p in site.problems}
    registry_read = bool(site.registry) or site.rel_path(site.docs_dir / site.structure.main.registry) not in unreadable
    missing = _missing_pages(site)
    problems += missing
    problems += safety.problems(site)
    problems += datachecks.problems(site)
    for doc in site.docs.values():
        problems += _front_matter(site, doc)
        if registry_read:
            problems += _principle_ids(site, doc)
    problems += docfiles.problems(site)
    # A link to a page reported missing above is that page's problem, reported once.
    problems += links.problems(site, only, {p.path for p in missing})
    problems += glossary.problems(site)
    # A value the checks above already report (a required key of the wrong type) is reported once.
    reported = {(p.path, p.line) for p in problems}
    problems += [p for p in schema.problems(site) if (p.path, p.line) not in reported]
    site.name_items(problems)
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))


def _checked(site: Site) -> list[Problem]:
    # The problems of the build's sources, found once per build (the site is loaded once per build).
    return preview.problems(site) if preview.serving() else check(site)


def format_report(problems: list[Problem]) -> str:
    """One message listing every problem, for the build log."""
    noun = "problem" if len(problems) == 1 else "problems"
    body = "\n".join(f"  {i}. {str(p).replace(chr(10), chr(10) + '  ')}" for i, p in enumerate(problems, 1))
    return f"The handbook has {len(problems)} {noun} to fix before it can be built:\n{body}"


def _missing_pages(site: Site) -> list[Problem]:
    problems = []
    reference = site.reference_language
    for lang in site.languages:
        folder = f"{site.rel_path(site.docs_dir)}/{lang.code}"
        for rel in site.structure.required_pages():
            if (lang.code, rel) not in site.docs:
                problems.append(Problem(
                    f"{folder}/{rel}", f"There is no page '{rel}' in {lang.name} ({lang.code}).",
                    f"Run '{SCAFFOLD}' to create it from {site.rel_path(site.docs_dir)}/{reference}/{rel}, then "
                    f"translate it.",
                    lang=lang.code))
        for collection in site.structure.collections:
            for pid in site.ids(collection):
                if site.item(lang.code, pid, collection) is None:
                    rel = f"{collection.folder}/{pid}.md"
                    problems.append(Problem(
                        f"{folder}/{rel}", f"The {collection.kind} '{pid}' has no page in {lang.name} ({lang.code}).",
                        f"Run '{SCAFFOLD}' to create it from {site.rel_path(site.docs_dir)}/{reference}/{rel}, then "
                        f"write it in {lang.name}.",
                        lang=lang.code, principle=pid))
    return problems


def _front_matter(site: Site, doc: Doc) -> list[Problem]:
    problems: list[Problem] = []
    if not doc.parsed:
        return problems
    where = site.rel_path(doc.path)
    item = site.collection(doc) is not None
    principle = doc.stem if item else None
    main = site.structure.main
    hints = {**KEY_HINTS, TIES: f"[<{main.kind} id>, <{main.kind} id>]"}
    kinds = {**KIND_NAMES, list: f"a list of {main.kind} ids, like [{', '.join(site.ids()[:2])}]"}
    for rule, kind in REQUIRED_KEYS["item" if item else doc.kind].items():
        if rule == "source" and not (site.structure.articles and site.structure.articles.sources):
            continue
        # An article names the items it discusses under the first collection's id ('principles:' in the handbook).
        key = main.id if rule == TIES else rule
        value = doc.meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(Problem(where, f"The front matter has no '{key}'.",
                                    f"Add a line '{key}: {hints[rule]}' between the two '---' lines.",
                                    line=1, lang=doc.lang, principle=principle))
        elif not isinstance(value, kind) or (kind is list and not all(isinstance(v, str) for v in value)):
            problems.append(Problem(where, f"The front-matter key '{key}' should be {kinds[kind]}.",
                                    f"Write it as '{key}: {hints[rule]}'.",
                                    line=doc.meta_lines.get(key, 1), lang=doc.lang, principle=principle))
    source = doc.meta.get("source")
    sources = site.structure.articles.sources if site.structure.articles else None
    if doc.kind == "article" and sources and isinstance(source, str) and not (site.root / sources / source).is_file():
        known = sorted(p.name for p in (site.root / sources).glob("*.txt"))
        problems.append(Problem(where, f"The source '{source}' is not a file in {sources}/.",
                                f"Use the exact file name of the seed text, one of: {', '.join(known) or 'none'}.",
                                line=doc.meta_lines.get("source"), lang=doc.lang))
    return problems


def _principle_ids(site: Site, doc: Doc) -> list[Problem]:
    problems = []
    where = site.rel_path(doc.path)
    collection = site.collection(doc)
    if collection is not None and doc.stem not in site.ids(collection):
        problems.append(_unknown(site, where, None, doc.lang, doc.stem,
                                 f"This page's file name is not a {collection.kind} id.",
                                 "Rename the file to '{close}.md'", "or add the id to the registry", collection))
    known = set(site.registry)
    tie = site.structure.main.id
    declared = {pid for pid, _ in doc.list_meta(tie)}
    for pid, line in doc.list_meta(tie):
        if pid not in known:
            problems.append(_unknown(site, where, line, doc.lang, pid, f"Unknown {site.structure.main.kind} id '{pid}' in '{tie}:'.",
                                     "Write '{close}'", "or add the id to the registry"))
    for section in doc.sections:
        for pid, line in section.principles:
            if pid not in known:
                problems.append(_unknown(site, where, line, doc.lang, pid, f"Unknown {site.structure.main.kind} id '{pid}' in a "
                                         "section marker.", "Write '{close}'", "or add the id to the registry"))
            elif pid not in declared:
                problems.append(Problem(where, f"The section '{section.title}' is tied to '{pid}', but the front "
                                        f"matter's '{tie}:' list does not name it.",
                                        f"Add '{pid}' to '{tie}:' in the front matter.",
                                        line=line, lang=doc.lang, principle=pid))
        if section.principles and section.level > 1 and not section.anchor.strip("_0123456789"):
            problems.append(Problem(where, f"The heading '{section.title}' has no web anchor, so links to it from "
                                    "principle pages would break.",
                                    f"Give it an anchor in Latin letters: '{'#' * section.level} {section.title} "
                                    "{#a-short-name}'.", line=section.line, lang=doc.lang))
    return problems


def _unknown(site: Site, where: str, line: int | None, lang: str, pid: str, message: str, fix: str,
             otherwise: str, collection: registry.Collection | None = None) -> Problem:
    collection = collection or site.structure.main
    close = difflib.get_close_matches(pid, site.ids(collection), n=1, cutoff=0.5)
    registry_file = site.rel_path(site.docs_dir / collection.registry)
    if close:
        message += f" Did you mean '{close[0]}'?"
        fix_text = f"{fix.format(close=close[0])}, {otherwise} {registry_file}."
    else:
        fix_text = f"Use one of the ids in {registry_file}, {otherwise} {registry_file}."
    return Problem(where, message, fix_text, line=line, lang=lang, principle=pid)


# The preview lists what the publishing build would refuse: these problems, and translations that record no English
# version (drafts are marked on their pages instead).
preview.checks(lambda site: check(site) + translations.review(site)[0])
SCAFFOLD = registry.command("--scaffold")
# "item": a page of any collection (the handbook's principles).
REQUIRED_KEYS: dict[str, dict[str, Any]] = {
    "page": {"title": str},
    "item": {"title": str, "summary": str},
    "article": {"title": str, "source": str, "ties": list},
}
# The front-matter key of an article that lists the items it discusses: the first collection's id.
TIES = "ties"
KEY_HINTS = {
    "title": "<the page title>",
    "summary": "<one sentence saying what this page asks of the reader>",
    "source": "<the seed file name, e.g. 000_887ea02123fa091e.txt>",
}
KIND_NAMES = {str: "a line of text"}
