"""The build-time shortcuts in hooks/speed.py give the same result as the code they stand in for."""

from __future__ import annotations

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

import speed
from conftest import LANGUAGES, ROOT


def selection(language: str, shortcut: bool) -> dict[str, tuple[str, str, dict[str, tuple[str, str]]]]:
    """The files static-i18n picks for one language build of the real handbook, with each page's alternates."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    i18n = config.plugins["i18n"]
    i18n.on_config(config)
    i18n.current_language = language
    files = get_files(config)
    if shortcut:
        speed.on_config(config)
        files = speed.on_files(files, config)
    picked = i18n.reconfigure_files(files, config)
    return {file.src_uri: (file.dest_uri, file.url, {lang: (alt.src_uri, alt.url)
                                                      for lang, alt in getattr(file, "alternates", {}).items()})
            for file in picked}


@pytest.mark.parametrize("language", LANGUAGES)
def test_files_and_alternates_are_the_ones_static_i18n_picks(language: str) -> None:
    expected = selection(language, shortcut=False)
    courtesy = f"{language}/principles/courtesy.md"
    assert expected[courtesy][2] == {
        code: (f"{code}/principles/courtesy.md", ("" if code == "en" else f"{code}/") + "principles/courtesy/")
        for code in sorted(LANGUAGES)}
    assert selection(language, shortcut=True) == expected
