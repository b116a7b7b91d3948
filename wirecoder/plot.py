"""Plots from the store (matplotlib, Agg: no display needed): a dyad over time and the most active actors.

``plot_dyad(store, "NATO", "RUS", by="month")`` draws event counts per period stacked by CAMEO quad class (verbal
cooperation, material cooperation, verbal conflict, material conflict) with the mean Goldstein score on a second
axis. ``plot_actors(store)`` draws the actors in most events. The actor arguments match like ``wirecoder events
--source/--target``: a code prefix (``RUS`` matches ``RUSGOV``), a country code or a name. A map of event places
is not built yet.
"""
from __future__ import annotations

from pathlib import Path

from .store import Store, dyad_series
from .store.counts import top_actors as count_top_actors

QUADS = {1: ("verbal cooperation", "#4c9f70"), 2: ("material cooperation", "#1f6f8b"),
         3: ("verbal conflict", "#e0a040"), 4: ("material conflict", "#c0392b")}


class NothingToPlot(LookupError):
    """No event matches what was asked for."""


def _figure(width: float = 10, height: float = 5):
    from matplotlib.figure import Figure  # a bare Figure renders with Agg: no pyplot state, no display

    fig = Figure(figsize=(width, height), dpi=100)
    return fig, fig.add_subplot(1, 1, 1)


# Events left out of counts by default, drawn apart (hatched, on top of the asserted bars) when asked for.
LEFT_OUT = {"negated": ("negated", "#ffffff", "xxx"), "not_asserted": ("hypothetical, planned, denied", "#ffffff", "///")}


def plot_dyad(store: Store, source: str, target: str, out: str | Path, by: str = "month", both: bool = False,
              asserted: bool = False, since=None, until=None, include_all: bool = False) -> int:
    """Write the dyad figure to ``out`` (PNG, SVG or PDF by extension); return the number of events counted."""
    return plot_dyad_series(store, source, target, out, by, both, asserted, since, until, include_all)["total"]


def plot_dyad_series(store: Store, source: str, target: str, out: str | Path, by: str = "month", both: bool = False,
                     asserted: bool = False, since=None, until=None, include_all: bool = False) -> dict:
    """Draw :func:`wirecoder.store.dyad_series` (honest counts, continuous axis) to ``out`` and return the series
    drawn: the numbers ``wirecoder plot dyad --json`` prints and the web's dyad chart shows."""
    series = dyad_series(store, source, target, by, directed=not both, asserted=asserted, since=since,
                         until=until, include_all=include_all)
    rows = series["periods"]
    if not rows or not any(r["events"] for r in rows):
        left = f" ({series['left_out']} negated or hypothetical left out: --all shows them)" if series["left_out"] else ""
        raise NothingToPlot(f"no dated events from {source} to {target}" + (" or back" if both else "") + left)
    periods = [r["period"] for r in rows]
    fig, ax = _figure()
    x = list(range(len(periods)))
    bottom = [0] * len(periods)
    for quad, (label, colour) in QUADS.items():
        counts = [r[f"q{quad}"] for r in rows]
        if any(counts):
            ax.bar(x, counts, bottom=bottom, color=colour, label=label, width=0.8)
            bottom = [b + c for b, c in zip(bottom, counts)]
    if include_all:  # put back, drawn apart: hatched segments on top of the asserted events
        for key, (label, colour, hatch) in LEFT_OUT.items():
            counts = [r[key] for r in rows]
            if any(counts):
                ax.bar(x, counts, bottom=bottom, color=colour, edgecolor="#555555", hatch=hatch, label=label,
                       width=0.8)
                bottom = [b + c for b, c in zip(bottom, counts)]
    ax.set_ylabel("events")
    step = max(1, len(periods) // 40)  # a continuous axis can be long: label at most about 40 periods
    ax.set_xticks(x[::step])
    ax.set_xticklabels(periods[::step], rotation=45, ha="right", fontsize=8)
    line = ax.twinx()
    # Gaps in the line where a period has no counted event (mean None -> NaN).
    line.plot(x, [float("nan") if r["mean_goldstein"] is None else r["mean_goldstein"] for r in rows],
              color="black", marker="o", linewidth=1.5, label="mean Goldstein")
    line.set_ylim(-10.5, 10.5)
    line.axhline(0, color="grey", linewidth=0.5, linestyle=":")
    line.set_ylabel("mean Goldstein score")
    arrow = "↔" if both else "→"
    note = " (all events, negated and hypothetical hatched)" if include_all else \
        (f" (asserted; {series['left_out']} negated or hypothetical left out)" if series["left_out"] else " (asserted)")
    ax.set_title(f"{source} {arrow} {target}: events per {by}{note}", fontsize=10)
    handles, labels = ax.get_legend_handles_labels()
    h2, l2 = line.get_legend_handles_labels()
    ax.legend(handles + h2, labels + l2, loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(out)
    return series


def top_actors(store: Store, top: int = 20, asserted: bool = False, include_all: bool = False) -> list[tuple]:
    """(code, name, events as source, events as target) for the actors in most counted events
    (:func:`wirecoder.store.counts.top_actors`, which also gives their negated and hypothetical events: asserted
    events only unless ``include_all``)."""
    return [(r["code"], r["name"], r["as_source"], r["as_target"])
            for r in count_top_actors(store, top, include_all=include_all)]


def plot_actors(store: Store, out: str | Path, top: int = 20, asserted: bool = False,
                include_all: bool = False) -> int:
    """Write a horizontal bar chart of the ``top`` actors by events (as source and as target; with
    ``include_all`` their negated and hypothetical events hatched after them); return how many."""
    rows = [(r["code"], r["name"], r["as_source"], r["as_target"], r["not_asserted"])
            for r in count_top_actors(store, top, include_all=include_all)]
    if not rows:
        raise NothingToPlot("no events with coded actors in the store")
    rows = rows[::-1]  # largest at the top
    fig, ax = _figure(9, max(3.0, 0.35 * len(rows) + 1.2))
    y = list(range(len(rows)))
    ax.barh(y, [int(r[2]) for r in rows], color="#1f6f8b", label="as source")
    ax.barh(y, [int(r[3]) for r in rows], left=[int(r[2]) for r in rows], color="#e0a040", label="as target")
    if include_all:
        ax.barh(y, [int(r[4]) for r in rows], left=[int(r[2]) + int(r[3]) for r in rows], color="#ffffff",
                edgecolor="#555555", hatch="///", label="negated or hypothetical")
    ax.set_yticks(y)
    ax.set_yticklabels([f"{r[0]}  {(r[1] or '')[:30]}" for r in rows], fontsize=8)
    ax.set_xlabel("events")
    ax.set_title(f"Top {len(rows)} actors by events" + (" (all events)" if include_all else " (asserted events)"))
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(out)
    return len(rows)
