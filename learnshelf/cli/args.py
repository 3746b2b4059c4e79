"""The ``learnshelf`` command line as declared to argparse: subcommands, arguments, help.

Only declarations: ``learnshelf.cli.main`` runs the subcommand named by ``command``.
"""

from __future__ import annotations

import argparse

from learnshelf.check import reporters
from learnshelf.load.project import CACHE_FOLDER


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="learnshelf", description="Validate, tag and publish Learnshelf resource cards.")
    parser.add_argument("--project", metavar="DIR", help="repository root (default: found from the current folder)")
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check cards and report every problem")
    validate.add_argument("paths", nargs="*", help="card files or folders (default: all of docs/resources)")
    validate.add_argument("--format", choices=reporters.FORMATS, default="auto",
                          help="output format (auto: github annotations inside GitHub Actions, else text)")
    validate.add_argument("--jobs", type=int, default=0, metavar="N",
                          help="worker processes for large libraries (default: one per core)")
    validate.add_argument("--no-cache", action="store_true",
                          help="check every card again instead of reusing unchanged results")

    tag = sub.add_parser("tag", help="rank topic and role suggestions for a card, with their evidence")
    tag.add_argument("card", help="the card file")
    tag.add_argument("--write", action="store_true", help="add the confident topics to the card (roles are only proposed)")

    new = sub.add_parser("new", help="create a new card (asks for missing fields in a terminal)")
    for flag in ("title", "type", "url", "summary", "topics", "roles", "contributor", "id", "folder", "level",
                 "duration", "cost", "source"):
        new.add_argument(f"--{flag}", help=f"the card's {flag}" + (" (comma-separated)" if flag in ("topics", "roles") else ""))
    new.add_argument("--core", action="store_true", help="mark as core curriculum")
    new.add_argument("--no-input", action="store_true", help="never prompt, even in a terminal")

    pages = sub.add_parser("pages", help="write the generated site pages as Markdown to a folder")
    pages.add_argument("--out", required=True, metavar="DIR", help="output folder (outside docs/)")
    pages.add_argument("--today", metavar="YYYY-MM-DD", help="date used for freshness marks (default: today)")
    pages.add_argument("--repo-url", metavar="URL", help="repository for 'Suggest an edit' links")

    imp = sub.add_parser("import", help="create cards from a CSV export or a Markdown (awesome-list) file")
    imp.add_argument("file", help="the CSV/TSV or Markdown file ('-' for standard input)")
    imp.add_argument("--format", choices=("auto", "csv", "markdown"), default="auto",
                     help="input shape (auto: markdown for .md files, else csv)")
    imp.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                     help="map a CSV column to a card field, e.g. --map 'Resource name=title'")
    imp.add_argument("--topic-map", action="append", default=[], metavar="HEADING=TOPIC",
                     help="map a Markdown heading to a topic id")
    imp.add_argument("--topic-map-file", metavar="FILE",
                     help="headings mapped to topics: YAML ('heading: topic' lines) or CSV (heading,topic)")
    imp.add_argument("--default-topic", metavar="TOPIC", default="",
                     help="topic for items under a heading no map or topic matches")
    imp.add_argument("--language", help="language (BCP 47, e.g. ja, fa) for rows that have none")
    imp.add_argument("--jobs", type=int, default=0, metavar="N",
                     help="worker processes checking the new cards of a large import (default: one per core)")
    imp.add_argument("--contributor", help="contributor for rows that have none")
    imp.add_argument("--type", help="type for rows that have none (Markdown lists: e.g. article)")
    imp.add_argument("--folder", default="imported", help="folder under docs/resources (default: imported)")

    issue = sub.add_parser("from-issue", help="create a card from an issue made from one of the project's forms")
    issue.add_argument("file", nargs="?", default="-", help="file with the issue body (default: standard input)")
    issue.add_argument("--label", help="the issue's form label, which says its form (default: 'Suggest a resource')")
    issue.add_argument("--event", metavar="FILE",
                       help="a GitHub 'issues' event (JSON): its issue's body, labels and author are read")
    issue.add_argument("--contributor", help="contributor when the form has none (e.g. the issue author)")
    issue.add_argument("--folder", default="suggested", help="folder under docs/resources (default: suggested)")

    links = sub.add_parser("links", help="check every card's link (never private addresses); cached, rate-limited")
    links.add_argument("--format", choices=("text", "json"), default="text")
    links.add_argument("--cache", metavar="FILE", help=f"result cache (default: {CACHE_FOLDER}/links.json)")
    links.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default: 10)")
    links.add_argument("--deadline", type=_seconds, default=30.0, metavar="SECONDS",
                       help="most seconds one link may take, redirects, retries and every read included (default: 30)")
    links.add_argument("--run-deadline", type=_seconds, default=600.0, metavar="SECONDS",
                       help="most seconds for the whole check; links not reached by then are reported "
                            "'not-checked' (default: 600)")
    links.add_argument("--max-age", type=float, default=7.0, metavar="DAYS",
                       help="reuse cached results younger than this (default: 7)")

    prev = sub.add_parser("preview", help="quick preview of one card's page and the listings that show it")
    prev.add_argument("card", help="the card file")
    prev.add_argument("--out", metavar="DIR", help=f"output folder (default: {CACHE_FOLDER}/preview)")

    rep = sub.add_parser("report", help="curator report: reviews due, duplicates, coverage, balance audit")
    rep.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    rep.add_argument("--links", metavar="FILE", help=f"link check results (default: {CACHE_FOLDER}/link-report.json)")
    rep.add_argument("--feedback", metavar="FILE",
                     help="count open 'Was this useful?' issues per card, from a 'gh issue list --label card-feedback "
                          "--json number,title,body,labels,state' export")

    exp = sub.add_parser("export", help="export the catalogue as CSV (re-importable), JSON or JSON-LD")
    exp.add_argument("--format", choices=("csv", "json", "jsonld"), default="csv")
    exp.add_argument("--out", metavar="FILE", help="write here (default: standard output)")
    exp.add_argument("--all", action="store_true", help="drafts and retired cards too (default: published only)")

    sub.add_parser("schema", help="print the JSON Schema of card front matter")
    sub.add_parser("rules", help="print the rule reference (Markdown)")
    return parser


def _seconds(text: str) -> float:
    """A positive number of seconds, for argparse."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive number of seconds")
    return value
