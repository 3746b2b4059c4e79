"""The MkDocs side of ``learnshelf preview``: a small MkDocs build, with the site's theme, of the
few pages a preview shows; links to pages outside the preview are left dangling."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

from learnshelf.model.routes import HOME, asset
from learnshelf.pages.site import ASSETS

CONFIG = """site_name: Learnshelf preview
theme: {name: material, font: false}
markdown_extensions: [admonition, tables, {toc: {permalink: true}}]
validation: {links: {not_found: info, anchors: info, unrecognized_links: info}, nav: {omitted_files: info}}
""" + f"extra_css: [{asset('learnshelf.css')}]\n"
#: The preview's pages link as the CONFIG above serves them (directory URLs): MkDocs rewrites no
#: link in the HTML blocks of a page (``SiteOptions.served``).
SERVED = True


def build(pages: dict[str, str], out: Path) -> subprocess.CompletedProcess[str]:
    """Write ``pages`` and the site assets under ``out`` and build them with MkDocs."""
    marker = out / ".learnshelf-preview"
    if out.exists() and any(out.iterdir()) and not marker.exists():
        raise FileExistsError(f"{out} exists and is not a preview folder; choose another --out")
    for old in ("docs", "site"):  # a previous preview's pages must not linger
        shutil.rmtree(out / old, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    marker.write_text("Written by `learnshelf preview`; safe to delete.\n")
    docs = out / "docs"
    for path, text in {**pages, **{asset(name): resources.files("learnshelf.pages").joinpath("assets", name)
                                   .read_text("utf-8") for name in ASSETS}}.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    if HOME not in pages:
        (docs / HOME).write_text("# Preview\n\nThe pages of this preview are listed in the sidebar.\n")
    (out / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(out / "mkdocs.yml"),
                           "-d", str(out / "site")], capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
