// One bar chart for every honest series (/api/dyad, /api/series): asserted events stacked by quad class; when
// the series counts all events, negated and hypothetical ones hatched on top; the mean Goldstein score as a line
// with gaps at empty periods. The axis is continuous (the API lists empty periods). Clicking a bar calls onBar.
import { s } from "/static/dom.js";
import { QUAD } from "/static/explain.js";

const LEFT_OUT = [["negated", "negated", "hatch-neg"], ["not_asserted", "hypothetical, planned, denied", "hatch-hyp"]];

function defs() {
  const d = s("defs", {});
  for (const [id, path] of [["hatch-neg", "M0,0 L6,6 M6,0 L0,6"], ["hatch-hyp", "M0,6 L6,0"]]) {
    d.append(s("pattern", { id, width: 6, height: 6, patternUnits: "userSpaceOnUse" },
      s("rect", { width: 6, height: 6, class: "hatch-ground" }), s("path", { d: path, class: "hatch-line" })));
  }
  return d;
}

export function seriesChart(data, { id = "series-chart", onBar = null } = {}) {
  const W = 820, H = 330, L = 50, R = 70, T = 30, B = 60;
  const periods = data.periods;
  const n = periods.length;
  const all = data.counted === "all";
  const height = (p) => p.q1 + p.q2 + p.q3 + p.q4 + (all ? p.negated + p.not_asserted : 0);
  const maxCount = Math.max(1, ...periods.map(height));
  const bw = (W - L - R) / Math.max(1, n);
  const y = (v) => T + (H - T - B) * (1 - v / maxCount);
  const yg = (g) => T + (H - T - B) * (1 - (g + 10) / 20);
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", id, role: "img", "aria-label": "events per period by quad class" });
  svg.append(defs());
  for (let k = 0; k <= 4; k++) {
    const v = Math.round((maxCount * k) / 4);
    svg.append(s("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "grid" }), s("text", { x: L - 6, y: y(v) + 4, class: "axis", "text-anchor": "end" }, v));
  }
  for (const g of [-10, 0, 10]) svg.append(s("text", { x: W - R + 6, y: yg(g) + 4, class: "axis gold" }, g));
  svg.append(s("text", { x: 8, y: T - 14, class: "axis" }, "events"), s("text", { x: W - 8, y: T - 14, class: "axis gold", "text-anchor": "end" }, "mean Goldstein"));
  const labelEvery = Math.max(1, Math.ceil(n / 12));   // about 60 px per label: no overlap
  let segment = [];
  const lines = [segment];
  periods.forEach((p, i) => {
    const x = L + i * bw + bw * 0.15;
    const g = s("g", { class: "period", "data-period": p.start, "data-events": p.events });
    const tip = `${p.period}: ${p.events} event(s) counted, mean Goldstein ${p.mean_goldstein ?? "—"}` + (p.negated || p.not_asserted ? `; ${p.negated} negated, ${p.not_asserted} hypothetical or planned${all ? " (hatched)" : " left out"}` : "");
    // A full-height transparent target, so thin and empty bars can be clicked too.
    g.append(s("rect", { x: L + i * bw, width: bw, y: T, height: H - T - B, class: "bar-hit" }, s("title", {}, tip)));
    let base = 0;
    [p.q1, p.q2, p.q3, p.q4].forEach((c, q) => {
      if (!c) return;
      g.append(s("rect", { x, width: bw * 0.7, y: y(base + c), height: y(base) - y(base + c), class: `bar quad-${q + 1}` }, s("title", {}, `${p.period}: ${c} ${QUAD[q + 1]}`)));
      base += c;
    });
    if (all) {
      for (const [key, label, pattern] of LEFT_OUT) {
        const c = p[key];
        if (!c) continue;
        g.append(s("rect", { x, width: bw * 0.7, y: y(base + c), height: y(base) - y(base + c), class: `bar left-out ${key}`, fill: `url(#${pattern})` }, s("title", {}, `${p.period}: ${c} ${label}`)));
        base += c;
      }
    }
    if (onBar) { g.addEventListener("click", () => onBar(p)); g.setAttribute("tabindex", 0); g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onBar(p); }); }
    svg.append(g);
    if (i % labelEvery === 0) svg.append(s("text", { x: x + bw * 0.35, y: H - B + 16, class: "axis", "text-anchor": "middle" }, p.period));
    if (p.mean_goldstein === null) { if (segment.length) { segment = []; lines.push(segment); } return; }
    segment.push([x + bw * 0.35, yg(p.mean_goldstein), p]);
  });
  for (const seg of lines) {
    if (seg.length > 1) svg.append(s("polyline", { points: seg.map(([a, b]) => `${a},${b}`).join(" "), class: "gold-line" }));
    for (const [cx, cy, p] of seg) svg.append(s("circle", { cx, cy, r: 4, class: "gold-dot" }, s("title", {}, `${p.period}: mean Goldstein ${p.mean_goldstein}`)));
  }
  const legend = [1, 2, 3, 4].map((q) => [QUAD[q], `bar quad-${q}`, null]);
  if (all) legend.push(["negated", "bar left-out", "url(#hatch-neg)"], ["hypothetical", "bar left-out", "url(#hatch-hyp)"]);
  const step = (W - L) / legend.length;
  legend.forEach(([name, cls, fill], k) => {
    const lx = L + k * step;
    svg.append(s("rect", { x: lx, y: H - 22, width: 12, height: 12, class: cls, fill }), s("text", { x: lx + 16, y: H - 12, class: "axis" }, name));
  });
  return svg;
}
