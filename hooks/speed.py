"""Speed hook: the per-language builds of one run share the work that is the same in all of them.

Static-i18n runs one full MkDocs build per language. Each would compile every Jinja template again, list the
theme's ~12,000 files again and copy the theme's files again, though none of it changes between languages:
- compiled templates are kept in memory, and on disk for the next build, through Jinja's bytecode cache, set on each
  build's template environment in `on_env` (Jinja checks each template's source, so an edited template is compiled
  afresh). The disk cache is Jinja's own, in a folder of the system's temporary directory that only the current user
  can write: never in the repository, where a pull request could plant compiled code;
- the later language builds drop the theme's files in `on_files`: the first build has copied them to the site's
  root, where every language's pages link to them.
It renders each site-wide template once, in the build it belongs to, instead of in every language build: 404.html
in the default language's (each later build overwrote it: the root 404 page was Telugu), and sitemap.xml in the last
one, the only build that knows every language's pages. MkDocs skips a template whose output is empty.

Three tricks have no public event or setting; all are listed in PATCHES below, each guarded by the versions it was
tested with (an untested version stops the build with a message saying what to do) and by tests/test_speed.py,
which fails when the upstream code they stand in for behaves differently:
- the list of the theme's files: MkDocs lists them (`Environment.list_templates`) on a new template environment in
  every language build, before any event; `theme.get_env` is wrapped to reuse the first listing (a fifth of the
  build's time);
- each page's alternates (its versions in the other languages): static-i18n made a new file object for every page,
  language and candidate in every language build, which grew with the cube of the number of languages; its
  `reconfigure_files_alternates` is replaced by `find_alternates`, which gives the same result in one pass, and
  `on_files` hands static-i18n only the files of the language it builds (an eighth of the build's time);
Everything else is dropped at the start of every full build, so `mkdocs serve` sees new and changed templates (the
listing of the theme's files is kept while its folders hold the same files).
"""

from __future__ import annotations

import functools
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import mkdocs
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

import registry

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if registry.is_first_language_build(config):
        check_versions()
        _bytecode.store.clear()
        _folder_states.clear()
        _locales.clear()
        _alternates.clear()
    i18n = config.plugins.get("i18n")
    if i18n is not None and not i18n.config.fallback_to_default:
        i18n.reconfigure_files_alternates = functools.partial(find_alternates, i18n)
    get_env = type(config.theme).get_env

    def shared_env(theme: Any) -> jinja2.Environment:
        env = get_env(theme)
        env.list_templates = lambda extensions=None, filter_func=None: _list(env, extensions, filter_func)  # type: ignore
        return env

    config.theme.get_env = shared_env.__get__(config.theme)  # type: ignore[method-assign]
    return config


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    # MkDocs makes a new template environment per build; this cache remembers what the previous builds compiled.
    env.bytecode_cache = _bytecode
    return env


# Before static-i18n (-100), so that it never sees the files it would only set aside.
def on_files(files: Files, config: MkDocsConfig) -> Files:
    i18n = config.plugins.get("i18n")
    if not registry.is_first_language_build(config):
        # The first language build has copied the theme's files (to the same place: static-i18n puts them at the
        # site's root in every language build); the later ones have nothing to add.
        docs = Path(config.docs_dir).resolve()
        files = Files([f for f in files if f.is_documentation_page() or not f.abs_src_path
                       or Path(f.abs_src_path).resolve().is_relative_to(docs)])
    _elsewhere.clear()
    _positions.clear()
    if i18n is None or i18n.config.fallback_to_default or i18n.config.docs_structure != "folder":
        return files
    # Without fallback, static-i18n uses another language's pages only as alternates, and drops its other files.
    others = set(i18n.all_languages) - {i18n.current_language}
    kept = []
    for position, file in enumerate(files):
        folder, _, rest = file.src_uri.partition("/")
        if folder in others and rest:
            if file.is_documentation_page():
                _elsewhere.setdefault(rest, []).append((position, file))
        else:
            kept.append(file)
            _positions[file.src_uri] = position
    return Files(kept)


def on_pre_template(template: jinja2.Template, template_name: str, config: MkDocsConfig) -> jinja2.Template:
    i18n = config.plugins.get("i18n")
    languages = list(getattr(i18n, "build_languages", []) or [])
    default = getattr(i18n, "default_language", None)
    # Static-i18n builds the default language first, then the others in their configured order.
    order = [default, *[lang for lang in languages if lang != default]] if languages else []
    last = not order or registry.current_language(config) == order[-1]
    skip = (template_name == "404.html" and not registry.is_first_language_build(config)) or (
        template_name == "sitemap.xml" and not last)
    # MkDocs writes nothing for a template whose output is empty.
    return _EMPTY if skip else template


def check_versions() -> None:
    """Stop the build when a package that PATCHES relies on is a version the patches were not tested with."""
    for package, series, what in PATCHES:
        found = _installed(package)
        if found is not None and not found.startswith(series):
            raise PluginError(
                f"hooks/speed.py stands in for {what} of {package} {series}x, but {package} {found} is installed. "
                f"Run the tests (python -m pytest tests/test_speed.py): if they pass, add '{found.rsplit('.', 1)[0]}.' "
                f"for {package} to PATCHES in hooks/speed.py; if not, remove that patch (see the module's docstring), "
                f"or install the version in requirements.txt.")


def find_alternates(i18n: Any, pages: dict[str, File], candidates: dict[str, list[File]], config: MkDocsConfig,
                    create_i18n_file: Any) -> None:
    """Static-i18n's `reconfigure_files_alternates` without language fallback, in one pass over the candidates.

    The candidates are the ones static-i18n found, and the other languages' pages `on_files` set aside, in the order
    of the files. For each page and build language, the alternate is the first candidate whose locale is that
    language, as in static-i18n. A file's locale and its alternate depend only on the file, so each is made once per
    full build and shared by the language builds.
    """
    languages, default = i18n.all_languages, i18n.default_language
    build_languages = sorted(i18n.build_languages)
    for uri, page in pages.items():
        found = candidates.get(uri, [])
        if _elsewhere.get(uri):
            placed = [(_positions.get(file.src_uri, -1), file) for file in found] + _elsewhere[uri]
            found = [file for _, file in sorted(placed, key=lambda item: item[0])]
        first: dict[str, File] = {}
        for candidate in found:
            if candidate.src_uri not in _locales:
                _locales[candidate.src_uri] = create_i18n_file(candidate, default, default, languages, config).locale
            first.setdefault(_locales[candidate.src_uri], candidate)
        for lang in build_languages:
            if lang not in page.alternates and lang in first:
                key = (first[lang].src_uri, lang)
                if key not in _alternates:
                    _alternates[key] = create_i18n_file(first[lang], lang, default, languages, config)
                page.alternates[lang] = _alternates[key]


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    def __init__(self) -> None:
        super().__init__(directory="", pattern="handbook-%s.cache")
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key not in self.store and self._folder():
            super().load_bytecode(bucket)
            if bucket.code is not None:
                self.store[bucket.key] = bucket.bytecode_to_string()
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
        if self._folder():
            super().dump_bytecode(bucket)

    def _folder(self) -> str:
        # Jinja's per-user folder in the temporary directory; where there is none that is safe, memory only.
        if self.directory == "":
            try:
                self.directory = self._get_default_cache_dir()
            except (OSError, RuntimeError):
                self.directory = None  # type: ignore[assignment]
        return self.directory or ""


def _list(env: jinja2.Environment, extensions: Any = None, filter_func: Any = None) -> list[str]:
    # Static-i18n adds its sitemap folder to the theme again in every language build; the walk's result is the
    # union of the folders' files, so neither a repeat nor the order changes it. MkDocs' filter (a new function in
    # each build) depends only on the theme's static templates, the same in every language build.
    # A listing is kept from one full build to the next (each `mkdocs serve` rebuild) while the folders hold the same
    # files: a file added, removed or renamed changes its folder's modification time, which is looked at once per
    # full build (milliseconds; the listing itself takes most of a second).
    folders = frozenset(getattr(env.loader, "searchpath", ()))
    key = (folders, extensions and tuple(extensions), getattr(filter_func, "__qualname__", None))
    if folders not in _folder_states:
        _folder_states[folders] = _folder_state(folders)
    if key not in _listings or _listings[key][0] != _folder_states[folders]:
        names = env.loader.list_templates() if env.loader else []
        if extensions is not None:
            names = [n for n in names if "." in n and n.rsplit(".", 1)[1] in extensions]
        _listings[key] = (_folder_states[folders],
                          [n for n in names if filter_func(n)] if filter_func is not None else list(names))
    return list(_listings[key][1])


def _folder_state(folders: frozenset[str]) -> tuple[tuple[str, int], ...]:
    """Every folder under `folders` with its modification time: it changes when a file is added, removed or renamed."""
    state, stack = [], sorted(folders)
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                stack += [e.path for e in entries if e.is_dir(follow_symlinks=True)]
            state.append((folder, os.stat(folder).st_mtime_ns))
        except OSError:
            state.append((folder, -1))
    return tuple(sorted(state))


def _installed(package: str) -> str | None:
    if package == "mkdocs":
        # ProperDocs, the continuation of MkDocs 1.x, answers for `mkdocs` with its own version.
        return str(mkdocs.__version__)
    try:
        return version(package)
    except PackageNotFoundError:
        return None


# The packages whose internals this module stands in for: (package, tested version series, what is replaced).
PATCHES = [
    ("mkdocs", "1.6.", "Theme.get_env (to reuse the listing of Environment.list_templates)"),
    ("jinja2", "3.1.", "Environment.list_templates"),
    ("mkdocs-static-i18n", "1.3.", "I18n.reconfigure_files_alternates"),
]

_bytecode = _BytecodeCache()

# Template listings, with the state of the folders they were made from; the folders' state, once per full build.
_listings: dict[tuple[Any, ...], tuple[Any, list[str]]] = {}
_folder_states: dict[frozenset[str], tuple[tuple[str, int], ...]] = {}

_EMPTY = jinja2.Template("")

# Each source file's locale, by its path in the docs folder.
_locales: dict[str, str] = {}

# Each page's version in a language, made once per full build: (path in the docs folder, language) -> file.
_alternates: dict[tuple[str, str], File] = {}

# The current language build's pages in the other languages, by their path inside a language folder, and the place
# of every file among the files, to keep static-i18n's order of candidates.
_elsewhere: dict[str, list[tuple[int, File]]] = {}
_positions: dict[str, int] = {}
