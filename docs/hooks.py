"""mkdocs hooks for this project's own docs (registered under `hooks:` in mkdocs.yml).

`cli.md` is generated from the click commands on every build, so the command-line reference
always matches the code; it is never written by hand or kept in the docs folder.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files


def on_files(files: Files, config: MkDocsConfig) -> Files:
    from sladsl.publish.docsgen import cli_reference

    files.append(File.generated(config, "cli.md", content=cli_reference()))
    return files
