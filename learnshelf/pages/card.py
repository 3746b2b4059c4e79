"""The page of one card, as Markdown: every card field rendered by us, escaped; nothing more.

The card's own front matter never reaches the site generator (MkDocs would honour keys such as
``template:`` and print meta unescaped); the generated page carries no front matter at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from learnshelf.catalog.catalog import Catalog
from learnshelf.catalog.labels import facts
from learnshelf.check.bodyhtml import marked_body, published_text
from learnshelf.model import mdtext as md
from learnshelf.model.routes import (
    ANY_ROLE,
    ROLES,
    card_page,
    edit_url,
    pathway_page,
    problem_url,
    rel,
    role_page,
    topic_page,
)
from learnshelf.model.schema import Card
from learnshelf.search.parts import PART_SIZE


@dataclass(frozen=True)
class SiteOptions:
    """What pages need to know about the deployment, not the library."""

    today: dt.date
    repo_url: str = ""  # e.g. https://github.com/org/learnshelf; enables edit/report links
    edit_branch: str = "main"
    site_url: str = ""  # absolute site address, for the feed
    guide: str = ""  # the contributor guide page, if the site has one (fallback for edit links)
    broken: dict[str, str] = field(default_factory=dict)  # card id -> date its link was reported broken
    search_part_size: int = PART_SIZE  # cards per search-index part
    body_marker: str = ""  # set by the MkDocs plugin: each card body's HTML is inspected in the page


def freshness(card: Card, interval_days: int, today: dt.date) -> str:
    """When the card was last checked, with a mark saying whether a review is due."""
    last = card.reviewed or card.added
    age = (today - dt.date.fromisoformat(last)).days
    state = "✓ up to date" if age <= interval_days else "⚠ review overdue"
    return f"reviewed {last}, {state}" if card.reviewed else f"not reviewed since added, {state}"


def _chips(card: Card, catalog: Catalog) -> str:
    spans = "".join(f'<span class="ls-chip">{md.attr(label)}</span>' for label in facts(card, catalog.taxonomy))
    return f'<p class="ls-chips">{spans}</p>'


def _tags(card: Card, catalog: Catalog, page: str) -> list[str]:
    topics = catalog.taxonomy.topics
    links = [md.link(topics.terms[t].label, page, topic_page(t)) for t in topics.with_parents(card.topics)]
    lines = [f"**Topics:** {', '.join(links)}"]
    if card.core:
        lines.append(f"**For:** everyone (core curriculum; on every {md.link('role page', page, ROLES)})")
    elif card.roles:
        roles = [md.link(catalog.taxonomy.roles.terms[r].label, page, role_page(r)) for r in card.roles]
        lines.append(f"**For:** {', '.join(roles)}, and anyone else who finds it useful")
    else:
        lines.append(f"**For:** {md.link('any role', page, ANY_ROLE)}")
    return lines


def _why(card: Card, catalog: Catalog, page: str) -> list[str]:
    lines = ["## Why this is here", ""]
    for kind, term, reason in catalog.placements(card):
        target = {"topic": topic_page, "role": role_page, "pathway": pathway_page}.get(kind)
        where = {"core": "Start here and every role page", "any": "Useful for any role"}.get(kind, "")
        if target:
            vocab = {"topic": catalog.taxonomy.topics, "role": catalog.taxonomy.roles}.get(kind)
            label = vocab.terms[term].label if vocab else next(p.title for p in catalog.pathways if p.id == term)
            lines.append(f"- On {md.link(label, page, target(term))}: {md.text(reason)}.")
        else:
            lines.append(f"- On {md.text(where)}: {md.text(reason)}.")
    return lines


def _footer(card: Card, catalog: Catalog, options: SiteOptions, page: str) -> list[str]:
    when = freshness(card, catalog.taxonomy.review_interval_days, options.today)
    lines = ["---", "", f"Added by **{md.text(card.contributor)}** on {card.added} · {md.text(when)}"
             + (f" · Source: {md.text(card.source)}" if card.source else "")]
    if options.repo_url:
        edit = edit_url(options.repo_url, options.edit_branch, card.path)
        report = problem_url(options.repo_url, card.id)
        lines.append(f"\n[Suggest an edit]({md.url(edit)}) · [Report a problem]({md.url(report)})")
    elif options.guide:
        guide = rel(page, options.guide)
        lines.append(f"\n[Suggest an edit]({guide}) · [Report a problem]({guide})")
    return lines


def render_card(card: Card, catalog: Catalog, options: SiteOptions) -> str:
    """The Markdown page for ``card``."""
    page = card_page(card)
    out = [f"# {md.text(card.title)}", ""]
    if card.status == "retired":
        target = catalog.by_id.get(card.replaced_by or "")
        instead = f" Use {md.link(target.title, page, card_page(target))} instead." if target else ""
        out += ['!!! warning "Retired"', f"    This resource is no longer recommended.{instead}", ""]
    out += [md.text(card.summary), ""]
    if card.url:
        out += [f'<a class="md-button md-button--primary ls-open" href="{md.inline_attr(md.url(card.url))}" '
                f'rel="noopener noreferrer">Open resource</a>', ""]
    if card.id in options.broken:
        date = options.broken[card.id]
        since = f" since {date}" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else ""
        out += ['!!! warning "Link reported broken"',
                f"    The link checker could not reach this resource{since}. A curator will look at it.", ""]
    out += [_chips(card, catalog), "", *[line + "  " for line in _tags(card, catalog, page)], ""]
    body = published_text(card.body)[0]
    if body:
        out += ["## About this resource", "", marked_body(body, options.body_marker), ""]
    if card.status != "retired":
        out += [*_why(card, catalog, page), ""]
    related = [catalog.by_id[r] for r in card.related if r in catalog.by_id]
    if related:
        out += ["## Related", "", *[f"- {md.link(r.title, page, card_page(r))}" for r in related], ""]
    out += _footer(card, catalog, options, page)
    return "\n".join(out) + "\n"
