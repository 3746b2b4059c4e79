"""The project's issue forms (``.github/ISSUE_TEMPLATE/*.yml``) as ``from-issue`` reads them: each
form's labels and its fields in order, and the form an issue was made from; nothing more.

Each field's ``id`` is the card key it fills; ``body`` is the card's Markdown body and
``body-<name>`` one more section of it, headed by the field's label. A field whose id is neither
is not read (the curator sees a note). Which form an issue comes from is told by its label:
GitHub puts a form's ``labels`` on every issue made from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from learnshelf.load.yamlfile import ISSUE_FORM_INVALID, YamlFile
from learnshelf.load.yamlnodes import Map, Node, Seq
from learnshelf.model.problems import Problem

FORMS_DIR = Path(".github") / "ISSUE_TEMPLATE"
#: The form read when no label says which (``learnshelf from-issue FILE``).
FORM = FORMS_DIR / "suggest-a-resource.yml"
#: GitHub's chooser settings beside the forms: not a form.
CHOOSER = "config.yml"


@dataclass(frozen=True)
class FormField:
    """One field of the issue form: the card key it fills, its label (the heading GitHub
    writes) and its type (input, textarea, dropdown, checkboxes)."""

    id: str
    label: str
    type: str


@dataclass(frozen=True)
class IssueForm:
    """A form: where it is (as displayed), the labels it puts on issues and its fields in order."""

    name: str
    labels: tuple[str, ...]
    fields: tuple[FormField, ...]


def read_form(path: Path, display: str) -> tuple[list[FormField], list[Problem]]:
    """The form's fields in order (its Markdown blocks left out), and its problems."""
    form, problems = load_form(path, display)
    return list(form.fields), problems


def load_form(path: Path, display: str) -> tuple[IssueForm, list[Problem]]:
    """The form at ``path`` (labels and fields), and its problems."""
    reader = YamlFile(path, display, rule=ISSUE_FORM_INVALID)
    root = reader.root
    entries = root.entries if isinstance(root, Map) else {}
    labels_node = entries.get("labels", (None, None))[1]
    labels = tuple(reader.texts(labels_node, "labels", labels_node)) if isinstance(labels_node, Seq) else ()
    items = entries.get("body", (None, None))[1]
    if not isinstance(items, Seq):
        if not reader.problems:
            reader.fail(1, 1, "an issue form has a 'body:' list of fields")
        return IssueForm(display, labels, ()), reader.problems
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
    return IssueForm(display, labels, tuple(fields)), reader.problems


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


def form_files(root: Path) -> list[Path]:
    """The issue forms of the project at ``root``, by name."""
    folder = root / FORMS_DIR
    return sorted(p for p in folder.glob("*.yml") if p.name != CHOOSER) if folder.is_dir() else []


def choose_form(root: Path, labels: list[str]) -> tuple[IssueForm | None, str, list[Problem]]:
    """The form whose label the issue carries, the label that chose it, and the problems of
    every form read (None when no form or more than one carries one of ``labels``)."""
    problems: list[Problem] = []
    chosen: list[tuple[IssueForm, str]] = []
    for path in form_files(root):
        form, found = load_form(path, (FORMS_DIR / path.name).as_posix())
        problems += found
        chosen += [(form, label) for label in form.labels if label in labels][:1]
    if len(chosen) == 1:
        return chosen[0][0], chosen[0][1], problems
    return None, "", problems
