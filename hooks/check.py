"""The handbook's fast check: the build's validation without building the site, for editors and pre-commit.

    python3 hooks/check.py                          check everything the build checks (links and anchors included)
    python3 hooks/check.py FILE…                    the same, but links and anchors only in FILEs and the pages that
                                                    link to them: what pre-commit runs, well under a second
    python3 hooks/check.py --scaffold               create every missing page (as a draft) and labels block
    python3 hooks/check.py --mark-translated FILE…  record that FILE now matches its English page
    python3 hooks/check.py --todo [LANG]            list what each language still needs: missing, drafts, outdated
    python3 hooks/check.py --summary                the pull request's job summary (Markdown): what each
                                                    language still needs, and every problem with its file and line

On Windows the command is `py hooks\\check.py …`. It runs with any Python 3: when it is not the handbook's own
environment (.venv), it runs itself again with that environment's Python; without a .venv it prints the one command
that creates it. Its messages are those of the build (the same functions: validation.check). It exits 1 when
`mkdocs build --strict` would fail on the sources for a reason other than drafts, 2 when it cannot run: a draft can
be previewed and committed, so drafts are printed as notes (the publishing build still refuses them).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

# What the check imports; a Python without them (the system's) hands over to the handbook's environment.
NEEDED = ("yaml", "markdown", "mkdocs", "pymdownx", "selectolax")
ROOT = Path(__file__).resolve().parent.parent


def ensure_environment(root: Path = ROOT) -> None:
    """Run this command again with the handbook's .venv Python unless this is it; without a .venv, say how to make one.

    POSIX replaces the process (os.execv); Windows has no real exec, so it runs a child and exits with its code.
    """
    venv = root / ".venv"
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    complete = all(importlib.util.find_spec(name) is not None for name in NEEDED)
    in_venv = Path(sys.prefix).resolve() == venv.resolve() if venv.exists() else False
    # Handed over once already: never again, whatever this Python is.
    handed_over = os.environ.get("HANDBOOK_CHECK_ENVIRONMENT") == str(python)
    if (in_venv or handed_over) and not complete:
        install = (r".venv\Scripts\python -m pip install -r requirements.txt" if os.name == "nt"
                   else ".venv/bin/pip install -r requirements.txt")
        print(f"The handbook's environment (.venv) lacks the packages the check needs. Install them, in the "
              f"handbook's folder ({root}):\n    {install}\nthen run the check again.", file=sys.stderr)
        sys.exit(2)
    if in_venv or handed_over or (complete and not python.exists()):
        return
    if not python.exists():
        # Two lines on Windows: PowerShell 5.1, Windows' default shell, has no '&&'.
        setup = ("py -m venv .venv\n    " + r".venv\Scripts\python -m pip install -r requirements.txt" if os.name == "nt"
                 else "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt")
        print(f"The check needs the handbook's environment (.venv), which is not set up here yet. Set it up once, "
              f"in the handbook's folder ({root}):\n    {setup}\nthen run the check again.", file=sys.stderr)
        sys.exit(2)
    env = {**os.environ, "HANDBOOK_CHECK_ENVIRONMENT": str(python)}
    args = [str(python), str(Path(__file__).resolve()), *sys.argv[1:]]
    if os.name == "nt":
        sys.exit(subprocess.run(args, env=env, check=False).returncode)
    os.execve(str(python), args, env)


if __name__ == "__main__":
    ensure_environment()

import argparse  # noqa: E402
import re  # noqa: E402
from typing import Any  # noqa: E402

import yaml  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

import docfiles  # noqa: E402
import glossary  # noqa: E402
import languages  # noqa: E402
import registry  # noqa: E402
import snapshots  # noqa: E402
import summary  # noqa: E402
import todo  # noqa: E402
import translations  # noqa: E402
import validation  # noqa: E402
from frontmatter import Problem  # noqa: E402
from registry import Language, Settings, Site  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the command; its exit code."""
    parser = argparse.ArgumentParser(description="Check the handbook's sources without building the site.")
    parser.add_argument("files", nargs="*", metavar="FILE", help="changed files (as pre-commit passes them): links "
                        "and anchors are checked only in these and the pages that link to them")
    parser.add_argument("--config", default="mkdocs.yml", help="the handbook's mkdocs.yml (default: ./mkdocs.yml)")
    parser.add_argument("--scaffold", action="store_true", help="create the pages and labels that are missing")
    parser.add_argument("--mark-translated", nargs="+", metavar="FILE", help="record FILE as translated from the "
                        "current English page")
    parser.add_argument("--todo", nargs="?", const="", metavar="LANG", help="list, per language (or for LANG), the "
                        "pages that are missing, drafts or outdated, with what changed in English")
    parser.add_argument("--summary", action="store_true", help="print the pull request's summary as Markdown: what "
                        "each language still needs, and every problem with its file and line")
    args = parser.parse_args(argv)
    config_path = Path(args.config).resolve()
    if not config_path.is_file():
        print(f"{args.config}: no such file. Run this from the handbook's folder, or pass --config.", file=sys.stderr)
        return 2
    site = load(config_path)
    if args.scaffold:
        # What to create follows from the data files (structure, registries, labels): never from a broken one.
        broken = data_problems(site)
        if broken:
            print(validation.format_report(broken), file=sys.stderr)
            print("Nothing was created: fix these first, then run the scaffolding again.", file=sys.stderr)
            return 1
        try:
            for path in scaffold(site):
                print(f"created {path}")
        except (ValueError, OSError) as error:
            print(f"{error}\nNothing more was created.", file=sys.stderr)
            return 1
        site = load(config_path)
    if args.mark_translated:
        for name in args.mark_translated:
            doc = find(site, Path(name))
            try:
                if doc is None:
                    raise ValueError(f"{name} is not a page of the handbook (docs/<language>/…/*.md).")
                print(f"{site.rel_path(doc.path)}: translated from {translations.mark_translated(site, doc)}")
            except ValueError as error:
                print(error, file=sys.stderr)
                return 1
        site = load(config_path)
        for path in snapshots.prune(site):
            print(f"removed {path} (no translation refers to it any more)")
    if args.summary:
        # A report, not a verdict: the workflow's other steps fail the pull request.
        print(summary.markdown(site), end="")
        return 0
    if args.todo is not None:
        return print_todo(site, args.todo)
    return report(site, changed(site, args.files) if args.files else None)


def changed(site: Site, names: list[str]) -> set[str] | None:
    """The repository paths of the named files; None (check everything) when mkdocs.yml is one of them."""
    paths = {site.rel_path(Path(name).resolve()) for name in names}
    config = site.settings.config_file
    return None if config is not None and site.rel_path(config.resolve()) in paths else paths


def print_todo(site: Site, lang: str) -> int:
    """Print the translation to-do list, for one language or all."""
    codes = [code.code for code in site.languages if code.code != site.reference_language]
    if lang and lang not in codes:
        print(f"'{lang}' is not a translated language of the handbook; choose one of: {', '.join(codes)}.",
              file=sys.stderr)
        return 2
    print(todo.text(site, todo.items(site), lang or None), end="")
    return 0


def load(config_path: Path) -> Site:
    """The handbook as the build sees it, from mkdocs.yml's settings."""
    config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    root = config_path.parent
    docs_dir = (root / config.get("docs_dir", "docs")).resolve()
    i18n = next((p["i18n"] for p in config.get("plugins", []) if isinstance(p, dict) and "i18n" in p), {})
    languages = [Language(lang["locale"], lang.get("name", lang["locale"]), bool(lang.get("default")))
                 for lang in i18n.get("languages", []) if lang.get("locale") != "null"]
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    # Without the i18n plugin, the one language is the theme's (MkDocs' own default is English).
    single = str(theme.get("language") or "en")
    site = registry.load_site(root, docs_dir, languages or [Language(single, single, True)])
    site.repo_url = str(config.get("repo_url") or "").rstrip("/")
    site.edit_uri = str(config.get("edit_uri") or "")
    site.settings = Settings(config_path, _theme_dirs(root, config.get("theme")), _toc(config), _extensions(config),
                             [Path(str(hook)).stem for hook in config.get("hooks") or []])
    return site


def report(site: Site, only: set[str] | None = None) -> int:
    """Print what the build would say; 1 when a strict build would fail. `only`: see validation.check."""
    errors = validation.check(site, only)
    warnings, notes = translations.review(site)
    # Like links and anchors, the glossary's reading of every line is done only for the changed pages, if named.
    warnings += glossary.findings(site, only)
    if errors:
        print(validation.format_report(errors))
    for problem in warnings:
        print(f"WARNING: {problem}")
    for problem in notes:
        print(f"NOTE: {problem}")
    if not any((folder / "partials" / "languages").is_dir() for folder in site.settings.theme_dirs):
        print("NOTE: The theme (mkdocs-material) is not installed here, so the languages' interface strings were not "
              "checked; the build checks them.")
    if not errors and not warnings:
        drafts = sum(translations.status(site, doc) == translations.DRAFT for doc in site.docs.values())
        pending = (f" {drafts} draft page{'s are' if drafts != 1 else ' is'} not yet translated, so the handbook "
                   "cannot be published until they are." if drafts else "")
        counts = ", ".join(f"{len(site.ids(c))} {c.id}" for c in site.structure.collections)
        print(f"The handbook is consistent: {counts} in {len(site.languages)} languages." + pending)
    return 1 if errors or warnings else 0


def scaffold(site: Site) -> list[str]:
    """Create, as drafts copied from the English pages, every page a language lacks."""
    created = []
    reference = site.reference_language
    needed = site.required()
    for lang in site.languages:
        for rel in needed:
            target = site.docs_dir / lang.code / rel
            if target.exists() or target.is_symlink():
                continue
            source = site.docs_dir / reference / rel
            usable = source.is_file() and not source.is_symlink()
            text = source.read_text(encoding="utf-8") if usable else _skeleton(Path(rel).stem)
            if not re.search(r"^(draft|untranslated)\s*:", text.split("\n---", 1)[0], re.MULTILINE):
                text = text.replace("---\n", "---\ndraft: true\n", 1)
            docfiles.write_inside(site.docs_dir, target, text)
            created.append(site.rel_path(target))
    labels = site.docs_dir / registry.LABELS_FILE
    # The label keys and theme strings each language lacks, untranslated (hooks/languages.py).
    scaffolded = languages.scaffolded_labels(site)
    if scaffolded is not None:
        docfiles.write_inside(site.docs_dir, labels, scaffolded[0])
        created += [f"{site.rel_path(labels)} ({code})" for code in scaffolded[1]]
    return created


def data_problems(site: Site) -> list[Problem]:
    """The loader's problems with the data files (docs/*.yml), as opposed to the pages of a language."""
    docs = site.rel_path(site.docs_dir)
    folders = tuple(f"{docs}/{lang.code}/" for lang in site.languages)
    return [p for p in site.problems if p.path.startswith(f"{docs}/") and not p.path.startswith(folders)]


def find(site: Site, path: Path) -> Any:
    resolved = path.resolve()
    return next((doc for doc in site.docs.values() if doc.path.resolve() == resolved), None)


def _theme_dirs(root: Path, theme: Any) -> list[Path]:
    # As MkDocs orders them: the handbook's overrides first, then the theme's own templates.
    theme = theme if isinstance(theme, dict) else {"name": theme}
    dirs = [root / theme["custom_dir"]] if theme.get("custom_dir") else []
    spec = importlib.util.find_spec(str(theme.get("name") or "material"))
    if spec is not None and spec.submodule_search_locations:
        dirs += [Path(folder) / "templates" for folder in spec.submodule_search_locations]
    return dirs


def _extensions(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    # As MkDocs lists them: its built-in extensions first, then mkdocs.yml's, each with its options.
    extensions: dict[str, dict[str, Any]] = {name: {} for name in ("toc", "tables", "fenced_code")}
    for item in config.get("markdown_extensions") or []:
        for name, options in (item.items() if isinstance(item, dict) else [(item, {})]):
            extensions[str(name)] = dict(options or {})
    return extensions


def _toc(config: dict[str, Any]) -> dict[str, Any]:
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, dict):
            for name, options in item.items():
                if name in ("toc", "markdown.extensions.toc"):
                    return dict(options or {})
    return {}


def _skeleton(pid: str) -> str:
    # Only when the reference language lacks the page too; its headings are the translator's to write.
    return f"---\ntitle: {pid}\nsummary: One sentence saying what this page asks of the reader.\n---\n\n# {pid}\n"


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's plain settings, ignoring the !ENV and !!python tags it may carry."""


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)

if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # noqa: BLE001 - a contributor's command never ends in a traceback
        print(f"The check stopped unexpectedly ({type(error).__name__}: {error}). Run it again; if it stops again, "
              "ask a maintainer and include this message.", file=sys.stderr)
        sys.exit(2)
