"""Routes own every page path and URL: each generated page is one routes names, no module
spells a page path itself, and the navigation leaves out what routes says without mkdocs.yml
repeating it."""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO

from learnshelf.load.project import Project
from learnshelf.model import routes
from learnshelf.pages.card import SiteOptions
from learnshelf.pages.site import ASSETS, build_site

#: A literal page path (docs-relative): a Markdown file inside a folder, or an index page. Paths
#: from the repository root (``docs/resources/x.md``, as rule examples show) name card files.
PAGE_PATH = re.compile(r"(?!docs/)(?:[\w.-]+/)+[\w.-]*\.md|index\.md|README\.md")


def _add_cards(project: Path, count: int) -> None:
    """``count`` more published cards, so that listings run to several pages."""
    for n in range(count):
        (project / "docs" / "resources" / f"extra-{n:03}.md").write_text(
            f"---\ntitle: Extra card {n:03}\ntype: guide\nsummary: A card that makes the listings longer.\n"
            f"topics: [onboarding]\nurl: https://example.org/extra/{n}\ncontributor: extra-{n % 3}\n"
            "added: 2026-03-01\nstatus: published\n---\n", encoding="utf-8")


def test_every_generated_page_and_file_is_a_path_routes_names(project_copy: Path) -> None:
    _add_cards(project_copy, 2 * 50 + 1)
    site = build_site(Project(project_copy), SiteOptions(today=dt.date(2026, 11, 23)))
    assert [p for p in site.problems if p.is_error] == [] and site.catalog is not None
    catalog = site.catalog
    firsts = [routes.LIBRARY, routes.ANY_ROLE, routes.CONTRIBUTORS, routes.ROLES, routes.TOPICS, routes.PATHWAYS,
              *map(routes.topic_page, catalog.taxonomy.topics.terms), *map(routes.role_page, catalog.taxonomy.roles.terms)]
    named = {routes.listing_page(first, n) for first in firsts for n in range(1, len(catalog.cards) + 2)}
    named |= {routes.HOME, routes.SEARCH, routes.NEW, routes.REPORT, routes.FEED, routes.CATALOG_DATA, *map(routes.asset, ASSETS),
              *map(routes.topic_feed, catalog.taxonomy.topics.terms), *map(routes.topic_catalog, catalog.taxonomy.topics.terms), *map(routes.role_feed, catalog.taxonomy.roles.terms),
              routes.SHELF, routes.shelf_meta(), *map(routes.shelf_part, range(len(catalog.cards)))}
    named |= {routes.card_page(c) for c in catalog.cards} | {routes.pathway_page(p.id) for p in catalog.pathways}
    generated = {*site.pages, *site.files}
    assert generated <= named, sorted(generated - named)
    assert {"library/page-3.md", "topics/onboarding/page-3.md"} <= generated  # pagination was exercised


def _page_paths(tree: ast.AST) -> list[tuple[int, str]]:
    """Page-path literals in a module, and f-strings that build one (as templates: ``{}`` for
    each placeholder), leaving docstrings out (they may give an example)."""
    skip = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and node.body
            and isinstance(node.body[0], ast.Expr)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip.update(id(part) for part in node.values)
            template = "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)
            if template.endswith(".md") and "/" in template:
                found.append((node.lineno, template))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if PAGE_PATH.fullmatch(node.value):
                found.append((node.lineno, node.value))
    return found


def test_no_module_but_routes_spells_a_page_path() -> None:
    package = REPO / "learnshelf"
    spelled = [f"{path.relative_to(REPO)}:{line}: {text!r}" for path in sorted(package.rglob("*.py"))
               if path.name != "routes.py"
               for line, text in _page_paths(ast.parse(path.read_text(encoding="utf-8")))]
    assert spelled == []


def test_the_path_finder_sees_the_shapes_the_package_used_to_spell() -> None:
    """The test above can fail: literals and f-strings as they were before routes owned them."""
    source = ('REPORT = "curating/report.md"\nHOME = "index.md"\nx = f"topics/{t}/index.md"\n'
              'y = f"{folder}/page-{n}.md"\nz = f"{card_id}.md"  # a card file, not a page path\n'
              'def f() -> None:\n    """See topics/index.md."""\n')
    assert sorted(text for _, text in _page_paths(ast.parse(source))) == [
        "curating/report.md", "index.md", "topics/{}/index.md", "{}/page-{}.md"]


def test_routes_give_the_addresses_mkdocs_gives() -> None:
    assert routes.page_url(routes.HOME) == "/" and routes.page_url("a/README.md") == "/a/"
    assert routes.page_url(routes.topic_page("coaching")) == "/topics/coaching/"
    assert routes.page_url(routes.pathway_page("new-manager"), directory_urls=False) == "/pathways/new-manager.html"
    assert routes.search_action(routes.HOME) == "search/"
    assert routes.search_action(routes.topic_page("coaching")) == "../../search"
    assert routes.search_bundle() == "../pagefind/" and routes.search_bundle("part-1/") == "../pagefind/part-1/"


def test_the_navigation_leaves_out_what_routes_says_and_mkdocs_yml_repeats_none_of_it(project_copy: Path,
                                                                                      tmp_path: Path) -> None:
    for config in (REPO / "mkdocs.yml", project_copy / "mkdocs.yml"):
        assert "not_in_nav" not in config.read_text(encoding="utf-8"), f"{config}: routes.NOT_IN_NAV says it"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                            cwd=project_copy, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    omitted = re.findall(r"^  - (\S+)$", result.stderr, re.MULTILINE)
    # The example's nav names three pages; of the rest, MkDocs may list only what routes lets in.
    assert sorted(omitted) == ["curating/report.md", "new.md"]
    assert all(routes.in_nav(path) for path in omitted)
    assert not routes.in_nav("topics/coaching/index.md") and not routes.in_nav("resources/a.md")
    assert routes.in_nav("library.md") and routes.in_nav(routes.NEW)


def test_the_site_configs_name_the_assets_where_routes_puts_them(project_copy: Path) -> None:
    for config in (REPO / "mkdocs.yml", project_copy / "mkdocs.yml"):
        settings = yaml.safe_load(config.read_text(encoding="utf-8"))
        assert set(settings["extra_css"] + settings["extra_javascript"]) <= set(map(routes.asset, ASSETS)), config
