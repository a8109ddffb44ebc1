"""What the handbook's search relies on in mkdocs-material; an upgrade that breaks any of it fails here, loudly."""

from __future__ import annotations

import json
import re
from importlib.metadata import version
from pathlib import Path

import yaml

from conftest import DEFAULT, LANGUAGES, PRINCIPLES, ROOT, prefix

MATERIAL = Path(__import__("material").__file__).parent / "templates"
PINNED = re.search(r"^mkdocs-material==(\S+)", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.M)[1]


def test_material_is_the_pinned_major_version() -> None:
    assert version("mkdocs-material").split(".")[0] == PINNED.split(".")[0]


def test_pages_carry_a_config_with_base_and_worker() -> None:
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    assert '<script id="__config" type="application/json">' in base
    assert '"base": base_url' in base and '"search": "assets/javascripts/workers/search.' in base


def test_material_fetches_the_index_next_to_its_base() -> None:
    bundle = next((MATERIAL / "assets/javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert re.search(r'new URL\("search/search_index\.json",\w+\.base\)', bundle)


def test_snowball_stemmers_named_in_search_yml_are_shipped() -> None:
    settings = yaml.safe_load((ROOT / "docs/search.yml").read_text(encoding="utf-8"))
    lunr = MATERIAL / "assets/javascripts/lunr/min"
    assert (lunr / "lunr.stemmer.support.min.js").is_file()
    for lang, spec in settings.items():
        snowball = (spec or {}).get("stemmer", {}).get("snowball")
        if snowball:
            assert (lunr / f"lunr.{snowball}.min.js").is_file(), lang


def test_built_pages_point_at_their_language_index_and_the_handbook_worker(handbook: Path) -> None:
    for lang in LANGUAGES:
        page = (handbook / prefix(lang) / f"principles/{PRINCIPLES[0]}/index.html").read_text(encoding="utf-8")
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)[1])
        assert config["base"] == ("../.." if lang == DEFAULT else f"../../../{lang}/")
        assert config["search"].endswith("/assets/javascripts/handbook-search.js")
        index = json.loads((handbook / prefix(lang) / "search/search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [lang] and index["docs"]
    assert (handbook / "assets/javascripts/handbook-search.js").is_file()
