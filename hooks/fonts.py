"""Fonts hook: every configured language is shown and printed in the fonts of its script, from data.

`fonts:` in docs/guidebook.yml lists, per script (ISO 15924: Latn, Telu, Jpan, Arab, ...), one CSS family and its
faces (font files, relative to mkdocs.yml). A language's script and writing direction come from ICU (its likely
subtags: "ja" -> Jpan, "ar" -> Arab, right to left), unless `languages:` in the same file says otherwise. Then:
- a configured language whose script has no font stops the build, with the YAML to add and where to find a font;
- the site ships exactly the font files (and their licences) of the configured languages' scripts, under
  assets/fonts/, and no other file of that folder;
- every page gets the @font-face rules (hooks/delivery.py inlines them), its language's family first, and preloads
  only the regular faces its language's title and site name are drawn with;
- the PDFs (hooks/paged.py) embed the same faces, the language's first;
- a right-to-left language's pages say so on <html> and <body>, so the theme mirrors its layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

import fontdata
import registry
from paged import css_string

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Checked before anything is built: a language without a font for its script stops the build here.
    if registry.is_first_language_build(config):
        _state.plan = None
    plan(config)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # The theme folder's fonts are replaced by the configured ones; the later language builds add nothing (the
    # first one has copied every file to the site's root, where all pages link to them).
    kept = Files([f for f in files if not f.dest_uri.startswith(FOLDER)])
    if registry.is_first_language_build(config):
        for name, path in plan(config).shipped().items():
            kept.append(File.generated(config, FOLDER + name, abs_src_path=str(path)))
    return kept


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # Material writes the direction on <body> from its language pack; <html> gets it too, from the data.
    direction = plan(config).direction(registry.current_language(config))
    output = HTML_TAG.sub(lambda m: _with_dir(m[0], direction), output, count=1)
    return BODY_TAG.sub(lambda m: _with_dir(m[0], direction), output, count=1)



def plan(config: MkDocsConfig) -> fontdata.Plan:
    """The fonts of this build, read and checked once (static-i18n's language builds share the configuration)."""
    if _state.config is not config or _state.plan is None:
        _state.config, _state.plan, _state.heads = config, fontdata.load(config), {}
    return _state.plan


def language_needs(site: Any, code: str) -> list[tuple[str, str]]:
    """What a language lacks for its script's font, as (what, how to add it), for hooks/languages.py's message."""
    return fontdata.language_needs(site, code)


def head(config: MkDocsConfig, page: Page) -> tuple[str, str]:
    """A page's fonts: the preload tags of its language's regular faces, and the @font-face CSS (its family first)."""
    fonts = get_relative_url(FOLDER + "x", page.url)[: -len("x")]
    faces = plan(config).faces(registry.current_language(config))
    sample = {c for c in f"{page.title or ''} {config.site_name}" if not c.isspace() or c == " "}
    regular = [face for face in faces if face.style == "normal" and face.weight == 400]
    # The face each character of the title and site name is drawn with: the first of the stack that has it.
    needed = {next((face for face in regular if face.covers(c)), None) for c in sample} - {None}
    preloads = [face for face in regular if face in needed]
    # The same for the pages of a language at the same depth that preload the same faces: rendered once per build
    # (the faces are the build's plan's, read afresh by every build).
    key = (registry.current_language(config), fonts, tuple(regular.index(face) for face in preloads))
    if key not in _state.heads:
        values = {"fonts": fonts, "faces": faces, "preloads": preloads,
                  "families": list(dict.fromkeys(face.family for face in faces))}
        _state.heads[key] = (_TEMPLATES.get_template("preloads").render(values),
                             _TEMPLATES.get_template("css").render(values))
    return _state.heads[key]


def pdf_faces(config: MkDocsConfig, lang: str) -> list[dict[str, str]]:
    """The faces a language's PDFs embed (hooks/paged.py), its script's first: file name, weight and style."""
    return [{"file": face.name, "weight": str(face.weight), "style": face.style} for face in plan(config).faces(lang)]



def _with_dir(tag: str, direction: str) -> str:
    # The direction is "ltr" or "rtl" (checked above), never text from a contributor.
    return re.sub(r'\sdir="[^"]*"', "", tag)[:-1] + f' dir="{direction}">'



@dataclass
class _State:
    """The build (its configuration) and the fonts it was found to need; reset by every full build."""

    config: Any = None
    plan: fontdata.Plan | None = None
    # Rendered font tags and rules, by (the faces, the fonts' folder from the page, the preloaded faces).
    heads: dict[tuple[Any, ...], tuple[str, str]] = field(default_factory=dict)


_state = _State()
FOLDER = "assets/fonts/"
HTML_TAG = re.compile(r"<html\b[^>]*>")
BODY_TAG = re.compile(r"<body\b[^>]*>")
_TEMPLATES = jinja2.Environment(loader=jinja2.DictLoader({
    "preloads": "{% for face in preloads %}<link rel=\"preload\" href=\"{{ fonts ~ face.name }}\" as=\"font\" "
                "type=\"font/{{ face.format }}\" crossorigin>{% endfor %}",
    # Font names and paths from docs/guidebook.yml are written as escaped CSS strings (css_string), which nothing can
    # leave; weights, styles and ranges were checked against the schema.
    "css": "{% for face in faces %}@font-face{font-family:{{ face.family | css_string }};font-style:{{ face.style }};"
           "font-weight:{{ face.weight }};font-display:swap;src:url({{ (fonts ~ face.name) | css_url }}) "
           "format(\"{{ face.format }}\");unicode-range:{{ face.unicode_range }}}\n{% endfor %}"
           ":root{--md-text-font:{% for family in families %}{{ family | css_string }}{{ ', ' if not loop.last }}"
           "{% endfor %}}\n"}), autoescape=True, undefined=jinja2.StrictUndefined)
_TEMPLATES.filters["css_string"] = css_string
# A relative address as a CSS string: path characters as they are, anything else escaped (css_string's rule).
_TEMPLATES.filters["css_url"] = lambda text: Markup('"{}"').format(Markup("").join(
    c if c.isascii() and (c.isalnum() or c in "./-_") else css_string(c)[1:-1] for c in str(text)))
