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
from learnshelf.model import theme
from learnshelf.model.languages import lang_attributes
from learnshelf.model.routes import (
    ANY_ROLE,
    ROLES,
    card_page,
    edit_url,
    feedback_url,
    pathway_page,
    problem_url,
    rel,
    role_page,
    topic_page,
)
from learnshelf.model.schema import Card
from learnshelf.pages.jsonld import card_script
from learnshelf.pages.sharing import card_sharing
from learnshelf.pages.shelf import controls as shelf_controls
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
    #: How links in the HTML blocks we write are spelled (see ``mdtext.html_link``): None, as
    #: Markdown links are (the ``.md`` path; Zensical resolves links in HTML as in Markdown);
    #: True or False, the URL served with or without directory URLs (MkDocs leaves HTML alone).
    served: bool | None = None


def freshness(card: Card, interval_days: int, today: dt.date) -> str:
    """When the card was last checked, with a mark saying whether a review is due."""
    last = card.reviewed or card.added
    age = (today - dt.date.fromisoformat(last)).days
    state = "✓ up to date" if age <= interval_days else "⚠ review overdue"
    return f"reviewed {last}, {state}" if card.reviewed else f"not reviewed since added, {state}"


def _chips(card: Card, catalog: Catalog) -> str:
    spans = "".join(f'<span class="ls-chip">{md.attr(label)}</span>' for label in facts(card, catalog.taxonomy))
    return f'<p class="ls-chips">{spans}</p>'


def _tags(card: Card, catalog: Catalog, page: str, urls: bool | None) -> str:
    """The card's topics and roles as an HTML paragraph we own."""
    topics = catalog.taxonomy.topics
    links = [md.html_link(topics.terms[t].label, page, topic_page(t), urls) for t in topics.with_parents(card.topics)]
    if card.core:
        roles = f"everyone (core curriculum; on every {md.html_link('role page', page, ROLES, urls)})"
    elif card.roles:
        named = [md.html_link(catalog.taxonomy.roles.terms[r].label, page, role_page(r), urls) for r in card.roles]
        roles = f"{', '.join(named)}, and anyone else who finds it useful"
    else:
        roles = md.html_link("any role", page, ANY_ROLE, urls)
    return f'<p class="ls-tags"><strong>Topics:</strong> {", ".join(links)}<br>\n<strong>For:</strong> {roles}</p>'


def _why(card: Card, catalog: Catalog, page: str, urls: bool | None) -> list[str]:
    lines = ["## Why this is here", "", '<ul class="ls-why">']
    for kind, term, reason in catalog.placements(card):
        target = {"topic": topic_page, "role": role_page, "pathway": pathway_page}.get(kind)
        where = {"core": "Start here and every role page", "any": "Useful for any role"}.get(kind, "")
        if target:
            vocab = {"topic": catalog.taxonomy.topics, "role": catalog.taxonomy.roles}.get(kind)
            label = vocab.terms[term].label if vocab else next(p.title for p in catalog.pathways if p.id == term)
            lines.append(f"<li>On {md.html_link(label, page, target(term), urls)}: {md.attr(reason)}.</li>")
        else:
            lines.append(f"<li>On {md.attr(where)}: {md.attr(reason)}.</li>")
    return [*lines, "</ul>"]


def _footer(card: Card, catalog: Catalog, options: SiteOptions, page: str) -> list[str]:
    when = freshness(card, catalog.taxonomy.review_interval_days, options.today)
    lines = ["---", "", f"Added by **{md.text(card.contributor)}** on {card.added} · {md.text(when)}"
             + (f" · Source: {md.text(card.source)}" if card.source else "")]
    if options.repo_url:
        edit = edit_url(options.repo_url, options.edit_branch, card.path)
        report = problem_url(options.repo_url, card.id)
        yes, no = (md.url(feedback_url(options.repo_url, card.id, answer)) for answer in ("Yes", "No"))
        lines.append(f"\nWas this useful? [Yes]({yes}) · [No]({no})")
        lines.append(f"\n[Suggest an edit]({md.url(edit)}) · [Report a problem]({md.url(report)})")
    elif options.guide:
        guide = rel(page, options.guide)
        lines.append(f"\nWas this useful? [Yes]({guide}) · [No]({guide})")
        lines.append(f"\n[Suggest an edit]({guide}) · [Report a problem]({guide})")
    return lines


def render_card(card: Card, catalog: Catalog, options: SiteOptions) -> str:
    """The Markdown page for ``card``."""
    page = card_page(card)
    lang = lang_attributes(card.language)
    out = [f"# <span{lang}>{md.text(card.title)}</span>", ""]
    if card.status == "retired":
        target = catalog.by_id.get(card.replaced_by or "")
        instead = f" Use {md.link(target.title, page, card_page(target))} instead." if target else ""
        out += [*theme.warning("Retired", f"This resource is no longer recommended.{instead}"), ""]
    out += [f'<p class="ls-summary"{lang}>{md.attr(card.summary)}</p>', ""]
    if card.url:
        out += [f'<a class="{theme.BUTTON} ls-open" href="{md.inline_attr(md.url(card.url))}" '
                f'rel="noopener noreferrer">Open resource</a>', ""]
    if card.id in options.broken:
        date = options.broken[card.id]
        since = f" since {date}" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else ""
        out += [*theme.warning("Link reported broken",
                               f"The link checker could not reach this resource{since}. A curator will look at it."), ""]
    out += [_chips(card, catalog), "", shelf_controls(card), "", _tags(card, catalog, page, options.served), ""]
    body = published_text(card.body)[0]
    if body:
        out += ["## About this resource", "", marked_body(body, options.body_marker), ""]
    if card.status != "retired":
        out += [*_why(card, catalog, page, options.served), ""]
    notes = {n.id for n in catalog.notes_about.get(card.id, [])}  # listed under "Notes from colleagues", once
    related = [catalog.by_id[r] for r in card.related if r in catalog.by_id and r not in notes]
    if related:
        links = [f"<li{lang_attributes(r.language)}>{md.html_link(r.title, page, card_page(r), options.served)}</li>"
                 for r in related]
        out += ["## Related", "", '<ul class="ls-related">', *links, "</ul>", ""]
    out += card_sharing(card, catalog, options)
    out += _footer(card, catalog, options, page)
    out += ["", card_script(card, catalog, options.site_url)]
    return "\n".join(out) + "\n"
