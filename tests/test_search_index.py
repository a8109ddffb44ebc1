"""The build-time half of the search: words, stems and the index one language ships (no browser needed)."""

from __future__ import annotations

import json

import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT, Guidebook
from searchindex import build_index, load_settings
from searchtext import fold, stemmer, strip_suffixes, words

SETTINGS = load_settings(ROOT / "docs/search.yml", "docs/search.yml")


def section(location: str, title: str, text: str) -> dict[str, str]:
    return {"location": location, "title": title, "text": text}


DOCS = [section("principles/empathy/", "Empathy", "Empathy means understanding customers."),
        *[section(f"principles/{p}/#why", "Why it matters to customers", f"Customers like {p}.") for p in
          ("empathy", "respect", "courtesy")],
        *[section(f"principles/{p}/#in-practice", "In practice", "") for p in ("empathy", "respect", "courtesy")],
        section("contribute/", "How to contribute", "Fix a typo."),
        section("articles/ethics/", "Ethics", "Respecting customers.")]


def test_folding_ignores_case_diacritics_and_joiners() -> None:
    assert fold("Zákazníků") == "zakazniku"
    assert fold("Łódź") == "lodz"
    assert fold("కస్టమర్‌కు") == "కస్టమర్కు"


def test_words_split_at_punctuation_and_keep_telugu_signs() -> None:
    assert list(words("(wait), call-back!", "en")) == ["wait", "call", "back"]
    assert list(words("కస్టమర్‌కు మర్యాదగా.", "te")) == ["కస్టమర్‌కు", "మర్యాదగా"]


def test_scripts_without_spaces_are_split_into_words() -> None:
    assert list(words("我们的客户服务很好。请耐心等待", "zh"))[:4] == ["我们", "的", "客户", "服务"]
    assert list(words("บริการลูกค้าด้วยความสุภาพ", "th")) == ["บริการ", "ลูกค้า", "ด้วย", "ความ", "สุภาพ"]


@pytest.mark.parametrize("lang, forms", [
    ("en", ["promise", "promises", "promised"]),
    ("cs", ["závazek", "závazku", "zavazkem"]),
    ("pl", ["szacunek", "szacunku", "szacunkiem"]),
    ("hu", ["ügyfél", "ügyfelek", "ugyfelek"]),
    ("te", ["కస్టమర్", "కస్టమర్లు", "కస్టమర్లకు", "కస్టమర్‌కు"]),
    ("te", ["గౌరవం", "గౌరవంతో", "గౌరవాన్ని"]),
])
def test_inflected_forms_share_a_stem(lang: str, forms: list[str]) -> None:
    stem = stemmer(SETTINGS[lang]["stemmer"])
    assert len({stem(form) for form in forms}) == 1, {form: stem(form) for form in forms}


def test_suffixes_leave_a_minimum_stem() -> None:
    spec = {"suffixes": ["ను", "లు"], "min_stem": 3, "rounds": 2}
    assert strip_suffixes(spec, "లును") == "లును"


def test_repeated_headings_count_as_text_and_empty_ones_are_dropped() -> None:
    index = build_index("en", DOCS, SETTINGS)
    by_location = {d["location"]: d for d in index["docs"]}
    assert all(by_location[f"principles/{p}/#why"].get("repeated") for p in ("empathy", "respect", "courtesy"))
    assert not any("#in-practice" in location for location in by_location)
    assert [by_location[k]["kind"] for k in ("principles/empathy/", "contribute/", "articles/ethics/")] == \
        ["principle", "page", "article"]
    assert index["config"]["ranking"]["principle"] > index["config"]["ranking"]["page"]


def test_the_vocabulary_lists_only_words_with_a_stem_of_their_own() -> None:
    config = build_index("en", DOCS, SETTINGS)["config"]
    assert config["stems"]["custom"] == ["er", "ers"]
    assert "empathy" not in config["stems"]  # a word that is its own stem
    assert set(config) >= {"lang", "separator", "synonyms"}
    # Telugu ships no vocabulary for words its suffix list stems: the worker runs the same list.
    telugu = build_index("te", [section("principles/x/", "కస్టమర్లకు", "కస్టమర్లు")], SETTINGS)["config"]
    assert telugu["stems"] == {} and telugu["suffixes"]["suffixes"]


def test_hungarian_compounds_count_as_their_parts() -> None:
    docs = [section("principles/problem-solving/", "Problémamegoldás", "A probléma megoldás kérdése.")]
    config = build_index("hu", docs, SETTINGS)["config"]
    assert config["compounds"] is True
    assert len(config["parts"]["problemamegoldas"]) == 2


def test_bad_settings_name_the_file_and_line(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "search.yml"
    path.write_text("en:\n  stemmer:\n    snowball: english\nte:\n  stemmer:\n    suffixes: ను\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r"docs/search.yml, line 4: 'te' stemmer 'suffixes' must be a list"):
        load_settings(path, "docs/search.yml")


def test_each_language_ships_its_own_index_with_every_item_weighed_by_kind(guidebook: Guidebook) -> None:
    site = guidebook.site
    kinds = site.structure.item_kinds()
    for lang in guidebook.languages:
        index = json.loads((guidebook.built / guidebook.prefix(lang) / "search/search_index.json").read_text("utf-8"))
        assert index["config"]["lang"] == [lang]
        assert list(index["config"]["ranking"]) == [*kinds, "article", "page"]
        pages = {d["location"].split("#")[0]: d["kind"] for d in index["docs"]}
        for collection in site.structure.collections:
            for pid in site.ids(collection):
                assert pages[f"{collection.folder}/{pid}/"] == collection.kind, (lang, pid)
        assert pages[""] == "page", lang
