"""PDF cost: the strict build without and with the PDFs (HANDBOOK_PDF=1), wall-clock and processor time.

Processor time counts the build and the processes that lay out the PDFs; wall-clock time depends on how many cores
are free (the PDFs are laid out on every core). Prints the median of N runs of each, the PDFs' number and pages.

    .venv/bin/python benchmarks/pdf_cost.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(site: Path, pdf: bool) -> tuple[float, float]:
    """One strict build: (wall-clock seconds, processor seconds of the build and its children)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("HANDBOOK_PDF", None)
    if pdf:
        env["HANDBOOK_PDF"] = "1"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(result.stderr)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        results = {}
        for pdf in (False, True):
            runs = [build(site, pdf) for _ in range(args.runs)]
            results[pdf] = (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))
        pdfs = sorted(site.rglob("*.pdf"))
        counts = [pages(p) for p in pdfs]
    print(f"PDF cost, median of {args.runs} builds each, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}")
    print(f"{'build':<22}{'wall':>9}{'cpu':>9}")
    for pdf, label in ((False, "without PDFs"), (True, "with PDFs")):
        print(f"{label:<22}{results[pdf][0]:>8.1f}s{results[pdf][1]:>8.1f}s")
    extra = results[True][1] - results[False][1]
    print(f"-> {len(pdfs)} PDFs, {sum(counts)} pages ({min(counts)} to {max(counts)} each): {extra:.1f} s of "
          f"processor time, {extra / sum(counts) * 1000:.0f} ms per page")


if __name__ == "__main__":
    main()
