"""The pull-request summary: what `python3 hooks/check.py --summary` prints for the job summary on GitHub.

In plain words, per language: the pages that are missing, still drafts or outdated (the to-do list's data,
todo.items); then every problem with its file and line, and what to do. GitHub renders the summary as Markdown with
some HTML, and file names and messages come from contributors' files, so every piece of text is escaped: it shows as
written and can never become a link, an image, a table, a heading or HTML.
"""

from __future__ import annotations

import re

import glossary
import registry
import todo
import translations
import validation
from frontmatter import Problem
from registry import Site


def problems(site: Site) -> list[Problem]:
    """Everything that stops the publishing build: the build's errors and its warnings (drafts, glossary)."""
    warnings, _ = translations.review(site)
    return [*validation.check(site), *warnings, *glossary.findings(site)]


def markdown(site: Site) -> str:
    """The job summary, as Markdown, with every piece of contributors' text escaped."""
    lists, found = todo.items(site), problems(site)
    out = ["## Handbook check", ""]
    if found:
        noun = "problem" if len(found) == 1 else "problems"
        out.append(f"**{len(found)} {noun} to fix before the handbook can be published.** Each one is listed "
                   "below with its file and line. To see the same list on your computer, run "
                   f"`{registry.command()}`.")
    else:
        out.append("**No problems: the handbook can be published as it is.**")
    # The summary is made on Linux: a contributor on Windows types the command in its Windows form.
    out += ["", f"Commands are written for Linux and macOS; on Windows, type `{WINDOWS}` where they say "
            f"`{registry.command()}`."]
    out += ["", "### What each language still needs", "",
            "| Language | Missing pages | Drafts (not yet translated) | Outdated (English changed since) |",
            "| --- | --- | --- | --- |"]
    for item in lists.values():
        out.append(f"| {escape(item.name)} ({escape(item.lang)}) | {len(item.missing)} | {len(item.drafts)} | "
                   f"{len(item.outdated)} |")
    for item in lists.values():
        if item.empty:
            continue
        out += ["", f"#### {escape(item.name)} ({escape(item.lang)})", ""]
        out += _paths("Missing", [i.path for i in item.missing],
                      f"create them with `{registry.command('--scaffold')}`, then translate them")
        out += _paths("Draft", [i.path for i in item.drafts], "translate them from the English page, then mark "
                      f"each one translated with `{registry.command('--mark-translated <file>')}`")
        out += _paths("Outdated", [i.path for i in item.outdated], "bring them in line with what changed in "
                      f"English; `{registry.command('--todo ' + item.lang)}` shows the changes")
    if found:
        out += ["", "### Problems to fix", ""]
        for number, problem in enumerate(found[:LIMIT], 1):
            out.append(f"{number}. {_problem(site, problem)}")
        if len(found) > LIMIT:
            out.append(f"\n…and {len(found) - LIMIT} more. Run `{registry.command()}` to see them all.")
    return "\n".join(out) + "\n"


def escape(text: object) -> str:
    """Text that GitHub's Markdown shows exactly as written: on one line, every ASCII punctuation sign escaped."""
    return PUNCTUATION.sub(r"\\\g<0>", " ".join(str(text).split()))


def _paths(what: str, paths: list[str], fix: str) -> list[str]:
    if not paths:
        return []
    lines = [f"- **{what}** ({len(paths)}): {fix}."]
    lines += [f"  - {escape(path)}" for path in paths[:LIMIT]]
    if len(paths) > LIMIT:
        lines.append(f"  - …and {len(paths) - LIMIT} more")
    return lines


def _problem(site: Site, problem: Problem) -> str:
    where = escape(problem.path) + (f", line {problem.line}" if problem.line else "")
    about = [escape(site.language_name(problem.lang)) if problem.lang else "",
             f"principle {escape(problem.principle)}" if problem.principle else ""]
    about_text = ", ".join(a for a in about if a)
    return (f"**{where}**" + (f" ({about_text})" if about_text else "") + f": {escape(problem.message)}"
            f"<br>What to do: {escape(problem.fix)}")


# The most items of one list the summary shows (GitHub keeps up to 1 MiB of summary per step).
LIMIT = 300
# CommonMark lets a backslash escape any ASCII punctuation sign; escaped, none of them can start markup.
PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")

WINDOWS = r"py hooks\check.py"
