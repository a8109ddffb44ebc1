"""The build-time shortcuts in hooks/speed.py give the same result as the code they stand in for."""

from __future__ import annotations

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files, get_files

import speed
from conftest import LANGUAGES, PRINCIPLES, ROOT, prefix


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
    pid = PRINCIPLES[0]
    assert expected[f"{language}/principles/{pid}.md"][2] == {
        code: (f"{code}/principles/{pid}.md", f"{prefix(code)}principles/{pid}/")
        for code in sorted(LANGUAGES)}
    assert selection(language, shortcut=True) == expected


def test_the_shared_theme_listing_is_the_one_mkdocs_makes() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    plain = Files([])
    plain.add_files_from_theme(config.theme.get_env(), config)
    speed.on_config(config)
    speed._listings.clear()
    for _ in range(2):  # the first language build lists the theme, the next ones reuse the listing
        shared = Files([])
        shared.add_files_from_theme(config.theme.get_env(), config)
        assert [f.src_uri for f in shared] == [f.src_uri for f in plain]
    # MkDocs still lists the theme through the environment that Theme.get_env makes; otherwise nothing is shared.
    assert speed._listings, "MkDocs no longer lists the theme's files with Environment.list_templates"


def test_an_untested_version_stops_the_build_with_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.exceptions import PluginError

    speed.check_versions()  # the versions requirements.txt installs are the tested ones
    installed = {"mkdocs": "1.6.1", "jinja2": "3.1.6", "mkdocs-static-i18n": "1.4.0"}
    monkeypatch.setattr(speed, "_installed", installed.get)
    with pytest.raises(PluginError, match=r"hooks/speed.py stands in for I18n.reconfigure_files_alternates of "
                                          r"mkdocs-static-i18n 1.3.x, but mkdocs-static-i18n 1.4.0 is installed"):
        speed.check_versions()


def test_the_patched_versions_are_the_pinned_ones() -> None:
    pinned = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
                  if "==" in line and not line.startswith("#"))
    for package, series, _ in speed.PATCHES:
        assert next(v for k, v in pinned.items() if k.lower() == package.lower()).startswith(series), package
