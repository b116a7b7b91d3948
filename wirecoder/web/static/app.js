// wirecoder single-page UI: hash routes #/articles, #/article/ID, #/events, #/dyad, #/map, #/code.
// Plain ES modules, no framework, nothing from another host.
import { h, s, api, qs } from "/static/dom.js";
import { renderArticle } from "/static/article.js";

const main = document.getElementById("main");
let INFO = { read_only: true, max_paste_bytes: 200000 };

function route() {
  const raw = location.hash.replace(/^#\/?/, "") || "articles";
  const [path, query] = raw.split("?");
  const params = Object.fromEntries(new URLSearchParams(query || ""));
  const [page, ...rest] = path.split("/");
  document.querySelectorAll("nav a[data-page]").forEach((a) =>
    a.classList.toggle("active", a.dataset.page === page || (page === "article" && a.dataset.page === "articles")));
  const pages = { articles: articlesPage, article: articlePage, events: eventsPage, dyad: dyadPage, map: mapPage, code: codePage };
  const fn = pages[page] || notFound;
  main.replaceChildren(h("p", { class: "muted" }, "Loading…"));
  fn(params, decodeURIComponent(rest.join("/"))).catch((err) => main.replaceChildren(errorBox(err)));
}

function errorBox(err) { return h("div", { class: "error", role: "alert" }, `Error: ${err.message}`); }
function notFound() { main.replaceChildren(h("p", {}, "No such page.")); return Promise.resolve(); }
function setHash(page, params) { const q = qs(params); location.hash = `#/${page}${q ? "?" + q : ""}`; }

function field(label, name, value, attrs = {}) {
  return h("label", {}, label, h("input", { name, value: value ?? "", ...attrs }));
}
function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.type === "checkbox") { if (el.checked) out[el.name] = "true"; } else if (el.value !== "") out[el.name] = el.value;
  }
  return out;
}
function pager(total, limit, offset, go) {
  const lim = +limit, off = +offset;
  return h("div", { class: "pager" },
    h("button", { type: "button", disabled: off <= 0, onclick: () => go(Math.max(0, off - lim)) }, "‹ Previous"),
    h("span", {}, total ? ` ${off + 1}–${Math.min(off + lim, total)} of ${total} ` : " nothing found "),
    h("button", { type: "button", disabled: off + lim >= total, onclick: () => go(off + lim) }, "Next ›"));
}

// ---- Articles ------------------------------------------------------------------------------------------------
async function articlesPage(params) {
  const p = { limit: 50, offset: 0, ...params };
  const form = h("form", { class: "filters", id: "article-filters" },
    field("Search", "q", p.q, { type: "search", placeholder: "words in headline or text", maxlength: 200 }),
    field("Since", "since", p.since, { type: "date" }), field("Until", "until", p.until, { type: "date" }),
    field("Source", "source", p.source, { maxlength: 200 }),
    field("Country", "country", p.country, { placeholder: "ISO3, e.g. IRN", maxlength: 3, size: 5 }),
    h("label", {}, h("input", { type: "checkbox", name: "has_events", checked: p.has_events === "true" }), " with events"),
    h("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setHash("articles", formValues(form)); });
  const data = await api(`/api/articles?${qs(p)}`);
  const rows = data.items.map((a) => h("tr", {},
    h("td", {}, a.published_date || "—"),
    h("td", {}, h("a", { href: `#/article/${encodeURIComponent(a.id)}` }, a.headline || a.id)),
    h("td", {}, a.dateline_place || ""), h("td", {}, a.agency || ""),
    h("td", { class: "num" }, a.n_events), h("td", { class: "num" }, a.n_quotes), h("td", { class: "num" }, a.n_actors)));
  main.replaceChildren(h("h1", {}, "Articles"), form,
    h("table", { class: "data", id: "articles-table" },
      h("thead", {}, h("tr", {}, ...["Published", "Headline", "Dateline", "Agency", "Events", "Quotes", "Actors"].map((t) => h("th", {}, t)))),
      h("tbody", {}, ...rows)),
    pager(data.total, data.limit, data.offset, (offset) => setHash("articles", { ...params, offset })));
}

async function articlePage(params, id) {
  const record = await api(`/api/articles/${encodeURIComponent(id)}`);
  main.replaceChildren(h("p", {}, h("a", { href: "#/articles" }, "‹ Articles")), renderArticle(record));
}

// ---- Events --------------------------------------------------------------------------------------------------
const EVENT_COLS = [["date", "Date", "date"], ["source", "Source", "source"], ["cameo", "Action (CAMEO)", "cameo"],
  ["target", "Target", "target"], ["plover", "PLOVER", "plover"], ["quad", "Quad", "quad"], ["goldstein", "Goldstein", "goldstein"],
  ["status", "Status", null], ["text", "Evidence", null]];

async function eventsPage(params) {
  const p = { limit: 100, offset: 0, sort: "-date", ...params };
  const form = h("form", { class: "filters", id: "event-filters" },
    field("Actor", "actor", p.actor, { placeholder: "RUS, NATO, Putin", maxlength: 100 }),
    field("Country", "country", p.country, { placeholder: "ISO3", maxlength: 3, size: 5 }),
    field("CAMEO root", "root", p.root, { placeholder: "01-20", maxlength: 2, size: 4 }),
    h("label", {}, "Quad", h("select", { name: "quad" }, h("option", { value: "" }, "any"),
      ...[1, 2, 3, 4].map((q) => h("option", { value: q, selected: String(q) === p.quad }, String(q))))),
    field("PLOVER", "plover", p.plover, { placeholder: "CONSULT", maxlength: 40, size: 10 }),
    field("Since", "since", p.since, { type: "date" }), field("Until", "until", p.until, { type: "date" }),
    h("label", {}, h("input", { type: "checkbox", name: "asserted", checked: p.asserted === "true" }), " asserted only"),
    h("input", { type: "hidden", name: "sort", value: p.sort }),
    h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setHash("events", formValues(form)); });
  const data = await api(`/api/events?${qs(p)}`);
  const { limit, offset, ...csvParams } = p;
  const csv = h("a", { href: `/api/events.csv?${qs(csvParams)}`, id: "csv-link", download: "events.csv" }, "Download CSV");
  const head = EVENT_COLS.map(([key, label, sortKey]) => {
    if (!sortKey) return h("th", {}, label);
    const active = p.sort.replace("-", "") === sortKey;
    const next = active && !p.sort.startsWith("-") ? `-${sortKey}` : sortKey;
    return h("th", { class: active ? "sorted" : null },
      h("a", { href: "#", "data-sort": next, onclick: (ev) => { ev.preventDefault(); setHash("events", { ...params, sort: next, offset: 0 }); } },
        label, active ? (p.sort.startsWith("-") ? " ▼" : " ▲") : ""));
  });
  const rows = data.items.map((e) => h("tr", { class: [e.negated ? "negated" : "", !e.asserted ? "nonasserted" : ""].join(" ") },
    h("td", {}, e.date || "—"),
    h("td", {}, e.source_name || "", e.source_code ? h("code", {}, e.source_code) : null),
    h("td", {}, e.cameo_name || "", h("code", {}, e.cameo || "")),
    h("td", {}, e.target_name || "", e.target_code ? h("code", {}, e.target_code) : null),
    h("td", {}, e.plover_type || ""), h("td", { class: "num" }, e.quad ?? ""), h("td", { class: "num" }, e.goldstein ?? ""),
    h("td", {}, e.negated ? h("span", { class: "badge neg" }, "negated") : null,
      !e.asserted ? h("span", { class: "badge nonasserted" }, e.modality || "not asserted") : null),
    h("td", {}, h("a", { href: `#/article/${encodeURIComponent(e.article_id)}`, title: e.headline || "" }, e.text || "(text)"))));
  main.replaceChildren(h("h1", {}, "Events"), form, h("p", {}, csv),
    h("table", { class: "data", id: "events-table" }, h("thead", {}, h("tr", {}, ...head)), h("tbody", {}, ...rows)),
    pager(data.total, data.limit, data.offset, (off) => setHash("events", { ...params, offset: off })));
}

// ---- Dyad ----------------------------------------------------------------------------------------------------
const QUAD_NAMES = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];

async function dyadPage(params) {
  const p = { a: "NATO", b: "RUS", by: "month", ...params };
  const form = h("form", { class: "filters", id: "dyad-form" },
    field("Actor A", "a", p.a, { required: true, maxlength: 100 }), field("Actor B", "b", p.b, { required: true, maxlength: 100 }),
    h("label", {}, "Per", h("select", { name: "by" }, ...["day", "week", "month", "year"].map((v) => h("option", { value: v, selected: v === p.by }, v)))),
    h("label", {}, h("input", { type: "checkbox", name: "directed", checked: p.directed === "true" }), " A → B only"),
    h("label", {}, h("input", { type: "checkbox", name: "asserted", checked: p.asserted === "true" }), " asserted only"),
    h("button", { type: "submit" }, "Draw"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setHash("dyad", formValues(form)); });
  const data = await api(`/api/dyad?${qs(p)}`);
  main.replaceChildren(h("h1", {}, "Dyad timeline"), form,
    h("p", {}, `${data.total} event(s) between ${data.a} and ${data.b}${data.directed ? " (A → B)" : " (both directions)"}` +
      (data.undated ? `, ${data.undated} undated (not drawn)` : "")),
    data.periods.length ? dyadChart(data) : h("p", { class: "muted" }, "No dated events for this pair."),
    dyadTable(data));
}

function dyadChart(data) {
  const W = 820, H = 330, L = 50, R = 70, T = 30, B = 60;
  const n = data.periods.length;
  const maxCount = Math.max(1, ...data.periods.map((p) => p.events));
  const bw = (W - L - R) / n;
  const y = (v) => T + (H - T - B) * (1 - v / maxCount);
  const yg = (g) => T + (H - T - B) * (1 - (g + 10) / 20);
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", id: "dyad-chart", role: "img", "aria-label": "events per period by quad class" });
  for (let k = 0; k <= 4; k++) {
    const v = Math.round((maxCount * k) / 4);
    svg.append(s("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "grid" }), s("text", { x: L - 6, y: y(v) + 4, class: "axis", "text-anchor": "end" }, v));
  }
  for (const g of [-10, 0, 10]) svg.append(s("text", { x: W - R + 6, y: yg(g) + 4, class: "axis gold" }, g));
  svg.append(s("text", { x: 8, y: T - 14, class: "axis" }, "events"), s("text", { x: W - 8, y: T - 14, class: "axis gold", "text-anchor": "end" }, "mean Goldstein"));
  const line = [];
  data.periods.forEach((p, i) => {
    let base = 0;
    const x = L + i * bw + bw * 0.15;
    [p.q1, p.q2, p.q3, p.q4].forEach((c, q) => {
      if (!c) return;
      svg.append(s("rect", { x, width: bw * 0.7, y: y(base + c), height: y(base) - y(base + c), class: `bar quad-${q + 1}` },
        s("title", {}, `${p.period}: ${c} ${QUAD_NAMES[q]}`)));
      base += c;
    });
    if (n <= 40 || i % Math.ceil(n / 40) === 0) {
      svg.append(s("text", { x: x + bw * 0.35, y: H - B + 16, class: "axis", "text-anchor": "middle" }, p.period));
    }
    if (p.mean_goldstein !== null) line.push([x + bw * 0.35, yg(p.mean_goldstein), p]);
  });
  if (line.length > 1) svg.append(s("polyline", { points: line.map(([a, b]) => `${a},${b}`).join(" "), class: "gold-line" }));
  for (const [cx, cy, p] of line) svg.append(s("circle", { cx, cy, r: 4, class: "gold-dot" }, s("title", {}, `${p.period}: mean Goldstein ${p.mean_goldstein}`)));
  QUAD_NAMES.forEach((name, q) => {
    const lx = L + q * 180;
    svg.append(s("rect", { x: lx, y: H - 22, width: 12, height: 12, class: `bar quad-${q + 1}` }), s("text", { x: lx + 16, y: H - 12, class: "axis" }, name));
  });
  return svg;
}

function dyadTable(data) {
  return h("table", { class: "data", id: "dyad-table" },
    h("thead", {}, h("tr", {}, ...["Period", "Events", "Q1", "Q2", "Q3", "Q4", "Mean Goldstein"].map((t) => h("th", {}, t)))),
    h("tbody", {}, ...data.periods.map((p) => h("tr", {}, ...[p.period, p.events, p.q1, p.q2, p.q3, p.q4, p.mean_goldstein].map((v) => h("td", {}, v ?? "—"))))));
}

// ---- Map -----------------------------------------------------------------------------------------------------
let WORLD = null;
async function mapPage(params) {
  const form = h("form", { class: "filters", id: "map-filters" },
    field("Actor", "actor", params.actor, { maxlength: 100 }), field("CAMEO root", "root", params.root, { maxlength: 2, size: 4 }),
    field("Since", "since", params.since, { type: "date" }), field("Until", "until", params.until, { type: "date" }),
    h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setHash("map", formValues(form)); });
  if (!WORLD) WORLD = await api("/static/world-110m.json");
  const data = await api(`/api/places?${qs(params)}`);
  const svg = s("svg", { viewBox: "0 0 360 180", class: "map", id: "world-map", role: "img", "aria-label": "event places" });
  svg.append(s("rect", { x: 0, y: 0, width: 360, height: 180, class: "sea" }));
  for (let lon = -150; lon <= 150; lon += 30) svg.append(s("line", { x1: lon + 180, x2: lon + 180, y1: 0, y2: 180, class: "graticule" }));
  for (let lat = -60; lat <= 60; lat += 30) svg.append(s("line", { x1: 0, x2: 360, y1: 90 - lat, y2: 90 - lat, class: "graticule" }));
  for (const c of WORLD.countries) svg.append(s("path", { d: c.d, class: "land" }, s("title", {}, c.name || "")));
  const detail = h("div", { id: "place-detail", class: "muted" }, "Click a dot for its events.");
  // Every place the articles mention (dateline, captions, body), under the event dots.
  const mentioned = await api("/api/mentioned-places");
  for (const p of mentioned.items) {
    const ring = s("circle", { cx: p.longitude + 180, cy: 90 - p.latitude, r: 1.1, class: "place-ring", tabindex: 0 },
      s("title", {}, `${p.name || "?"} (${p.country || "?"}): mentioned ${p.mentions} time(s) in ${p.articles} article(s)`));
    ring.addEventListener("click", () => detail.replaceChildren(
      h("strong", {}, `${p.name} (${p.country || "?"}) ${p.latitude.toFixed(2)}, ${p.longitude.toFixed(2)}: mentioned in `),
      ...p.article_ids.map((id) => h("a", { href: `#/article/${encodeURIComponent(id)}`, class: "chip" }, id))));
    svg.append(ring);
  }
  const maxEvents = Math.max(1, ...data.items.map((p) => p.events));
  for (const p of data.items) {
    const dot = s("circle", { cx: p.longitude + 180, cy: 90 - p.latitude, r: 0.8 + 3.2 * Math.sqrt(p.events / maxEvents), class: "dot", tabindex: 0 },
      s("title", {}, `${p.name || "?"} (${p.country || "?"}): ${p.events} event(s) in ${p.articles} article(s), mean Goldstein ${p.mean_goldstein ?? "—"}`));
    dot.addEventListener("click", () => detail.replaceChildren(
      h("strong", {}, `${p.name} (${p.country || "?"}) ${p.latitude.toFixed(2)}, ${p.longitude.toFixed(2)}: ${p.events} event(s). `),
      h("a", { href: `#/events?${qs({ country: p.country || "" })}` }, "Events in this country"), " · Articles: ",
      ...p.article_ids.map((id) => h("a", { href: `#/article/${encodeURIComponent(id)}`, class: "chip" }, id))));
    svg.append(dot);
  }
  main.replaceChildren(h("h1", {}, "Map of places"), form,
    h("p", { class: "muted" }, `${data.items.length} event place(s) (filled dots, sized by events) and ${mentioned.items.length} place(s) mentioned (rings). Boundaries: ${WORLD.source}; equirectangular projection.`),
    svg, detail);
}

// ---- Code an article -----------------------------------------------------------------------------------------
async function codePage() {
  const text = h("textarea", { id: "code-text", name: "text", rows: 14, placeholder: "Paste a wire article (headline, dateline, body)…", required: true });
  const date = h("input", { id: "code-date", type: "date", name: "published" });
  const save = h("input", { id: "code-save", type: "checkbox", name: "save", disabled: INFO.read_only });
  const out = h("div", { id: "code-result" });
  const btn = h("button", { type: "submit", id: "code-submit" }, "Code");
  const form = h("form", { class: "code-form", id: "code-form" }, text,
    h("div", { class: "filters" }, h("label", {}, "Published ", date),
      h("label", { title: INFO.read_only ? "The server is read-only (start with --writable)" : "" }, save, " save to the store"),
      btn, h("span", { class: "muted" }, `at most ${INFO.max_paste_bytes.toLocaleString()} bytes`)));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    btn.disabled = true;
    out.replaceChildren(h("p", { class: "muted" }, "Coding… (the first article loads the language model)"));
    try {
      const body = { text: text.value, save: save.checked };
      if (date.value) body.published = date.value;
      const record = await api("/api/code", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      out.replaceChildren(renderArticle(record));
    } catch (err) {
      out.replaceChildren(errorBox(err));
    } finally {
      btn.disabled = false;
    }
  });
  main.replaceChildren(h("h1", {}, "Code an article"), form, out);
}

async function start() {
  try {
    INFO = await api("/api/info");
    document.getElementById("status").textContent =
      `${INFO.counts.articles} articles · ${INFO.counts.events} events${INFO.read_only ? " · read-only" : " · writable"}`;
  } catch (err) {
    document.getElementById("status").textContent = `store unavailable: ${err.message}`;
  }
  window.addEventListener("hashchange", route);
  route();
}
start();
