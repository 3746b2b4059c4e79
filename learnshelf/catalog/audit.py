"""``learnshelf report``: what curators should act on, ranked, with a summary that fits a screen;
and nothing more. The checks live beside it: ``upkeep`` (reviews, drafts, placeholders),
``duplicates``, ``personal`` (the personalisation checks), ``wording`` (the gender-coded wording
audit) and ``figures`` (the numbers behind the pictures of the report page).

Sections come in order of how much they matter, and findings within a section by severity.
Every finding names its cards by title and path.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from learnshelf.catalog import personal, upkeep, wording
from learnshelf.catalog.catalog import Catalog
from learnshelf.catalog.duplicates import duplicates
from learnshelf.catalog.figures import Figures, figures
from learnshelf.catalog.findings import Finding
from learnshelf.catalog.tagsilos import suggestion_silos
from learnshelf.catalog.wording import load_words
from learnshelf.load.reportpolicy import ReportPolicy, load_exceptions, load_report_policy
from learnshelf.model import mdtext as md
from learnshelf.model.problems import Problem
from learnshelf.model.routes import source_page
from learnshelf.model.schema import Card

__all__ = ["PAGE_FINDINGS", "Finding", "Inputs", "Report", "build_report", "load_inputs", "load_words", "markdown", "text"]

RECENT_DAYS = 30
PAGE_FINDINGS = 20  # per section on the published page (with 5 cards each); the command lists everything
PAGE_CARDS = 5
SEVERITY = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Report:
    """Findings by section (most important first), the coverage tables and the figures."""

    sections: dict[str, list[Finding]] = field(default_factory=dict)
    matrix: dict[str, dict[str, int]] = field(default_factory=dict)  # topic -> role -> cards the role sees
    types: dict[str, int] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)
    figures: Figures = field(default_factory=Figures)
    wording: dict[str, Any] = field(default_factory=dict)
    policy: ReportPolicy = field(default_factory=ReportPolicy)
    titles: dict[str, str] = field(default_factory=dict)  # card path -> title

    def to_json(self) -> str:
        """The whole report as JSON: every number behind the pictures too."""
        return json.dumps({"summary": summary(self),
                           "sections": {k: [{**asdict(f), "titles": [self.titles.get(p, "") for p in f.paths]} for f in v]
                                        for k, v in self.sections.items()},
                           "coverage": {"topic_by_role": self.matrix, "types": self.types, "levels": self.levels},
                           "figures": asdict(self.figures), "wording": self.wording, "thresholds": asdict(self.policy)},
                          indent=2, ensure_ascii=False)


@dataclass
class Inputs:
    """What the report reads from ``curation/`` besides the taxonomy."""

    words: dict[str, list[str]]
    exceptions: list[str]
    policy: ReportPolicy


def load_inputs(curation: Path, display_dir: str = "curation") -> tuple[Inputs, list[Problem]]:
    """The coded words, the wording exceptions and the report thresholds, with their problems."""
    words, problems = load_words(curation, display_dir)
    exceptions, more = load_exceptions(curation, display_dir)
    policy, most = load_report_policy(curation, display_dir)
    return Inputs(words, exceptions, policy), problems + more + most


def coverage(catalog: Catalog, report: Report) -> list[Finding]:
    """Topic x role counts (core and untagged cards count for every role), and one finding per
    topic some roles see no card of."""
    roles = sorted(catalog.taxonomy.roles.terms)
    for topic in sorted(catalog.taxonomy.topics.terms):
        cards = catalog.topic_cards(topic)
        shared = sum(1 for c in cards if c.core or not c.roles)
        report.matrix[topic] = {r: shared + sum(1 for c in cards if r in c.roles and not c.core) for r in roles}
    report.types = dict(sorted(report.figures.types.items()))
    report.levels = dict(sorted({lv: sum(1 for c in catalog.listed if (c.level or "unspecified") == lv)
                                 for lv in {c.level or "unspecified" for c in catalog.listed}}.items()))
    found = []
    for topic, row in report.matrix.items():
        empty = [r for r, n in row.items() if n == 0]
        if empty:
            what = "any role" if len(empty) == len(row) else f"{len(empty)} of {len(row)} roles: {', '.join(empty)}"
            found.append(Finding(f"no cards on topic '{topic}' for {what}", [], "info"))
    return found


def core_reach(catalog: Catalog) -> list[Finding]:
    """The transparency promise, checked: core reaches every role, and reads as core."""
    found: list[Finding] = []
    core = {c.id for c in catalog.core}
    for role, cards in sorted(catalog.by_role.items()):
        missing = core - (core | {c.id for c in cards} | {c.id for c in catalog.any_role})
        if missing:  # cannot happen with the generated role pages; checked so it never silently does
            found.append(Finding(f"role '{role}' does not reach every core card", sorted(missing), "error"))
    return found + [Finding("core card tagged with roles: it reads as role-specific, though every role sees it", [c.path])
                    for c in catalog.core if c.roles]


def activity(catalog: Catalog, today: dt.date) -> list[Finding]:
    """Contributors and what was added recently."""
    since = (today - dt.timedelta(days=RECENT_DAYS)).isoformat()
    recent = [c for c in catalog.listed if c.added >= since]
    found = [Finding(f"{len(recent)} card(s) added in the last {RECENT_DAYS} days", [c.path for c in recent], "info")]
    found += [Finding(f"{name}: {len(cards)} card(s), latest {max(c.added for c in cards)}", [], "info")
              for name, cards in catalog.contributors()[:10]]
    return found


def build_report(catalog: Catalog, cards: list[Card], today: dt.date, words: dict[str, list[str]],
                 links: list[dict[str, Any]] | None = None, policy: ReportPolicy | None = None,
                 exceptions: list[str] | None = None) -> Report:
    """Everything a curator should see, from the catalog of a loaded library and all its cards
    (``cards``: invalid ones too, for the duplicates), most important first."""
    policy = policy or ReportPolicy()
    valid = [c for c in cards if c.valid]
    report = Report(figures=figures(catalog, today), policy=policy, titles={c.path: c.title for c in cards})
    found = report.sections
    found["Broken links"] = [
        Finding(f"{r['url']}: {r['state']} since {r.get('broken_since') or '?'} ({r.get('detail') or r.get('http_status')})",
                [r["path"]]) for r in (links or []) if r.get("state") == "broken"]
    found["Reviews overdue"] = (upkeep.staleness(valid, catalog.taxonomy, today, policy)
                                + upkeep.overdue(valid, catalog.taxonomy, today))
    found["Duplicates"] = duplicates(cards)  # invalid ones too: a duplicate URL is an error
    found["Balance audit"] = (core_reach(catalog) + personal.personalisation(catalog, policy)
                              + suggestion_silos(catalog))  # tag suggestions would deepen a silo
    found["Catch-all topics"] = personal.catch_all_topics(catalog, policy)
    audit = wording.audit(catalog, words, exceptions or [], policy)
    found["Wording balance"], report.wording = audit.findings, audit.rates
    found.update(upkeep.waiting(valid))
    found["Coverage gaps"] = coverage(catalog, report)
    found["Contributors and recent activity"] = activity(catalog, today)
    for section, findings in found.items():
        found[section] = sorted(findings, key=lambda f: SEVERITY.get(f.severity, 1))  # stable: each check's own order
    return report


def summary(report: Report) -> list[str]:
    """A few lines: what to act on, one line per section that has something, most important first."""
    act = [f for fs in report.sections.values() for f in fs if f.severity != "info"]
    errors = sum(1 for f in act if f.severity == "error")
    lines = [f"{_count(len(act), 'finding')} to act on" + (f" ({_count(errors, 'error')})" if errors else "")
             + (", most important first" if act else "")]
    for section, findings in report.sections.items():
        acts = [f for f in findings if f.severity != "info"]
        if acts:
            first = acts[0].message if len(acts[0].message) <= 110 else acts[0].message[:109] + "…"
            lines.append(f"{section}: {len(acts)}; first: {first}")
    return lines


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _cards(report: Report, finding: Finding, limit: int) -> str:
    shown = [f"'{report.titles.get(p, p)}' ({p})" for p in finding.paths[:limit]]
    more = f", +{len(finding.paths) - limit} more" if len(finding.paths) > limit else ""
    return f" [{', '.join(shown)}{more}]" if shown else ""


def text(report: Report) -> str:
    """A terminal report: the summary, then one line per finding, grouped by section."""
    lines = ["== Summary", *(f"  {line}" for line in summary(report))]
    for section, findings in report.sections.items():
        lines.append(f"== {section} ({len(findings)})")
        lines += [f"  {f.severity}: {f.message}{_cards(report, f, 5)}" for f in findings]
    lines.append(f"== Cards by type: {', '.join(f'{k} {v}' for k, v in report.types.items())}")
    lines.append(f"== Cards by level: {', '.join(f'{k} {v}' for k, v in report.levels.items())}")
    lines.append("== Cards by review age: " + ", ".join(f"{b.label} {b.cards}" + (" (overdue)" if b.overdue else "")
                                                       for b in report.figures.ages))
    return "\n".join(lines)


def markdown(report: Report, page: str, linkable: set[str], pictures: list[str] | None = None) -> str:
    """The report as a site page: the summary, the pictures (HTML drawn by the pages layer) and
    the findings; cards in ``linkable`` (published pages) become links labelled by title, with
    their path; the others (drafts, invalid cards) are named by path only."""
    out = ["# Curator report", "", "Generated at each build from the cards, `curation/` and the last link check.", "",
           "## Summary", "", *(f"- {md.text(line)}" for line in summary(report)), ""]
    if pictures:
        out += ["## Pictures of the library", "", *pictures]
    for section, findings in report.sections.items():
        out += [f"## {md.text(section)}", ""]
        out += [f"- {md.text(f.message)}" + (": " + ", ".join(_card_link(report, p, page, linkable) for p in f.paths[:PAGE_CARDS])
                                              + (f" and {len(f.paths) - PAGE_CARDS} more" if len(f.paths) > PAGE_CARDS else "")
                                              if f.paths else "")
                for f in findings[:PAGE_FINDINGS]] or ["*Nothing to report.*"]
        if len(findings) > PAGE_FINDINGS:  # keeps the page small at 20,000 cards
            out.append(f"- … and {len(findings) - PAGE_FINDINGS} more: run `learnshelf report` for the full list.")
        out.append("")
    out += ["## Cards by level", "", ", ".join(f"{md.text(k)}: {v}" for k, v in report.levels.items()), ""]
    return "\n".join(out)


def _card_link(report: Report, path: str, page: str, linkable: set[str]) -> str:
    if path not in linkable:  # a draft's title is not published before the card is: its file only
        return md.text(path)
    return f"{md.link(report.titles.get(path) or path.rsplit('/', 1)[-1], page, source_page(path))} ({md.text(path)})"
