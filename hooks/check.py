"""The handbook's fast check: the build's validation without building the site, for editors and pre-commit.

    python hooks/check.py                           check everything the build checks, in well under a second
    python hooks/check.py --scaffold                create every missing page (marked untranslated) and labels block
    python hooks/check.py --mark-translated FILE…   record that FILE now matches its English page

It exits 1 when `mkdocs build --strict` would fail on the sources (errors, or untranslated pages).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import docfiles  # noqa: E402
import registry  # noqa: E402
import translations  # noqa: E402
import validation  # noqa: E402
from registry import Language, Settings, Site  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the command; its exit code."""
    parser = argparse.ArgumentParser(description="Check the handbook's sources without building the site.")
    parser.add_argument("--config", default="mkdocs.yml", help="the handbook's mkdocs.yml (default: ./mkdocs.yml)")
    parser.add_argument("--scaffold", action="store_true", help="create the pages and labels that are missing")
    parser.add_argument("--mark-translated", nargs="+", metavar="FILE", help="record FILE as translated from the "
                        "current English page")
    args = parser.parse_args(argv)
    config_path = Path(args.config).resolve()
    if not config_path.is_file():
        print(f"{args.config}: no such file. Run this from the handbook's folder, or pass --config.", file=sys.stderr)
        return 2
    site = load(config_path)
    if args.scaffold:
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
    return report(site)


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
    site.settings = Settings(config_path, _theme_dirs(root, config.get("theme")), _toc(config))
    return site


def report(site: Site) -> int:
    """Print what the build would say; 1 when a strict build would fail."""
    errors = validation.check(site)
    warnings, notes = translations.review(site)
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
        counts = ", ".join(f"{len(site.ids(c))} {c.id}" for c in site.structure.collections)
        print(f"The handbook is consistent: {counts} in {len(site.languages)} languages.")
    return 1 if errors or warnings else 0


def scaffold(site: Site) -> list[str]:
    """Create, as untranslated copies of the English pages, every page a language lacks."""
    created = []
    reference = site.reference_language
    needed = [*site.structure.required_pages(),
              *(f"{c.folder}/{pid}.md" for c in site.structure.collections for pid in site.ids(c))]
    for lang in site.languages:
        for rel in needed:
            target = site.docs_dir / lang.code / rel
            if target.exists() or target.is_symlink():
                continue
            source = site.docs_dir / reference / rel
            usable = source.is_file() and not source.is_symlink()
            text = source.read_text(encoding="utf-8") if usable else _skeleton(Path(rel).stem)
            docfiles.write_inside(site.docs_dir, target, text.replace("---\n", "---\nuntranslated: true\n", 1))
            created.append(site.rel_path(target))
    labels = site.docs_dir / registry.LABELS_FILE
    for lang in site.languages:
        if lang.code not in site.labels and reference in site.labels:
            block = yaml.safe_dump({lang.code: site.labels[reference]}, allow_unicode=True, sort_keys=False)
            docfiles.write_inside(site.docs_dir, labels,
                                  f"# Untranslated: copied from '{reference}', translate these values.\n{block}",
                                  append=True)
            created.append(f"{site.rel_path(labels)} ({lang.code})")
    return created


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
