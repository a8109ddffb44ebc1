"""Search relevance: the handbook's search and Pagefind on the same build, judged by benchmarks/search_judgements.yml.

Builds the handbook (or uses --site), indexes a copy of it with Pagefind (`pagefind[bin]` from requirements.txt),
serves both on localhost and runs every judged query in headless Chromium:
- the handbook's search through its real worker (assets/javascripts/handbook-search.js), fed the language's index
  exactly as Material feeds it, from a page of that language;
- Pagefind through its own pagefind.js, from the same page (it picks the index of the page's language).
For each language it prints nDCG@5 (graded judgements, distinct pages), MRR (first relevant page) and the share of
queries with no result, side by side, then the same over all queries.

    .venv/bin/python benchmarks/search_relevance.py [--site DIR] [--judgements FILE] [--show]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM_ARGS, QuietHandler, chromium_path  # noqa: E402

DEPTH = 5
# What Pagefind leaves out, as the handbook's index does: navigation, header, footer and generated link lists.
PAGEFIND_EXCLUDE = [".md-header", ".md-footer", ".md-sidebar", ".md-nav", ".md-search", "[data-search-exclude]",
                    ".headerlink"]

HANDBOOK = """async (queries) => {
  const config = JSON.parse(document.getElementById('__config').textContent);
  const index = await (await fetch(new URL('search/search_index.json', new URL(config.base, location.href)))).json();
  const worker = new Worker(new URL(config.search, location.href));
  const ask = message => new Promise(resolve => {
    worker.onmessage = event => resolve(event.data);
    worker.postMessage(message);
  });
  await ask({type: 0, data: {config: index.config, docs: index.docs}});  // as Material passes it on
  const root = new URL(config.base, location.href);
  const out = [];
  for (const query of queries) {
    const result = await ask({type: 2, data: query});
    out.push(result.data.items.map(group => new URL(group[0].location, root).pathname));
  }
  worker.terminate();
  return out;
}"""

PAGEFIND = """async (queries) => {
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.options({excerptLength: 10});
  await pagefind.init();
  const out = [];
  for (const query of queries) {
    const search = await pagefind.search(query);
    const data = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
    out.push(data.map(d => new URL(d.url, location.href).pathname));
  }
  return out;
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built handbook; built into a temporary folder when omitted")
    parser.add_argument("--judgements", type=Path, default=ROOT / "benchmarks/search_judgements.yml")
    parser.add_argument("--show", action="store_true", help="print every query's top pages and scores")
    args = parser.parse_args()
    judgements = yaml.safe_load(args.judgements.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        if args.site:
            shutil.copytree(args.site, site)
        else:
            build(site)
        pagefind(site)
        report(run(site, judgements), judgements, args.show)


def build(site: Path) -> None:
    print("Building the handbook ...", flush=True)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(ROOT / "mkdocs.yml"), "-d",
                    str(site)], check=True, cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def pagefind(site: Path) -> None:
    print("Indexing the same pages with Pagefind ...", flush=True)
    # The print pages repeat every principle and the handbook's search leaves them out; so does Pagefind here.
    for printed in site.rglob("print"):
        shutil.rmtree(printed, ignore_errors=True)
    (site / "404.html").unlink(missing_ok=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
    for selector in PAGEFIND_EXCLUDE:
        command += ["--exclude-selectors", selector]
    subprocess.run(command, check=True)


def run(site: Path, judgements: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, list[list[str]]]]:
    """Result pages (site paths, best first) of every judged query, per engine and language."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results: dict[str, dict[str, list[list[str]]]] = {"handbook": {}, "pagefind": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for lang, items in judgements.items():
            page = browser.new_page()
            page.goto(base + prefix(lang) + "principles/")
            queries = [item["query"] for item in items]
            results["handbook"][lang] = [distinct(r) for r in page.evaluate(HANDBOOK, queries)]
            results["pagefind"][lang] = [distinct(r) for r in page.evaluate(PAGEFIND, queries)]
            page.close()
        browser.close()
    server.shutdown()
    pages = {p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("index.html")}
    results["pages"] = {"": sorted(pages)}  # type: ignore[dict-item]
    return results


def report(results: dict[str, Any], judgements: dict[str, list[dict[str, Any]]], show: bool) -> None:
    built = set(results.pop("pages")[""])
    totals: dict[str, list[tuple[float, float, bool]]] = {"handbook": [], "pagefind": []}
    held: dict[str, list[tuple[float, float, bool]]] = {"handbook": [], "pagefind": []}
    absent: set[str] = set()
    print(f"\nRelevance on {sum(map(len, judgements.values()))} judged queries ({DEPTH} results deep):")
    print(f"{'lang':<6}{'queries':>8} | {'handbook nDCG@5':>15}{'MRR':>6}{'zero':>6} | {'Pagefind nDCG@5':>15}"
          f"{'MRR':>6}{'zero':>6}")
    for lang, items in judgements.items():
        row = {}
        for engine in ("handbook", "pagefind"):
            scores = []
            for item, found in zip(items, results[engine][lang]):
                relevant = {prefix(lang).lstrip("/") + path: grade for path, grade in item["relevant"].items()}
                absent |= {path for path in relevant if path not in built}
                relevant = {path: grade for path, grade in relevant.items() if path in built}
                found = [path.lstrip("/") for path in found]
                scores.append((ndcg(found, relevant), reciprocal_rank(found, relevant), not found))
                if item.get("held_out"):
                    held[engine].append(scores[-1])
                if show:
                    print(f"  {engine:<9}{lang} {item['query']!r}: {ndcg(found, relevant):.2f} {found[:DEPTH]}")
            totals[engine] += scores
            row[engine] = summary(scores)
        print(f"{lang:<6}{len(items):>8} | {row['handbook']} | {row['pagefind']}")
    print(f"{'all':<6}{len(totals['handbook']):>8} | {summary(totals['handbook'])} | {summary(totals['pagefind'])}")
    print(f"{'held':<6}{len(held['handbook']):>8} | {summary(held['handbook'])} | {summary(held['pagefind'])}"
          "  (queries never used for tuning)")
    if absent:
        print(f"Judged pages this build does not have (left out of the ideal rankings): {', '.join(sorted(absent))}")


def summary(scores: list[tuple[float, float, bool]]) -> str:
    count = max(1, len(scores))
    return (f"{sum(s[0] for s in scores) / count:>15.2f}{sum(s[1] for s in scores) / count:>6.2f}"
            f"{sum(s[2] for s in scores) / count:>6.0%}")


def ndcg(found: list[str], relevant: dict[str, int]) -> float:
    """Normalised discounted cumulative gain of the first DEPTH pages, with the grades as gains."""
    gain = sum(relevant.get(path, 0) / math.log2(rank + 2) for rank, path in enumerate(found[:DEPTH]))
    best = sorted(relevant.values(), reverse=True)[:DEPTH]
    ideal = sum(grade / math.log2(rank + 2) for rank, grade in enumerate(best))
    return gain / ideal if ideal else 0.0


def reciprocal_rank(found: list[str], relevant: dict[str, int]) -> float:
    return next((1 / (rank + 1) for rank, path in enumerate(found) if relevant.get(path)), 0.0)


def distinct(paths: list[str]) -> list[str]:
    return list(dict.fromkeys(paths))


def prefix(lang: str) -> str:
    return "/" if lang == "en" else f"/{lang}/"


if __name__ == "__main__":
    main()
