"""Browsing pages: home, topics, roles, pathways, the whole library, what's new and contributors.
Each function returns {docs-relative path: Markdown}; nothing more.
"""

from __future__ import annotations

from learnshelf.catalog.catalog import Catalog
from learnshelf.load.pathways import Pathway
from learnshelf.model import mdtext as md
from learnshelf.model import theme
from learnshelf.model.languages import lang_attributes
from learnshelf.model.routes import (
    ANY_ROLE,
    CATALOG_DATA,
    CONTRIBUTORS,
    FEED,
    HOME,
    LIBRARY,
    NEW,
    PATHWAYS,
    ROLES,
    SEARCH,
    TOPICS,
    card_page,
    pathway_page,
    rel,
    role_feed,
    role_page,
    search_action,
    topic_feed,
    topic_page,
)
from learnshelf.pages.listing import Pages, items, paginate
from learnshelf.pages.shelf import CONTINUE, role_choice

CONTRIBUTORS_PER_PAGE = 100
LATEST_PER_CONTRIBUTOR = 3
RECENT_COUNT = 10
NEW_COUNT = 50


def search_box(page: str) -> str:
    """A search form that opens the search page with the query in the URL."""
    action = search_action(page)
    return (f'<form class="ls-searchbox" action="{md.attr(action)}" role="search">'
            '<label for="ls-home-q">Search the library</label> '
            '<input id="ls-home-q" name="q" type="search" placeholder="e.g. feedback, induction, GDPR"> '
            f'<button type="submit" class="{theme.BUTTON}">Search</button></form>')


def home(catalog: Catalog, served: bool | None = None) -> dict[str, str]:
    """The home page: search, the core curriculum, ways to browse, recently added."""
    topics = catalog.taxonomy.topics
    parents = [t for t in sorted(topics.terms.values(), key=lambda t: t.label.casefold()) if t.parent is None]
    lines = ["# Find the right learning resource", "", search_box(HOME), "", role_choice(), "", CONTINUE, "",
             "## Start here: the core curriculum", "",
             "Everyone sees these, whatever their role.", "",
             items(catalog.core, HOME, catalog.taxonomy, served=served), "", "## Browse by topic", ""]
    for term in parents:
        children = [md.link(topics.terms[c].label, HOME, topic_page(c)) for c in topics.children(term.id)]
        count = len(catalog.topic_cards(term.id))
        extra = f": {', '.join(children)}" if children else ""
        lines.append(f"- **{md.link(term.label, HOME, topic_page(term.id))}** ({count}){extra}")
    lines += ["", "## Browse by role", "",
              "Every role page starts with the core curriculum, then material tagged for the role, "
              "then material useful for any role.", ""]
    lines += [f"- {md.link(r.label, HOME, role_page(r.id))} ({len(catalog.by_role[r.id])} for this role)"
              for r in sorted(catalog.taxonomy.roles.terms.values(), key=lambda r: r.label.casefold())]
    lines += ["", "## Pathways", ""]
    lines += [f"- **{md.link(p.title, HOME, pathway_page(p.id))}**: {md.text(p.summary)}" for p in catalog.pathways]
    lines += ["" if catalog.pathways else "*No pathways yet.*", "", "## Recently added", "",
              items(catalog.recent(RECENT_COUNT), HOME, catalog.taxonomy, served=served), "",
              f"See {md.link('what is new', HOME, NEW)} or browse {md.link('the whole library', HOME, LIBRARY)}.", "",
              _data_links(), ""]
    return {HOME: "\n".join(lines)}


def _data_links() -> str:
    """The library as data, linked as alternates of the home page (both files sit beside it)."""
    feed, data = (md.attr(rel(HOME, path)) for path in (FEED, CATALOG_DATA))
    return (f'<p class="ls-data">The library as data: <a rel="alternate" type="application/atom+xml" '
            f'href="{feed}">Atom feed</a> · <a rel="alternate" type="application/ld+json" '
            f'href="{data}">catalogue as JSON-LD</a></p>')


def topics(catalog: Catalog, served: bool | None = None) -> dict[str, str]:
    """The topic index and every topic's paginated listing (parents include their children)."""
    vocab = catalog.taxonomy.topics
    out: dict[str, str] = {}
    index = ["# Topics", "", "A topic lists cards tagged with it or with one of its sub-topics.", ""]
    for term in sorted(vocab.terms.values(), key=lambda t: t.label.casefold()):
        count = len(catalog.topic_cards(term.id))
        index.append(f"- {md.link(term.label, TOPICS, topic_page(term.id))} ({count}): {md.text(term.description)}")
        out.update(topic_listing(catalog, term.id, served))
    out[TOPICS] = "\n".join(index) + "\n"
    return out


def topic_listing(catalog: Catalog, topic: str, served: bool | None = None) -> dict[str, str]:
    """The paginated listing of one topic."""
    vocab = catalog.taxonomy.topics
    cards = catalog.topic_cards(topic)

    def header(number: int, path: str) -> str:
        t = vocab.terms[topic]
        lines = [f"# {md.text(t.label)}" + (f" (page {number})" if number > 1 else ""), "", md.text(t.description)]
        kids = [md.link(vocab.terms[c].label, path, topic_page(c)) for c in vocab.children(topic)]
        if kids:
            lines += ["", f"Includes {', '.join(kids)}."]
        if t.parent:
            lines += ["", f"Part of {md.link(vocab.terms[t.parent].label, path, topic_page(t.parent))}."]
        lines += ["", "Cards are listed here because they are tagged with this topic or one of its sub-topics.",
                  "", f"New cards on this topic: {md.link('Atom feed', path, topic_feed(topic))}."]
        return "\n".join(lines)

    return paginate(cards, Pages(topic_page(topic), len(cards)), header, catalog.taxonomy,
                    lambda card: catalog.topic_reason(card, topic), served)


def roles(catalog: Catalog, served: bool | None = None) -> dict[str, str]:
    """The role index, one page per role (core, for this role, any role), the any-role listing."""
    vocab = catalog.taxonomy.roles
    terms = sorted(vocab.terms.values(), key=lambda r: r.label.casefold())
    out: dict[str, str] = {}
    index = ["# Roles", "", "Every role page shows the core curriculum first. Nothing is hidden: "
             f"{md.link('the whole library', ROLES, LIBRARY)} is open to everyone.", ""]
    index += [f"- {md.link(r.label, ROLES, role_page(r.id))}: {md.text(r.description)}" for r in terms]
    out[ROLES] = "\n".join(index) + "\n"
    for term in terms:
        out.update(role_listing(catalog, term.id, served))
    out.update(any_role_listing(catalog, served))
    return out


def role_listing(catalog: Catalog, role: str, served: bool | None = None) -> dict[str, str]:
    """One role's pages: core, for this role (paginated), useful for any role, explore."""
    label = catalog.taxonomy.roles.terms[role].label
    cards = catalog.by_role[role]
    out = paginate(cards, Pages(role_page(role), len(cards)),
                   lambda number, path: _role_header(catalog, role, number, path, served), catalog.taxonomy,
                   lambda card: f"tagged for the role {label}", served)
    out[role_page(role)] += "\n" + _role_footer(catalog, role, served) + "\n"
    return out


def any_role_listing(catalog: Catalog, served: bool | None = None) -> dict[str, str]:
    """The shared listing of cards useful for any role."""
    def header(number: int, path: str) -> str:
        return ("# Useful for any role" + (f" (page {number})" if number > 1 else "") + "\n\n"
                "These cards are not tagged for particular roles, so they are listed for everyone.")

    return paginate(catalog.any_role, Pages(ANY_ROLE, len(catalog.any_role)), header, catalog.taxonomy,
                    served=served)


def _role_header(catalog: Catalog, role: str, number: int, path: str, served: bool | None) -> str:
    term = catalog.taxonomy.roles.terms[role]
    if number > 1:
        return f"# {md.text(term.label)}: for this role (page {number})\n\nCards tagged for the role {md.text(term.label)}."
    subscribe = f"New core cards and cards for this role: {md.link('Atom feed', path, role_feed(role))}."
    lines = [f"# {md.text(term.label)}", "", md.text(term.description), "", subscribe, "", role_choice(role), "",
             "## Core for everyone", "", "Shown on every role page: the core curriculum everyone should see.", "",
             items(catalog.core, path, catalog.taxonomy, served=served), "", "## For this role", "",
             f"Shown because they are tagged for the role {md.text(term.label)}."]
    return "\n".join(lines)


def _role_footer(catalog: Catalog, role: str, served: bool | None) -> str:
    path = role_page(role)
    preview = catalog.any_role[:10]
    others = [md.link(r.label, path, role_page(r.id)) for r in
              sorted(catalog.taxonomy.roles.terms.values(), key=lambda r: r.label.casefold()) if r.id != role]
    lines = ["## Useful for any role", "", "Shown because they are not tagged for particular roles.", "",
             items(preview, path, catalog.taxonomy, served=served), "",
             f"See all {len(catalog.any_role)} in {md.link('Useful for any role', path, ANY_ROLE)}.", "",
             "## Explore further", "", f"Other roles: {', '.join(others)}.", "",
             f"Everything, for everyone: {md.link('the whole library', path, LIBRARY)} and "
             f"{md.link('search', path, SEARCH)}."]
    return "\n".join(lines)


def library(catalog: Catalog, served: bool | None = None) -> dict[str, str]:
    """Every published card A to Z, paginated: links to everything."""
    def header(number: int, path: str) -> str:
        return "# The whole library" + (f" (page {number})" if number > 1 else "") + \
            f"\n\nAll {len(catalog.listed)} published cards, by title."

    return paginate(catalog.listed, Pages(LIBRARY, len(catalog.listed)), header, catalog.taxonomy,
                    served=served)


def pathways(catalog: Catalog) -> dict[str, str]:
    """The pathway index and one page per pathway."""
    out = {PATHWAYS: "\n".join(["# Pathways", "", "Step-by-step routes through the library.", ""]
                               + [f"- **{md.link(p.title, PATHWAYS, pathway_page(p.id))}**: {md.text(p.summary)}"
                                  for p in catalog.pathways]
                               + ([] if catalog.pathways else ["*No pathways yet.*"])) + "\n"}
    for pathway in catalog.pathways:
        out[pathway_page(pathway.id)] = _pathway(catalog, pathway)
    return out


def _pathway(catalog: Catalog, pathway: Pathway) -> str:
    page = pathway_page(pathway.id)
    roles = catalog.taxonomy.roles.terms
    lines = [f"# {md.text(pathway.title)}", "", md.text(pathway.summary), "",
             "Steps marked *optional* are branches for particular roles; everyone else can skip them or take them anyway.", ""]
    number = 0
    for section in pathway.sections:
        lines += [f"## {md.text(section.title)}", ""]
        for step in section.steps:
            number += 1
            card = catalog.by_id[step.card]
            branch = (f" *(optional, for {', '.join(md.link(roles[r].label, page, role_page(r)) for r in step.roles)})*"
                      if step.roles else "")
            title = f"<span{lang_attributes(card.language)}>{md.link(card.title, page, card_page(card))}</span>"
            lines.append(f"{number}. **{title}**{branch}  ")
            lines.append(f"    {md.text(step.note)}")
        lines.append("")
    return "\n".join(lines)


def whats_new(catalog: Catalog, served: bool | None = None) -> dict[str, str]:
    """The newest cards, with a link to the Atom feed."""
    lines = ["# What's new", "", "The most recently added resources. "
             f"Subscribe with the [Atom feed]({rel(NEW, FEED)}).", "",
             items(catalog.recent(NEW_COUNT), NEW, catalog.taxonomy,
                   lambda c: f"added on {c.added}", served)]
    return {NEW: "\n".join(lines) + "\n"}


def contributors(catalog: Catalog) -> dict[str, str]:
    """Who added what: every contributor, their card count and latest cards, paginated."""
    people = catalog.contributors()
    pages = Pages(CONTRIBUTORS, len(people), per_page=CONTRIBUTORS_PER_PAGE, noun="contributors")
    out: dict[str, str] = {}
    for number in range(1, pages.count + 1):
        path = pages.path(number)
        lines = ["# Contributors" + (f" (page {number})" if number > 1 else ""), "",
                 "Thank you to everyone who shared a resource.", "", pages.nav(number), ""]
        for name, cards in people[(number - 1) * pages.per_page: number * pages.per_page]:
            latest = sorted(cards, key=lambda c: (c.added, c.id), reverse=True)[:LATEST_PER_CONTRIBUTOR]
            links = ", ".join(f"<span{lang_attributes(c.language)}>{md.link(c.title, path, card_page(c))}</span>"
                              for c in latest)
            more = f", and {len(cards) - len(latest)} more" if len(cards) > len(latest) else ""
            lines.append(f"- **{md.text(name)}** ({len(cards)}): {links}{more}")
        out[path] = "\n".join(lines) + "\n"
    return out
