"""To-do page hook: the translation to-do list as a page, and a notice for readers on an outdated translation.

- `docs/en/todo.md` holds `<!-- handbook:todo -->`; the build puts the to-do list there (todo.py's data: per
  language, missing pages, drafts, outdated pages with the English changes marked as removed and added text). The
  page is published as well as previewed, so that translators who edit on GitHub, without a preview, see it too; it
  is generated, so it has no edit button, and it stays out of search, as it quotes old English text.
- A translation whose English page changed since it was last marked current opens with a notice in its own
  language (`outdated_notice`, `outdated_notice_link` in docs/labels.yml) that links to the English page.
Everything is made by an autoescaping Jinja template: page text and file names are contributors' text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

import registry
import todo
import translations

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # After plaintext.py has dropped the keys contributors may not set: Material's search reads this one.
    if _key(page) == (registry.site(config).reference_language, TODO_PAGE):
        page.meta["search"] = {"exclude": True}
    return markdown


# After the generated links are in place (crosslinks.py), before the safety checks of the rendered page.
@event_priority(5)
def on_page_content(content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    site = registry.site(config)
    key = _key(page)
    if key == (site.reference_language, TODO_PAGE):
        return content.replace(MARKER, todo_html(site, page.url))
    doc = site.docs.get(key)
    if doc is None or translations.status(site, doc) != translations.OUTDATED:
        return content
    english = site.docs[(site.reference_language, doc.rel)]
    notice = str(NOTICE.render(text=site.label(doc.lang, "outdated_notice"),
                               link=site.label(doc.lang, "outdated_notice_link"),
                               href=get_relative_url(site.url(english), page.url), lang=english.lang))
    head, found, rest = content.partition("</h1>")
    return head + found + notice + rest if found else notice + content


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    # The list is generated, so there is nothing on the page for a contributor to edit.
    if _key(page) == (registry.site(config).reference_language, TODO_PAGE):
        page.edit_url = None
    return context


def todo_html(site: registry.Site, url: str) -> str:
    """The to-do list of every language as HTML, for the page at `url`."""
    todos = todo.items(site)
    links: dict[str, tuple[str, str]] = {}
    for entry in todos.values():
        for item in entry.drafts + entry.outdated:
            item_url = site.url(item.doc) if item.doc is not None else ""
            english = site.docs.get((site.reference_language, item.doc.rel)) if item.doc is not None else None
            links[item.path] = (get_relative_url(item_url, url) if item_url else "",
                               get_relative_url(site.url(english), url) if english is not None else "")
    return str(PAGE.render(todos=list(todos.values()), links=links, reference=site.reference_language))


def _key(page: Page) -> tuple[str, str]:
    lang, _, rel = page.file.src_uri.partition("/")
    return lang, rel


MARKER = "<!-- handbook:todo -->"
TODO_PAGE = "todo.md"
_env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
NOTICE = _env.from_string(
    '<div class="admonition warning hb-outdated-notice" data-search-exclude><p>{{ text }} '
    '<a href="{{ href }}" hreflang="{{ lang }}">{{ link }}</a></p></div>')
PAGE = _env.from_string("""
<div class="hb-todo" data-search-exclude>
{% for t in todos %}
<h2 id="todo-{{ t.lang }}"><span lang="{{ t.lang }}">{{ t.name }}</span> ({{ t.lang }})</h2>
{% if t.empty %}
<p>Nothing to do: every page is translated and up to date.</p>
{% endif %}
{% if t.missing %}
<p><strong>Missing pages</strong></p>
<ul>
{% for i in t.missing %}
<li><code>{{ i.path }}</code>. Fix: run <code>{{ i.command }}</code>, then translate the new page.</li>
{% endfor %}
</ul>
{% endif %}
{% if t.drafts %}
<p><strong>Drafts (not yet translated)</strong></p>
<ul>
{% for i in t.drafts %}
<li><a href="{{ links[i.path][0] }}" hreflang="{{ t.lang }}">{{ i.path }}</a>. Fix: translate it from <code>{{ i.reference }}</code>,
then run <code>{{ i.command }}</code>.</li>
{% endfor %}
</ul>
{% endif %}
{% if t.outdated %}
<p><strong>Outdated pages (the English page changed since they were translated)</strong></p>
{% for i in t.outdated %}
<details class="hb-todo-page">
<summary>{{ i.path }}</summary>
<p><a href="{{ links[i.path][0] }}" hreflang="{{ t.lang }}">The translation</a> ·
<a href="{{ links[i.path][1] }}" hreflang="{{ reference }}">the English page</a></p>
{% if i.has_snapshot %}
<p>What changed in <code>{{ i.reference }}</code> since this translation was last marked as up to date:</p>
{% for c in i.changes %}
{% set removed, added = c.segments() %}
<div class="hb-diff">
<p class="hb-diff-where">At line {{ c.line }} of the English page:</p>
{% for line in removed %}
<p class="hb-removed">Removed: {% for changed, text in line %}{% if changed %}<del>{{ text }}</del>{% else %}{{ text }}{% endif %}{% endfor %}</p>
{% endfor %}
{% for line in added %}
<p class="hb-added">Added: {% for changed, text in line %}{% if changed %}<ins>{{ text }}</ins>{% else %}{{ text }}{% endif %}{% endfor %}</p>
{% endfor %}
</div>
{% endfor %}
{% else %}
<p>The English text this translation was made from {% if i.doc.meta.translated_from %}is not kept{% else %}is not
recorded (the page has no <code>translated_from</code>){% endif %}, so the changes cannot be shown. Compare the whole
translation with the current English page:</p>
<pre><code>{{ i.english }}</code></pre>
{% endif %}
<p>Fix: bring the translation in line with these changes, then run <code>{{ i.command }}</code>.</p>
</details>
{% endfor %}
{% endif %}
{% endfor %}
</div>
""")
