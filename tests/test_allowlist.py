"""The allowlists against attacks the hostile corpus does not hold (in-process: no build, milliseconds each)."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

import contentrules
import guard

# Rendered Markdown that must be refused: each would run code, load another site, redirect or cover the page.
ATTACKS = [
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="java&#x0A;script:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="&#x01; javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="https://ok.example/" ping="https://evil.example/">x</a>',
    '<a href="https://ok.example/" target="_blank">x</a>',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">',
    '<img src="https://evil.example/track.png" alt="">',
    '<img src="//evil.example/track.png" alt="">',
    '<img src="\\\\evil.example\\track.png" alt="">',
    '<img src="x.png" srcset="https://evil.example/a.png 2x" alt="">',
    '<img src=x onerror=alert(1)>',
    '<img src="x.png" alt="a" ONERROR="alert(1)">',
    '<svg><use href="data:image/svg+xml,<svg id=x><script>alert(1)</script></svg>#x"/></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<template><script>alert(1)</script></template>',
    '<!--><img src=x onerror=alert(1)>-->',
    '<![CDATA[><img src=x onerror=alert(1)>]]>',
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    '<div style="background:url(https://evil.example/x.png)">x</div>',
    '<p style="position:fixed;inset:0;z-index:9">x</p>',
    '<div class="md-header">x</div>',
    '<div class="admonition md-overlay">x</div>',
    '<h2 id="__search">x</h2>',
    '<p id="md-content">x</p>',
    '<a href="https://ok.example/" name="query">x</a>',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<input autofocus onfocus="alert(1)">',
    '<video poster="javascript:alert(1)"></video>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="evil.swf"></object>',
    '<embed src="evil.swf">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<marquee>x</marquee>',
    '<xmp><img src=x onerror=alert(1)></xmp>',
    '<textarea><img src=x onerror=alert(1)></textarea>',
    '<table><tr><td background="javascript:alert(1)">x</td></tr></table>',
    '<blockquote cite="javascript:alert(1)">x</blockquote>',
    '<span data-md-component="search">x</span>',
    '<a href="https://ok.example/" aria-label="x" accesskey="x">x</a>',
]

# What Markdown and the extensions produce, and the hooks' own blocks: allowed.
ALLOWED = [
    '<h2 id="what-it-means">What it means<a class="headerlink" href="#what-it-means" title="Permanent link">'
    "&para;</a></h2>",
    '<p>Read <a href="../respect/">respect</a>, <a href="https://example.org/a?b=c#d">this</a>, '
    '<a href="mailto:help@example.org">mail</a>, <a href="tel:+420123">call</a>.</p>',
    '<p><img alt="A shop" src="../shop.png" /></p>',
    '<div class="admonition warning"><p class="admonition-title">Careful</p><p>x</p></div>',
    '<details class="note"><summary>More</summary><p>y</p></details>',
    '<div class="highlight"><pre><span></span><code><span class="n">x</span> <span class="o">=</span></code></pre></div>',
    "<ul><li><strong>a</strong> <em>b</em> <code>&lt;script&gt;</code></li></ul><ol start=\"3\"><li>c</li></ol>",
    '<p><abbr title="Customer service">CS</abbr> <kbd>Ctrl</kbd>+<kbd>P</kbd> H<sub>2</sub>O x<sup>2</sup></p>',
    '<blockquote><p>Quoted</p></blockquote><hr /><p>x<br />y</p>',
    '<p class="hb-principles" data-search-exclude>Principles: <a href="../p/" hreflang="cs" lang="cs">p</a></p>',
    "<!-- principles: courtesy -->",
    '<table><thead><tr><th scope="col" lang="cs">Čeština</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table>',
]


def refusals(html: str, source: str = "") -> list[str]:
    return contentrules.check(LexborHTMLParser(f"<body>{html}</body>").body, "docs/cs/page.md", source or html)


@pytest.mark.parametrize("html", ATTACKS)
def test_the_content_allowlist_refuses(html: str) -> None:
    assert refusals(html), html


@pytest.mark.parametrize("html", ALLOWED)
def test_the_content_allowlist_allows_what_markdown_makes(html: str) -> None:
    assert refusals(html) == []


def test_a_refusal_names_the_line_and_says_what_to_write() -> None:
    source = "---\ntitle: x\n---\n\nText.\n\n[Go](javascript:alert(1))\n"
    [message] = refusals('<p><a href="javascript:alert(1)">Go</a></p>', source)
    assert message == ("docs/cs/page.md, line 7: this address would run code or show hidden content in readers' "
                       "browsers (it starts with 'javascript:'). Use a web address that starts with https://, or a "
                       "link to another page of the handbook.")


THEME = ("<!doctype html><html><head><meta charset=\"utf-8\"><style>p{}</style></head><body>"
         "<form class=\"md-search__form\" name=\"search\"><input name=\"query\"></form>BODY"
         '<script id="__config" type="application/json">{"base": "."}</script>'
         '<script src="assets/javascripts/bundle.js"></script>'
         '<script>__md_scope=new URL("..",location)</script></body></html>')

# Written into a built page after the hooks checked its content: the final pass over the site must refuse them.
OUTPUT_ATTACKS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '<script>__md_scope=new URL("..";alert(1);"",location)</script>',
    '<script>__md_scope=new URL("javascript:alert(1)",location)</script>',
    '<script>__md_scope=new URL("//evil.example/",location)</script>',
    '<script src="https://evil.example/x.js"></script>',
    '<script src="//evil.example/x.js"></script>',
    '<script src="page.js"></script>',
    '<script src="../../../etc/passwd"></script>',
    '<script type="module">alert(1)</script>',
    '<script type="text/plain" src="x"></script>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<iframe src="https://evil.example/"></iframe>',
    '<div style="position:fixed;inset:0">x</div>',
    "<style>body{display:none}</style>",
    '<a href="javascript:alert(1)">x</a>',
    '<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<img src="x.png" srcset="https://evil.example/a.png 2x">',
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<template><img src=x onerror=alert(1)></template>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    (folder / "assets" / "javascripts").mkdir(parents=True)
    (folder / "assets" / "javascripts" / "bundle.js").write_text("", encoding="utf-8")
    (folder / "page.js").write_text("", encoding="utf-8")
    return folder


def output_problems(site: Path, body: str) -> list[str]:
    shapes = guard._inline_shapes((), ('__md_scope=new URL("{{ base_url }}",location)',))
    found, _, _ = guard._check_document(THEME.replace("BODY", body), site / "index.html", site, shapes,
                                        frozenset({"assets/javascripts/bundle.js"}))
    return found


def test_the_final_pass_allows_the_theme(site: Path) -> None:
    assert output_problems(site, "<p>Text</p>") == []


@pytest.mark.parametrize("body", OUTPUT_ATTACKS)
def test_the_final_pass_refuses_what_the_theme_does_not_ship(site: Path, body: str) -> None:
    assert output_problems(site, body), body


def test_the_policy_lists_the_hashes_of_the_inline_scripts() -> None:
    page = guard.with_policy('<html><head><meta charset="utf-8"><title>x</title></head></html>', ["a"], ["p{}"])
    assert page.startswith('<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="')
    assert "script-src 'self' 'sha256-ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs='" in page
    assert "object-src 'none'" in page and "base-uri 'none'" in page and "form-action 'none'" in page
    # A page built again gets one policy, not two.
    assert guard.with_policy(page, ["a"], []).count("Content-Security-Policy") == 1


@pytest.mark.parametrize("html", ['<p>x</p><!-- never closed', '<p title="never closed', "<div><p>x</p>",
                                  "<p>x</p><a href=\"../\">open link"])
def test_content_that_would_swallow_the_rest_of_the_page_is_refused(html: str) -> None:
    [message] = guard.content_problems(html, "docs/cs/page.md", html)
    assert message.startswith("docs/cs/page.md: an HTML element, attribute or comment ('<!--') is opened but never "
                              "closed")


def test_closed_content_passes() -> None:
    assert guard.content_problems("<p>x</p><!-- principles: courtesy --><table><tr><td>x</td></tr></table>",
                                  "docs/cs/page.md", "") == []
