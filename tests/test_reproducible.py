"""Two builds with the same SOURCE_DATE_EPOCH are byte-identical, even from different checkouts."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import ROOT, make_guidebook, run_mkdocs


def checkouts(name: str, tmp_path: Path) -> tuple[Path, Path]:
    """Two checkouts of a guidebook in different folders."""
    if name == "handbook":
        checkout = tmp_path / "another-checkout"
        shutil.copytree(ROOT, checkout, ignore=shutil.ignore_patterns(".venv", "site", ".git", "__pycache__", "tests"))
        return ROOT, checkout
    return make_guidebook(tmp_path / "one"), make_guidebook(tmp_path / "two", "another-checkout")


@pytest.mark.parametrize("name, least", [("handbook", 200), ("nursing", 40)])
def test_two_builds_are_byte_identical(tmp_path: Path, name: str, least: int) -> None:
    env = {"SOURCE_DATE_EPOCH": "1700000000", "HANDBOOK_SITE_URL": "https://handbook.example.org/"}
    first, second = tmp_path / "first", tmp_path / "second"
    # The two builds run side by side, one on each core.
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda args: run_mkdocs(args[0], site_dir=args[1], env=env),
                                zip(checkouts(name, tmp_path), (first, second))))
    assert [r.returncode for r in results] == [0, 0], [r.stderr[-2000:] for r in results]
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert len(files) > least
    different = [str(f) for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == []
    # The date the build was made for is the one asked for, not today's.
    assert "<lastmod>2023-11-14</lastmod>" in (first / "sitemap.xml").read_text(encoding="utf-8")
