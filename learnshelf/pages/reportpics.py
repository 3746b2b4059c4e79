"""The pictures of the Curator report page, drawn at build time as static HTML and SVG (no chart
service, no script): the topic x role heatmap, cards by review age, cards added per month, and
the type and language mix. Each comes with a text alternative and a data table; and nothing more.

Every label goes through ``mdtext.attr``. Each picture is one HTML block without blank lines, so
Markdown passes it through untouched.
"""

from __future__ import annotations

from learnshelf.catalog.figures import Figures
from learnshelf.model import mdtext as md

_LOW, _HIGH = (239, 246, 255), (8, 48, 107)  # the heatmap's scale, from no cards to the most
_BAR, _OVERDUE = "#3b6fb6", "#b3261e"


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def cell_colours(value: int, most: int) -> tuple[str, str]:
    """Background and text colour of a heatmap cell: the text is black or white, whichever
    contrasts more, so every cell reads at 4.5:1 or better (WCAG AA)."""
    t = value / most if most else 0.0
    rgb = tuple(round(lo + (hi - lo) * t) for lo, hi in zip(_LOW, _HIGH, strict=True))
    lum = _luminance(rgb)  # type: ignore[arg-type]
    text = "#000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#fff"
    return "#{:02x}{:02x}{:02x}".format(*rgb), text


def _cell(value: int, most: int) -> str:
    bg, fg = cell_colours(value, most)
    return f'<td style="background:{bg};color:{fg}">{value}</td>'


def _table(caption: str, head: list[str], rows: list[list[str]]) -> str:
    return ("<details class=\"ls-data\"><summary>Data table</summary><table><caption>" + md.attr(caption) + "</caption><thead><tr>"
            + "".join(f'<th scope="col">{md.attr(h)}</th>' for h in head) + "</tr></thead><tbody>"
            + "".join(f'<tr><th scope="row">{md.attr(r[0])}</th>' + "".join(f"<td>{md.attr(v)}</td>" for v in r[1:]) + "</tr>"
                      for r in rows) + "</tbody></table></details>")


def _child(fig: Figures, topic: str) -> str:
    return ' class="ls-child"' if fig.parents.get(topic) else ""


def heatmap(fig: Figures) -> str:
    """Topic x role: cards tagged for each role (not core), with the core and any-role columns
    apart. The table is the picture: each count is in its cell, shaded by size."""
    most = max((n for row in fig.by_role.values() for n in row.values()), default=0)
    most_shared = max([*fig.core.values(), *fig.any_role.values(), 0])
    empty = sum(1 for row in fig.by_role.values() for n in row.values() if n == 0)
    top = max(((n, t, r) for t, row in fig.by_role.items() for r, n in row.items()), default=(0, "", ""))
    alt = (f"Cards tagged for each of {len(fig.roles)} roles on each of {len(fig.topics)} topics; darker cells hold more. "
           f"{empty} topic and role pairs have no role-tagged card. "
           + (f"The largest is {fig.topics[top[1]]} for {fig.roles[top[2]]}: {top[0]} card{'s' if top[0] > 1 else ''}. "
              if top[0] else "")
           + f"Core cards, which every role sees, are counted apart: {sum(fig.core.values())} placements in all.")
    head = ('<tr><th scope="col">Topic</th><th scope="col" class="ls-apart">Core (every role)</th>'
            '<th scope="col" class="ls-apart">Any role</th>'
            + "".join(f'<th scope="col">{md.attr(label)}</th>' for label in fig.roles.values()) + "</tr>")
    rows = "".join(
        f'<tr><th scope="row"{_child(fig, t)}>{md.attr(label)}</th>{_cell(fig.core[t], most_shared)}{_cell(fig.any_role[t], most_shared)}'
        + "".join(_cell(fig.by_role[t][r], most) for r in fig.roles) + "</tr>" for t, label in fig.topics.items())
    return ('<figure class="ls-figure" id="ls-fig-heatmap"><figcaption><strong>Topics by role</strong></figcaption>'
            f'<p class="ls-alt" id="ls-alt-heatmap">{md.attr(alt)}</p>'
            '<div class="ls-scroll"><table class="ls-heatmap" aria-describedby="ls-alt-heatmap">'
            "<caption>Cards per topic (a parent counts its sub-topics' cards, as its page lists them): core and any-role "
            "cards, then the cards tagged for each role</caption>"
            f"<thead>{head}</thead><tbody>{rows}</tbody></table></div></figure>")


def _columns(name: str, bars: list[tuple[str, int, bool]], mark: str) -> str:
    """A column chart in SVG; bars whose flag is set are drawn in the marked colour, under a
    band labelled ``mark``. Empty labels are not drawn."""
    width, height, top = 640, 160, 20
    most = max((v for _, v, _ in bars), default=0) or 1
    step = width / max(len(bars), 1)
    marked = [i for i, (_, _, flag) in enumerate(bars) if flag]
    parts = [f'<svg viewBox="0 0 {width} {height + 40}" role="img" aria-labelledby="ls-alt-{name}" class="ls-chart">']
    if marked and mark:
        x = marked[0] * step
        parts.append(f'<rect x="{x:.1f}" y="0" width="{width - x:.1f}" height="{height}" fill="{_OVERDUE}" fill-opacity="0.08"/>'
                     f'<text x="{x + 4:.1f}" y="14" font-size="12" fill="currentColor">{md.attr(mark)}</text>')
    for i, (label, value, flag) in enumerate(bars):
        h = (height - top) * value / most
        parts.append(f'<rect x="{i * step + step * 0.1:.1f}" y="{height - h:.1f}" width="{step * 0.8:.1f}" height="{h:.1f}" '
                     f'fill="{_OVERDUE if flag else _BAR}"/>')
        if label:  # the callers leave out the labels that would crowd the axis
            parts.append(f'<text x="{i * step + step / 2:.1f}" y="{height + 16}" font-size="11" text-anchor="middle" '
                         f'fill="currentColor">{md.attr(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _figure(name: str, title: str, alt: str, picture: str, table: str) -> str:
    return (f'<figure class="ls-figure" id="ls-fig-{name}"><figcaption><strong>{md.attr(title)}</strong></figcaption>'
            f'<p class="ls-alt" id="ls-alt-{name}">{md.attr(alt)}</p>{picture}{table}</figure>')


def review_ages(fig: Figures) -> str:
    """Published cards by review age, the overdue bands marked."""
    late = sum(b.cards for b in fig.ages if b.overdue)
    total = sum(b.cards for b in fig.ages)
    alt = (f"Published cards by time since their last review: {late} of {total} are overdue. "
           + "; ".join(f"{b.label}: {b.cards}" + (" (overdue)" if b.overdue else "") for b in fig.ages) + ".")
    bars = [(b.label.replace(" months", ""), b.cards, b.overdue) for b in fig.ages]
    table = _table("Cards by review age", ["Since last review", "Cards", "Overdue"],
                   [[b.label, str(b.cards), "yes" if b.overdue else "no"] for b in fig.ages])
    return _figure("ages", "Cards by review age (months)", alt, _columns("ages", bars, "overdue"), table)


def added(fig: Figures) -> str:
    """Cards added per month."""
    months = list(fig.added.items())
    busiest = max(months, key=lambda m: m[1], default=("", 0))
    alt = (f"Cards added per month, {months[0][0]} to {months[-1][0]}: {sum(fig.added.values())} in all; "
           f"the busiest month was {busiest[0]} with {busiest[1]}." if months else "No cards yet.")
    # A dozen months are labelled each; more, by year at each January.
    bars = [(m if len(months) <= 12 else m[:4] if m.endswith("-01") else "", n, False) for m, n in months]
    table = _table("Cards added per month", ["Month", "Cards"], [[m, str(n)] for m, n in months])
    return _figure("added", "Cards added per month", alt, _columns("added", bars, ""), table)


def _shares(name: str, title: str, what: str, counts: dict[str, int]) -> str:
    total, most = sum(counts.values()) or 1, max(counts.values(), default=0) or 1
    alt = f"{title}: " + "; ".join(f"{k} {v} ({v / total:.0%})" for k, v in counts.items()) + "."
    rows = "".join(f'<div class="ls-share"><span>{md.attr(k)}</span><span class="ls-share-bar" '
                   f'style="width:{60 * v / most:.1f}%"></span><span>{v}</span></div>' for k, v in counts.items())
    table = _table(title, [what, "Cards", "Share"], [[k, str(v), f"{v / total:.0%}"] for k, v in counts.items()])
    return _figure(name, title, alt, f'<div class="ls-shares" aria-hidden="true">{rows}</div>', table)


def pictures(fig: Figures) -> list[str]:
    """Every picture, each an HTML block of its own, separated by blank lines."""
    blocks = [heatmap(fig), review_ages(fig), added(fig), _shares("types", "Cards by type", "Type", fig.types),
              _shares("languages", "Cards by language", "Language", fig.languages)]
    return [line for block in blocks for line in (block, "")]
