"""Reading the built site: its pages, their links and ids, and where a link lands."""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class Page(HTMLParser):
    """The tags of one built page that the tests look at."""

    def __init__(self, path: Path, site: Path) -> None:
        super().__init__()
        self.path, self.site = path, site
        self.url = "/" + path.relative_to(site).as_posix().removesuffix("index.html")
        self.lang = ""
        self.ids: set[str] = set()
        self.links: list[dict[str, str]] = []
        self.text: list[str] = []
        self._in_article = 0
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a)
        if tag == "article":
            self._in_article += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1

    def handle_data(self, data: str) -> None:
        if self._in_article:
            self.text.append(data)

    def resolve(self, href: str) -> tuple[Path | None, str]:
        """The built file a link lands on (None when outside the site) and its fragment."""
        target = urlsplit(urljoin(self.url, href))
        if target.scheme or target.netloc:
            return None, ""
        path = self.site / unquote(target.path).lstrip("/")
        if target.path.endswith("/") or path.is_dir():
            path = path / "index.html"
        return path, unquote(target.fragment)


def pages(site: Path) -> list[Page]:
    """Every HTML page of the built site."""
    return [page_at(p, site) for p in sorted(site.rglob("*.html"))]


@functools.lru_cache(maxsize=None)
def page_at(path: Path, site: Path) -> Page:
    """One built page, read once: a page is the target of many links. The built site never changes in a session."""
    return Page(path, site)


def language_of(url: str, languages: list[str]) -> str:
    """The language a site URL belongs to: its first folder, or the default language at the root."""
    first = url.strip("/").split("/", 1)[0]
    return first if first in languages[1:] else languages[0]
