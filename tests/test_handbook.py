"""Both guidebooks build strictly, and their languages, links and indexes are right; the handbook's seed texts,
articles and sources are right."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

import check
from conftest import LANGUAGES, ROOT, SITE, Guidebook, prefix
from htmlpages import Page, language_of, page_at, pages

MATERIAL = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"


@pytest.fixture(scope="module")
def built(handbook: Path) -> list[Page]:
    return pages(handbook)


_BUILT: dict[str, list[Page]] = {}


def built_pages(guidebook: Guidebook) -> list[Page]:
    """The pages of a built guidebook, read once per test session."""
    if guidebook.name not in _BUILT:
        _BUILT[guidebook.name] = pages(guidebook.built)
    return _BUILT[guidebook.name]


def registry_ids() -> list[str]:
    return [p["id"] for p in yaml.safe_load((ROOT / "docs/principles.yml").read_text(encoding="utf-8"))["principles"]]


def front_matter(path: Path) -> tuple[dict, str]:
    _, meta, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(meta), body


def test_every_page_carries_its_language(guidebook: Guidebook) -> None:
    content = [p for p in built_pages(guidebook) if p.path.name != "404.html"]
    items = sum(len(guidebook.site.ids(c)) for c in guidebook.site.structure.collections)
    for lang in guidebook.languages:
        own = [p for p in content if language_of(p.url, guidebook.languages) == lang]
        assert len(own) >= items + 2, lang
        assert {p.lang for p in own} == {lang}, lang


def test_interface_labels_are_in_the_page_language(guidebook: Guidebook) -> None:
    # The guidebook's own wording (docs/labels.yml, 'theme:') comes first, then the theme's language pack.
    for lang in guidebook.languages:
        theme = guidebook.site.labels.get(lang, {}).get("theme") or {}
        placeholder = theme.get("search.placeholder") or re.search(
            r'"search\.placeholder": "([^"]+)"', (MATERIAL / f"{lang}.html").read_text("utf-8"))[1]
        home = guidebook.built / guidebook.prefix(lang) / "index.html"
        assert f'placeholder="{placeholder}"' in home.read_text(encoding="utf-8"), lang


def test_language_switcher_never_leads_to_a_missing_page(guidebook: Guidebook) -> None:
    checked = 0
    built = built_pages(guidebook)
    for page in built:
        for link in (a for a in page.links if "md-select__link" in a.get("class", "")):
            target, _ = page.resolve(link["href"])
            assert target is not None and target.is_file(), f"{page.url}: {link['href']}"
            assert page_at(target, page.site).lang == link["hreflang"], f"{page.url}: {link['href']}"
            checked += 1
    assert checked >= len(built) * (len(guidebook.languages) - 1)


def test_language_switcher_keeps_the_reader_on_the_same_item(guidebook: Guidebook) -> None:
    for collection in guidebook.site.structure.collections:
        pid = guidebook.site.ids(collection)[-1]
        rel = f"{collection.folder}/{pid}/index.html"
        page = Page(guidebook.built / guidebook.prefix(guidebook.languages[-1]) / rel, guidebook.built)
        targets = {a["hreflang"]: page.resolve(a["href"])[0] for a in page.links
                   if "md-select__link" in a.get("class", "")}
        for lang in guidebook.languages:
            assert targets[lang] == guidebook.built / f"{guidebook.prefix(lang)}{rel}"


def test_every_generated_link_and_anchor_resolves(guidebook: Guidebook) -> None:
    broken = []
    for page in built_pages(guidebook):
        for link in page.links:
            target, fragment = page.resolve(link["href"])
            if target is None:
                continue
            if not target.is_file():
                broken.append(f"{page.url} -> {link['href']}")
            elif fragment and fragment not in page_at(target, page.site).ids:
                broken.append(f"{page.url} -> {link['href']} (no anchor)")
    assert broken == []


def test_each_collection_index_gives_every_item_in_every_language(guidebook: Guidebook) -> None:
    # /principles.json for the handbook: one file per collection, named by its id.
    for collection in guidebook.site.structure.collections:
        data = json.loads((guidebook.built / f"{collection.id}.json").read_text(encoding="utf-8"))
        registry_file = guidebook.source / "docs" / collection.registry
        ids = [p["id"] for p in yaml.safe_load(registry_file.read_text(encoding="utf-8"))[collection.id]]
        assert [p["id"] for p in data[collection.id]] == ids
        for item in data[collection.id]:
            assert sorted(item["languages"]) == sorted(guidebook.languages)
            for lang, entry in item["languages"].items():
                assert entry["title"].strip()
                assert entry["url"] == f"/{guidebook.prefix(lang)}{collection.folder}/{item['id']}/"
                assert (guidebook.built / entry["url"].lstrip("/") / "index.html").is_file()


def test_the_contributor_guide_link_follows_the_repository_and_its_branch(guidebook: Guidebook) -> None:
    config = yaml.load((guidebook.source / "mkdocs.yml").read_text(encoding="utf-8"), Loader=check._TolerantLoader)
    branch = config["edit_uri"].split("/")[1]
    for lang in guidebook.languages:
        for page in built_pages(guidebook):
            if page.lang != lang:
                continue
            for link in (a for a in page.links if "CONTRIBUTING" in a["href"]):
                name = f"CONTRIBUTING.{lang}.md"
                expected = name if (guidebook.source / name).is_file() else "CONTRIBUTING.md"
                assert link["href"] == f"{config['repo_url']}/blob/{branch}/{expected}", page.url
                assert link["hreflang"] == (lang if expected == name else guidebook.site.reference_language)


@pytest.mark.parametrize("seed", sorted(p.name for p in (ROOT / "sources").glob("*.txt")))
def test_seed_text_is_kept_verbatim(seed: str) -> None:
    articles = [(path, *front_matter(path)) for path in sorted((ROOT / "docs").glob("*/articles/*.md"))]
    bodies = [" ".join(body.split()) for _, meta, body in articles if meta.get("source") == seed]
    assert bodies, f"no article names {seed} as its source"
    for line in (ROOT / "sources" / seed).read_text(encoding="utf-8").splitlines():
        if len(line.split()) > 3:
            assert any(" ".join(line.split()) in body for body in bodies), line


def test_every_article_links_to_principles_of_its_language(built: list[Page]) -> None:
    articles = [p for p in built if "/articles/" in p.url and "/print/" not in p.url]
    assert len(articles) == sum(len(SITE.pages(lang, "article")) for lang in LANGUAGES) > 0
    for page in articles:
        lang = language_of(page.url, LANGUAGES)
        links = [page.resolve(a["href"])[0] for a in page.links]
        principle_links = [t for t in links if t and "/principles/" in t.as_posix() and t.parent.name != "principles"]
        assert principle_links, page.url
        assert all(language_of("/" + t.relative_to(page.site).as_posix(), LANGUAGES) == lang
                   for t in principle_links), page.url


def test_every_principle_page_lists_its_sources(built: list[Page]) -> None:
    principle_pages = [p for p in built if re.search(r"/principles/[a-z-]+/$", p.url)]
    assert len(principle_pages) == len(registry_ids()) * len(LANGUAGES)
    for page in principle_pages:
        assert "sources" in page.ids, page.url
        assert any("/articles/" in a["href"] for a in page.links), page.url


def test_every_home_lists_articles_and_links_to_coverage(handbook: Path) -> None:
    # Each other language that has articles is named in its own words.
    names = {lang.code: lang.name for lang in SITE.languages if SITE.pages(lang.code, "article")}
    for lang in LANGUAGES:
        home = Page(handbook / prefix(lang) / "index.html", handbook)
        hrefs = [home.resolve(a["href"])[0] for a in home.links]
        assert handbook / "coverage/index.html" in hrefs, lang
        html = home.path.read_text(encoding="utf-8")
        for other, name in names.items():
            if other != lang:
                assert f'<span lang="{other}"><strong>{name}:</strong></span>' in html, (lang, other)
        own_articles = [t for t in hrefs if t and t.parent.parent.name == "articles"
                        and language_of("/" + t.relative_to(handbook).as_posix(), LANGUAGES) == lang]
        assert bool(own_articles) == bool(SITE.pages(lang, "article")), lang


def test_previous_and_next_follow_the_navigation(guidebook: Guidebook) -> None:
    for lang in guidebook.languages:
        previous_and_next_follow_the_navigation(guidebook, lang)


def previous_and_next_follow_the_navigation(guidebook: Guidebook, lang: str) -> None:
    """From a language's home page, Next walks every page in navigation order, and Previous walks back."""
    handbook = guidebook.built
    home = Page(handbook / guidebook.prefix(lang) / "index.html", handbook)
    html = home.path.read_text(encoding="utf-8")
    primary = html[html.index('md-nav--primary'):html.index('md-sidebar--secondary')]
    order = [home.path]
    for href in re.findall(r'<a href="([^"#]*)" class="md-nav__link', primary):
        target = home.resolve(href)[0]
        if target not in order:
            order.append(target)
    assert len(order) >= len(guidebook.site.ids()) + 2, order
    # From the home page, Next leads through every page in navigation order, and Previous leads back.
    walked, page = [home.path], home
    while (step := footer_link(page, "next")) is not None:
        assert footer_link(Page(step, handbook), "prev") == page.path, step
        walked.append(step)
        page = Page(step, handbook)
    assert walked == order


def footer_link(page: Page, direction: str) -> Path | None:
    link = next((a for a in page.links if f"md-footer__link--{direction}" in a.get("class", "")), None)
    return page.resolve(link["href"])[0] if link else None
