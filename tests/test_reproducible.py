"""Two builds with the same SOURCE_DATE_EPOCH are byte-identical, even from different checkouts."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import BUILDS, ROOT, build_env, run_mkdocs


def test_two_builds_are_byte_identical(tmp_path: Path, handbook: Path, address: str) -> None:
    # The first build is the session's handbook (tests/conftest.py), made from this checkout for a fixed date; the
    # second is made the same way from a copy of the checkout elsewhere.
    assert BUILDS["handbook"]["SOURCE_DATE_EPOCH"] == "1700000000"
    checkout = tmp_path / "another-checkout"
    shutil.copytree(ROOT, checkout, ignore=shutil.ignore_patterns(".venv", "site", ".git", "__pycache__", "tests"))
    first, second = handbook, tmp_path / "second"
    result = run_mkdocs(checkout, site_dir=second, env=build_env("handbook", address))
    assert result.returncode == 0, result.stderr[-2000:]
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert len(files) > 200
    different = [str(f) for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == []
    # The date the build was made for is the one asked for, not today's.
    assert "<lastmod>2023-11-14</lastmod>" in (first / "sitemap.xml").read_text(encoding="utf-8")
