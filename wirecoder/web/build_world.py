"""Build ``static/world-110m.json`` (country outlines as SVG paths) from Natural Earth 1:110m TopoJSON.

Run once by a developer, not at run time; the output is committed. Source: the npm package ``world-atlas@2.0.2``
(``countries-110m.json``: Natural Earth 4.1.0 Admin 0 boundaries, public domain; packaging ISC)::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m wirecoder.web.build_world package/countries-110m.json

Paths are in an equirectangular frame: x = longitude + 180, y = 90 - latitude (a 360 x 180 viewBox).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).parent / "static" / "world-110m.json"


def _arcs(topo: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring(indexes: list[int], arcs) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def _unwrap(ring):
    """Longitudes made continuous (a ring crossing the antimeridian goes past 180 instead of jumping back)."""
    out, shift = [], 0.0
    for k, (lon, lat) in enumerate(ring):
        if k and abs(lon + shift - out[-1][0]) > 180:
            shift += 360 if out[-1][0] > lon + shift else -360
        out.append((lon + shift, lat))
    return out


def _ring_path(ring, dx: float = 0.0) -> str:
    coords = [f"{lon + 180 + dx:.1f} {90 - lat:.1f}" for lon, lat in ring]
    dedup = [c for k, c in enumerate(coords) if k == 0 or c != coords[k - 1]]
    return "M" + "L".join(dedup) + "Z" if len(dedup) > 2 else ""


def _path(rings) -> str:
    parts = []
    for ring in rings:
        flat = _unwrap(ring)
        parts.append(_ring_path(flat))
        lons = [lon for lon, _ in flat]
        if max(lons) > 180:      # crosses the antimeridian: draw the copy that shows on the other side too
            parts.append(_ring_path(flat, -360))
        if min(lons) < -180:
            parts.append(_ring_path(flat, 360))
    return "".join(parts)


def build(source: Path, out: Path = OUT) -> int:
    topo = json.loads(source.read_text(encoding="utf-8"))
    arcs = _arcs(topo)
    countries = []
    for geom in topo["objects"]["countries"]["geometries"]:
        if geom["type"] == "Polygon":
            polys = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polys = geom["arcs"]
        else:
            continue
        rings = [_ring(r, arcs) for poly in polys for r in poly]
        countries.append({"id": geom.get("id"), "name": (geom.get("properties") or {}).get("name"),
                          "d": _path(rings)})
    out.write_text(json.dumps({"source": "Natural Earth 1:110m Admin 0 (public domain), via world-atlas 2.0.2",
                               "viewBox": [0, 0, 360, 180], "countries": countries},
                              separators=(",", ":")), encoding="utf-8")
    return len(countries)


if __name__ == "__main__":
    print(build(Path(sys.argv[1])), "countries written to", OUT)
