"""Digests of the files a kept result depends on, so that a cache sees any change to them (see links.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def snippets(folders: list[Path]) -> str:
    """One digest of the name and text of every file under `folders` (a folder the snippets extension includes
    from), in a stable order; a folder that is a file counts as that file, a missing one as nothing."""
    digest = hashlib.sha256()
    for folder in folders:
        digest.update(f"\0{folder}\0".encode("utf-8"))
        for path in sorted(folder.rglob("*")) if folder.is_dir() else [folder]:
            if path.is_file():
                digest.update(f"\0{path}\0".encode("utf-8"))
                digest.update(path.read_bytes())
    return digest.hexdigest()
