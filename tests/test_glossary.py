"""The glossary (docs/glossary.yml): its schema, the check of discouraged variants, its page; and the pull request's
summary (`hooks/check.py --summary`). In-process on the tiny fixture, except the page, read from the built handbook."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

import check
import glossary
import guard
import schema
import summary
import validation
from conftest import LANGUAGES, SITE, make_tiny

GOOD = """\
# Terms of the tiny handbook.
terms:
  - id: customer
    note: The person served.
    en: {preferred: customer, avoid: [client]}
    cs:
      preferred: zákazník
      avoid: [klient, telefonní centrála]
      note: Also in banks.
"""
SEARCH = "cs:\n  stemmer:\n    snowball: czech\n"


def tiny_site(tmp_path: Path, glossary_text: str = GOOD, **pages: str):
    """The tiny handbook with a glossary, Czech stemming, and `pages` (path under docs/ -> text) added."""
    project = make_tiny(tmp_path)
    (project / "docs/glossary.yml").write_text(glossary_text, encoding="utf-8")
    (project / "docs/search.yml").write_text(SEARCH, encoding="utf-8")
    for rel, text in pages.items():
        (project / "docs" / rel.replace("__", "/")).write_text(text, encoding="utf-8")
    return check.load(project / "mkdocs.yml")


def glossary_problems(site) -> list[str]:
    return [str(p) for p in validation.check(site) if p.path.endswith("glossary.yml")]


def test_a_good_glossary_has_no_problems(tmp_path: Path) -> None:
    site = tiny_site(tmp_path)
    assert glossary_problems(site) == []
    assert [t.id for t in glossary.terms(site)] == ["customer"]


@pytest.mark.parametrize("text, line, words", [
    (GOOD.replace("    note: The person served.", "    notes: The person served."), 4, "'notes:'"),
    (GOOD.replace("      preferred: zákazník\n", ""), 6, "no 'preferred:'"),
    (GOOD.replace("avoid: [klient, telefonní centrála]", "avoid: klient"), 8, "'avoid' should be a list"),
    (GOOD.replace("    cs:", "    sk:"), 6, "'sk:' is neither"),
    (GOOD + "  - id: customer\n    en: {preferred: customer}\n", 10, "lists 'customer' twice"),
    (GOOD.replace("  - id: customer\n", "  - id: customer\n\tnote: x\n"), 4, "tab"),
    ("terms:\n  customer: customer\n", 1, "no 'terms:' list"),
    (GOOD.replace("avoid: [klient, telefonní centrála]", "avoid: [zákazníka]"), 8, "reads as the preferred term"),
    (GOOD.replace("avoid: [klient, telefonní centrála]", "avoid: [zakaznik]"), 8, "reads as the preferred term"),
])
def test_glossary_mistakes_name_the_file_and_line(tmp_path: Path, text: str, line: int | None, words: str) -> None:
    found = glossary_problems(tiny_site(tmp_path, text))
    assert len(found) == 1, found
    where = "docs/glossary.yml" + (f":{line}:" if line else ":")
    assert found[0].startswith(where) and words in found[0] and "Fix:" in found[0], found


def test_a_variant_is_found_in_its_inflected_forms_with_file_line_and_preferred_term(tmp_path: Path) -> None:
    page = ("---\ntranslated_from: 2243b3fcfe7e\ntitle: Courtesy cs\nsummary: Klientovi vždy poděkujte.\n---\n\n"
            "# Courtesy cs\n\nText about courtesy.\n\nPozdravte klienta hned, i v telefonní centrále.\n\n"
            "Klientela, klientský účet, `klient`, [odkaz](klient.md) a zákazník nejsou chyby.\n\n"
            "```\nklient\n```\n")
    article = (Path(make_tiny(tmp_path / "a") / "docs/cs/articles/clanek.md").read_text(encoding="utf-8")
               + "\nKlient je v článku, který se nemění.\n")
    site = tiny_site(tmp_path, **{"cs__principles__courtesy.md": page, "cs__articles__clanek.md": article})
    found = glossary.findings(site)
    assert [(p.path, p.line, p.lang) for p in found] == [
        ("docs/cs/principles/courtesy.md", 4, "cs"),
        ("docs/cs/principles/courtesy.md", 11, "cs"),
        ("docs/cs/principles/courtesy.md", 11, "cs")]
    assert all(["'Klientovi'" in found[0].message, "'klienta'" in found[1].message, "'telefonní centrále'" in found[2].message])
    assert all("'zákazník'" in p.message and "zákazník" in p.fix and p.principle == "courtesy" for p in found)
    # Before a commit, only the changed pages are read; all of them when the glossary changed.
    assert glossary.findings(site, {"docs/cs/index.md"}) == []
    assert len(glossary.findings(site, {"docs/glossary.yml"})) == len(found)
    # The fast check fails on it, as the strict build does.
    assert check.report(site) == 1


@pytest.mark.parametrize("lang, text, variant", [
    ("cs", "Nabídněte refundaci.", "refundace"),
    ("pl", "Nie mów do petenta w ten sposób.", "petent"),
    ("pl", "Zrób refundację.", "refundacja"),
    ("hu", "A kliensnek mondja el.", "kliens"),
    ("hu", "Kérje a receptet.", "recept"),
    ("te", "కంప్లెయింట్‌ని రాయండి.", "కంప్లెయింట్"),
    ("en", "The call center is open.", "call center"),
])
def test_variants_are_found_in_every_language(lang: str, text: str, variant: str) -> None:
    assert [v for _, v, _ in glossary.matches(SITE, lang, text)] == [variant]


@pytest.mark.parametrize("lang, text", [
    ("cs", "Klientela banky a zákazníci."),
    ("hu", "A recepción újra próbálkoznak."),
    ("pl", "Kompetentny konsultant pomoże klientowi."),
    ("en", "A competent colleague and a clientele."),
    ("te", "కస్టమర్‌కి కంప్లైంట్ నంబర్ ఇవ్వండి."),
])
def test_no_false_positives_on_neighbouring_words(lang: str, text: str) -> None:
    assert glossary.matches(SITE, lang, text) == []


def test_the_real_handbook_passes_its_own_glossary() -> None:
    assert glossary.findings(SITE) == []
    # Read, shaped and without variants that match a preferred term (the build's checks of the file, without the rest).
    assert [p for p in [*SITE.problems, *schema.problems(SITE), *glossary.problems(SITE)]
            if p.path.endswith("glossary.yml")] == []
    # The glossary follows the pages: every principle's name is its page's title, in every language.
    names = {t.id: t for t in glossary.terms(SITE)}
    assert {"customer", "complaint", "hold", "refund", "exchange", "receipt", "call-centre", "team-lead", "escalation",
            "apology", "handbook", "contribute"} <= set(names)
    assert all(set(term.languages) == set(LANGUAGES) for term in names.values())
    for pid in SITE.registry:
        for lang in LANGUAGES:
            assert names[pid].languages[lang].preferred == SITE.principle(lang, pid).title, (pid, lang)


def test_the_glossary_page_lists_every_language_and_is_linked_from_each_contribute_page(handbook: Path) -> None:
    tree = LexborHTMLParser((handbook / "glossary/index.html").read_text(encoding="utf-8"))
    table = tree.css_first(".hb-glossary table")
    assert [th.attributes.get("lang") for th in table.css("thead th")][1:] == [lang.code for lang in SITE.languages]
    rows = table.css("tbody tr")
    assert len(rows) == len(glossary.terms(SITE)) and all(len(r.css("td")) == len(SITE.languages) for r in rows)
    assert "data-search-exclude" in tree.css_first(".hb-glossary").attributes
    for lang in LANGUAGES:
        folder = "" if lang == SITE.default_language else f"{lang}/"
        page = LexborHTMLParser((handbook / folder / "contribute/index.html").read_text(encoding="utf-8"))
        link = page.css_first(".hb-glossary-link a").attributes["href"]
        assert (handbook / folder / "contribute" / link / "index.html").resolve() == (
            handbook / "glossary/index.html").resolve()


def test_the_glossary_table_escapes_contributors_text(tmp_path: Path) -> None:
    hostile = GOOD.replace("note: The person served.", "note: '<img src=x onerror=alert(1)> & <script>x</script>'")
    html = glossary.table(tiny_site(tmp_path, hostile))
    assert "<img" not in html and "<script" not in html and "&lt;img src=x onerror=alert(1)&gt; &amp;" in html
    assert guard.content_problems(html, "docs/en/glossary.md", "") == []


def test_the_summary_lists_each_language_s_to_do_and_every_problem_escaped(tmp_path: Path, capsys) -> None:
    project = make_tiny(tmp_path, None, ("docs/cs/principles/respect.md",))
    (project / "docs/glossary.yml").write_text(GOOD, encoding="utf-8")
    courtesy = project / "docs/cs/principles/courtesy.md"
    courtesy.write_text(courtesy.read_text(encoding="utf-8").replace("---\n", "---\nuntranslated: true\n", 1)
                        + "\nKlient čeká.\n", encoding="utf-8")
    hostile = "x<img src=x onerror=alert(1)>[a](javascript:b)`|*_.md"
    (project / "docs/cs/principles" / hostile).write_text("---\ntitle: x\nsummary: y\n---\n", encoding="utf-8")
    assert check.main(["--config", str(project / "mkdocs.yml"), "--summary"]) == 0
    out = capsys.readouterr().out
    assert "| Čeština (cs) | 1 | 1 | 0 |" in out
    assert "**Missing** (1)" in out and "docs\\/cs\\/principles\\/respect\\.md" in out
    assert "**Draft** (1)" in out and "docs\\/cs\\/principles\\/courtesy\\.md" in out
    # Every problem with its file and line: the glossary's variant, and the hostile file's name.
    line = courtesy.read_text(encoding="utf-8").rstrip("\n").count("\n") + 1
    assert re.search(rf"\*\*docs\\/cs\\/principles\\/courtesy\\\.md, line {line}\*\* \(Čeština, principle courtesy\): "
                     r"\\'Klient\\' is a discouraged variant", out), out
    # The hostile name shows as text: no tag, link, code span, table cell or emphasis can start from it.
    assert "x\\<img src\\=x onerror\\=alert\\(1\\)\\>\\[a\\]\\(javascript\\:b\\)\\`\\|\\*\\_\\.md" in out
    assert out.count("<img") == out.count("\\<img") == 4 and "](" not in out and "`|" not in out
    problems = summary.problems(check.load(project / "mkdocs.yml"))
    assert out.count("\n1. ") == 1 and f"\n{len(problems)}. " in out
