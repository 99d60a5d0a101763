"""Arrivals per ten minutes as an SVG bar chart: data in, markup out (no database, no Flask)."""
from html import escape

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 12, 28
BAR = "#0b5394"
AXIS = "#6b7280"


def _nice_max(value):
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if value <= step * 4:
            return step * 4, step
    top = -(-value // 1000) * 1000
    return top, top // 4


def arrivals_svg(buckets, title="Arrivals"):
    """buckets: [(label "HH:MM", count)]. Returns a standalone <svg> element as a string."""
    label = escape(title)
    if not buckets:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
                f'aria-label="{label}" class="arrivals-chart"></svg>')
    top, step = _nice_max(max(count for _, count in buckets) or 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(buckets)
    bar_w = max(slot * 0.8, 1)
    # Label at most about twelve bars, on whole hours or halves where possible.
    every = max(1, -(-len(buckets) // 12))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{label}" class="arrivals-chart">']
    for tick in range(0, top + 1, step):
        y = TOP + plot_h - plot_h * tick / top
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
                     f'fill="{AXIS}">{tick}</text>')
    for index, (when, count) in enumerate(buckets):
        x = LEFT + index * slot + (slot - bar_w) / 2
        h = plot_h * count / top
        y = TOP + plot_h - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{BAR}">'
                     f'<title>{escape(str(when))}: {count}</title></rect>')
        if index % every == 0:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle" font-size="11" '
                         f'fill="{AXIS}">{escape(str(when))}</text>')
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="{AXIS}"/>')
    parts.append("</svg>")
    return "".join(parts)
