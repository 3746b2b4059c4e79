"""The ``learnshelf`` subcommands that write or propose cards: ``new``, ``import``,
``from-issue``, ``tag`` and ``export`` (which writes the catalogue); nothing more. As in
``learnshelf.cli.main``, the work is done by the tools they call."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from learnshelf.cli.argfiles import UsageError, card_argument, read_input
from learnshelf.cli.common import EXIT_OK, EXIT_PROBLEMS, project_of, stop_on, taxonomy_of
from learnshelf.load.project import FOLDER_USAGE, Project, cores


def cmd_tag(args: argparse.Namespace) -> int:
    """Propose (and optionally write) topics and roles for a card."""
    from learnshelf.tools.tag import run_tag

    project = project_of(args)
    card = card_argument(args.card)
    return run_tag(project, taxonomy_of(project), card, args.write)


def cmd_export(args: argparse.Namespace) -> int:
    """Export the catalogue as CSV, JSON or JSON-LD."""
    from learnshelf.tools.export import run_export

    project = project_of(args)
    return run_export(project, taxonomy_of(project), args.format, args.out, args.all)


def cmd_new(args: argparse.Namespace) -> int:
    """Scaffold a new card."""
    from learnshelf.tools.new import run_new

    project = project_of(args)
    return run_new(project, taxonomy_of(project), args)


def _folder(project: Project, name: str) -> Path:
    folder = project.card_folder(name)
    if folder is None:
        raise UsageError(FOLDER_USAGE)
    return folder


def cmd_import(args: argparse.Namespace) -> int:
    """Create cards from a CSV export or a Markdown list."""
    from learnshelf.tools import awesome, importer

    project = project_of(args)
    taxonomy = taxonomy_of(project)
    text, name = read_input(args.file, importer.MAX_IMPORT_BYTES)
    try:
        topic_map = awesome.headings_to_topics(importer.parse_pairs(args.topic_map, "--topic-map"))
        language_map: dict[str, str] = {}
        if args.topic_map_file:
            map_text, map_name = read_input(args.topic_map_file, importer.MAX_IMPORT_BYTES)
            from_file, language_map = awesome.read_topic_map(map_text, map_name)
            topic_map = {**from_file, **topic_map}
        defaults = (("contributor", args.contributor), ("type", args.type), ("language", args.language))
        options = importer.ImportOptions(
            mapping=importer.parse_pairs(args.map, "--map"), topic_map=topic_map,
            defaults={k: v for k, v in defaults if v}, folder=_folder(project, args.folder),
            default_topic=args.default_topic, language_map=language_map, jobs=args.jobs or cores())
    except ValueError as err:
        raise UsageError(str(err)) from None
    if unknown := importer.unknown_topics(options, taxonomy):
        raise UsageError(f"not topics of curation/topics.yml: {', '.join(unknown)}; map headings to topic ids")
    scan = importer.read_rows(text, name, args.format, options, taxonomy)
    if scan.unmapped:
        print(awesome.unmapped_report(scan))
        return EXIT_PROBLEMS
    report, failed = importer.summary(importer.import_rows(project, taxonomy, scan.rows, options), scan)
    print(report)
    return EXIT_PROBLEMS if failed else EXIT_OK


def cmd_from_issue(args: argparse.Namespace) -> int:
    """Create a card from an issue made from one of the project's forms."""
    from learnshelf.tools.fromissue import MAX_ISSUE_BYTES, run_from_issue
    from learnshelf.tools.issueforms import FORM, choose_form, load_form

    project = project_of(args)
    taxonomy = taxonomy_of(project)
    if args.event:
        text, labels, author = _issue_event(args.event, MAX_ISSUE_BYTES)
    else:
        text, _ = read_input(args.file, MAX_ISSUE_BYTES)
        labels, author = [args.label] if args.label else [], ""
    if labels:
        form, label, problems = choose_form(project.root, labels)
        stop_on(problems, what="the issue forms have")
        if form is None:
            raise UsageError(f"no issue form (exactly one) carries the label(s) {', '.join(labels)}")
    else:
        form, problems = load_form(project.root / FORM, FORM.as_posix())  # what an issue may set
        stop_on(problems, what="the issue form has")
        label = form.labels[0] if form.labels else ""
    return run_from_issue(project, taxonomy, form, text, args.contributor or author, _folder(project, args.folder),
                          label)


def _issue_event(name: str, limit: int) -> tuple[str, list[str], str]:
    """(body, label names, author login) of the issue in a GitHub ``issues`` event file."""
    text, _ = read_input(name, 16 * limit)  # JSON escapes a character in up to 12 bytes
    try:
        issue = json.loads(text)["issue"]
        body, author = issue.get("body") or "", issue["user"]["login"]
        labels = [str(label["name"]) for label in issue.get("labels", [])]
    except (ValueError, KeyError, TypeError):
        raise UsageError(f"'{name}' is not a GitHub issues event (no issue with a body, labels and author)") from None
    if not isinstance(body, str) or len(body.encode("utf-8")) > limit:
        raise UsageError(f"the issue body in '{name}' is not a text of at most {limit:,} bytes")
    return body, labels, str(author)
