"""``learnshelf from-issue``: an issue made from one of the project's forms -> a new card; nothing more.

GitHub renders a submitted issue form as ``### <label>`` headings, each followed by the answer
(``_No response_`` when empty, ``- [X] option`` for ticked checkboxes). The form the issue was
made from (chosen by its label, see ``issueforms``) is the contract: each field's ``id`` is the
card key it fills and its ``label`` the heading to look for, in the form's order. So:

* only the fields the form asks for can be set; curator fields (core, reviewed, status...) are
  not in the forms, so no issue can set them, whatever headings it contains;
* an answer runs to the heading of the *next* field of the form: any other heading in it (a
  ``### Core`` typed into the summary) is part of the answer's text, which validation judges.

A form without a ``type`` question makes the type ``curation/policy.yml`` gives it
(``form_types``). A ``related`` answer names the card a learning note is about: a card id, the
card's page or the resource's own address; an address no card has becomes the note's ``url``.
A heading missing from the body (an edited issue, an older form) leaves its field empty. The
card is written by ``cardwriter`` only if it validates against the library.
"""

from __future__ import annotations

import re
from pathlib import Path

from learnshelf.check import reporters
from learnshelf.check.urls import normalise_url
from learnshelf.load.project import Project
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model.schema import FIELDS_BY_NAME, Card
from learnshelf.tools.cardwriter import CardWriter, card_text, today
from learnshelf.tools.issueforms import FORM, FormField, IssueForm, read_form
from learnshelf.tools.new import slugify

__all__ = ["FORM", "MAX_ISSUE_BYTES", "parse_form", "read_form", "run_from_issue"]

NO_RESPONSE = "_No response_"
#: GitHub caps an issue body at 65,536 characters, at most 4 bytes each in UTF-8.
MAX_ISSUE_BYTES = 4 * 65_536
#: Body sections: ``body-<name>`` fields, each headed by its label.
SECTION = "body-"
_TICKED = re.compile(r"^\s*-\s*\[[xX]\]\s*(.+?)\s*$", re.MULTILINE)


def parse_form(body: str, form: list[FormField] | tuple[FormField, ...],
               any_key: bool = False) -> tuple[dict[str, str], str, list[str]]:
    """(card field values, Markdown body, labels of form fields that are not card fields) from
    an issue body, reading only the form's own headings, in the form's order; ``any_key``: the
    values of every field, card field or not (a form that does not make cards)."""
    text = body.replace("\r\n", "\n")
    found: list[tuple[FormField, int, int]] = []  # field, where its heading starts, where its answer starts
    at = 0
    for field in form:
        heading = re.compile(rf"^###[ \t]+{re.escape(field.label)}[ \t]*$", re.MULTILINE).search(text, at)
        if heading:
            found.append((field, heading.start(), heading.end()))
            at = heading.end()
    values: dict[str, str] = {}
    parts: list[str] = []
    unknown = []
    for index, (field, _, start) in enumerate(found):
        end = found[index + 1][1] if index + 1 < len(found) else len(text)
        answer = _answer(text[start:end], field.type)
        if field.id == "body":
            parts += [answer] if answer else []
        elif field.id.startswith(SECTION):
            parts += [f"### {field.label}\n\n{answer}"] if answer else []
        elif field.id not in FIELDS_BY_NAME and not any_key:
            unknown.append(field.label)
        elif answer:
            values[field.id] = " ".join(answer.split())
    return values, "\n\n".join(parts), unknown


def _answer(text: str, kind: str) -> str:
    text = text.strip()
    if text == NO_RESPONSE:
        return ""
    if kind == "checkboxes":
        return ", ".join(_TICKED.findall(text))
    return text


def resolve_related(values: dict[str, str], cards: list[Card]) -> None:
    """Turn the ``related`` answer into the id of the card it names (its id, its page's address
    or its resource's address); an address no card has becomes the ``url`` instead."""
    named = values.get("related", "")
    if not named:
        return
    page = re.search(r"/resources/(?:[^/?#]+/)*([a-z0-9-]+)(?:/|\.html|\.md)?(?:[?#].*)?$", named)
    by_url = {normalise_url(c.url): c.id for c in cards if c.url}
    ids = {c.id for c in cards}
    if named in ids:
        match: str | None = named
    elif page and page.group(1) in ids:
        match = page.group(1)
    else:
        match = by_url.get(normalise_url(named)) if named.startswith(("https://", "http://")) else None
    if match:
        values["related"] = match
    elif named.startswith(("https://", "http://")):
        del values["related"]
        values.setdefault("url", named)


def run_from_issue(project: Project, taxonomy: Taxonomy, form: IssueForm, issue: str,
                   contributor: str, folder: Path, label: str = "") -> int:
    """Write the card the ``issue`` body (made from ``form``, which ``label`` chose) describes into
    ``folder`` and say so; exit 0 when written, 1 when it is not a card form's issue or would not
    validate."""
    fields = form.fields
    values, body, unknown = parse_form(issue, fields)
    for name in unknown:
        print(f"note: the form field '{name}' is not a card field and was left out")
    if not any(f.id == "title" for f in fields):
        print(f"not created: the issue form {form.name} does not make cards (it has no title field)")
        return 1
    if not values.get("title"):
        print("not created: the issue has no title field (was it made from one of the project's forms?)")
        return 1
    if "type" not in {f.id for f in fields} and label in taxonomy.form_types:
        values["type"] = taxonomy.form_types[label]
    values.setdefault("contributor", contributor)
    values["added"] = today()
    writer = CardWriter(project, taxonomy)
    resolve_related(values, writer.cards)
    outcome = writer.propose("issue", writer.free_path(folder, slugify(values["title"])), card_text(values, body))
    if not outcome.written:
        print("not created; the suggestion needs these fixes:\n" + (outcome.note or reporters.text(outcome.problems)))
        return 1
    print(f"created {outcome.path}")
    if outcome.problems:
        print(reporters.text(outcome.problems))
    return 0
