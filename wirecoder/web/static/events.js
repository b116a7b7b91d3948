// The events page: filters researchers use, top dyads and actors over them, the events over time (drawn, and as
// CSV), and the table (sortable, paged, CSV) whose rows say why each event was coded.
import { h, api, qs } from "/static/dom.js";
import { seriesChart } from "/static/chart.js";
import { actorCode } from "/static/explain.js";
import { eventRow } from "/static/rows.js";
import { eventFilterFields, foldable, formValues, pager, select, setHash, showError, vocabulary } from "/static/forms.js";

const COLS = [["Date", "date"], ["Source", "source"], ["Action (CAMEO)", "cameo"], ["Target", "target"], ["PLOVER", "plover"],
  ["Quad", "quad"], ["Goldstein", "goldstein"], ["Place", null], ["Status", null], ["Evidence", null], ["Headline", null], ["Why", null]];
const FILTER_KEYS = ["actor", "country", "root", "quad", "plover", "since", "until", "asserted", "both_coded", "no_statements",
  "place_country", "min_confidence", "place_from"];

export async function eventsPage(main, params) {
  const p = { limit: 100, offset: 0, sort: "-date", ...params };
  const filters = Object.fromEntries(FILTER_KEYS.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
  // Every request at once: the dropdowns' names, the page of events, the top lists and the series.
  const data$ = Promise.all([api(`/api/events?${qs(p)}`), api(`/api/top?${qs({ ...filters, n: 8 })}`),
    api(`/api/series?${qs({ ...filters, by: p.by })}`)]);
  data$.catch(() => null);   // handled below, once the form is on the page
  const vocab = await vocabulary();
  const per = select("Counts per", "by", p.by, ["day", "week", "month", "quarter", "year"].map((v) => [v, v]));
  per.querySelector("option[value='']").textContent = "auto";
  const form = h("form", { class: "filters", id: "event-filters" }, ...eventFilterFields(vocab, p), per,
    h("input", { type: "hidden", name: "sort", value: p.sort }), h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setHash("events", formValues(form)); });
  const status = h("div", { id: "events-status" });
  main.replaceChildren(h("h1", {}, "Events"), foldable(form, p, [...FILTER_KEYS, "by"]), status);
  let data, top, series;
  try {
    [data, top, series] = await data$;
  } catch (err) { showError(form, err, status); return; }
  const { limit, offset, ...csvParams } = p;
  const csv = h("a", { href: `/api/events.csv?${qs(csvParams)}`, id: "csv-link", download: "events.csv" }, "Download events (CSV)");
  const head = COLS.map(([label, sortKey]) => {
    if (!sortKey) return h("th", {}, label);
    const active = p.sort.replace("-", "") === sortKey;
    const next = active && !p.sort.startsWith("-") ? `-${sortKey}` : sortKey;
    return h("th", { class: active ? "sorted" : null },
      h("a", { href: "#", "data-sort": next, onclick: (ev) => { ev.preventDefault(); setHash("events", { ...params, sort: next, offset: 0 }); } },
        label, active ? (p.sort.startsWith("-") ? " ▼" : " ▲") : ""));
  });
  main.append(topLists(top), overTime(series, filters),
    h("h2", {}, `Events (${data.total})`), h("p", {}, csv),
    h("div", { class: "table-box" }, h("table", { class: "data", id: "events-table" }, h("thead", {}, h("tr", {}, ...head)), h("tbody", {}, ...data.items.map(eventRow)))),
    pager(data.total, data.limit, data.offset, (off) => setHash("events", { ...params, offset: off })));
}

function topLists(top) {
  const dyads = h("ol", { id: "top-dyads" }, ...top.dyads.map((d) => h("li", {},
    h("a", { href: `#/dyad?${qs({ a: d.source, b: d.target, directed: "true" })}` }, `${d.source} → ${d.target}`),
    ` ${d.events}`, d.not_asserted ? h("span", { class: "muted" }, ` (+${d.not_asserted} not asserted)`) : null)));
  const actors = h("ol", { id: "top-actors" }, ...top.actors.map((a) => h("li", {}, actorCode(a.code), ` ${a.name || ""} `,
    h("span", { class: "muted" }, `${a.events} (${a.as_source} as source, ${a.as_target} as target)`))));
  return h("div", { class: "top-lists" },
    h("section", {}, h("h2", {}, "Top dyads"), top.dyads.length ? dyads : h("p", { class: "muted" }, "No dyad with both sides coded.")),
    h("section", {}, h("h2", {}, "Top actors"), top.actors.length ? actors : h("p", { class: "muted" }, "No coded actor.")));
}

function overTime(series, filters) {
  const csv = h("a", { href: `/api/series.csv?${qs({ ...filters, by: series.by })}`, id: "series-csv", download: "events-over-time.csv" }, "Download counts (CSV)");
  const note = series.left_out ? `; ${series.left_out} negated or hypothetical left out` : "";
  return h("section", { id: "over-time" }, h("h2", {}, `Counted events per ${series.by}`),
    h("p", { class: "muted" }, `${series.total} asserted event(s)${note}. `, csv),
    series.periods.length ? h("div", { class: "chart-box" }, seriesChart(series, { id: "events-chart" })) : h("p", { class: "muted" }, "No dated events."));
}
