"""``learnshelf from-issue``: a "Suggest a resource" issue form body -> a new card; nothing more.

GitHub renders a submitted issue form as ``### <label>`` headings, each followed by the answer
(``_No response_`` when empty, ``- [X] option`` for ticked checkboxes). The form in the project
(``FORM``) is the contract: each field's ``id`` is the card key it fills (``body``: the card's
Markdown body) and its ``label`` the heading to look for, in the form's order. So:

* only the fields the form asks for can be set; curator fields (core, reviewed, related,
  status...) are not in the form, so no issue can set them, whatever headings it contains;
* an answer runs to the heading of the *next* field of the form: any other heading in it (a
  ``### Core`` typed into the summary) is part of the answer's text, which validation judges.

A heading missing from the body (an edited issue, an older form) leaves its field empty. The
card is written by ``cardwriter`` only if it validates against the library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from learnshelf.check import reporters
from learnshelf.load.project import Project
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.load.yamlfile import ISSUE_FORM_INVALID, YamlFile
from learnshelf.load.yamlnodes import Map, Node, Seq
from learnshelf.model.problems import Problem
from learnshelf.model.schema import FIELDS_BY_NAME
from learnshelf.tools.cardwriter import CardWriter, card_text, today
from learnshelf.tools.new import slugify

FORM = Path(".github") / "ISSUE_TEMPLATE" / "suggest-a-resource.yml"
NO_RESPONSE = "_No response_"
#: GitHub caps an issue body at 65,536 characters, at most 4 bytes each in UTF-8.
MAX_ISSUE_BYTES = 4 * 65_536
_TICKED = re.compile(r"^\s*-\s*\[[xX]\]\s*(.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class FormField:
    """One field of the issue form: the card key it fills, its label (the heading GitHub
    writes) and its type (input, textarea, dropdown, checkboxes)."""

    id: str
    label: str
    type: str


def read_form(path: Path, display: str) -> tuple[list[FormField], list[Problem]]:
    """The form's fields in order (its Markdown blocks left out), and its problems."""
    reader = YamlFile(path, display, rule=ISSUE_FORM_INVALID)
    root = reader.root
    items = root.entries.get("body", (None, None))[1] if isinstance(root, Map) else None
    if not isinstance(items, Seq):
        if not reader.problems:
            reader.fail(1, 1, "an issue form has a 'body:' list of fields")
        return [], reader.problems
    fields: list[FormField] = []
    for item in items.items:
        field = _read_field(reader, item)
        if field is None:
            continue
        twice = next((f"id '{field.id}'" if f.id == field.id else f"label '{field.label}'"
                      for f in fields if field.id == f.id or field.label == f.label), "")
        if twice:
            reader.fail(item.line, item.col, f"the {twice} is used by two fields; each heading of a "
                        "submitted form must say which field it answers")
        else:
            fields.append(field)
    return fields, reader.problems


def _read_field(reader: YamlFile, item: Node) -> FormField | None:
    if not isinstance(item, Map):
        reader.fail(item.line, item.col, "each entry of 'body' is a mapping with type, id and attributes")
        return None
    values = {key: value for key, (_, value) in item.entries.items()}
    kind = reader.text(values.get("type"), "a field's type", item)
    if kind is None or kind == "markdown":
        return None  # text shown on the form: GitHub does not write it into the issue
    attributes = values.get("attributes")
    if not isinstance(attributes, Map):
        reader.fail(item.line, item.col, "each field needs 'attributes:' with a 'label:'")
        return None
    field_id = reader.text(values.get("id"), "a field's id (the card key it fills)", item)
    label = reader.text(attributes.entries.get("label", (None, None))[1], "a field's label", attributes)
    return FormField(field_id, label, kind) if field_id and label else None


def parse_form(body: str, form: list[FormField]) -> tuple[dict[str, str], str, list[str]]:
    """(card field values, Markdown body, labels of form fields that are not card fields) from
    an issue body, reading only the form's own headings, in the form's order."""
    text = body.replace("\r\n", "\n")
    found: list[tuple[FormField, int, int]] = []  # field, where its heading starts, where its answer starts
    at = 0
    for field in form:
        heading = re.compile(rf"^###[ \t]+{re.escape(field.label)}[ \t]*$", re.MULTILINE).search(text, at)
        if heading:
            found.append((field, heading.start(), heading.end()))
            at = heading.end()
    values: dict[str, str] = {}
    markdown = ""
    unknown = []
    for index, (field, _, start) in enumerate(found):
        end = found[index + 1][1] if index + 1 < len(found) else len(text)
        answer = _answer(text[start:end], field.type)
        if field.id == "body":
            markdown = answer
        elif field.id not in FIELDS_BY_NAME:
            unknown.append(field.label)
        elif answer:
            values[field.id] = " ".join(answer.split())
    return values, markdown, unknown


def _answer(text: str, kind: str) -> str:
    text = text.strip()
    if text == NO_RESPONSE:
        return ""
    if kind == "checkboxes":
        return ", ".join(_TICKED.findall(text))
    return text


def run_from_issue(project: Project, taxonomy: Taxonomy, form: list[FormField], issue: str, contributor: str,
                   folder: Path) -> int:
    """Write the card the ``issue`` body suggests into ``folder`` and say so; exit 0 when written,
    1 when it is not a suggestion or would not validate."""
    values, body, unknown = parse_form(issue, form)
    for label in unknown:
        print(f"note: the form field '{label}' is not a card field and was left out")
    if not values.get("title"):
        print("not created: the issue has no title field (is it a 'Suggest a resource' form?)")
        return 1
    values.setdefault("contributor", contributor)
    values["added"] = today()
    writer = CardWriter(project, taxonomy)
    outcome = writer.propose("issue", writer.free_path(folder, slugify(values["title"])), card_text(values, body))
    if not outcome.written:
        print("not created; the suggestion needs these fixes:\n" + (outcome.note or reporters.text(outcome.problems)))
        return 1
    print(f"created {outcome.path}")
    if outcome.problems:
        print(reporters.text(outcome.problems))
    return 0
