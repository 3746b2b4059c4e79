"""The personalisation checks of the curator report, from the mission's own warnings: role views
and pathway branches that differ from the core in name only, more roles than the library can
serve, roles siloed in one topic family, topics only some roles are shown, and catch-all
topics; and nothing more. Every threshold comes from ``curation/policy.yml`` (``report:``) and
is stated in the finding, so a curator can see why it was raised.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from learnshelf.catalog.catalog import Catalog
from learnshelf.catalog.findings import Finding
from learnshelf.load.reportpolicy import ReportPolicy
from learnshelf.model.schema import Card


def _paths(cards: list[Card]) -> list[str]:
    return [c.path for c in cards]


def thin_roles(catalog: Catalog, policy: ReportPolicy) -> list[Finding]:
    """Roles with fewer than ``role_min_cards`` cards of their own: their view is nearly the core,
    so the library has more roles than it serves. Each comes with the role to merge it into (the
    one tagged on most of its cards)."""
    found = []
    own = {role: {c.id for c in cards} for role, cards in catalog.by_role.items()}
    for role, cards in sorted(catalog.by_role.items(), key=lambda item: (len(item[1]), item[0])):
        if len(cards) >= policy.role_min_cards:
            continue
        overlap = Counter({other: len(own[role] & ids) for other, ids in own.items() if other != role and own[role] & ids})
        merge = (f"merge it into '{overlap.most_common(1)[0][0]}' (tagged on {overlap.most_common(1)[0][1]} of its cards) "
                 "or tag more cards for it") if overlap else "merge it into a related role or tag more cards for it"
        found.append(Finding(f"role '{role}' has {len(cards)} card(s) of its own beside the {len(catalog.core)} core cards "
                             f"(fewer than {policy.role_min_cards}): its view is nearly the core; {merge}", _paths(cards)))
    if len(found) > 1:
        found.insert(0, Finding(f"{len(found)} of {len(own)} roles have fewer than {policy.role_min_cards} cards of their own: "
                                "the library has more roles than it can serve yet", [], "warning"))
    return found


def alike_roles(catalog: Catalog, policy: ReportPolicy) -> list[Finding]:
    """Pairs of roles whose own cards are nearly the same (Jaccard similarity at or above
    ``role_similarity``): two names for one path."""
    found = []
    own = {role: cards for role, cards in catalog.by_role.items() if len(cards) >= policy.role_min_cards}
    for a, b in combinations(sorted(own), 2):
        ids_a, ids_b = {c.id for c in own[a]}, {c.id for c in own[b]}
        shared, either = len(ids_a & ids_b), len(ids_a | ids_b)
        if shared / either >= policy.role_similarity:
            found.append(Finding(f"roles '{a}' and '{b}' share {shared} of the {either} cards either has "
                                 f"(similarity {shared / either:.2f}, warned at {policy.role_similarity:g} or more): "
                                 "their views barely differ; merge them or tell them apart",
                                 _paths([c for c in own[a] if c.id in ids_b])))
    return found


def flat_branches(catalog: Catalog, policy: ReportPolicy) -> list[Finding]:
    """Pathway role branches that add fewer than ``branch_min_cards`` cards beyond the pathway's
    core steps: a branch in name only."""
    found = []
    for pathway in catalog.pathways:
        steps = pathway.steps()
        core = {s.card for s in steps if not s.roles}
        for role in sorted({r for s in steps for r in s.roles}):
            added = sorted({s.card for s in steps if role in s.roles} - core)
            if len(added) < policy.branch_min_cards:
                cards = [catalog.by_id[s.card] for s in steps if role in s.roles and s.card in catalog.by_id]
                found.append(Finding(f"pathway '{pathway.title}' ({pathway.path}): the branch for role '{role}' adds "
                                     f"{len(added)} card(s) to the {len(core)} core steps (fewer than {policy.branch_min_cards}): "
                                     "a path without a real difference", _paths(cards)))
    return found


def _family(catalog: Catalog, topic: str) -> str:
    return catalog.taxonomy.topics.terms[topic].parent or topic


def siloed_roles(catalog: Catalog, policy: ReportPolicy) -> list[Finding]:
    """Roles with more than ``silo_share`` of their own cards in one topic family."""
    found = []
    for role, cards in sorted(catalog.by_role.items()):
        if len(cards) < policy.silo_min_cards:
            continue
        families = Counter(f for c in cards for f in {_family(catalog, t) for t in c.topics})
        family, count = families.most_common(1)[0]
        if count / len(cards) > policy.silo_share:
            found.append(Finding(f"{count} of {len(cards)} cards tagged for role '{role}' ({count / len(cards):.0%}, "
                                 f"warned above {policy.silo_share:.0%}) are in the topic family '{family}'; "
                                 "is the role being siloed?", _paths(cards)))
    return found


def role_only_topics(catalog: Catalog) -> list[Finding]:
    """Topics whose every card is tagged for some roles but not all: the others never see it."""
    found = []
    all_roles = set(catalog.taxonomy.roles.terms)
    for topic in sorted(catalog.taxonomy.topics.terms):
        cards = catalog.topic_cards(topic)
        if not cards or any(c.core or not c.roles for c in cards):
            continue
        tagged = sorted({r for c in cards for r in c.roles})
        if set(tagged) != all_roles:
            found.append(Finding(f"topic '{topic}' is tagged only for {', '.join(tagged)}; other roles see it only "
                                 "through search or the library", _paths(cards)))
    return found


def catch_all_topics(catalog: Catalog, policy: ReportPolicy) -> list[Finding]:
    """Topics tagged on more than ``catchall_share`` of the cards, and parent topics whose cards
    sit on the parent rather than on its children."""
    found = []
    total = len(catalog.listed)
    topics = catalog.taxonomy.topics
    for topic in sorted(topics.terms):
        direct = catalog.direct_topic.get(topic, [])
        if total >= policy.catchall_min_library and len(direct) / total > policy.catchall_share:
            found.append(Finding(f"topic '{topic}' is tagged on {len(direct)} of {total} cards ({len(direct) / total:.0%}, "
                                 f"warned above {policy.catchall_share:.0%}): a catch-all; split it or tag more precisely",
                                 _paths(direct)))
        children = topics.children(topic)
        if not children:
            continue
        on_parent = [c for c in direct if not set(c.topics) & set(children)]
        listed = len(catalog.topic_cards(topic))
        if len(on_parent) >= policy.parent_direct_min and len(on_parent) / listed > policy.parent_direct_share:
            found.append(Finding(f"topic '{topic}' has {len(children)} child topics, but {len(on_parent)} of its {listed} cards "
                                 f"({len(on_parent) / listed:.0%}, warned above {policy.parent_direct_share:.0%}) sit on it "
                                 "and on no child: tag them with a child topic, or add the child they need", _paths(on_parent)))
    return found


def personalisation(catalog: Catalog, policy: ReportPolicy) -> list[Finding]:
    """Every personalisation check, the ones about roles first."""
    return (flat_branches(catalog, policy) + alike_roles(catalog, policy) + thin_roles(catalog, policy)
            + siloed_roles(catalog, policy) + role_only_topics(catalog))
