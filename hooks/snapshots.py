"""English snapshots: the text of each English page version a translation was made from, kept in the repository.

`translated_from` in a translation's front matter is the content hash of the English page it matches. The English
text with that hash is kept in `docs/snapshots/<hash>.md` (left out of the site by exclude_docs), so that
the to-do list can show what changed in English since, in a fresh clone or a shallow CI checkout without git
history. One file per hash, however many languages share it; `--mark-translated` writes it and removes the
snapshots no translation refers to any more.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from registry import Site


def content_hash(data: bytes) -> str:
    """The short content hash a translation records of its English page (line endings do not count)."""
    return hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()[:12]


def folder(site: Site) -> Path:
    """Where the snapshots of this guidebook are kept."""
    return site.docs_dir / FOLDER


def save(site: Site, path: Path) -> str:
    """Keep the current text of the English page at `path`; its hash."""
    data = path.read_bytes().replace(b"\r\n", b"\n")
    digest = content_hash(data)
    target = folder(site) / f"{digest}.md"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return digest


def load(site: Site, digest: str) -> str | None:
    """The English text with this hash, or None when no snapshot of it is kept (or the file was edited)."""
    if not HASH.fullmatch(digest):
        return None
    target = folder(site) / f"{digest}.md"
    if target.is_symlink() or not target.is_file():
        return None
    data = target.read_bytes()
    return data.decode("utf-8", errors="replace") if content_hash(data) == digest else None


def prune(site: Site) -> list[str]:
    """Remove the snapshots no translation refers to; their repository paths."""
    used = {str(doc.meta.get("translated_from")) for doc in site.docs.values() if doc.meta.get("translated_from")}
    removed = []
    if folder(site).is_dir():
        for path in sorted(folder(site).glob("*.md")):
            if HASH.fullmatch(path.stem) and path.stem not in used:
                path.unlink()
                removed.append(site.rel_path(path))
    return removed


# Inside docs/ beside the other data files, and left out of the site (exclude_docs in mkdocs.yml).
FOLDER = "snapshots"
HASH = re.compile(r"[0-9a-f]{12}")
