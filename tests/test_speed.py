"""The build-time shortcuts in hooks/speed.py give the same result as the code they stand in for."""

from __future__ import annotations

from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

import speed
from conftest import LANGUAGES, ROOT


def alternates(language: str, find: Any) -> dict[str, dict[str, tuple[str, str]]]:
    """Every page's alternates in one language build of the real handbook, found by `find`."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    i18n = config.plugins["i18n"]
    i18n.on_config(config)
    i18n.current_language = language
    found: dict[str, Any] = {}
    # Stop static-i18n's file pass just before it looks for alternates, and keep what it would look in.
    i18n.reconfigure_files_alternates = lambda *args: found.setdefault("args", args)
    i18n.reconfigure_files(get_files(config), config)
    pages = found["args"][0]
    find(i18n, *found["args"])
    return {uri: {lang: (alt.src_uri, alt.url) for lang, alt in page.alternates.items()}
            for uri, page in pages.items()}


@pytest.mark.parametrize("language", LANGUAGES)
def test_alternates_are_the_ones_static_i18n_finds(language: str) -> None:
    original = type(load_config(str(ROOT / "mkdocs.yml")).plugins["i18n"]).reconfigure_files_alternates
    expected = alternates(language, original)
    assert expected["principles/courtesy.md"] == {
        code: (f"{code}/principles/courtesy.md", ("" if code == "en" else f"{code}/") + "principles/courtesy/")
        for code in sorted(LANGUAGES)}
    assert alternates(language, speed.find_alternates) == expected
