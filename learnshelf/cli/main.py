"""The ``learnshelf`` command: parses arguments and calls the core; no logic of its own.

Exit codes: 0 clean (warnings allowed), 1 problems in cards, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from learnshelf.check import reporters
from learnshelf.check.library import discover, load_library
from learnshelf.cli.argfiles import UsageError, card_argument, file_argument, missing, read_input
from learnshelf.cli.args import build_parser
from learnshelf.load.project import FOLDER_USAGE, Project, cores, find_project
from learnshelf.load.siteconfig import SiteConfigError
from learnshelf.model.problems import Problem
from learnshelf.model.rules import reference_markdown

if TYPE_CHECKING:
    from learnshelf.load.taxonomy import Taxonomy

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _project(args: argparse.Namespace) -> Project:
    start = Path(args.project) if args.project else Path.cwd()
    project = find_project(start)
    if project is None:
        raise UsageError(f"no Learnshelf project at or above '{start}' (looked for curation/topics.yml); "
                         "run inside the repository or pass --project DIR")
    return project


def _stop_on(problems: list[Problem], fmt: str = "auto", what: str = "the curation files have") -> None:
    """Problems in curator-owned files are configuration errors: list them, then exit 2."""
    if any(p.is_error for p in problems):
        print(reporters.render(sorted(problems), fmt))
        raise UsageError(f"{what} problems (listed above); fix them first")


def _taxonomy(project: Project, fmt: str = "auto") -> Taxonomy:
    taxonomy, problems = project.load_taxonomy()
    _stop_on(problems, fmt)
    return taxonomy


def _words(project: Project) -> dict[str, list[str]]:
    """The gender-coded words of the balance audit (curation/gendered-words.yml)."""
    from learnshelf.catalog.audit import load_words

    words, problems = load_words(project.curation, project.display(project.curation))
    _stop_on(problems)
    return words


def _selection(project: Project, paths: Sequence[str]) -> tuple[list[Path], list[str], list[Problem]]:
    """Card files named on the command line, the display prefixes they select, file problems."""
    files: list[Path] = []
    prefixes: list[str] = []
    problems: list[Problem] = []
    for name in paths:
        path = Path(name)
        try:
            st = os.lstat(path)  # a link is not followed, even to a folder
        except OSError as err:
            raise UsageError(missing(name, err)) from None
        if stat.S_ISDIR(st.st_mode):
            found, file_problems = discover(project, path)
            files += found
            problems += file_problems
            prefixes.append(project.display(path).rstrip("/") + "/")
        else:  # links, FIFOs and oversized files are reported as problems of that path when read
            files.append(path)
            prefixes.append(project.display(path))
    return files, prefixes, problems


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate cards and print every problem."""
    project = _project(args)
    files, prefixes, extra_problems = _selection(project, args.paths)
    from learnshelf.check.cache import CACHE_FILE, ValidationCache, salt

    cache = None if args.no_cache else ValidationCache(project.root / CACHE_FILE, salt(project.curation))
    jobs = args.jobs or cores()
    try:
        # The taxonomy is loaded (and its errors stop the run) unless the run repeats one that
        # passed with the same curation files: then neither it nor YAML is needed.
        library = load_library(project, lambda: _taxonomy(project, args.format), extra=files, cache=cache, jobs=jobs)
    except OSError as err:
        raise UsageError(f"cannot write the validation cache: {err} (use --no-cache)") from None
    for warning in cache.warnings if cache else []:
        print(f"learnshelf: warning: {warning}", file=sys.stderr)
    problems = sorted(set(library.result.problems + extra_problems))
    if prefixes:
        problems = [p for p in problems if any(p.path == s or (s.endswith("/") and p.path.startswith(s))
                                               for s in prefixes)]
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

    project = _project(args)
    print(json.dumps(card_schema(_taxonomy(project)), indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_tag(args: argparse.Namespace) -> int:
    """Propose (and optionally write) topics and roles for a card."""
    from learnshelf.tools.tag import run_tag

    project = _project(args)
    card = card_argument(args.card)
    return run_tag(project, _taxonomy(project), card, args.write)


def cmd_new(args: argparse.Namespace) -> int:
    """Scaffold a new card."""
    from learnshelf.tools.new import run_new

    project = _project(args)
    return run_new(project, _taxonomy(project), args)


def cmd_pages(args: argparse.Namespace) -> int:
    """Write every generated page (Markdown), the feed and assets to a folder."""
    import datetime as dt

    from learnshelf.pages.card import SiteOptions
    from learnshelf.pages.site import build_site

    project = _project(args)
    _taxonomy(project)  # configuration errors exit 2 before anything is written
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


def _folder(project: Project, name: str) -> Path:
    folder = project.card_folder(name)
    if folder is None:
        raise UsageError(FOLDER_USAGE)
    return folder


def cmd_import(args: argparse.Namespace) -> int:
    """Create cards from a CSV export or a Markdown list."""
    from learnshelf.tools import importer

    project = _project(args)
    taxonomy = _taxonomy(project)
    text, name = read_input(args.file, importer.MAX_IMPORT_BYTES)
    try:
        options = importer.ImportOptions(
            mapping=importer.parse_pairs(args.map, "--map"), topic_map=importer.parse_pairs(args.topic_map, "--topic-map"),
            defaults={k: v for k, v in (("contributor", args.contributor), ("type", args.type)) if v},
            folder=_folder(project, args.folder))
    except ValueError as err:
        raise UsageError(str(err)) from None
    kind = args.format if args.format != "auto" else ("markdown" if name.lower().endswith((".md", ".markdown")) else "csv")
    rows = (importer.markdown_rows(text, name, options, taxonomy) if kind == "markdown"
            else importer.csv_rows(text, name, options))
    report, failed = importer.summary(importer.import_rows(project, taxonomy, rows, options))
    print(report)
    return EXIT_PROBLEMS if failed else EXIT_OK


def cmd_from_issue(args: argparse.Namespace) -> int:
    """Create a card from a 'Suggest a resource' issue form body."""
    from learnshelf.tools.cardwriter import CardWriter, card_text, today
    from learnshelf.tools.fromissue import FORM, MAX_ISSUE_BYTES, parse_form, read_form
    from learnshelf.tools.new import slugify

    project = _project(args)
    taxonomy = _taxonomy(project)
    form, problems = read_form(project.root / FORM, FORM.as_posix())  # what an issue may set
    _stop_on(problems, what="the issue form has")
    text, _ = read_input(args.file, MAX_ISSUE_BYTES)
    values, body, unknown = parse_form(text, form)
    for label in unknown:
        print(f"note: the form field '{label}' is not a card field and was left out")
    if not values.get("title"):
        print("not created: the issue has no title field (is it a 'Suggest a resource' form?)")
        return EXIT_PROBLEMS
    values.setdefault("contributor", args.contributor or "")
    values["added"] = today()
    writer = CardWriter(project, taxonomy)
    path = writer.free_path(_folder(project, args.folder), slugify(values["title"]))
    outcome = writer.propose("issue", path, card_text(values, body))
    if not outcome.written:
        print("not created; the suggestion needs these fixes:\n" + (outcome.note or reporters.text(outcome.problems)))
        return EXIT_PROBLEMS
    print(f"created {outcome.path}")
    if outcome.problems:
        print(reporters.text(outcome.problems))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Print the curator report."""
    import datetime as dt

    from learnshelf.catalog import audit as report
    from learnshelf.load.fsio import MAX_LINK_FILE_BYTES
    from learnshelf.pages.site import LINK_REPORT, link_results

    project = _project(args)
    taxonomy = _taxonomy(project)
    words = _words(project)
    library = load_library(project, taxonomy)
    cache = file_argument(args.links, MAX_LINK_FILE_BYTES, "as link results") if args.links else project.root / LINK_REPORT
    result = report.build_report(library, taxonomy, dt.date.today(), words, link_results(cache, library.cards))
    if args.format == "json":
        print(result.to_json())
    elif args.format == "markdown":
        linkable = {c.path for c in library.cards if c.valid and c.status != "draft"}
        print(report.markdown(result, "curating/report.md", linkable))
    else:
        print(report.text(result))
    return EXIT_OK


def cmd_links(args: argparse.Namespace) -> int:
    """Check every published card's link; remember results for the report and card pages."""
    import threading
    from datetime import timedelta

    from learnshelf.load import fsio
    from learnshelf.load.fsio import MAX_LINK_FILE_BYTES
    from learnshelf.pages.site import LINK_REPORT
    from learnshelf.tools.deadlines import stop_on_signals
    from learnshelf.tools.links import LinkPolicy, check_links

    project = _project(args)
    taxonomy = _taxonomy(project)
    library = load_library(project, taxonomy)
    cache = (file_argument(args.cache, MAX_LINK_FILE_BYTES, "as the link cache", may_be_new=True) if args.cache
             else project.root / ".learnshelf-cache" / "links.json")
    policy = LinkPolicy(timeout=args.timeout, deadline=args.deadline, run_deadline=args.run_deadline,
                        max_age=timedelta(days=args.max_age))
    stop = threading.Event()
    try:
        with stop_on_signals(stop):  # SIGTERM or Ctrl-C: save and report what was learned so far
            report = check_links(library.published(), cache, taxonomy.internal_domains, policy, stop=stop)
        results = project.root / LINK_REPORT
        results.parent.mkdir(parents=True, exist_ok=True)
        fsio.replace_atomically(results, report.to_json())
    except OSError as err:
        raise UsageError(f"cannot write the link cache or results: {err}") from None
    print(report.to_json() if args.format == "json" else report.text())
    return EXIT_PROBLEMS if report.problems() else EXIT_OK


def cmd_preview(args: argparse.Namespace) -> int:
    """Build a quick preview of one card and the listings that show it."""
    import datetime as dt

    from learnshelf.mkdocs import preview as engine
    from learnshelf.model.routes import page_url
    from learnshelf.pages.card import SiteOptions
    from learnshelf.tools import preview

    project = _project(args)
    path = card_argument(args.card)
    taxonomy = _taxonomy(project)
    card, catalog, problems = preview.load_for_preview(project, taxonomy, path)
    if any(p.is_error for p in problems):
        print("no preview; fix these first:\n" + reporters.text(problems))
        return EXIT_PROBLEMS
    pages = preview.preview_pages(card, catalog, SiteOptions(today=dt.date.today(), served=engine.SERVED))
    out = Path(args.out) if args.out else project.root / ".learnshelf-cache" / "preview"
    try:
        result = engine.build(pages, out)
    except FileExistsError as err:
        raise UsageError(str(err)) from None
    if result.returncode != 0:
        raise UsageError(f"the preview build failed:\n{result.stderr[-2000:]}")
    from learnshelf.model.routes import card_page

    print(f"preview of {len(pages)} page(s): {out / 'site'}{page_url(card_page(card))}index.html")
    return EXIT_OK


#: Each subcommand declared in ``learnshelf.cli.args`` and the function that runs it.
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": cmd_validate,
    "tag": cmd_tag,
    "new": cmd_new,
    "pages": cmd_pages,
    "import": cmd_import,
    "from-issue": cmd_from_issue,
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
