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
QUADS = {1: ("verbal cooperation", "#4c9f70"), 2: ("material cooperation", "#1f6f8b"),
         3: ("verbal conflict", "#e0a040"), 4: ("material conflict", "#c0392b")}


class NothingToPlot(LookupError):
    """No event matches what was asked for."""


def _figure(width: float = 10, height: float = 5):
    from matplotlib.figure import Figure  # a bare Figure renders with Agg: no pyplot state, no display

    fig = Figure(figsize=(width, height), dpi=100)
    return fig, fig.add_subplot(1, 1, 1)


def plot_dyad(store: Store, source: str, target: str, out: str | Path, by: str = "month", both: bool = False,
              asserted: bool = False, since=None, until=None) -> int:
    """Write the dyad figure to ``out`` (PNG, SVG or PDF by extension); return the number of events plotted."""
    series = dyad_series(store, source, target, by, directed=not both, asserted=asserted, since=since,
                         until=until)
    rows = series["periods"]
    if not rows:
        raise NothingToPlot(f"no dated events from {source} to {target}" + (" or back" if both else ""))
    periods = [r["period"] for r in rows]
    counts = {q: [r[f"q{q}"] for r in rows] for q in QUADS}
    totals = [r["events"] for r in rows]
    fig, ax = _figure()
    x = list(range(len(periods)))
    bottom = [0] * len(periods)
    for quad, (label, colour) in QUADS.items():
        if any(counts[quad]):
            ax.bar(x, counts[quad], bottom=bottom, color=colour, label=label, width=0.8)
            bottom = [b + c for b, c in zip(bottom, counts[quad])]
    ax.set_ylabel("events")
    ax.set_xticks(x)
    ax.set_xticklabels(periods, rotation=45, ha="right", fontsize=8)
    line = ax.twinx()
    line.plot(x, [r["mean_goldstein"] for r in rows], color="black", marker="o",
              linewidth=1.5, label="mean Goldstein")
    line.set_ylim(-10.5, 10.5)
    line.axhline(0, color="grey", linewidth=0.5, linestyle=":")
    line.set_ylabel("mean Goldstein score")
    arrow = "↔" if both else "→"
    ax.set_title(f"{source} {arrow} {target}: events per {by}" + (" (asserted only)" if asserted else ""))
    handles, labels = ax.get_legend_handles_labels()
    h2, l2 = line.get_legend_handles_labels()
    ax.legend(handles + h2, labels + l2, loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(out)
    return sum(totals)


def top_actors(store: Store, top: int = 20, asserted: bool = False) -> list[tuple]:
    """(code, name, events as source, events as target) for the actors in most events."""
    where = "WHERE asserted" if asserted else ""
    return store.con.execute(f"""
        WITH sides AS (
            SELECT unnest(source_codes) AS code, unnest(source_names) AS name, 1 AS src, 0 AS tgt FROM events {where}
            UNION ALL
            SELECT unnest(target_codes), unnest(target_names), 0, 1 FROM events {where})
        SELECT code, mode(name), sum(src) AS as_source, sum(tgt) AS as_target FROM sides
        WHERE code IS NOT NULL GROUP BY code ORDER BY sum(src) + sum(tgt) DESC, code LIMIT ?""", [top]).fetchall()


def plot_actors(store: Store, out: str | Path, top: int = 20, asserted: bool = False) -> int:
    """Write a horizontal bar chart of the ``top`` actors by events (as source and as target); return how many."""
    rows = top_actors(store, top, asserted)
    if not rows:
        raise NothingToPlot("no events with coded actors in the store")
    rows = rows[::-1]  # largest at the top
    fig, ax = _figure(9, max(3.0, 0.35 * len(rows) + 1.2))
    y = list(range(len(rows)))
    ax.barh(y, [int(r[2]) for r in rows], color="#1f6f8b", label="as source")
    ax.barh(y, [int(r[3]) for r in rows], left=[int(r[2]) for r in rows], color="#e0a040", label="as target")
    ax.set_yticks(y)
    ax.set_yticklabels([f"{r[0]}  {(r[1] or '')[:30]}" for r in rows], fontsize=8)
    ax.set_xlabel("events")
    ax.set_title(f"Top {len(rows)} actors by events" + (" (asserted only)" if asserted else ""))
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(out)
    return len(rows)
