"""``learnshelf new``: write a valid new card from flags or answers, never overwriting a file.

The card text is validated against the whole library *before* it is written, so a card that
would fail (unknown topic, duplicate URL...) is not created; then it is written atomically.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import unicodedata
from urllib.parse import urlsplit

from slugify import slugify as python_slugify

from learnshelf.check import reporters
from learnshelf.load.cardfile import MAX_ID_LENGTH
from learnshelf.load.project import FOLDER_USAGE, Project
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model.schema import FIELDS, ID_PATTERN
from learnshelf.tools.cardwriter import CardWriter, card_text, today

ID_USAGE = (f"--id takes a card id: lowercase letters, digits and single hyphens, at most {MAX_ID_LENGTH} "
            "characters, e.g. giving-feedback")


#: Symbols that name things in titles ("C#", "C++", "F#") and would otherwise vanish from the id.
_SYMBOL_WORDS = [["#", " sharp "], ["+", " plus "], ["&", " and "]]


def slugify(title: str, url: str = "") -> str:
    """A card id from a title: ASCII, lowercase, hyphenated, at most 80 characters.

    The title is NFKC-normalised (full-width "１" is "1") and transliterated by python-slugify
    (text-unidecode), so "نامه‌نگاری اداری" gives "nmhngry-dry" and "プログラミング入門" "hurokuraminkuru-men". When that
    holds no letter (an emoji, a number, punctuation) the id comes from the ``url``'s host and
    path, and failing that from a digest of the title: never a placeholder such as ``new-card``."""
    slug = _slug(unicodedata.normalize("NFKC", title))
    if re.search("[a-z]", slug):
        return slug
    parts = urlsplit(url)
    from_url = _slug(f"{parts.hostname or ''} {parts.path} {parts.query}".removeprefix("www."))
    if re.search("[a-z]", from_url):
        return from_url
    return "card-" + hashlib.sha256(title.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def _slug(text: str) -> str:
    return str(python_slugify(text, max_length=MAX_ID_LENGTH, word_boundary=True, replacements=_SYMBOL_WORDS,
                               backend="text-unidecode"))  # named: "auto" tries to import Unidecode each call


def is_card_id(text: str) -> bool:
    """True for a usable card id: lowercase letters, digits and single hyphens, not too long."""
    return len(text) <= MAX_ID_LENGTH and ID_PATTERN.match(text) is not None


def _ask(field: str, hint: str) -> str:
    try:
        return input(f"{field} ({hint}): ").strip()
    except EOFError:
        return ""


def _gather(args: argparse.Namespace, taxonomy: Taxonomy) -> dict[str, str]:
    values = {k: v for k, v in vars(args).items() if isinstance(v, str) and v}
    types = taxonomy.vocabularies["types"]
    interactive = sys.stdin.isatty() and not args.no_input
    hints = {
        "title": "1-120 characters",
        "type": ", ".join(types),
        "summary": "20-280 characters, shown in search results",
        "topics": "comma-separated, e.g. " + ", ".join(list(taxonomy.topics.terms)[:3]),
        "contributor": "your handle or name",
    }
    for field, hint in hints.items():
        if field not in values and interactive:
            values[field] = _ask(field, hint)
    option = types.get(values.get("type", ""))
    if option and option.url_required and "url" not in values and interactive:
        values["url"] = _ask("url", "https://... address of the resource")
    return {k: v for k, v in values.items() if v}


def run_new(project: Project, taxonomy: Taxonomy, args: argparse.Namespace) -> int:
    """Create the card; exit 0 when written, 1 when it would be invalid or exists, 2 on usage."""
    values = _gather(args, taxonomy)
    missing = [f.name for f in FIELDS if f.required and f.name != "added" and f.name not in values]
    if missing:
        print("learnshelf: missing " + ", ".join(f"--{m}" for m in missing), file=sys.stderr)
        return 2
    card_id = values.get("id") or slugify(values["title"], values.get("url", ""))
    if not is_card_id(card_id):  # the id is a file name: '../x' would write outside the library
        print(f"learnshelf: {ID_USAGE}", file=sys.stderr)
        return 2
    folder = project.card_folder(values.get("folder", ""))
    if folder is None:
        print(f"learnshelf: {FOLDER_USAGE}", file=sys.stderr)
        return 2
    path = folder / f"{card_id}.md"
    if path.exists():
        print(f"learnshelf: {project.display(path)} already exists; choose another --id", file=sys.stderr)
        return 1
    values.update(added=today(), core="true" if args.core else "")
    outcome = CardWriter(project, taxonomy).propose("new", path, card_text(values))
    if not outcome.written:
        if outcome.note:
            print(f"learnshelf: {outcome.note}", file=sys.stderr)
        else:
            print("not created; fix these and run the command again:\n" + reporters.text(outcome.problems))
        return 1
    print(f"created {outcome.path}; add a few lines to its body, then open a pull request")
    if outcome.problems:
        print(reporters.text(outcome.problems))
    return 0
