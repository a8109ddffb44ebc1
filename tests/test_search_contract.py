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


def test_material_hands_the_worker_the_index_config_and_docs() -> None:
    # The vocabulary, synonyms and ranking ride in the index's `config`: Material passes on nothing else.
    bundle = next((MATERIAL / "assets/javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert re.search(r"\(\{config:(\w),docs:(\w)\}\)=>\w+\.next\(\{type:0,data:\{config:\1,docs:\2,", bundle)


def test_material_highlights_the_terms_a_result_carries() -> None:
    # A result's `terms` that are true become `?h=` on its link, split again with the index's `separator`.
    bundle = next((MATERIAL / "assets/javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert 'searchParams.set("h",Object.entries(e.terms).filter(([,c])=>c)' in bundle
    assert "e.separator.split(\"|\")" in bundle


def test_snowball_stemmers_named_in_search_yml_exist() -> None:
    import snowballstemmer

    settings = yaml.safe_load((ROOT / "docs/search.yml").read_text(encoding="utf-8"))
    for lang in LANGUAGES:
        snowball = (settings.get(lang) or {}).get("stemmer", {}).get("snowball")
        assert snowball is None or snowball in snowballstemmer.algorithms(), lang


def test_built_pages_point_at_their_language_index_and_the_handbook_worker(handbook: Path) -> None:
    for lang in LANGUAGES:
        page = (handbook / prefix(lang) / f"principles/{PRINCIPLES[0]}/index.html").read_text(encoding="utf-8")
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)[1])
        assert config["base"] == ("../.." if lang == DEFAULT else f"../../../{lang}/")
        assert config["search"].endswith("/assets/javascripts/handbook-search.js")
        index = json.loads((handbook / prefix(lang) / "search/search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [lang] and index["docs"] and index["config"]["separator"]
        assert set(index) == {"config", "docs"}
    assert (handbook / "assets/javascripts/handbook-search.js").is_file()
