"""Pathways (``curation/pathways/*.yml``): ordered, sectioned sequences of cards, and the rules a
pathway file breaks, and nothing more.

A pathway file::

    title: New starter onboarding
    summary: Your first month, step by step.
    sections:
      - title: Week one
        steps:
          - card: first-week-checklist
            note: Start here with your manager.
          - card: how-to-run-a-good-one-to-one
            note: For managers welcoming a new starter.
            roles: [people-manager]      # an optional branch for these roles

Steps without ``roles`` are core steps everyone takes. Problems are located like card problems.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from learnshelf.load import fsio
from learnshelf.load.cardfile import card_id
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.load.yamlfile import MAX_YAML_BYTES
from learnshelf.load.yamlnodes import Map, Node, Scalar, Seq, parse
from learnshelf.model import problems as P
from learnshelf.model.rules import ERROR, Rule
from learnshelf.model.schema import ID_PATTERN

PATHWAYS_DIR = "pathways"

PATHWAY_INVALID = Rule(
    "pathway-invalid", ERROR,
    "A pathway file does not have the expected shape (title, summary, sections with steps).",
    bad="sections:\n  - steps: [first-week]",
    fixed=("sections:\n  - title: Week one\n    steps:\n      - card: first-week\n        note: "
           "Start here."))

PATHWAY_UNKNOWN_CARD = Rule(
    "pathway-unknown-card", ERROR,
    "A pathway step names a card that does not exist or is not published.",
    bad="- card: first-weak",
    fixed="- card: first-week")

PATHWAY_UNKNOWN_ROLE = Rule(
    "pathway-unknown-role", ERROR,
    "A pathway branch names a role that is not in curation/roles.yml.",
    bad="roles: [managers-only]",
    fixed="roles: [people-manager]")


@dataclass(frozen=True)
class Step:
    """One step: a card, a note on why, and the roles it is for (empty: everyone)."""

    card: str
    note: str
    roles: tuple[str, ...] = ()


@dataclass
class Section:
    """A titled group of steps."""

    title: str
    steps: list[Step] = field(default_factory=list)


@dataclass
class Pathway:
    """A pathway; its id is the file name."""

    id: str
    title: str
    summary: str
    path: str
    sections: list[Section] = field(default_factory=list)

    def steps(self) -> list[Step]:
        """Every step in order."""
        return [step for section in self.sections for step in section.steps]


class _Reader:
    def __init__(self, display: str, taxonomy: Taxonomy, statuses: dict[str, str]) -> None:
        self.display = display
        self.taxonomy = taxonomy
        self.statuses = statuses
        self.problems: list[P.Problem] = []

    def fail(self, node: Node, message: str, rule: Rule = PATHWAY_INVALID) -> None:
        self.problems.append(rule.problem(self.display, node.line, node.col, message))

    def keys(self, node: Map, allowed: tuple[str, ...], what: str) -> dict[str, Node]:
        for key, (key_node, _) in node.entries.items():
            if key not in allowed:
                self.fail(key_node, f"unknown key '{key}' in {what}; allowed: {', '.join(allowed)}")
        return {k: v for k, (_, v) in node.entries.items()}

    def text(self, values: dict[str, Node], key: str, at: Node, required: bool = True) -> str:
        node = values.get(key)
        if isinstance(node, Scalar) and node.text.strip() and node.kind != "null":
            return " ".join(node.text.split())
        if node is not None or required:
            self.fail(node or at, f"'{key}' must be a non-empty text")
        return ""

    def step(self, node: Node) -> Step | None:
        if not isinstance(node, Map):
            self.fail(node, "each step must be 'card: <card-id>' with a 'note:'")
            return None
        values = self.keys(node, ("card", "note", "roles"), "a step")
        target = self.text(values, "card", node)
        note = self.text(values, "note", node)
        status = self.statuses.get(target)
        if target and status is None:
            near = difflib.get_close_matches(target, sorted(self.statuses), n=1, cutoff=0.6)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            self.fail(values["card"], f"no card has the id '{target}'{hint}", PATHWAY_UNKNOWN_CARD)
        elif target and status in ("draft", "retired"):
            self.fail(values["card"], f"the card '{target}' is {status}; a pathway can only use published cards",
                      PATHWAY_UNKNOWN_CARD)
        return Step(target, note, self.roles(values.get("roles"))) if target else None

    def roles(self, node: Node | None) -> tuple[str, ...]:
        if node is None:
            return ()
        if not isinstance(node, Seq):
            self.fail(node, "roles must be a list, e.g. roles: [people-manager]")
            return ()
        found = []
        for item in node.items:
            role = self.taxonomy.roles.resolve(item.text) if isinstance(item, Scalar) else None
            if role is None:
                shown = item.text if isinstance(item, Scalar) else "this value"
                near = self.taxonomy.roles.suggest(shown)
                hint = f" (did you mean '{near}'?)" if near else ""
                self.fail(item, f"'{shown}' is not a role{hint}", PATHWAY_UNKNOWN_ROLE)
            else:
                found.append(role)
        return tuple(found)


def _read(path: Path, display: str, taxonomy: Taxonomy,
          statuses: dict[str, str]) -> tuple[Pathway | None, list[P.Problem]]:
    reader = _Reader(display, taxonomy, statuses)
    try:  # by fsio's rules, like every curation file: no link followed, no FIFO opened
        text = fsio.read_regular(path, MAX_YAML_BYTES)[0].decode("utf-8")
    except (OSError, fsio.Refused, UnicodeDecodeError) as err:
        return None, [PATHWAY_INVALID.problem(display, 1, 1, f"cannot read the file: {err}")]
    root, yaml_problems = parse(text)
    reader.problems += [p.rule.problem(display, p.line, p.col, p.message) for p in yaml_problems]
    if not isinstance(root, Map):
        if not yaml_problems:
            reader.problems.append(PATHWAY_INVALID.problem(display, 1, 1, "a pathway needs title, summary and sections"))
        return None, reader.problems
    values = reader.keys(root, ("title", "summary", "sections"), "a pathway")
    pathway = Pathway(card_id(path.name.replace(".yml", ".md")), reader.text(values, "title", root),
                      reader.text(values, "summary", root), display)
    if not ID_PATTERN.match(pathway.id):
        reader.problems.append(PATHWAY_INVALID.problem(display, 1, 1, f"'{path.name}': use lowercase letters, digits and hyphens"))
    sections = values.get("sections")
    if not isinstance(sections, Seq) or not sections.items:
        reader.fail(sections or root, "'sections' must be a list of sections, each with a title and steps")
        return pathway, reader.problems
    for node in sections.items:
        if not isinstance(node, Map):
            reader.fail(node, "each section needs 'title:' and 'steps:'")
            continue
        section_values = reader.keys(node, ("title", "steps"), "a section")
        section = Section(reader.text(section_values, "title", node))
        steps = section_values.get("steps")
        if not isinstance(steps, Seq) or not steps.items:
            reader.fail(steps or node, "'steps' must be a list of steps")
            continue
        section.steps = [s for s in map(reader.step, steps.items) if s is not None]
        pathway.sections.append(section)
    return pathway, reader.problems


def load_pathways(curation: Path, display_dir: str, taxonomy: Taxonomy,
                  statuses: dict[str, str]) -> tuple[list[Pathway], list[P.Problem]]:
    """Every pathway in ``curation/pathways``, sorted by id, and every problem in them.

    ``statuses`` maps every card id to its status; steps may only use published cards."""
    folder = curation / PATHWAYS_DIR
    pathways: list[Pathway] = []
    problems: list[P.Problem] = []
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        pathway, found = _read(path, f"{display_dir}/{PATHWAYS_DIR}/{path.name}", taxonomy, statuses)
        problems += found
        if pathway is not None:
            pathways.append(pathway)
    return pathways, problems
