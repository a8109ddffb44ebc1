"""Fast check cost: `hooks/check.py` on the handbook, as contributors and pre-commit run it.

Prints the median wall-clock time and the median processor time (user + system, which a busy machine does not
inflate) of:
1. the one-file check pre-commit runs for a changed principle page (`hooks/check.py docs/<lang>/principles/<id>.md`):
   goal under a second;
2. the full check (no file names): every link and anchor of every page rendered;
3. the one-file check started with the system's Python outside the virtual environment (`python3 -S`), which hands
   over to the handbook's .venv: the cost of that hand-over.

    .venv/bin/python benchmarks/check_cost.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str]) -> tuple[float, float]:
    """(wall-clock seconds, processor seconds of the command and its children) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    venv_python = ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    page = next(iter(sorted((ROOT / "docs").glob("*/principles/courtesy.md")))).relative_to(ROOT).as_posix()
    cases = [("one file (pre-commit)", [str(venv_python), "hooks/check.py", page]),
             ("everything", [str(venv_python), "hooks/check.py"])]
    system = shutil.which("python3", path="/usr/bin:/bin")
    if system and os.name != "nt":
        cases.append(("one file, from the system's python3 -S", [system, "-S", "hooks/check.py", page]))
    print(f"hooks/check.py on {ROOT.name}, median of {args.runs} runs:")
    for name, command in cases:
        runs = [timed(command) for _ in range(args.runs)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        print(f"  {name:<42} {wall:6.2f} s wall clock, {cpu:6.2f} s processor")


if __name__ == "__main__":
    main()
    sys.exit(0)
