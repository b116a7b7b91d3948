// The map: event places (filled dots: placed by the event's clause; hollow squares: placed only by the article's
// dateline), places the filtered articles mention (rings), what is not on the map and why, zoom and pan, and a
// table of the places with their counts.
import { h, s, api, qs } from "/static/dom.js";
import { eventFilterFields, foldable, formValues, select, setHash, showError, vocabulary } from "/static/forms.js";

let WORLD = null;
const FULL = [0, 0, 360, 180];

export async function mapPage(main, params) {
  if (!WORLD) WORLD = api("/static/world-110m.json");   // a promise until it is loaded, shared by later visits
  const data$ = Promise.all([api(`/api/places?${qs(params)}`), api(`/api/mentioned-places?${qs(params)}`), WORLD]);
  data$.catch(() => null);   // handled below, once the form is on the page
  const vocab = await vocabulary();
  const form = h("form", { class: "filters", id: "map-filters" }, ...eventFilterFields(vocab, params, { more: false }),
    select("Placed by", "place_from", params.place_from, [["clause", "the event's clause"], ["sentence", "its sentence"], ["dateline", "the dateline only"], ["article", "the article's main place"]]),
    h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setHash("map", formValues(form)); });
  const status = h("div", { id: "map-status" });
  main.replaceChildren(h("h1", {}, "Map of places"), foldable(form, params, Object.keys(params)), status);
  let data, mentioned;
  try {
    [data, mentioned, WORLD] = await data$;
  } catch (err) { showError(form, err, status); return; }
  const svg = s("svg", { viewBox: FULL.join(" "), class: "map", id: "world-map", role: "img", "aria-label": "event places" });
  svg.append(s("rect", { x: -360, y: -180, width: 1080, height: 540, class: "sea" }));
  for (let lon = -150; lon <= 150; lon += 30) svg.append(s("line", { x1: lon + 180, x2: lon + 180, y1: 0, y2: 180, class: "graticule" }));
  for (let lat = -60; lat <= 60; lat += 30) svg.append(s("line", { x1: 0, x2: 360, y1: 90 - lat, y2: 90 - lat, class: "graticule" }));
  for (const c of WORLD.countries) svg.append(s("path", { d: c.d, class: "land" }, s("title", {}, c.name || "")));
  const detail = h("div", { id: "place-detail", class: "muted" }, "Click (or tap) a place for its events.");
  const marks = s("g", { class: "marks" });
  for (const p of mentioned.items) {
    const ring = s("circle", { cx: p.longitude + 180, cy: 90 - p.latitude, r: 1.4, class: "place-ring", tabindex: 0 },
      s("title", {}, `${p.name || "?"} (${p.country || "?"}): mentioned ${p.mentions} time(s) in ${p.articles} article(s)`));
    ring.addEventListener("click", () => detail.replaceChildren(
      h("strong", {}, `${p.name} (${p.country || "?"}): mentioned in `),
      ...p.article_ids.map((id) => h("a", { href: `#/article/${encodeURIComponent(id)}`, class: "chip" }, id))));
    marks.append(ring);
  }
  const maxEvents = Math.max(1, ...data.items.map((p) => p.events));
  const show = (p) => detail.replaceChildren(
    h("strong", {}, `${p.name} (${p.country || "?"}) ${p.latitude.toFixed(2)}, ${p.longitude.toFixed(2)}: ${p.events} event(s)${p.dateline ? ", placed by the dateline only" : ""}. `),
    h("a", { href: `#/events?${qs({ ...params, place_country: p.country || "", place_from: p.dateline ? "dateline" : "" })}` }, "These events"), " · Newest events: ",
    ...p.event_ids.map((id, i) => h("a", { href: `#/article/${encodeURIComponent(p.event_article_ids[i])}?event=${encodeURIComponent(id)}`, class: "chip event-link" }, `${i + 1}`)));
  for (const p of data.items) {
    // At least 2.2 units (about 8 px on a phone) with a wide transparent edge: large enough to tap.
    const r = 2.2 + 3.2 * Math.sqrt(p.events / maxEvents);
    const x = p.longitude + 180, y = 90 - p.latitude;
    const title = s("title", {}, `${p.name || "?"} (${p.country || "?"}): ${p.events} event(s) in ${p.articles} article(s)${p.dateline ? ", placed by the dateline only" : ""}, mean Goldstein ${p.mean_goldstein ?? "—"}`);
    const mark = p.dateline
      ? s("rect", { x: x - r * 0.8, y: y - r * 0.8, width: r * 1.6, height: r * 1.6, class: "dot dateline", tabindex: 0 }, title)
      : s("circle", { cx: x, cy: y, r, class: "dot", tabindex: 0 }, title);
    mark.addEventListener("click", () => show(p));
    marks.append(mark);
  }
  svg.append(marks);
  const unmapped = data.events - data.mapped;
  const summary = h("p", { id: "map-summary" },
    h("strong", {}, `${data.mapped} of ${data.events} event(s) mapped`),
    `, ${data.dateline_only} of them placed only by the dateline (hollow squares).`,
    unmapped ? ` Not on the map: ${data.no_place} with no place, ${data.not_geocoded} whose place the gazetteer did not resolve.` : "");
  main.append(summary, h("div", { class: "map-layout" },
    h("div", { class: "map-box" }, zoomControls(svg), svg,
      h("p", { class: "muted small" }, `Filled dots: placed by the text (the event's clause or sentence, or the article's main place); hollow squares: by the dateline only; rings: ${mentioned.items.length} place(s) the articles mention. Drag to pan, wheel or buttons to zoom. Boundaries: ${WORLD.source}; equirectangular projection.`),
      detail),
    placeTable(data, show)));
}

function placeTable(data, show) {
  return h("div", { class: "table-box places-box" }, h("table", { class: "data", id: "places-table" },
    h("thead", {}, h("tr", {}, ...["Place", "Country", "Events", "Articles", "Placed by"].map((t) => h("th", {}, t)))),
    h("tbody", {}, ...data.items.map((p) => h("tr", {},
      h("td", {}, h("a", { href: "#", onclick: (ev) => { ev.preventDefault(); show(p); } }, p.name || "?")),
      h("td", {}, p.country || ""), h("td", { class: "num" }, p.events), h("td", { class: "num" }, p.articles),
      h("td", {}, p.dateline ? "dateline only" : "the text"))))));
}

// Zoom and pan by changing the viewBox: buttons, the mouse wheel, and dragging (mouse or touch).
function zoomControls(svg) {
  let box = [...FULL];
  const set = () => svg.setAttribute("viewBox", box.map((v) => v.toFixed(2)).join(" "));
  const zoom = (f, cx = box[0] + box[2] / 2, cy = box[1] + box[3] / 2) => {
    const w = Math.min(360, Math.max(10, box[2] * f)), hgt = w / 2;
    box = [cx - (cx - box[0]) * (w / box[2]), cy - (cy - box[1]) * (hgt / box[3]), w, hgt];
    set();
  };
  svg.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const r = svg.getBoundingClientRect();
    zoom(ev.deltaY > 0 ? 1.25 : 0.8, box[0] + ((ev.clientX - r.left) / r.width) * box[2], box[1] + ((ev.clientY - r.top) / r.height) * box[3]);
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (ev) => { if (ev.target.classList.contains("dot") || ev.target.classList.contains("place-ring")) return; drag = [ev.clientX, ev.clientY, box[0], box[1]]; });
  svg.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    box[0] = drag[2] - ((ev.clientX - drag[0]) / r.width) * box[2];
    box[1] = drag[3] - ((ev.clientY - drag[1]) / r.height) * box[3];
    set();
  });
  for (const end of ["pointerup", "pointerleave", "pointercancel"]) svg.addEventListener(end, () => { drag = null; });
  return h("div", { class: "zoom" },
    h("button", { type: "button", id: "zoom-in", title: "Zoom in", onclick: () => zoom(0.5) }, "+"),
    h("button", { type: "button", id: "zoom-out", title: "Zoom out", onclick: () => zoom(2) }, "−"),
    h("button", { type: "button", id: "zoom-reset", title: "Whole world", onclick: () => { box = [...FULL]; set(); } }, "World"));
}
