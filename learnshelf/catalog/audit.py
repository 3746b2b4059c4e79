"""``learnshelf report``: what curators should look at, and the balance audit with the word list
it reads (``curation/gendered-words.yml``); nothing more.

Each finding names the card files involved. Sections: reviews overdue, drafts waiting, retired
cards without replacement, duplicates (same resource, near-identical titles), broken links
from the last link check, coverage (topic x role, types, levels), the balance audit (the
transparency promise: core reaches every role, no role siloed in one topic family, no topic
reachable only through some roles, gender-coded wording) and recent activity.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from learnshelf.catalog.catalog import Catalog
from learnshelf.catalog.duplicates import duplicates
from learnshelf.catalog.findings import Finding
from learnshelf.catalog.tagsilos import suggestion_silos
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.load.yamlfile import YamlFile
from learnshelf.load.yamlnodes import Map
from learnshelf.model import mdtext as md
from learnshelf.model.problems import Problem
from learnshelf.model.routes import source_page
from learnshelf.model.schema import Card

CONCENTRATION = 0.6  # share of a role's cards in one topic family that counts as siloed
MIN_ROLE_CARDS = 5
RECENT_DAYS = 30
PAGE_FINDINGS = 50  # per section on the published page; the command lists everything
GENDERED_WORDS = "gendered-words.yml"


@dataclass
class Report:
    """Findings by section, plus the coverage tables."""

    sections: dict[str, list[Finding]] = field(default_factory=dict)
    matrix: dict[str, dict[str, int]] = field(default_factory=dict)  # topic -> role -> cards
    types: dict[str, int] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> str:
        """The whole report as JSON."""
        return json.dumps({"sections": {k: [asdict(f) for f in v] for k, v in self.sections.items()},
                           "coverage": {"topic_by_role": self.matrix, "types": self.types, "levels": self.levels}},
                          indent=2, ensure_ascii=False)


def _age(card: Card, today: dt.date) -> int:
    return (today - dt.date.fromisoformat(card.reviewed or card.added)).days


def freshness(cards: list[Card], taxonomy: Taxonomy, today: dt.date) -> dict[str, list[Finding]]:
    """Overdue reviews (oldest first), drafts waiting, retired cards without replacement."""
    interval = taxonomy.review_interval_days
    live = [c for c in cards if c.status == "published"]
    overdue = sorted((c for c in live if _age(c, today) > interval), key=lambda c: (-_age(c, today), c.path))
    drafts = sorted((c for c in cards if c.status == "draft"), key=lambda c: (c.added, c.path))
    return {
        "Reviews overdue": [Finding(f"last checked {c.reviewed or c.added}, {_age(c, today) - interval} days overdue",
                                    [c.path]) for c in overdue],
        "Drafts waiting": [Finding(f"draft since {c.added}", [c.path], "info") for c in drafts],
        "Retired without replacement": [Finding("retired with no replaced_by", [c.path])
                                        for c in cards if c.status == "retired" and not c.replaced_by],
    }


def coverage(catalog: Catalog, report: Report) -> list[Finding]:
    """Topic x role counts (role-tagged cards; core and untagged cards count for every role)."""
    roles = sorted(catalog.taxonomy.roles.terms)
    for topic in sorted(catalog.taxonomy.topics.terms):
        cards = catalog.topic_cards(topic)
        shared = sum(1 for c in cards if c.core or not c.roles)
        report.matrix[topic] = {r: shared + sum(1 for c in cards if r in c.roles and not c.core) for r in roles}
    report.types = dict(sorted(Counter(c.type for c in catalog.listed).items()))
    report.levels = dict(sorted(Counter(c.level or "unspecified" for c in catalog.listed).items()))
    return [Finding(f"no cards on topic '{t}' for role '{r}'", [], "info")
            for t, row in report.matrix.items() for r, n in row.items() if n == 0]


def balance(catalog: Catalog, words: dict[str, list[str]]) -> list[Finding]:
    """The transparency promise, checked."""
    found: list[Finding] = []
    core = {c.id for c in catalog.core}
    for role, cards in sorted(catalog.by_role.items()):
        reached = core | {c.id for c in cards} | {c.id for c in catalog.any_role}
        missing = core - reached
        if missing:  # cannot happen with the generated role pages; checked so it never silently does
            found.append(Finding(f"role '{role}' does not reach every core card", sorted(missing), "error"))
    found += [Finding("core card tagged with roles: it reads as role-specific, though every role sees it", [c.path])
              for c in catalog.core if c.roles]
    found += _siloed_roles(catalog) + _role_only_topics(catalog) + _gendered(catalog.listed, words)
    return found


def _family(catalog: Catalog, topic: str) -> str:
    return catalog.taxonomy.topics.terms[topic].parent or topic


def _siloed_roles(catalog: Catalog) -> list[Finding]:
    found = []
    for role, cards in sorted(catalog.by_role.items()):
        if len(cards) < MIN_ROLE_CARDS:
            continue
        families = Counter(f for c in cards for f in {_family(catalog, t) for t in c.topics})
        family, count = families.most_common(1)[0]
        if count / len(cards) > CONCENTRATION:
            found.append(Finding(f"{count} of {len(cards)} cards tagged for role '{role}' are in the topic family "
                                 f"'{family}'; is the role being siloed?", [c.path for c in cards]))
    return found


def _role_only_topics(catalog: Catalog) -> list[Finding]:
    found = []
    all_roles = set(catalog.taxonomy.roles.terms)
    for topic in sorted(catalog.taxonomy.topics.terms):
        cards = catalog.topic_cards(topic)
        if not cards or any(c.core or not c.roles for c in cards):
            continue
        tagged = sorted({r for c in cards for r in c.roles})
        if set(tagged) != all_roles:
            found.append(Finding(f"topic '{topic}' is tagged only for {', '.join(tagged)}; other roles see it only "
                                 "through search or the library", [c.path for c in cards]))
    return found


def _gendered(cards: list[Card], words: dict[str, list[str]]) -> list[Finding]:
    patterns = {kind: re.compile(r"\b(" + "|".join(re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "")
                                                  for w in stems) + r")\b", re.IGNORECASE)
                for kind, stems in words.items() if stems}
    found = []
    for card in cards:
        hits = {kind: sorted({m.lower() for m in p.findall(f"{card.title} {card.summary}")}) for kind, p in patterns.items()}
        hits = {k: v for k, v in hits.items() if v}
        if hits:
            detail = "; ".join(f"{kind}-coded: {', '.join(v)}" for kind, v in sorted(hits.items()))
            found.append(Finding(f"gender-coded wording in title or summary ({detail})", [card.path]))
    return found


def activity(catalog: Catalog, today: dt.date) -> list[Finding]:
    """Contributors and what was added recently."""
    since = (today - dt.timedelta(days=RECENT_DAYS)).isoformat()
    recent = [c for c in catalog.listed if c.added >= since]
    found = [Finding(f"{len(recent)} card(s) added in the last {RECENT_DAYS} days", [c.path for c in recent], "info")]
    found += [Finding(f"{name}: {len(cards)} card(s), latest {max(c.added for c in cards)}", [], "info")
              for name, cards in catalog.contributors()[:10]]
    return found


def load_words(curation: Path, display_dir: str = "curation") -> tuple[dict[str, list[str]], list[Problem]]:
    """The gender-coded word stems by kind (none when the curation file is absent), and the
    file's problems: it is read like every curation file (located, no alias ever expanded)."""
    reader = YamlFile(curation / GENDERED_WORDS, f"{display_dir}/{GENDERED_WORDS}", optional=True)
    words: dict[str, list[str]] = {}
    if reader.problems:  # unreadable, or broken YAML (an alias...): its shape means nothing
        return words, reader.problems
    if isinstance(reader.root, Map):
        for kind, (key, value) in reader.root.entries.items():
            words[kind] = reader.texts(value, f"the '{kind}' words", key)
    elif reader.root is not None:
        reader.fail(reader.root.line, reader.root.col,
                    "the file must map each kind to a list of word stems, e.g. 'feminine: [warm*, kind]'")
    return words, reader.problems


def build_report(catalog: Catalog, cards: list[Card], today: dt.date, words: dict[str, list[str]],
                 links: list[dict[str, Any]] | None = None) -> Report:
    """Everything a curator should see, from the catalog of a loaded library and all its cards
    (``cards``: invalid ones too, for the duplicates)."""
    report = Report()
    report.sections.update(freshness([c for c in cards if c.valid], catalog.taxonomy, today))
    report.sections["Duplicates"] = duplicates(cards)  # invalid ones too: a duplicate URL is an error
    report.sections["Broken links"] = [
        Finding(f"{r['url']}: {r['state']} since {r.get('broken_since') or '?'} ({r.get('detail') or r.get('http_status')})",
                [r["path"]]) for r in (links or []) if r.get("state") == "broken"]
    report.sections["Coverage gaps"] = coverage(catalog, report)
    report.sections["Balance audit"] = balance(catalog, words)
    report.sections["Balance audit"] += suggestion_silos(catalog)  # tag suggestions would deepen a silo
    report.sections["Contributors and recent activity"] = activity(catalog, today)
    return report


def text(report: Report) -> str:
    """A terminal summary: one line per finding, grouped by section."""
    lines = []
    for section, findings in report.sections.items():
        lines.append(f"== {section} ({len(findings)})")
        lines += [f"  {f.severity}: {f.message}" + (f" [{', '.join(f.paths[:5])}"
                                                     + (f", +{len(f.paths) - 5} more" if len(f.paths) > 5 else "") + "]"
                                                     if f.paths else "") for f in findings]
    lines.append(f"== Cards by type: {', '.join(f'{k} {v}' for k, v in report.types.items())}")
    lines.append(f"== Cards by level: {', '.join(f'{k} {v}' for k, v in report.levels.items())}")
    return "\n".join(lines)


def markdown(report: Report, page: str, linkable: set[str]) -> str:
    """The report as a site page; card paths in ``linkable`` (published pages) become links."""
    out = ["# Curator report", "", "Generated at each build from the cards, `curation/` and the last link check.", ""]
    for section, findings in report.sections.items():
        out += [f"## {md.text(section)}", ""]
        out += [f"- {md.text(f.message)}" + (": " + ", ".join(_card_link(p, page, linkable) for p in f.paths[:10]) if f.paths else "")
                for f in findings[:PAGE_FINDINGS]] or ["*Nothing to report.*"]
        if len(findings) > PAGE_FINDINGS:  # keeps the page small at 20,000 cards
            out.append(f"- … and {len(findings) - PAGE_FINDINGS} more: run `learnshelf report` for the full list.")
        out.append("")
    roles = sorted({r for row in report.matrix.values() for r in row})
    out += ["## Coverage: topics by role", "", "Cards each role sees per topic (core and untagged cards count for every role).", "",
            "| topic | " + " | ".join(roles) + " |", "|---|" + "---:|" * len(roles)]
    out += [f"| {t} | " + " | ".join(str(row[r]) for r in roles) + " |" for t, row in report.matrix.items()]
    out += ["", "## Cards by type and level", "",
            ", ".join(f"{k}: {v}" for k, v in report.types.items()), "",
            ", ".join(f"{k}: {v}" for k, v in report.levels.items()), ""]
    return "\n".join(out)


def _card_link(path: str, page: str, linkable: set[str]) -> str:
    if path in linkable:
        return md.link(path.rsplit("/", 1)[-1][:-3], page, source_page(path))
    return md.text(path)
