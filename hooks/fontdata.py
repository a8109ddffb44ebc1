"""The fonts of a guidebook as docs/guidebook.yml lists them (`fonts:`, `languages:`), read and checked for
hooks/fonts.py.

Each configured language gets its script and writing direction from ICU (its likely subtags; whether the script is
written right to left), unless `languages:` says otherwise. Every mistake stops the build with the file, the line
and what to write; a language whose script has no font gets the exact YAML to add and where to find an OFL font.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

import registry
import safeyaml

GUIDEBOOK_FILE = "guidebook.yml"


@dataclass(frozen=True)
class Face:
    """One font file: where it is, its name in the site's assets/fonts/, and what it draws."""

    path: Path
    name: str
    family: str
    weight: int
    style: str
    unicode_range: str

    @property
    def format(self) -> str:
        """The CSS format() of the file."""
        return SCHEMA["formats"][self.path.suffix.lower()]

    def covers(self, char: str) -> bool:
        """Whether the face's unicode-range holds the character."""
        return any(low <= ord(char) <= high for low, high in _ranges(self.unicode_range))


@dataclass
class Plan:
    """The fonts of a build: the faces of each script, and each configured language's script and direction."""

    scripts: dict[str, list[Face]] = field(default_factory=dict)
    licenses: dict[str, Path] = field(default_factory=dict)
    languages: dict[str, tuple[str, str]] = field(default_factory=dict)

    def direction(self, lang: str) -> str:
        """"rtl" or "ltr" for a configured language."""
        return self.languages.get(lang, ("", "ltr"))[1]

    def faces(self, lang: str) -> list[Face]:
        """Every face the site serves, the faces of the language's script first (the order of its font stack)."""
        own = self.languages.get(lang, ("", ""))[0]
        order = [own] + [script for script in self.scripts if script != own]
        return [face for script in order for face in self.scripts.get(script, [])]

    def shipped(self) -> dict[str, Path]:
        """The files the site serves under assets/fonts/, by name: the languages' scripts' fonts and licences."""
        used = {script for script, _ in self.languages.values()}
        files = {face.name: face.path for script in used for face in self.scripts[script]}
        files.update({path.name: path for script, path in self.licenses.items() if script in used})
        return files



def load(config: Any) -> Plan:
    """The fonts of the build of `config`: each script's faces, and each configured language's script and direction."""
    root = Path(config.config_file_path).parent
    path = Path(config.docs_dir) / GUIDEBOOK_FILE
    shown = registry.repo_path(config, path)
    data, lines = _read(path, shown)
    result = Plan()
    fonts = data.get("fonts") or {}
    if not isinstance(fonts, dict):
        raise PluginError(f"{shown}, line {lines.get(('fonts',), 1)}: 'fonts:' should hold one block per script "
                          f"(Latn, Jpan, Arab, ...).{_example(shown, 'Latn')}")
    names: dict[str, str] = {}
    for script, spec in fonts.items():
        where = f"{shown}, line {lines.get(('fonts', script), 1)}"
        faces, license_path = _script_fonts(root, where, str(script), spec)
        for face in faces:
            if names.setdefault(face.name, str(face.path)) != str(face.path):
                raise PluginError(f"{where}: two font files are named '{face.name}'. Rename one of them: the site "
                                  "serves both from assets/fonts/.")
        result.scripts[str(script)] = faces
        if license_path:
            result.licenses[str(script)] = license_path
    overrides = data.get("languages") or {}
    for lang in registry.configured_languages(config):
        script, direction = _language(shown, lines, lang.code, overrides.get(lang.code))
        if script not in result.scripts:
            raise PluginError(_missing_font(shown, lang.code, lang.name, script))
        result.languages[lang.code] = (script, direction)
    return result


def _read(path: Path, shown: str) -> tuple[dict[str, Any], dict[tuple[Any, ...], int]]:
    if not path.is_file():
        raise PluginError(f"{shown} is missing: it says which fonts each script of the guidebook is shown in. "
                          f"Create it.{_example(shown, 'Latn')}")
    text = path.read_text(encoding="utf-8")
    data, node = safeyaml.load_data_file(text, shown)
    if not isinstance(data, dict):
        raise PluginError(f"{shown}: expected keys such as 'fonts:'.{_example(shown, 'Latn')}")
    return data, _lines(node)


def _script_fonts(root: Path, where: str, script: str, spec: Any) -> tuple[list[Face], Path | None]:
    rules = SCHEMA
    if not re.fullmatch(rules["script"], script):
        raise PluginError(f"{where}: '{script}' is not a script code. Use a four-letter ISO 15924 code such as Latn, "
                          "Cyrl, Arab, Hebr, Telu or Jpan.")
    if not isinstance(spec, dict) or set(spec) - set(rules["keys"]) or not {"family", "faces"} <= set(spec):
        raise PluginError(f"{where}: the fonts of '{script}' need 'family:' and 'faces:' (and may have 'license:'), "
                          f"nothing else.{_example(where.split(',')[0], script)}")
    family = spec["family"]
    if not isinstance(family, str) or not family.strip() or len(family) > rules["family_max"]:
        raise PluginError(f"{where}: the 'family' of '{script}' should be a font name of at most "
                          f"{rules['family_max']} characters, such as \"Guidebook Sans\".")
    license_path = _file(root, where, spec["license"], {".txt", ".md"}) if spec.get("license") else None
    if not isinstance(spec["faces"], list) or not spec["faces"]:
        raise PluginError(f"{where}: 'faces' of '{script}' should be a list of font files.{_example(where, script)}")
    faces = []
    for item in spec["faces"]:
        if not isinstance(item, dict) or set(item) - set(rules["face_keys"]) or "file" not in item:
            raise PluginError(f"{where}: each face of '{script}' is '- {{file: <path>, weight: 400}}' (and may have "
                              f"'style' and 'unicode_range'), not {item!r}.")
        path = _file(root, where, item["file"], set(rules["formats"]))
        weight, style = item.get("weight", 400), item.get("style", "normal")
        if isinstance(weight, bool) or not isinstance(weight, int) or not \
                rules["weights"]["min"] <= weight <= rules["weights"]["max"]:
            raise PluginError(f"{where}: the weight of {item['file']} should be a number from 100 to 900 (400 is "
                              "regular, 700 bold).")
        if style not in rules["styles"]:
            raise PluginError(f"{where}: the style of {item['file']} should be one of {rules['styles']}.")
        ranges = item.get("unicode_range") or _coverage(str(path))
        if not isinstance(ranges, str) or not re.fullmatch(rules["unicode_range"], ranges.strip()):
            raise PluginError(f"{where}: the unicode_range of {item['file']} should be a CSS unicode-range such "
                              "as \"U+0000-00FF,U+0131\"; or leave it out to use every character the file has.")
        faces.append(Face(path, path.name, family.strip(), weight, style, re.sub(r"\s+", "", ranges)))
    return faces, license_path


def _file(root: Path, where: str, value: Any, suffixes: set[str]) -> Path:
    path = (root / str(value)).resolve()
    if not isinstance(value, str) or not path.is_relative_to(root.resolve()) or path.suffix.lower() not in suffixes:
        raise PluginError(f"{where}: {value!r} should be a path relative to mkdocs.yml, inside the project, ending "
                          f"in {' or '.join(sorted(suffixes))}.")
    if not path.is_file():
        raise PluginError(f"{where}: the file {value} does not exist (paths are relative to mkdocs.yml). Add the "
                          "file, or correct the path.")
    return path


def _language(shown: str, lines: dict[tuple[Any, ...], int], code: str, override: Any) -> tuple[str, str]:
    import icu

    if override is not None and (not isinstance(override, dict) or set(override) - set(SCHEMA["language_keys"])):
        raise PluginError(f"{shown}, line {lines.get(('languages', code), 1)}: the settings of '{code}' under "
                          "'languages:' may be 'script: Xxxx' and 'direction: ltr' or 'rtl', nothing else.")
    override = override or {}
    script = override.get("script") or icu.Locale.addLikelySubtags(icu.Locale(code)).getScript() or "Latn"
    codes = icu.Script.getCode(script) if re.fullmatch(SCHEMA["script"], str(script)) else ()
    if not codes:
        raise PluginError(f"{shown}, line {lines.get(('languages', code), 1)}: '{script}' is not a script ICU "
                          "knows. Use a four-letter ISO 15924 code such as Latn, Arab or Jpan.")
    direction = override.get("direction") or ("rtl" if icu.Script(codes[0]).isRightToLeft() else "ltr")
    if direction not in SCHEMA["directions"]:
        raise PluginError(f"{shown}, line {lines.get(('languages', code), 1)}: the direction of '{code}' should be "
                          "'ltr' (left to right) or 'rtl' (right to left).")
    return str(script), direction


def _missing_font(shown: str, code: str, name: str, script: str) -> str:
    what, fix = _missing(shown, code, script)
    return f"{shown}: the language '{code}' ({name}) {what}. {fix}"


def _missing(shown: str, code: str, script: str) -> tuple[str, str]:
    """(what is missing, how to add it) for a language whose script has no font."""
    import icu

    codes = icu.Script.getCode(script)
    title = icu.Script(codes[0]).getName() if codes else script
    font = NOTO.get(script, f"Noto Sans {title.replace('_', ' ')}")
    return (f"is written in the {title} script ({script}), which has no font under 'fonts:'",
            "Without one, readers see empty boxes where their device or the PDF has no such font. "
            f"Add a block like this to {shown} (paths relative to mkdocs.yml):{_example(shown, script, font)}\n"
            f"An open-licensed (SIL OFL) font for it: {font}, from https://github.com/notofonts (or Debian's "
            "fonts-noto-core / fonts-noto-cjk packages); keep its OFL.txt beside the files and name it as 'license:'. "
            f"If '{code}' is written in another script, say which: 'languages: {{{code}: {{script: Xxxx}}}}'.")


def language_needs(site: Any, code: str) -> list[tuple[str, str]]:
    """For the contributors' check (hooks/languages.py): (what is missing, how to add it) when the language's script
    has no font in docs/guidebook.yml; nothing when it has one, or when the file is broken (its own check says so)."""
    path = site.docs_dir / GUIDEBOOK_FILE
    shown = site.rel_path(path)
    if importlib.util.find_spec("icu") is None:
        return []  # the check outside the project's environment has no ICU: the build checks the fonts
    try:
        data, lines = _read(path, shown)
        fonts = data.get("fonts") or {}
        script, _ = _language(shown, lines, code, (data.get("languages") or {}).get(code))
    except PluginError:
        return []
    if isinstance(fonts, dict) and script in fonts:
        return []
    what, fix = _missing(shown, code, script)
    return [(f"a font for its script: it {what}", fix)]


def _example(shown: str, script: str, font: str = "Noto Sans") -> str:
    stem = font.lower().replace(" ", "-")
    return (f"\n\nfonts:\n  {script}:\n    family: \"{font}\"\n    license: fonts/{stem}-OFL.txt\n    faces:\n"
            f"      - {{file: fonts/{stem}-400.woff2, weight: 400}}\n"
            f"      - {{file: fonts/{stem}-700.woff2, weight: 700}}\n")


@functools.lru_cache(maxsize=32)
def _coverage(path: str) -> str:
    """The unicode-range of every character a font file draws (its cmap), when the data gives none."""
    from fontTools.ttLib import TTFont

    codes = sorted(TTFont(path, lazy=True).getBestCmap())
    spans: list[list[int]] = []
    for code in codes:
        if spans and code == spans[-1][1] + 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return ",".join(f"U+{a:04X}" + (f"-{b:04X}" if b != a else "") for a, b in spans)


@functools.lru_cache(maxsize=256)
def _ranges(text: str) -> tuple[tuple[int, int], ...]:
    out = []
    for part in text.replace("U+", "").replace("u+", "").split(","):
        low, _, high = part.partition("-")
        if "?" in low:
            out.append((int(low.replace("?", "0"), 16), int(low.replace("?", "F"), 16)))
        elif low:
            out.append((int(low, 16), int(high or low, 16)))
    return tuple(out)


def _lines(node: Any, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], int]:
    found: dict[tuple[Any, ...], int] = {}
    for key, value in getattr(node, "value", []) if getattr(node, "tag", "").endswith(":map") else []:
        found[(*path, key.value)] = key.start_mark.line + 1
        found.update(_lines(value, (*path, key.value)))
    return found



SCHEMA: dict[str, Any] = safeyaml.load((Path(__file__).parent / "schema.yml").read_text(encoding="utf-8"))["fonts"]
# Noto's family for the scripts ICU names differently from the font.
# Noto's family for the scripts ICU names differently from the font.
NOTO = {"Jpan": "Noto Sans JP", "Hans": "Noto Sans SC", "Hant": "Noto Sans TC", "Kore": "Noto Sans KR",
        "Latn": "Noto Sans", "Cyrl": "Noto Sans", "Grek": "Noto Sans"}
