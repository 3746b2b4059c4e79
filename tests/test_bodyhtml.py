"""The validator renders card bodies with the Markdown MkDocs would use: the builtins Learnshelf
names are MkDocs' own, and mkdocs.yml is read as MkDocs reads it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLE_PROJECT, REPO
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from learnshelf.load.siteconfig import MKDOCS_BUILTINS, site_markdown


def test_builtins_are_mkdocs_own() -> None:
    assert list(MKDOCS_BUILTINS) == dict(MkDocsConfig._schema)["markdown_extensions"].builtins


@pytest.mark.parametrize("root", [REPO, EXAMPLE_PROJECT], ids=["repository", "example-project"])
def test_markdown_settings_are_read_as_mkdocs_reads_them(root: Path) -> None:
    config = load_config(str(root / "mkdocs.yml"))
    ours = site_markdown(root)
    assert list(ours.extensions) == config.markdown_extensions
    assert ours.configs == config.mdx_configs
