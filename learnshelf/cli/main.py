"""The ``learnshelf`` command: arguments in, calls to the stages below, output and an exit code
out; nothing more. The work (checking, building pages, writing cards, checking links) is done by
the modules it calls; what stays here is the command line's own part: which argument is a usage
error, what is printed, and the exit code. The subcommands that write cards are in
``learnshelf.cli.cards``; what every subcommand shares is in ``learnshelf.cli.common``.

Exit codes: 0 clean (warnings allowed), 1 problems in cards, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from learnshelf.check import reporters
from learnshelf.check.library import load_library
from learnshelf.check.rulebook import reference_markdown
from learnshelf.check.selection import select
from learnshelf.cli import cards
from learnshelf.cli.argfiles import UsageError, card_argument, file_argument, missing, read_input
from learnshelf.cli.args import build_parser
from learnshelf.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, project_of, stop_on, taxonomy_of
from learnshelf.load.project import CACHE_FOLDER, Project, cores
from learnshelf.load.siteconfig import SiteConfigError

if TYPE_CHECKING:
    from learnshelf.catalog.audit import Inputs


def _words(project: Project) -> Inputs:
    """What the report reads besides the taxonomy: coded words, wording exceptions, thresholds."""
    from learnshelf.catalog.audit import load_inputs

    inputs, problems = load_inputs(project.curation, project.display(project.curation))
    stop_on(problems)
    return inputs


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate cards and print every problem."""
    project = project_of(args)
    try:
        selection = select(project, args.paths)
    except OSError as err:
        raise UsageError(missing(str(err.filename), err)) from None
    from learnshelf.check.cache import CACHE_FILE, ValidationCache, salt

    cache = None if args.no_cache else ValidationCache(project.root / CACHE_FILE, salt(project.curation))
    taxonomy = taxonomy_of(project, args.format)
    try:
        library = load_library(project, taxonomy, extra=selection.files, cache=cache, jobs=args.jobs or cores())
    except OSError as err:
        raise UsageError(f"cannot write the validation cache: {err} (use --no-cache)") from None
    for warning in cache.warnings if cache else []:
        print(f"learnshelf: warning: {warning}", file=sys.stderr)
    problems = selection.keep(sorted(set(library.result.problems + selection.problems)))
    output = reporters.render(problems, args.format)
    if output:
        print(output)
    return EXIT_PROBLEMS if any(p.is_error for p in problems) else EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    """Print the rule reference."""
    print(reference_markdown())
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of card front matter."""
    from learnshelf.check.jsonschema import card_schema

    project = project_of(args)
    print(json.dumps(card_schema(taxonomy_of(project)), indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_pages(args: argparse.Namespace) -> int:
    """Write every generated page (Markdown), the feed and assets to a folder."""
    import datetime as dt

    from learnshelf.pages.card import SiteOptions
    from learnshelf.pages.site import build_site

    project = project_of(args)
    taxonomy_of(project)  # configuration errors exit 2 before anything is written
    _words(project)
    try:
        today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    except ValueError:
        raise UsageError(f"--today takes a date YYYY-MM-DD, not '{args.today}'") from None
    site = build_site(project, SiteOptions(today=today, repo_url=args.repo_url or ""))
    if any(p.is_error for p in site.problems):
        print(reporters.render(site.problems, "auto"))
        return EXIT_PROBLEMS
    out = Path(args.out)
    if out.absolute().is_relative_to(project.root.absolute() / "docs"):
        raise UsageError("--out must be outside docs/, or MkDocs would publish the pages twice")
    for path, content in sorted({**site.pages, **site.files}.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    print(f"wrote {len(site.pages)} pages and {len(site.files)} files to {out}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Print the curator report."""
    import datetime as dt

    from learnshelf.catalog import audit as report
    from learnshelf.catalog.catalog import build_catalog
    from learnshelf.load.fsio import MAX_LINK_FILE_BYTES
    from learnshelf.model.routes import REPORT
    from learnshelf.pages import reportpics
    from learnshelf.pages.site import LINK_REPORT, link_results

    project = project_of(args)
    taxonomy = taxonomy_of(project)
    inputs = _words(project)
    if args.feedback and args.format == "json":
        raise UsageError("--feedback adds a section to the text and markdown reports, not to --format json")
    library = load_library(project, taxonomy)
    cache = file_argument(args.links, MAX_LINK_FILE_BYTES, "as link results") if args.links else project.root / LINK_REPORT
    result = report.build_report(build_catalog(library, taxonomy), library.cards, dt.date.today(), inputs.words,
                                 link_results(cache, library.cards), inputs.policy, inputs.exceptions)
    if args.format == "json":
        print(result.to_json())
    elif args.format == "markdown":
        linkable = {c.path for c in library.cards if c.valid and c.status != "draft"}
        print(report.markdown(result, REPORT, linkable, reportpics.pictures(result.figures)))
    else:
        print(report.text(result))
    if args.feedback and args.format != "json":
        print(_feedback_section(project, args.feedback, {c.id for c in library.cards}))
    return EXIT_OK


def _feedback_section(project: Project, name: str, card_ids: set[str]) -> str:
    """``report --feedback FILE``: the open feedback issues of an export, counted per card."""
    from learnshelf.model.routes import FEEDBACK_FORM
    from learnshelf.tools import feedback
    from learnshelf.tools.fromissue import MAX_ISSUE_BYTES
    from learnshelf.tools.issueforms import FORMS_DIR, load_form

    form, problems = load_form(project.root / FORMS_DIR / FEEDBACK_FORM, (FORMS_DIR / FEEDBACK_FORM).as_posix())
    stop_on(problems, what="the feedback form has")
    text, _ = read_input(name, 400 * MAX_ISSUE_BYTES)
    try:
        return feedback.text(feedback.count_feedback(text, form, card_ids))
    except ValueError as err:
        raise UsageError(f"'{name}': {err}") from None


def cmd_links(args: argparse.Namespace) -> int:
    """Check every published card's link; remember results for the report and card pages."""
    from datetime import timedelta

    from learnshelf.load.fsio import MAX_LINK_FILE_BYTES
    from learnshelf.pages.site import LINK_REPORT
    from learnshelf.tools.links import LinkPolicy, check_and_save

    project = project_of(args)
    taxonomy = taxonomy_of(project)
    library = load_library(project, taxonomy)
    cache = (file_argument(args.cache, MAX_LINK_FILE_BYTES, "as the link cache", may_be_new=True) if args.cache
             else project.root / CACHE_FOLDER / "links.json")
    policy = LinkPolicy(timeout=args.timeout, deadline=args.deadline, run_deadline=args.run_deadline,
                        max_age=timedelta(days=args.max_age))
    try:
        report = check_and_save(library.published(), cache, taxonomy.internal_domains, policy, project.root / LINK_REPORT)
    except OSError as err:
        raise UsageError(f"cannot write the link cache or results: {err}") from None
    print(report.to_json() if args.format == "json" else report.text())
    return EXIT_PROBLEMS if report.problems() else EXIT_OK


def cmd_preview(args: argparse.Namespace) -> int:
    """Build a quick preview of one card and the listings that show it."""
    import datetime as dt

    from learnshelf.mkdocs import preview as engine
    from learnshelf.model.routes import card_page, page_url
    from learnshelf.pages.card import SiteOptions
    from learnshelf.tools import preview

    project = project_of(args)
    path = card_argument(args.card)
    taxonomy = taxonomy_of(project)
    card, catalog, problems = preview.load_for_preview(project, taxonomy, path)
    if any(p.is_error for p in problems):
        print("no preview; fix these first:\n" + reporters.text(problems))
        return EXIT_PROBLEMS
    pages = preview.preview_pages(card, catalog, SiteOptions(today=dt.date.today(), served=engine.SERVED))
    out = Path(args.out) if args.out else project.root / CACHE_FOLDER / "preview"
    try:
        result = engine.build(pages, out)
    except FileExistsError as err:
        raise UsageError(str(err)) from None
    if result.returncode != 0:
        raise UsageError(f"the preview build failed:\n{result.stderr[-2000:]}")
    print(f"preview of {len(pages)} page(s): {out / 'site'}{page_url(card_page(card))}index.html")
    return EXIT_OK


#: Each subcommand declared in ``learnshelf.cli.args`` and the function that runs it.
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": cmd_validate,
    "tag": cards.cmd_tag,
    "new": cards.cmd_new,
    "pages": cmd_pages,
    "import": cards.cmd_import,
    "export": cards.cmd_export,
    "from-issue": cards.cmd_from_issue,
    "links": cmd_links,
    "preview": cmd_preview,
    "report": cmd_report,
    "schema": cmd_schema,
    "rules": cmd_rules,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run one subcommand and return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (UsageError, SiteConfigError) as err:
        print(f"learnshelf: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("learnshelf: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
