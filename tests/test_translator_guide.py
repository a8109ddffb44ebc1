"""The translator's guide on every language's "How to contribute" page: the same steps in every language, each
command written for Windows (PowerShell) and for Linux and macOS, and shown as written on the built page."""

from __future__ import annotations

import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from conftest import DEFAULT, LANGUAGES, ROOT, prefix

import registry

MARKER = "<!-- handbook:contributing -->"
# The pages' own fences, written by the handbook's editors: a pattern reads them (a Markdown parser would also do).
FENCE = re.compile(r"^ *```(\w+)\n(.*?)^ *```$", re.M | re.S)
# The English page's examples use Czech; every other language uses its own code.
EXAMPLE = {DEFAULT: "cs"}


def blocks(lang: str) -> list[tuple[str, list[str]]]:
    """The code blocks of a language's translator guide, as (language of the block, lines)."""
    text = (ROOT / f"docs/{lang}/contribute.md").read_text(encoding="utf-8")
    assert text.count(MARKER) == 1, lang
    guide = text.split(MARKER)[0]
    return [(info, [line.strip() for line in body.splitlines()]) for info, body in FENCE.findall(guide)]


def normalised(lang: str) -> list[tuple[str, list[str]]]:
    """The blocks with the example language's code replaced, and the example branch and commit message left out."""
    code = EXAMPLE.get(lang, lang)
    out = []
    for info, lines in blocks(lang):
        keep = []
        for line in lines:
            if line.startswith(("git switch", "git commit", "git push")):
                line = " ".join(line.split()[:2])
            line = re.sub(rf"(?<=[\\/\"= ]){code}(?=[\\/\" ]|$)", "<lang>", line)
            keep.append(line)
        out.append((info, keep))
    return out


def test_every_language_gives_the_translators_the_same_commands() -> None:
    english = normalised(DEFAULT)
    assert len(english) >= 8
    for lang in LANGUAGES:
        assert normalised(lang) == english, lang


def test_each_windows_block_has_its_linux_and_macos_twin_and_each_is_written_for_its_platform() -> None:
    posix_check = registry.command().split()
    for lang in LANGUAGES:
        found = blocks(lang)
        for i, (info, lines) in enumerate(found):
            text = "\n".join(lines)
            if info == "powershell":
                assert found[i + 1][0] == "bash", (lang, text)
                assert not re.search(r"python3|\.venv/|hooks/|docs/", text), (lang, text)
                assert all(line.startswith(("py ", ".venv\\Scripts\\", "$env:", "git ", "cd ")) for line in lines)
            else:
                assert info == "bash", (lang, info)
                assert not re.search(r"(^|\s)py |\\", text, re.M), (lang, text)
                for line in lines:
                    if "check.py" in line:
                        assert line.split()[:2] == posix_check, (lang, line)
        windows = "\n".join("\n".join(lines) for info, lines in found if info == "powershell")
        for command in (r"py -m venv .venv", r".venv\Scripts\pip install -r requirements.txt",
                        r".venv\Scripts\mkdocs serve", r"py hooks\check.py --scaffold", "$env:HANDBOOK_LANGUAGE="):
            assert command in windows, (lang, command)


def test_the_built_contribute_page_shows_the_commands_as_written(handbook: Path) -> None:
    for lang in LANGUAGES:
        code = EXAMPLE.get(lang, lang)
        html = LexborHTMLParser((handbook / prefix(lang) / "contribute/index.html").read_text(encoding="utf-8"))
        shown = "\n".join(pre.text() for pre in html.css("article pre"))
        assert rf"py hooks\check.py --mark-translated docs\{code}\principles\courtesy.md" in shown, lang
        assert f"python3 hooks/check.py --mark-translated docs/{code}/principles/courtesy.md" in shown, lang
        assert f'$env:HANDBOOK_LANGUAGE="{code}"; .venv\\Scripts\\mkdocs serve' in shown, lang
        # The guide comes before the generated link to the full guide for contributors.
        article = html.css_first("article").html
        assert article.index("--mark-translated") < article.index("/blob/main/CONTRIBUTING.md"), lang


def test_contributing_points_translators_to_every_language() -> None:
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    top = contributing[:contributing.index("\n## ", contributing.index("## Translators") + 1)]
    for lang in LANGUAGES:
        assert f"(docs/{lang}/contribute.md)" in top, lang
        assert (ROOT / f"docs/{lang}/contribute.md").is_file()
