"""Build cost: the handbook against a plain Material build of the same pages, growth with size, validation's share.

Prints, in one run:
1. the handbook's full strict build against a plain Material build of the same Markdown (no i18n plugin, no hooks):
   a rebuild, and a first build, before hooks/speed.py has kept Material's compiled templates in its cache;
2. generated handbooks of growing size (languages x principles, up to 20 x 100), built both ways, per page;
3. the validation's own share of the handbook's build.
Goals: at most 1.3x the plain build, growth linear in pages, validation under 5% of the build.

    .venv/bin/python benchmarks/build_cost.py [--runs N] [--sizes 2x10,5x25,10x50,20x100] [--clock cpu]

`--clock cpu` times the processor time the builds use instead of the time on the wall clock: on a machine shared
with other work, the wall clock measures the neighbours too.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jinja2
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import translations  # noqa: E402
import validation  # noqa: E402
from check import load  # noqa: E402

# Languages Material has interface labels for, so that a generated handbook can have up to 20 of them.
CODES = ["en", "cs", "pl", "hu", "te", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "fi", "ro", "sk", "sl", "hr",
         "tr", "el"]
GOALS = {"ratio": 1.3, "validation": 0.05}
PLAIN = {"site_name": "Plain", "theme": {"name": "material"}, "plugins": ["search"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds per measurement; the median is reported")
    parser.add_argument("--sizes", default="2x10,5x25,10x50,20x100", help="generated handbooks, languages x principles")
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall", help="what to time (default: wall)")
    args = parser.parse_args()
    CLOCK["cpu"] = args.clock == "cpu"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"Build cost, median of {args.runs} builds each (2 cores, {args.clock} time); goals: at most {GOALS['ratio']}x the plain "
              f"build, validation under {GOALS['validation']:.0%} of the build.\n")
        plain = timed(plain_copy(ROOT, work / "plain"), work / "plain-site", args.runs)
        first = timed(ROOT, work / "site", args.runs, cold=True)
        full = timed(ROOT, work / "site", args.runs)
        pages = count_pages(work / "site")
        print(f"{'handbook':<26}{'pages':>7}{'handbook':>10}{'plain':>9}{'ratio':>7}")
        print(f"{'this handbook, rebuild':<26}{pages:>7}{full:>9.2f}s{plain:>8.2f}s{full / plain:>6.2f}x")
        print(f"{'this handbook, first build':<26}{pages:>7}{first:>9.2f}s{plain:>8.2f}s{first / plain:>6.2f}x")
        rows = []
        for size in args.sizes.split(","):
            languages, principles = (int(n) for n in size.split("x"))
            project = generate(work / f"gen-{size}", languages, principles)
            cost = timed(project, work / f"gen-{size}-site", 1)
            base = timed(plain_copy(project, work / f"gen-{size}-plain"), work / f"gen-{size}-plain-site", 1)
            count = count_pages(work / f"gen-{size}-site")
            rows.append((count, cost))
            print(f"{f'generated {size}':<26}{count:>7}{cost:>9.2f}s{base:>8.2f}s{cost / base:>6.2f}x"
                  f"   {1000 * cost / count:.1f} ms/page")
        share = validation_time(args.runs) / full
        print(f"\nvalidation (load, check, translations): {share:.1%} of the handbook's build")
        slope = [(c2 - c1) / (n2 - n1) * 1000 for (n1, c1), (n2, c2) in itertools.pairwise(rows)]
        print("growth between sizes: " + ", ".join(f"{s:.1f} ms per extra page" for s in slope))
        print(f"\n-> rebuild {full / plain:.2f}x plain ({_verdict(full / plain <= GOALS['ratio'])}), first build "
              f"{first / plain:.2f}x ({_verdict(first / plain <= GOALS['ratio'])}), validation {share:.1%} "
              f"({_verdict(share < GOALS['validation'])})")


def timed(project: Path, site: Path, runs: int, cold: bool = False) -> float:
    """Median wall time of `mkdocs build --strict` of a project, in seconds; `cold` empties the template cache first."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    times = []
    for _ in range(runs):
        shutil.rmtree(site, ignore_errors=True)
        if cold:
            for cached in Path(jinja2.FileSystemBytecodeCache()._get_default_cache_dir()).glob("handbook-*.cache"):
                cached.unlink()
        start = now(children=True)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(project / "mkdocs.yml"),
                        "-d", str(site)], check=True, cwd=project, env=env)
        times.append(now(children=True) - start)
    return statistics.median(times)


def now(children: bool = False) -> float:
    """The wall clock, or with --clock cpu the processor time of this process (or of the builds it ran)."""
    if not CLOCK["cpu"]:
        return time.perf_counter()
    if children:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime
    return time.process_time()


CLOCK = {"cpu": False}


def _verdict(met: bool) -> str:
    return "within the goal" if met else "OVER the goal"


def plain_copy(project: Path, target: Path) -> Path:
    """The same Markdown pages, built by plain Material: no i18n plugin, no hooks, the same Markdown extensions."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(project / "docs", target / "docs", ignore=shutil.ignore_patterns("*.yml", "snippets"))
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    extensions = [e for e in config["markdown_extensions"] if "snippets" not in str(e)]
    (target / "mkdocs.yml").write_text(yaml.safe_dump({**PLAIN, "markdown_extensions": extensions}), encoding="utf-8")
    return target


def generate(target: Path, languages: int, principles: int) -> Path:
    """A handbook of `languages` x `principles`, made of the real one's configuration, hooks and theme."""
    shutil.rmtree(target, ignore_errors=True)
    docs = target / "docs"
    docs.mkdir(parents=True)
    for folder in ("hooks", "overrides", "sources"):
        (target / folder).symlink_to(ROOT / folder)
    codes = CODES[:languages]
    ids = [f"principle-{n:03d}" for n in range(1, principles + 1)]
    (docs / "principles.yml").write_text(yaml.safe_dump({"principles": [{"id": i} for i in ids]}), encoding="utf-8")
    english = yaml.safe_load((ROOT / "docs/labels.yml").read_text(encoding="utf-8"))["en"]
    (docs / "labels.yml").write_text(yaml.safe_dump({c: english for c in codes}, allow_unicode=True), encoding="utf-8")
    for code in codes:
        for rel in ("index.md", "principles/index.md", "contribute.md"):
            marker = {"index.md": "<!-- handbook:principles -->\n\n<!-- handbook:articles -->\n\n"
                                  "<!-- handbook:other-articles -->\n\n<!-- handbook:coverage -->",
                      "principles/index.md": "<!-- handbook:principles -->",
                      "contribute.md": "<!-- handbook:contributing -->"}[rel]
            page(docs, code, rel, {"title": f"{rel} {code}"}, f"Text of {rel} in {code}.\n\n{marker}\n")
        for pid in ids:
            page(docs, code, f"principles/{pid}.md", {"title": f"{pid} {code}", "summary": f"What {pid} asks."},
                 "What it means.\n\n## Why it matters\n\nBecause.\n\n!!! example \"Scenario\"\n\n    At the till.\n")
        sections = "".join(f"## Part {pid}\n\n<!-- principles: {pid} -->\n\nText about {pid}.\n\n" for pid in ids[:5])
        page(docs, code, "articles/article.md", {"title": f"Article {code}", "source": "000_887ea02123fa091e.txt",
                                                 "principles": ids[:5], "removed": []}, sections)
    (docs / "en/coverage.md").write_text("---\ntitle: Coverage\n---\n\n# Coverage\n\n<!-- handbook:coverage-matrix -->\n",
                                         encoding="utf-8")
    for path in (p for code in codes if code != "en" for p in (docs / code).rglob("*.md")):
        reference = docs / "en" / path.relative_to(docs / path.relative_to(docs).parts[0])
        if reference.is_file():
            digest = translations.content_hash(reference)
            path.write_text(path.read_text(encoding="utf-8").replace("---\n", f"---\ntranslated_from: {digest}\n", 1),
                            encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    start, end = config.index("      languages:\n"), config.index("\nhooks:")
    generated = "      languages:\n" + "".join(
        f"        - locale: {c}\n          name: {c.upper()}\n          build: true\n" + ("          default: true\n"
                                                                                        if c == "en" else "")
        for c in codes)
    (target / "mkdocs.yml").write_text(config[:start] + generated + config[end:], encoding="utf-8")
    return target


def page(docs: Path, code: str, rel: str, meta: dict, body: str) -> None:
    path = docs / code / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n\n# {meta['title']}\n\n{body}",
                    encoding="utf-8")


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("index.html"))


def validation_time(runs: int) -> float:
    """Median time of what the validation does in a build: load the sources, check them, review translations."""
    times = []
    for _ in range(runs):
        start = now()
        site = load(ROOT / "mkdocs.yml")
        validation.check(site)
        translations.review(site)
        times.append(now() - start)
    return statistics.median(times)


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's settings, with its !ENV tags read as their defaults."""


_Loader.add_constructor("!ENV", lambda loader, node: (loader.construct_sequence(node) + [None])[1]
                        if isinstance(node, yaml.SequenceNode) else None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)

if __name__ == "__main__":
    main()
