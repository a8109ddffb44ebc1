"""Each build reads the handbook's sources afresh, whichever hooks are listed, as `mkdocs serve` rebuilds do."""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import make_tiny


def rebuild(project: Path) -> None:
    """One build in this process, as `mkdocs serve` makes on every change: a fresh configuration, same modules."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)


def test_a_rebuild_without_the_validation_hook_sees_changed_sources(tmp_path: Path) -> None:
    project = make_tiny(tmp_path)
    config = project / "mkdocs.yml"
    # Only the cross-links hook is left: no other hook loads the registry or the labels for it.
    config.write_text("\n".join(line for line in config.read_text(encoding="utf-8").splitlines()
                                if not line.strip().endswith(("validation.py", "safety.py", "translations.py")))
                      + "\n", encoding="utf-8")
    page = project / "site/cs/principles/courtesy/index.html"
    rebuild(project)
    assert ">Zdroje<" in page.read_text(encoding="utf-8")
    assert order(project) == ["courtesy", "respect"]

    labels = project / "docs/labels.yml"
    labels.write_text(labels.read_text(encoding="utf-8").replace("sources: Zdroje", "sources: Prameny"),
                      encoding="utf-8")
    registry_file = project / "docs/principles.yml"
    text = registry_file.read_text(encoding="utf-8")
    registry_file.write_text(text.replace("- id: courtesy", "- id: TMP").replace("- id: respect", "- id: courtesy")
                             .replace("- id: TMP", "- id: respect"), encoding="utf-8")
    rebuild(project)
    assert ">Prameny<" in page.read_text(encoding="utf-8")
    assert order(project) == ["respect", "courtesy"]


def order(project: Path) -> list[str]:
    data = json.loads((project / "site/principles.json").read_text(encoding="utf-8"))
    return [p["id"] for p in data["principles"]]
