"""The curator-owned vocabularies (``curation/*.yml``): loading, checking and resolving terms.

This module owns topics, roles and the policy vocabularies, and the rules their entries break
(duplicate ids and spellings, parents), and nothing more. Code never
hard-codes a term: every id, label and synonym comes from the curation files. A broken
curation file is reported like a card problem (located), and is a configuration error.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from learnshelf.load.searchterms import load_search_terms
from learnshelf.load.tagpolicy import TaggingPolicy, read_tagging
from learnshelf.load.yamlfile import YamlFile
from learnshelf.load.yamlnodes import Map, Node, Scalar, Seq
from learnshelf.model import problems as P
from learnshelf.model.rules import ERROR, Rule
from learnshelf.model.schema import ID_PATTERN

TAXONOMY_DUPLICATE_ID = Rule(
    "taxonomy-duplicate-id", ERROR,
    "Two entries of a curation file have the same id.",
    bad="- id: coaching\n- id: coaching",
    fixed="- id: coaching\n- id: mentoring")

TAXONOMY_DUPLICATE_SYNONYM = Rule(
    "taxonomy-duplicate-synonym", ERROR,
    "A spelling (id, label or synonym) belongs to two terms.",
    bad="coaching: synonyms [mentor]; mentoring: synonyms [mentor]",
    fixed="keep 'mentor' on one term only")

TAXONOMY_MISSING_PARENT = Rule(
    "taxonomy-missing-parent", ERROR,
    "A topic's parent is not a topic.",
    bad="parent: leadershp",
    fixed="parent: leadership")

TAXONOMY_NESTED_PARENT = Rule(
    "taxonomy-nested-parent", ERROR,
    "Topics nest one level only: a parent cannot have a parent.",
    bad="coaching -> people-management -> leadership",
    fixed="coaching -> leadership")

TOPICS_FILE = "topics.yml"
ROLES_FILE = "roles.yml"
POLICY_FILE = "policy.yml"
POLICY_VOCABULARIES = ("types", "levels", "costs", "statuses", "accessibility")
#: Statuses the build gives a meaning to: drafts are not published, retired cards redirect.
REQUIRED_STATUSES = frozenset({"draft", "published", "retired"})


@dataclass(frozen=True)
class Term:
    """One topic or role."""

    id: str
    label: str
    description: str
    synonyms: tuple[str, ...] = ()
    parent: str | None = None
    #: A role's typical work, in the words resources use ("code reviews", "payroll"); the tag
    #: suggester reads it (``catalog.rolework``), the site does not show it. Roles only.
    work: tuple[str, ...] = ()


@functools.lru_cache(maxsize=4096)  # cards repeat the same few tag spellings
def _key(text: str) -> str:
    """Matching key: case, hyphens, underscores and runs of spaces do not matter."""
    return " ".join(re.split(r"[\s_-]+", text.casefold().strip()))


@dataclass
class Vocabulary:
    """Terms of one kind ('topic' or 'role') and every spelling that resolves to them."""

    kind: str
    terms: dict[str, Term] = field(default_factory=dict)
    lookup: dict[str, str] = field(default_factory=dict)  # matching key -> term id

    def resolve(self, text: str) -> str | None:
        """The canonical id for an id, label or synonym in any case, or None."""
        return self.lookup.get(_key(text))

    def suggest(self, text: str) -> str | None:
        """The id whose spelling is nearest to ``text``, for 'did you mean'."""
        match = difflib.get_close_matches(_key(text), list(self.lookup), n=1, cutoff=0.6)
        return self.lookup[match[0]] if match else None

    def with_parents(self, ids: list[str]) -> list[str]:
        """``ids`` plus their parents (implied tags), in order, without repeats."""
        out: list[str] = []
        for term_id in ids:
            for implied in (term_id, self.terms[term_id].parent):
                if implied and implied not in out:
                    out.append(implied)
        return out

    def children(self, term_id: str) -> list[str]:
        """Ids of the terms whose parent is ``term_id``."""
        return [t.id for t in self.terms.values() if t.parent == term_id]


@dataclass(frozen=True)
class Option:
    """One value of a policy vocabulary (a type, level, cost, status or accessibility feature)."""

    id: str
    label: str
    url_required: bool = False


@dataclass
class Taxonomy:
    """Everything in ``curation/`` that card validation needs."""

    topics: Vocabulary
    roles: Vocabulary
    vocabularies: dict[str, dict[str, Option]]
    review_interval_days: int = 365
    internal_domains: tuple[str, ...] = ()
    #: The card type each issue form without a Type question makes, by the form's label.
    form_types: dict[str, str] = field(default_factory=dict)
    #: Terms the search indexes and searches whole (``curation/search-terms.yml``, see searchterms).
    search_terms: tuple[str, ...] = ()
    #: The thresholds of the tag suggester (``tagging:`` in policy.yml).
    tagging: TaggingPolicy = field(default_factory=TaggingPolicy)


def _read_terms(reader: YamlFile, kind: str) -> Vocabulary:
    vocab = Vocabulary(kind)
    allowed = {"id", "label", "description", "synonyms"} | ({"parent"} if kind == "topic" else {"work"})
    if not isinstance(reader.root, Seq):
        if not reader.problems:  # a YAML error already explains why there is no list
            reader.fail(1, 1, f"the file must be a list of {kind}s, each starting with '- id: ...'")
        return vocab
    for entry in reader.root.items:
        if not isinstance(entry, Map):
            reader.fail(entry.line, entry.col, f"each {kind} must be a mapping with id, label, description")
            continue
        term = _read_term(reader, entry, kind, allowed)
        if term is not None:
            _add_term(reader, vocab, term, entry)
    if kind == "topic":
        _check_parents(reader, vocab)
    return vocab


def _read_term(reader: YamlFile, entry: Map, kind: str, allowed: set[str]) -> Term | None:
    for key, (key_node, _) in entry.entries.items():
        if key not in allowed:
            reader.fail(key_node.line, key_node.col, f"unknown key '{key}' in a {kind}; allowed: {', '.join(sorted(allowed))}")
    values = {k: v for k, (_, v) in entry.entries.items()}
    term_id = reader.text(values.get("id"), "id", entry)
    label = reader.text(values.get("label"), "label", entry)
    description = reader.text(values.get("description"), "description", entry)
    synonyms = reader.texts(values.get("synonyms"), "synonyms", entry)
    work = reader.texts(values.get("work"), "work", entry)
    parent_node = values.get("parent")
    parent = reader.text(parent_node, "parent", entry) if parent_node is not None else None
    if term_id is None or label is None or description is None:
        return None
    if not ID_PATTERN.match(term_id):
        reader.fail(entry.line, entry.col, f"'{term_id}' is not a valid id: use lowercase letters, digits and hyphens")
        return None
    return Term(term_id, label, description, tuple(synonyms), parent, tuple(work))


def _add_term(reader: YamlFile, vocab: Vocabulary, term: Term, entry: Map) -> None:
    if term.id in vocab.terms:
        reader.fail(entry.line, entry.col, f"the {vocab.kind} id '{term.id}' is defined twice; keep one", TAXONOMY_DUPLICATE_ID)
        return
    vocab.terms[term.id] = term
    for spelling in (term.id, term.label, *term.synonyms):
        key = _key(spelling)
        owner = vocab.lookup.setdefault(key, term.id)
        if owner != term.id:
            reader.fail(entry.line, entry.col,
                        f"'{spelling}' of {vocab.kind} '{term.id}' already means '{owner}'; a spelling may belong to one {vocab.kind} only",
                        TAXONOMY_DUPLICATE_SYNONYM)


def _check_parents(reader: YamlFile, vocab: Vocabulary) -> None:
    assert isinstance(reader.root, Seq)
    entries = {t.id: e for e in reader.root.items if isinstance(e, Map)
               for t in [vocab.terms.get(_scalar(e, "id"))] if t is not None}
    for term in vocab.terms.values():
        if term.parent is None:
            continue
        at = entries.get(term.id)
        line, col = (at.line, at.col) if at else (1, 1)
        parent = vocab.terms.get(term.parent)
        if parent is None:
            near = vocab.suggest(term.parent)
            hint = f" (did you mean '{near}'?)" if near else ""
            reader.fail(line, col, f"parent '{term.parent}' of '{term.id}' is not a topic{hint}", TAXONOMY_MISSING_PARENT)
        elif parent.parent is not None:
            reader.fail(line, col, f"'{term.id}' has parent '{parent.id}', which has a parent itself; topics nest one level only",
                        TAXONOMY_NESTED_PARENT)


def _scalar(entry: Map, key: str) -> str:
    node = entry.entries.get(key, (None, None))[1]
    return node.text.strip() if isinstance(node, Scalar) else ""


def _read_policy(reader: YamlFile) -> tuple[dict[str, dict[str, Option]], int, tuple[str, ...]]:
    vocabularies: dict[str, dict[str, Option]] = {name: {} for name in POLICY_VOCABULARIES}
    if not isinstance(reader.root, Map):
        if not reader.problems:
            reader.fail(1, 1, "the policy file must be a mapping of 'name: value' lines")
        return vocabularies, 365, ()
    entries = reader.root.entries
    known = (*POLICY_VOCABULARIES, "review_interval_days", "internal_domains", "form_types",
             "report", "tagging")  # report: the curator report's thresholds (load/reportpolicy.py)
    for key, (key_node, _) in entries.items():
        if key not in known:
            near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            reader.fail(key_node.line, key_node.col, f"unknown setting '{key}'{hint}; allowed: {', '.join(known)}")
    for name in POLICY_VOCABULARIES:
        vocabularies[name] = _read_options(reader, name, entries.get(name))
    interval = _read_interval(reader, entries.get("review_interval_days"))
    domains_entry = entries.get("internal_domains")
    domains = reader.texts(domains_entry[1], "internal_domains", domains_entry[0]) if domains_entry else []
    return vocabularies, interval, tuple(d.lower() for d in domains)


def _read_options(reader: YamlFile, name: str, entry: tuple[Scalar, Node] | None) -> dict[str, Option]:
    options: dict[str, Option] = {}
    if entry is None or not isinstance(entry[1], Seq) or not entry[1].items:
        line, col = (entry[0].line, entry[0].col) if entry else (1, 1)
        reader.fail(line, col, f"'{name}' must be a non-empty list of '{{id: ..., label: ...}}'")
        return options
    allowed = {"id", "label", "url_required"} if name == "types" else {"id", "label"}
    for item in entry[1].items:
        option_id = _scalar(item, "id") if isinstance(item, Map) else ""
        if not isinstance(item, Map) or not option_id:
            reader.fail(item.line, item.col, f"each entry of '{name}' needs an id")
            continue
        for key, (key_node, value) in item.entries.items():
            if key not in allowed:
                reader.fail(key_node.line, key_node.col, f"unknown key '{key}' in '{name}'; allowed: {', '.join(sorted(allowed))}")
            elif key == "url_required" and not (isinstance(value, Scalar) and value.text in ("true", "false")):
                reader.fail(value.line, value.col, "url_required must be true or false")
        if option_id in options:
            reader.fail(item.line, item.col, f"'{option_id}' is listed twice in '{name}'", TAXONOMY_DUPLICATE_ID)
        else:
            label = _scalar(item, "label") or option_id
            options[option_id] = Option(option_id, label, _scalar(item, "url_required") == "true")
    if name == "statuses":
        for required in sorted(REQUIRED_STATUSES - set(options)):
            reader.fail(entry[0].line, entry[0].col, f"'statuses' must include '{required}' (the build relies on it)")
    return options


def _read_interval(reader: YamlFile, entry: tuple[Scalar, Node] | None) -> int:
    if entry is None:
        return 365
    node = entry[1]
    if isinstance(node, Scalar) and node.text.isdigit() and int(node.text) > 0:
        return int(node.text)
    reader.fail(node.line, node.col, "review_interval_days must be a whole number of days, e.g. 365")
    return 365


def load_taxonomy(curation: Path, display_dir: str = "curation") -> tuple[Taxonomy, list[P.Problem]]:
    """Load and check ``topics.yml``, ``roles.yml`` and ``policy.yml`` from ``curation``.

    Returns the taxonomy (possibly partial) and every problem; any problem is a configuration
    error the caller must report before trusting the taxonomy.
    """
    readers = {name: YamlFile(curation / name, f"{display_dir}/{name}")
               for name in (TOPICS_FILE, ROLES_FILE, POLICY_FILE)}
    topics = _read_terms(readers[TOPICS_FILE], "topic")
    roles = _read_terms(readers[ROLES_FILE], "role")
    vocabularies, interval, domains = _read_policy(readers[POLICY_FILE])
    form_types = _read_form_types(readers[POLICY_FILE], vocabularies["types"])
    tagging = read_tagging(readers[POLICY_FILE])
    search_terms, term_problems = load_search_terms(curation, display_dir)
    problems = [p for r in readers.values() for p in r.problems] + term_problems
    return Taxonomy(topics, roles, vocabularies, interval, domains, form_types, search_terms, tagging), problems


def _read_form_types(reader: YamlFile, types: dict[str, Option]) -> dict[str, str]:
    """``form_types``: issue form label -> card type (a type id of the policy)."""
    entry = reader.root.entries.get("form_types") if isinstance(reader.root, Map) else None
    if entry is None:
        return {}
    if not isinstance(entry[1], Map):
        reader.fail(entry[0].line, entry[0].col, "form_types must map an issue form's label to a type, "
                    "e.g. 'learning-note: learning-note'")
        return {}
    found = {}
    for label, (_, value) in entry[1].entries.items():
        kind = value.text.strip() if isinstance(value, Scalar) else ""
        if kind in types:
            found[label] = kind
        else:
            reader.fail(value.line, value.col, f"form_types: '{kind}' is not a type; allowed: {', '.join(types)}")
    return found
