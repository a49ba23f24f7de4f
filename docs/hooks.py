"""mkdocs hooks for this project's own docs (registered under `hooks:` in mkdocs.yml).

`cli.md` is generated from the click commands on every build, so the command-line reference
always matches the code; it is never written by hand or kept in the docs folder. So is the
redline `reviewing/redline.html` that "Reviewing changes" links to: `sladsl diff --format
html` of `specs/cloud-platform.sla` and the proposal `docs/reviewing/proposed.sla`.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files


def on_files(files: Files, config: MkDocsConfig) -> Files:
    from sladsl.publish.docsgen import cli_reference

    files.append(File.generated(config, "cli.md", content=cli_reference()))
    files.append(File.generated(config, "reviewing/redline.html", content=_redline(config)))
    return files


def _redline(config: MkDocsConfig) -> str:
    from sladsl.diff.command import comparison, load_for_diff
    from sladsl.diff.rules import compare

    root = Path(config.config_file_path).parent
    old_name, new_name = "specs/cloud-platform.sla", "docs/reviewing/proposed.sla"
    old, new = load_for_diff(str(root / old_name)), load_for_diff(str(root / new_name))
    return comparison(old, new, compare(old, new), old_name, new_name, "html")
