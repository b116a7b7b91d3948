// The dyad page: events between two actors per period, counted honestly (negated and hypothetical events left out
// unless "show negated and hypothetical" is ticked, then hatched), every period on the axis; a bar lists its events.
import { h, api, qs } from "/static/dom.js";
import { seriesChart } from "/static/chart.js";
import { eventRow, EVENT_HEAD } from "/static/rows.js";
import { actorField, check, formValues, setHash, showError } from "/static/forms.js";

export async function dyadPage(main, params) {
  const p = { a: "NATO", b: "RUS", by: "month", ...params };
  const form = h("form", { class: "filters", id: "dyad-form" },
    actorField("Actor A", "a", p.a, { required: true }), actorField("Actor B", "b", p.b, { required: true }),
    h("label", { "data-field": "by" }, "Per", h("select", { name: "by" }, ...["day", "week", "month", "quarter", "year"].map((v) => h("option", { value: v, selected: v === p.by }, v)))),
    check("A → B only", "directed", p.directed),
    check("show negated and hypothetical", "all", p.all),
    h("button", { type: "submit" }, "Draw"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setHash("dyad", formValues(form)); });
  const status = h("div", { id: "dyad-status" });
  main.replaceChildren(h("h1", {}, "Dyad timeline"), form, status);
  let data;
  try {
    data = await api(`/api/dyad?${qs(p)}`);
  } catch (err) { showError(form, err, status); return; }
  const bar = h("div", { id: "bar-events" }, h("p", { class: "muted" }, "Click a bar for its events."));
  const onBar = async (period) => {
    const q = { a: p.a, b: p.b, by: p.by, directed: p.directed, all: p.all, period: period.start };
    const list = await api(`/api/dyad/events?${qs(q)}`);
    bar.replaceChildren(h("h2", {}, `${period.period}: ${list.total} event(s)${p.all === "true" ? "" : " counted (asserted)"}`),
      h("div", { class: "table-box" }, h("table", { class: "data", id: "bar-events-table" }, EVENT_HEAD(), h("tbody", {}, ...list.items.map(eventRow)))));
  };
  const left = data.left_out ? `; ${data.left_out} negated or hypothetical event(s) left out` : "";
  const shown = data.counted === "all" ? "; negated and hypothetical events counted, hatched" : left;
  main.append(
    h("p", { id: "dyad-summary" }, `${data.total} event(s) between ${data.a} and ${data.b}${data.directed ? " (A → B)" : " (both directions)"}${shown}` +
      (data.undated ? `, ${data.undated} undated (not drawn)` : "")),
    data.periods.length ? h("div", { class: "chart-box" }, seriesChart(data, { id: "dyad-chart", onBar })) : h("p", { class: "muted" }, "No dated events for this pair."),
    bar, seriesTable(data, "dyad-table"));
}

export function seriesTable(data, id) {
  const cols = ["period", "events", "q1", "q2", "q3", "q4", "negated", "not_asserted", "mean_goldstein"];
  const names = ["Period", "Counted", "Q1", "Q2", "Q3", "Q4", "Negated", "Hypothetical etc.", "Mean Goldstein"];
  return h("div", { class: "table-box" }, h("table", { class: "data", id },
    h("thead", {}, h("tr", {}, ...names.map((t) => h("th", {}, t)))),
    h("tbody", {}, ...data.periods.filter((p) => p.events || p.negated || p.not_asserted).map((p) => h("tr", {}, ...cols.map((c) => h("td", {}, p[c] ?? "—")))))));
}
