"""Files hook: `docs/` publishes only Markdown pages and raster images, never a link to another file.

- Pages are `.md` files inside a language folder (`docs/<lang>/`). A page with another Markdown extension that MkDocs
  would also build (`.markdown`, `.mdown`, ...) or a page outside a language folder is refused, so that every page
  the site publishes is one the handbook checks.
- Images are PNG, JPEG, GIF, WebP or AVIF. SVG, HTML, scripts and stylesheets are refused: they can run code.
- The data files (guidebook.yml, the collections' registries, labels.yml, search.yml, glossary.yml) and snippets/
  stay out of the site.
- Symbolic links are refused everywhere under docs/ (snippets included): they could publish files from outside it.
- No file may take the path of a theme or override file (a stylesheet, the theme's script, the print pages).
- File and folder names use letters, digits, '-', '_' and '.', so that no name can break out of an HTML attribute.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.utils import markdown_extensions

import preview
import registry
from frontmatter import Problem, read_text

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # The validation stops a build with the same problems first; this keeps a refused file out of `mkdocs serve`.
    site = registry.site(config)
    refused = {p.path for p in problems(site)}
    for file in list(files):
        if file.abs_src_path and registry.repo_path(config, file.abs_src_path) in refused:
            files.remove(file)
        elif file.abs_src_path and _under(Path(file.abs_src_path), Path(config.docs_dir)) and _linked(
                Path(file.abs_src_path), Path(config.docs_dir)):
            if preview.serving():
                files.remove(file)  # the preview leaves it out; the problem shows on every page (validation.py)
                continue
            raise PluginError(f"{registry.repo_path(config, file.abs_src_path)}: this file is reached through a "
                              "link to another folder. Replace the link with a real folder.")
    return files


def problems(site: Any) -> list[Problem]:
    """Every file under docs/ that the handbook does not publish or read, with what to do about it."""
    found: list[Problem] = []
    docs = Path(site.docs_dir)
    codes = {lang.code for lang in site.languages}
    reserved = _theme_names(site.root)
    for folder, dirs, names in os.walk(docs, followlinks=False):
        base = Path(folder)
        for name in sorted(dirs):
            path = base / name
            if path.is_symlink():
                found.append(_problem(site, path, "This folder is a link to another folder: it could publish files "
                                      "from outside docs/.", "Replace the link with a real folder and its files."))
                dirs.remove(name)
            elif name.startswith("."):
                dirs.remove(name)  # MkDocs never publishes hidden folders.
        for name in sorted(names):
            if not name.startswith("."):
                found += _check(site, docs, base / name, codes, reserved)
    return found


def _check(site: Any, docs: Path, path: Path, codes: set[str], reserved: dict[str, set[str]]) -> list[Problem]:
    rel = path.relative_to(docs)
    parts = rel.parts
    suffix = path.suffix.lower()
    if path.is_symlink():
        return [_problem(site, path, "This file is a link to another file: it could publish a file from outside "
                         "docs/ (such as a password file).", "Replace the link with a copy of the file.")]
    if bad := next((part for part in parts if not NAME.fullmatch(part)), None):
        return [_problem(site, path, f"The name '{bad}' has characters the handbook does not allow in file names.",
                         "Rename it using only letters, digits, '-', '_' and '.' (no spaces or quotes).")]
    if len(parts) == 1:
        if rel.as_posix() in DATA_FILES | site.structure.data_files():
            return []
        return [_problem(site, path, "Files directly in docs/ are not part of any language.",
                         f"Move it into a language folder, such as docs/{site.reference_language}/.")]
    if parts[0] == SNIPPETS:
        if suffix in SNIPPET_SUFFIXES:
            # Pages include snippets as they are: the same limits as a page (size, lines, UTF-8).
            found: list[Problem] = []
            read_text(found, site.rel_path(path), path, None)
            return found
        return [_problem(site, path, "Snippets are text files.",
                         f"Use a {' or '.join(sorted(SNIPPET_SUFFIXES))} file, or remove this one.")]
    if parts[0] == SNAPSHOTS and len(parts) == 2 and suffix == ".md":
        # English texts translations were made from (snapshots.py): never published, read only for the to-do list.
        found = []
        read_text(found, site.rel_path(path), path, None)
        return found
    if parts[0] not in codes:
        return [_problem(site, path, f"'{parts[0]}' is not a language folder of the handbook.",
                         f"Move the file into one of: {', '.join(sorted(codes))}.")]
    inner = parts[1:]
    if inner[0] in reserved["folders"] and len(inner) > 1 or Path(*inner).with_suffix("").as_posix() in RESERVED_PAGES:
        return [_problem(site, path, f"The path '{'/'.join(inner)}' is taken by the handbook's theme or its "
                         "generated pages.", "Rename the file or the folder.")]
    if suffix == ".md":
        return []
    if suffix in markdown_extensions:
        return [_problem(site, path, f"Pages must end in '.md'; '{suffix}' pages are not checked.",
                         f"Rename the file to '{path.stem}.md'.")]
    if suffix in IMAGE_SUFFIXES:
        return []
    what = "SVG images can hold code that runs in readers' browsers" if suffix == ".svg" else \
        f"'{suffix or path.name}' files are not published by the handbook"
    return [_problem(site, path, f"{what}.", "Use a PNG or JPEG image, or write the content in a Markdown "
                     "page; then remove this file.")]


def write_inside(docs_dir: Path, target: Path, text: str, append: bool = False) -> None:
    """Write a file of docs/ (the scaffolding's and --mark-translated's writes), never through a link nor outside it.

    Raises ValueError with a message for contributors when the target or a folder on its way is a link.
    """
    docs = Path(os.path.abspath(docs_dir))
    path = Path(os.path.abspath(target))
    if docs not in path.parents:
        raise ValueError(f"{target} is outside {docs_dir}; the handbook only writes inside it.")
    if docs.is_symlink() or _linked(path, docs):
        raise ValueError(f"{target} is reached through a link to another file or folder; the handbook does not "
                         "write through links. Replace the link with a real file or folder, then run this again.")
    path.parent.mkdir(parents=True, exist_ok=True)
    if _linked(path.parent, docs):
        raise ValueError(f"{path.parent} is a link to another folder; replace it with a real folder.")
    # O_NOFOLLOW: a link put in place meanwhile is refused by the system instead of written through.
    flags = os.O_WRONLY | os.O_NOFOLLOW | (os.O_APPEND if append else os.O_CREAT | os.O_TRUNC)
    descriptor = os.open(path, flags, 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(text)


def _problem(site: Any, path: Path, message: str, fix: str) -> Problem:
    return Problem(site.rel_path(path), message, fix)


def _under(path: Path, folder: Path) -> bool:
    return os.path.abspath(path).startswith(os.path.abspath(folder) + os.sep)


def _linked(path: Path, folder: Path) -> bool:
    # Any link between the docs folder and the file: MkDocs itself follows linked folders.
    current = Path(os.path.abspath(path))
    top = Path(os.path.abspath(folder))
    while current != top and top in current.parents:
        if current.is_symlink():
            return True
        current = current.parent
    return False


@lru_cache(maxsize=4)
def _theme_names(root: Path) -> dict[str, set[str]]:
    """Top-level folder names of the theme and the overrides: a language folder may not reuse them."""
    folders = set(GENERATED_FOLDERS)
    try:
        import material
        themes = [Path(material.__file__).parent / "templates"]
    except ImportError:  # the fast check where the theme is not installed (pre-commit); the build checks it
        themes = []
    for theme in (*themes, Path(root) / "overrides"):
        if theme.is_dir():
            folders |= {p.name for p in theme.iterdir() if p.is_dir()}
    return {"folders": folders}


# With the structure's own: docs/guidebook.yml and each collection's registry.
DATA_FILES = {"labels.yml", "search.yml", "glossary.yml"}
SNIPPETS = "snippets"
SNAPSHOTS = "snapshots"
SNIPPET_SUFFIXES = {".md", ".txt"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"}
# Folders the hooks generate in every language (hooks/printing.py, hooks/search.py).
GENERATED_FOLDERS = {"print", "search"}
# Pages under print/ are reserved with the folder.
RESERVED_PAGES = {"print/index", "404"}
NAME = re.compile(r"[\w][\w.-]{0,100}")
