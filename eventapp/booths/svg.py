"""The floor plan as SVG: a pure function, plan data in, markup out.

The viewBox is the plan in metres, so the drawing scales to any width (a phone zooms it like an
image). Booths are coloured by status (CSS classes, see static/css/booths.css) or by zone (fill
attributes from a fixed palette); no inline style, so the page's CSP holds. Each booth carries a
<title> (the tooltip and what screen readers say) and, when given, a link.
"""
from collections.abc import Collection, Iterable, Mapping
from html import escape
from typing import Any

from ..cooperatives.matching import plain_name

ZONE_PALETTE = ["#bfdbfe", "#bbf7d0", "#fde68a", "#fbcfe8", "#ddd6fe", "#fed7aa", "#a5f3fc", "#d9f99d",
                "#e5e7eb", "#fecaca"]
MARGIN = 1.0  # metres around the drawing


def zone_colors(zones: Iterable[str]) -> dict[str, str]:
    """{zone: fill colour}, stable for a given set of zones (sorted)."""
    return {zone: ZONE_PALETTE[i % len(ZONE_PALETTE)] for i, zone in enumerate(sorted(set(zones)))}


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def view_box(booths: Collection[Any]) -> tuple[float, float, float, float]:
    if not booths:
        return 0.0, 0.0, 10.0, 10.0
    left = min(b.x for b in booths) - MARGIN
    top = min(b.y for b in booths) - MARGIN
    right = max(b.x + b.width for b in booths) + MARGIN
    bottom = max(b.y + b.height for b in booths) + MARGIN
    return left, top, right - left, bottom - top


def render_plan_svg(booths: Collection[Any], labels: Mapping[int, str] | None = None, *, mode: str = "status",
                    highlight: Collection[int] = (), links: Mapping[int, str] | None = None,
                    titles: Mapping[int, str] | None = None, aria_label: str = "", selectable: Collection[int] = (),
                    short_labels: Mapping[int, str] | None = None) -> str:
    """booths: objects with id, code, zone, x, y, width, height, plan_status (Booth.plan_status).
    labels: {booth id: exhibitor name}; short_labels: {booth id: what the booth itself shows} (the
    cooperative's short name; default: the name without its legal form); titles: {booth id: full
    tooltip} (overrides the default);
    links: {booth id: URL}; highlight: booth ids drawn emphasised (an exhibitor's own booths);
    selectable: booth ids marked as open to pick; mode: "status" or "zone"."""
    labels, links, titles, short_labels = labels or {}, links or {}, titles or {}, short_labels or {}
    highlight, selectable = set(highlight), set(selectable)
    colors = zone_colors(b.zone for b in booths)
    left, top, width, height = view_box(booths)
    # A picture, unless it holds links: an image's content is not interactive, a group's may be.
    role = "group" if links else "img"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="floor-plan plan-{escape(mode)}" '
        f'viewBox="{_num(left)} {_num(top)} {_num(width)} {_num(height)}" role="{role}" '
        f'aria-label="{escape(aria_label)}" preserveAspectRatio="xMidYMin meet">'
    ]
    for b in sorted(booths, key=lambda b: b.code):
        classes = ["booth", f"st-{b.plan_status}"]
        if b.id in highlight:
            classes.append("mine")
        if b.id in selectable:
            classes.append("open")
        fill = f' fill="{colors.get(b.zone, ZONE_PALETTE[-2])}"' if mode == "zone" else ""
        title = titles.get(b.id) or (f"{b.code} – {labels[b.id]}" if b.id in labels else b.code)
        size = max(0.3, min(b.width, b.height) * 0.3)
        shape = (
            f'<title>{escape(title)}</title>'
            f'<rect x="{_num(b.x)}" y="{_num(b.y)}" width="{_num(b.width)}" height="{_num(b.height)}"{fill}/>'
            f'<text x="{_num(b.x + b.width / 2)}" y="{_num(b.y + b.height / 2)}" font-size="{_num(size)}" '
            f'text-anchor="middle" dominant-baseline="central">{escape(b.code)}</text>'
        )
        if b.id in labels and b.height >= 2:
            small = size * 0.55
            fits = max(4, int(b.width * 0.9 / (small * 0.56)))  # characters of an average width
            lines = wrap_words(short_labels.get(b.id) or plain_name(labels[b.id]), fits)
            centre = _num(b.x + b.width / 2)
            spans = "".join(f'<tspan x="{centre}" dy="{_num(0 if i == 0 else small * 1.15)}">{escape(line)}</tspan>'
                            for i, line in enumerate(lines))
            top = b.y + b.height * 0.72 - (len(lines) - 1) * small * 0.55
            shape += (f'<text class="who" x="{centre}" y="{_num(top)}" font-size="{_num(small)}" '
                      f'text-anchor="middle">{spans}</text>')
        group = f'<g class="{" ".join(classes)}" data-booth="{b.id}" data-code="{escape(b.code)}">{shape}</g>'
        if b.id in links:
            group = f'<a href="{escape(links[b.id])}" aria-label="{escape(title)}">{group}</a>'
        parts.append(group)
    parts.append("</svg>")
    return "".join(parts)


def wrap_words(label: str, limit: int = 14, max_lines: int = 2) -> list[str]:
    """The label in lines of about `limit` characters, whole words only: a word is never cut; what
    does not fit in max_lines ends with "…" after a whole word (the full name is in the title)."""
    lines: list[str] = []
    current = ""
    for word in label.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= limit or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines:
            lines[-1] += "…"
            return lines
    if current:
        lines.append(current)
    return lines
