"""schema.org JSON-LD in the built site: every card page carries a LearningResource that a
maintained JSON-LD parser (rdflib) reads, using only schema.org terms valid where they are
used; hostile card text cannot end the script element; catalog.jsonld lists published cards."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_PROJECT, EXAMPLES
from justhtml import JustHTML
from rdflib import RDF, Graph, URIRef
from test_hostile import PUBLISHED
from test_site import SITE_URL, mkdocs_build

SCHEMA = "https://schema.org/"
TERMS = json.loads((EXAMPLES / "schema-org" / "terms.json").read_text(encoding="utf-8"))
#: schema.org's remote context cannot be fetched offline; this local one maps every term the
#: same way (https://schema.org/<term>), so the graph is the one the remote context gives.
LOCAL_CONTEXT = {"@vocab": SCHEMA}
#: rdflib 7's own JSON-LD parser still builds a ConjunctiveGraph internally and warns about it;
#: the warning is about rdflib's code, not ours.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("jsonld") / "project"
    shutil.copytree(EXAMPLE_PROJECT, project)
    for case in PUBLISHED:
        shutil.copy(case, project / "docs" / "resources")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


def scripts(page: Path) -> list[str]:
    """The text of every JSON-LD script element of a built page, as an HTML parser sees it."""
    doc = JustHTML(page.read_text(encoding="utf-8"), sanitize=False)
    return [node.to_text() for node in doc.query('script[type="application/ld+json"]')]


def graph(data: dict[str, Any]) -> Graph:
    assert data.pop("@context") == "https://schema.org"
    return Graph().parse(data=json.dumps({"@context": LOCAL_CONTEXT, **data}), format="json-ld")


def supertypes(name: str) -> set[str]:
    out: set[str] = set()
    current: str | None = name
    while current:
        out.add(current)
        current = TERMS["types"][current]
    return out


def assert_valid_terms(g: Graph) -> None:
    """Every property used is in the term list and allowed on the type of its subject."""
    for subject, predicate, _ in g:
        if predicate == RDF.type:
            continue
        assert str(predicate).startswith(SCHEMA), predicate
        prop = str(predicate).removeprefix(SCHEMA)
        assert prop in TERMS["properties"], f"{prop} is not a schema.org term we list"
        types = {str(t).removeprefix(SCHEMA) for t in g.objects(subject, RDF.type)}
        assert types, f"{subject} has {prop} but no type"
        allowed = set().union(*(supertypes(t) for t in types))
        assert allowed & set(TERMS["properties"][prop]), f"{prop} is not valid on {types}"


def card_pages(site: Path) -> list[Path]:
    return sorted((site / "resources").rglob("index.html"))


def test_every_card_page_carries_one_learning_resource_in_schema_org_terms(built: Path) -> None:
    pages = card_pages(built)
    assert len(pages) >= 4
    for page in pages:
        [text] = scripts(page)
        g = graph(json.loads(text))
        assert_valid_terms(g)
        [resource] = g.subjects(RDF.type, URIRef(SCHEMA + "LearningResource"))
        assert str(resource) == SITE_URL + page.parent.relative_to(built).as_posix() + "/"


def test_the_card_fields_map_to_schema_org(built: Path) -> None:
    page = built / "resources" / "people" / "giving-feedback" / "index.html"
    data = json.loads(scripts(page)[0])
    assert data["@type"] == "LearningResource"
    assert data["url"] == "https://en.wikipedia.org/wiki/360-degree_feedback"
    assert data["about"] and all(t["@type"] == "DefinedTerm" and t["url"].startswith(SITE_URL + "topics/")
                                 for t in data["about"])
    assert data["audience"]["@type"] == "EducationalAudience"
    retired = json.loads(scripts(built / "resources" / "old-privacy-course" / "index.html")[0])
    assert retired["creativeWorkStatus"] == "retired"


def test_hostile_card_text_cannot_close_the_script_and_reads_back_unchanged(built: Path) -> None:
    page = built / "resources" / "payloads" / "index.html"
    html = page.read_text(encoding="utf-8")
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    raw = html[start:html.index("</script>", start)]
    assert not set("<>&") & set(raw), "markup characters must be \\u escapes inside the script"
    data = json.loads(raw)
    assert data["name"].startswith("Payload ]]> \"quoted\" 'single' & <3")
    assert data["url"] == "https://example.org/a?q=\"'><svg/onload=window.__pwned=1>"


def test_the_catalog_lists_every_published_card_and_is_linked_from_home(built: Path) -> None:
    data = json.loads((built / "catalog.jsonld").read_text(encoding="utf-8"))
    g = graph(data)
    assert_valid_terms(g)
    assert len(list(g.subjects(RDF.type, URIRef(SCHEMA + "LearningResource")))) == data["numberOfItems"]
    assert "draft-idea" not in json.dumps(data)
    statuses = [i["item"].get("creativeWorkStatus") for i in data["itemListElement"]]
    assert statuses and not any(statuses), "published cards only: no draft, no retired"
    home = JustHTML((built / "index.html").read_text(encoding="utf-8"), sanitize=False)
    links = [(a.attrs or {}).get("href") for a in home.query('a[rel="alternate"][type="application/ld+json"]')]
    assert links == ["catalog.jsonld"]


def test_a_catalogue_past_the_size_limit_is_split_per_topic(tmp_path: Path) -> None:
    import datetime as dt

    from learnshelf.load.project import Project
    from learnshelf.pages.card import SiteOptions
    from learnshelf.pages.jsonld import catalog_files
    from learnshelf.pages.site import build_site

    shutil.copytree(EXAMPLE_PROJECT, tmp_path / "project")
    catalog = build_site(Project(tmp_path / "project"), SiteOptions(today=dt.date(2026, 11, 23))).catalog
    assert catalog is not None
    assert list(catalog_files(catalog, SITE_URL)) == ["catalog.jsonld"]  # small: one file
    files = catalog_files(catalog, SITE_URL, limit=100)
    index = json.loads(files.pop("catalog.jsonld"))
    assert_valid_terms(graph(dict(index)))
    assert sorted(SITE_URL + path for path in files) == sorted(i["url"] for i in index["itemListElement"])
    ids = {i["item"]["@id"] for text in files.values() for i in json.loads(text)["itemListElement"]}
    assert ids == {SITE_URL + "resources/" + p for p in ("first-week/", "people/giving-feedback/",
                                                        "people/coaching-with-grow/")}
