// The Alerts page: the alerts of the latest period (GET /api/alerts), then, for the chosen one, its dyad's
// timeline (GET /api/dyad, asserted events) with the alert's period marked, and its evidence events.
import { h, s, api, qs } from "/static/dom.js";

const main = document.getElementById("main");
const QUAD_NAMES = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];

function params() { return Object.fromEntries(new URLSearchParams(location.hash.replace(/^#\??/, ""))); }

async function render() {
  const p = { by: "week", ...params() };
  const form = h("form", { class: "filters", id: "alerts-form" },
    h("label", {}, "Per", h("select", { name: "by" }, ...["day", "week", "month"].map((v) => h("option", { value: v, selected: v === p.by }, v)))),
    h("label", {}, "z", h("input", { name: "z", value: p.z ?? "3.5", size: 4 })),
    h("label", {}, "min events", h("input", { name: "min_events", value: p.min_events ?? "5", size: 4 })),
    h("button", { type: "submit" }, "Find"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    location.hash = qs({ ...values, key: "" });
  });
  const query = { by: p.by, z: p.z, min_events: p.min_events };
  const data = await api(`/api/alerts?${qs(query)}`);
  const chosen = data.alerts.find((a) => a.key === p.key) || data.alerts[0];
  main.replaceChildren(h("h1", {}, "Alerts"), form,
    h("p", { class: "muted" }, `${data.count} alert(s) for the latest ${data.by}; asserted events only. Method: docs/watch.md.`),
    alertTable(data.alerts, chosen, p),
    chosen ? await detail(chosen) : h("p", { class: "muted" }, "No dyad or actor departs from its history."));
}

function alertTable(alerts, chosen, p) {
  return h("table", { class: "data", id: "alerts-table" },
    h("thead", {}, h("tr", {}, ...["", "Kind", "Dyad / actor", "Period", "Score", "Events", "Mean Goldstein", "Material conflict", "History median", "Announced"].map((t) => h("th", {}, t)))),
    h("tbody", {}, ...alerts.map((a) => h("tr", { class: a === chosen ? "selected" : null, "data-key": a.key },
      h("td", {}, h("a", { href: "#" + qs({ ...p, key: a.key }) }, "show")),
      h("td", {}, h("span", { class: a.direction === "escalation" ? "badge neg" : "badge" }, a.direction), a.kind === "goldstein" ? "Goldstein shift" : "conflict spike"),
      h("td", {}, a.actors.join(a.directed ? " → " : " – "), a.scope === "actor" ? " (actor)" : ""),
      h("td", {}, `${a.period} – ${a.period_end}`),
      h("td", { class: "num" }, a.score),
      h("td", { class: "num" }, a.latest.events),
      h("td", { class: "num" }, a.latest.mean_goldstein ?? "—"),
      h("td", { class: "num" }, a.latest.material_conflict),
      h("td", { class: "num" }, a.history.median),
      h("td", {}, a.announced_at || "—")))));
}

async function detail(alert) {
  const parts = [h("h2", { id: "alert-title" }, `${alert.actors.join(alert.directed ? " → " : " – ")}: ${alert.direction}, ${alert.by} of ${alert.period}`)];
  if (alert.scope === "dyad") {
    const dyad = await api(`/api/dyad?${qs({ a: alert.actors[0], b: alert.actors[1], by: alert.by, asserted: true, directed: alert.directed })}`);
    parts.push(chart(dyad, alert));
  }
  parts.push(h("h2", {}, `Evidence (${alert.evidence.length} event(s))`),
    h("table", { class: "data", id: "evidence-table" },
      h("thead", {}, h("tr", {}, ...["Date", "Source", "CAMEO", "Target", "Goldstein", "Sentence", "Article"].map((t) => h("th", {}, t)))),
      h("tbody", {}, ...alert.evidence.map((e) => h("tr", {},
        h("td", {}, e.date), h("td", {}, e.source ?? "—"), h("td", {}, e.cameo ?? "—"), h("td", {}, e.target ?? "—"),
        h("td", { class: "num" }, e.goldstein), h("td", {}, e.sentence || e.text || ""),
        h("td", {}, h("a", { href: `/#/article/${encodeURIComponent(e.article_id)}` }, e.article_id)))))));
  return h("section", { id: "alert-detail" }, ...parts);
}

function chart(data, alert) {
  const W = 820, H = 300, L = 50, R = 60, T = 24, B = 50;
  const periods = data.periods;
  if (!periods.length) return h("p", { class: "muted" }, "No dated events for this pair.");
  const n = periods.length, bw = (W - L - R) / n;
  const maxCount = Math.max(1, ...periods.map((p) => p.events));
  const y = (v) => T + (H - T - B) * (1 - v / maxCount);
  const yg = (g) => T + (H - T - B) * (1 - (g + 10) / 20);
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", id: "alert-chart", role: "img", "aria-label": "events per period, alert period marked" });
  periods.forEach((p, i) => {
    const x = L + i * bw;
    if (alert.period.startsWith(p.period)) svg.append(s("rect", { x, y: T - 8, width: bw, height: H - T - B + 8, class: "alert-period" }, s("title", {}, `alert: ${alert.period}`)));
    let base = 0;
    [p.q1, p.q2, p.q3, p.q4].forEach((c, q) => {
      if (!c) return;
      svg.append(s("rect", { x: x + bw * 0.15, width: bw * 0.7, y: y(base + c), height: y(base) - y(base + c), class: `bar quad-${q + 1}` }, s("title", {}, `${p.period}: ${c} ${QUAD_NAMES[q]}`)));
      base += c;
    });
    if (n <= 12 || i % Math.ceil(n / 10) === 0) svg.append(s("text", { x: x + bw / 2, y: H - B + 16, class: "axis", "text-anchor": "middle" }, p.period));
  });
  const line = periods.map((p, i) => p.mean_goldstein === null ? null : `${L + i * bw + bw / 2},${yg(p.mean_goldstein)}`).filter(Boolean);
  if (line.length > 1) svg.append(s("polyline", { points: line.join(" "), class: "gold-line" }));
  for (const g of [-10, 0, 10]) svg.append(s("text", { x: W - R + 6, y: yg(g) + 4, class: "axis gold" }, g));
  svg.append(s("text", { x: 8, y: T - 10, class: "axis" }, "events"), s("text", { x: W - 8, y: T - 10, class: "axis gold", "text-anchor": "end" }, "mean Goldstein"));
  return svg;
}

window.addEventListener("hashchange", () => render().catch(showError));
render().catch(showError);
function showError(err) { main.replaceChildren(h("div", { class: "error", role: "alert" }, `Error: ${err.message}`)); }
