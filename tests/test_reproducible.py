"""Two builds with the same SOURCE_DATE_EPOCH are byte-identical, even from different checkouts."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import BUILDS, ROOT, build_env, make_guidebook, run_mkdocs


def checkouts(name: str, tmp_path: Path) -> tuple[Path, Path]:
    """Two checkouts of a guidebook in different folders."""
    if name == "handbook":
        checkout = tmp_path / "another-checkout"
        shutil.copytree(ROOT, checkout, ignore=shutil.ignore_patterns(".venv", "site", ".git", "__pycache__", "tests"))
        return ROOT, checkout
    return make_guidebook(tmp_path / "one"), make_guidebook(tmp_path / "two", "another-checkout")


@pytest.mark.parametrize("name, least", [("handbook", 200), ("nursing", 40)])
def test_two_builds_are_byte_identical(tmp_path: Path, name: str, least: int, request: pytest.FixtureRequest) -> None:
    second = tmp_path / "second"
    if name == "handbook":
        # The run's shared build (tests/conftest.py BUILDS: the same SOURCE_DATE_EPOCH) against another checkout's.
        first = request.getfixturevalue("handbook")
        env = {**build_env("handbook", request.getfixturevalue("address"))}
        results = [run_mkdocs(checkouts(name, tmp_path)[1], site_dir=second, env=env)]
    else:
        env = {"SOURCE_DATE_EPOCH": BUILDS["handbook"]["SOURCE_DATE_EPOCH"], "HANDBOOK_SITE_URL": "https://handbook.example.org/"}
        first = tmp_path / "first"
        # The two builds run side by side, one on each core.
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(lambda args: run_mkdocs(args[0], site_dir=args[1], env=env),
                                    zip(checkouts(name, tmp_path), (first, second))))
    assert all(r.returncode == 0 for r in results), [r.stderr[-2000:] for r in results]
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert len(files) > least
    different = [str(f) for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == []
    # The date the build was made for is the one asked for, not today's.
    assert "<lastmod>2023-11-14</lastmod>" in (first / "sitemap.xml").read_text(encoding="utf-8")
