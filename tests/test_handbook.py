"""The real handbook: it builds strictly, and its languages, links and seed texts are right."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import LANGUAGES, PRINCIPLES, ROOT, SITE, prefix
from htmlpages import Page, language_of, page_at, pages

MATERIAL = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"


@pytest.fixture(scope="module")
def built(handbook: Path) -> list[Page]:
    return pages(handbook)


def registry_ids() -> list[str]:
    return [p["id"] for p in yaml.safe_load((ROOT / "docs/principles.yml").read_text(encoding="utf-8"))["principles"]]


def front_matter(path: Path) -> tuple[dict, str]:
    _, meta, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(meta), body


def test_every_page_carries_its_language(built: list[Page]) -> None:
    content = [p for p in built if p.path.name != "404.html"]
    for lang in LANGUAGES:
        own = [p for p in content if language_of(p.url, LANGUAGES) == lang]
        assert len(own) >= len(registry_ids()) + 2, lang
        assert {p.lang for p in own} == {lang}, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_interface_labels_are_in_the_page_language(handbook: Path, lang: str) -> None:
    # The handbook's own wording (docs/labels.yml, 'theme:') comes first, then the theme's language pack.
    theme = SITE.labels.get(lang, {}).get("theme") or {}
    placeholder = theme.get("search.placeholder") or re.search(
        r'"search\.placeholder": "([^"]+)"', (MATERIAL / f"{lang}.html").read_text("utf-8"))[1]
    home = handbook / prefix(lang) / "index.html"
    assert f'placeholder="{placeholder}"' in home.read_text(encoding="utf-8")


def test_language_switcher_never_leads_to_a_missing_page(built: list[Page]) -> None:
    checked = 0
    for page in built:
        for link in (a for a in page.links if "md-select__link" in a.get("class", "")):
            target, _ = page.resolve(link["href"])
            assert target is not None and target.is_file(), f"{page.url}: {link['href']}"
            assert page_at(target, page.site).lang == link["hreflang"], f"{page.url}: {link['href']}"
            checked += 1
    assert checked >= len(built) * (len(LANGUAGES) - 1)


def test_language_switcher_keeps_the_reader_on_the_same_principle(handbook: Path) -> None:
    pid = PRINCIPLES[-1]
    page = Page(handbook / prefix(LANGUAGES[-1]) / f"principles/{pid}/index.html", handbook)
    targets = {a["hreflang"]: page.resolve(a["href"])[0] for a in page.links if "md-select__link" in a.get("class", "")}
    for lang in LANGUAGES:
        assert targets[lang] == handbook / f"{prefix(lang)}principles/{pid}/index.html"


def test_every_generated_link_and_anchor_resolves(built: list[Page]) -> None:
    broken = []
    for page in built:
        for link in page.links:
            target, fragment = page.resolve(link["href"])
            if target is None:
                continue
            if not target.is_file():
                broken.append(f"{page.url} -> {link['href']}")
            elif fragment and fragment not in page_at(target, page.site).ids:
                broken.append(f"{page.url} -> {link['href']} (no anchor)")
    assert broken == []


@pytest.mark.parametrize("seed", sorted(p.name for p in (ROOT / "sources").glob("*.txt")))
def test_seed_text_is_kept_verbatim(seed: str) -> None:
    articles = [(path, *front_matter(path)) for path in sorted((ROOT / "docs").glob("*/articles/*.md"))]
    bodies = [" ".join(body.split()) for _, meta, body in articles if meta.get("source") == seed]
    assert bodies, f"no article names {seed} as its source"
    for line in (ROOT / "sources" / seed).read_text(encoding="utf-8").splitlines():
        if len(line.split()) > 3:
            assert any(" ".join(line.split()) in body for body in bodies), line


def test_principles_json_gives_every_principle_in_every_language(handbook: Path) -> None:
    data = json.loads((handbook / "principles.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in data["principles"]] == registry_ids()
    for principle in data["principles"]:
        assert sorted(principle["languages"]) == sorted(LANGUAGES)
        for lang, entry in principle["languages"].items():
            assert entry["title"].strip()
            assert entry["url"] == f"/{prefix(lang)}principles/{principle['id']}/"
            assert (handbook / entry["url"].lstrip("/") / "index.html").is_file()


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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_previous_and_next_follow_the_navigation(handbook: Path, lang: str) -> None:
    home = Page(handbook / prefix(lang) / "index.html", handbook)
    html = home.path.read_text(encoding="utf-8")
    primary = html[html.index('md-nav--primary'):html.index('md-sidebar--secondary')]
    order = [home.path]
    for href in re.findall(r'<a href="([^"#]*)" class="md-nav__link', primary):
        target = home.resolve(href)[0]
        if target not in order:
            order.append(target)
    assert len(order) >= len(PRINCIPLES) + 2, order
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
