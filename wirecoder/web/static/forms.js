// Filter forms shared by the pages: fields, the values they hold, paging, errors shown next to their field, actor
// code completion and the named CAMEO/PLOVER/quad dropdowns.
import { h, api, qs } from "/static/dom.js";

export function setHash(page, params) { const q = qs(params); location.hash = `#/${page}${q ? "?" + q : ""}`; }
export function errorBox(err) { return h("div", { class: "error", role: "alert" }, `Error: ${err.message}`); }

export function field(label, name, value, attrs = {}) {
  return h("label", { "data-field": name }, label, h("input", { name, value: value ?? "", ...attrs }));
}
export function check(label, name, value) {
  return h("label", { "data-field": name }, h("input", { type: "checkbox", name, checked: value === "true" }), ` ${label}`);
}
export function select(label, name, value, options) {
  return h("label", { "data-field": name }, label, h("select", { name },
    h("option", { value: "" }, "any"),
    ...options.map(([v, text]) => h("option", { value: v, selected: String(v) === String(value ?? "") }, text))));
}

export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.type === "checkbox") { if (el.checked) out[el.name] = "true"; } else if (el.value !== "") out[el.name] = el.value;
  }
  return out;
}

export function pager(total, limit, offset, go) {
  const lim = +limit, off = +offset;
  return h("div", { class: "pager" },
    h("button", { type: "button", disabled: off <= 0, onclick: () => go(Math.max(0, off - lim)) }, "‹ Previous"),
    h("span", {}, total ? ` ${off + 1}–${Math.min(off + lim, total)} of ${total} ` : " nothing found "),
    h("button", { type: "button", disabled: off + lim >= total, onclick: () => go(off + lim) }, "Next ›"));
}

// What each field takes, said next to the API's own message when a value is refused.
const HINTS = { root: "a CAMEO root, 01–20", country: "a country code, ISO3 (RUS) or ISO2 (RU)",
  place_country: "a country code, ISO3 (RUS) or ISO2 (RU)", since: "a date, YYYY-MM-DD", until: "a date, YYYY-MM-DD",
  quad: "a quad class, 1–4", min_confidence: "a number from 0 to 1", plover: "a PLOVER type, e.g. CONSULT",
  by: "a longer period or a shorter date range" };

// A refused value (422) is shown next to its field and the form stays as typed; other errors go in a box.
export function showError(form, err, box) {
  form.querySelectorAll(".field-error").forEach((el) => el.remove());
  form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
  let placed = false;
  for (const d of err.details || []) {
    const name = (d.loc || [])[1];
    const label = name && form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (!label) continue;
    const input = label.querySelector("input, select");
    if (input) input.setAttribute("aria-invalid", "true");
    const message = d.message || err.message;
    label.append(h("span", { class: "field-error", role: "alert" }, HINTS[name] ? `Expected ${HINTS[name]}: ${message}` : message));
    placed = true;
  }
  box.replaceChildren(placed ? h("p", { class: "muted" }, "Fix the marked field and try again.") : errorBox(err));
}

// Actor fields complete from the codes in the store (a shared <datalist>, filled as the user types).
let actorList = null;
export function actorField(label, name, value, attrs = {}) {
  if (!actorList || !actorList.isConnected) actorList = h("datalist", { id: "actor-codes" });
  const input = h("input", { name, value: value ?? "", list: "actor-codes", autocomplete: "off", maxlength: 100,
    placeholder: "RUS, NATO, Putin", ...attrs });
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const prefix = input.value.trim();
    if (!prefix) return;
    timer = setTimeout(async () => {
      const data = await api(`/api/actor-codes?${qs({ prefix, limit: 15 })}`);
      actorList.replaceChildren(...data.items.map((a) => h("option", { value: a.code }, `${a.name || ""} (${a.events})`)));
    }, 120);
  });
  return h("label", { "data-field": name }, label, input, actorList);
}

let VOCAB = null;
export async function vocabulary() {
  if (!VOCAB) VOCAB = await api("/api/vocabulary");
  return VOCAB;
}
export function rootSelect(vocab, value) {
  return select("CAMEO root", "root", value, vocab.cameo_roots.map((r) => [r.root, `${r.root} ${r.name}`]));
}
export function quadSelect(vocab, value) {
  return select("Quad", "quad", value, vocab.quads.map((q) => [q.quad, `${q.quad} ${q.name}`]));
}
export function ploverSelect(vocab, value) {
  return select("PLOVER", "plover", value, vocab.plover_types.map((t) => [t.type, t.type]));
}

// The filters every event view shares (events table, map), in one place.
export function eventFilterFields(vocab, p, { more = true } = {}) {
  const fields = [
    actorField("Actor", "actor", p.actor),
    field("Country", "country", p.country, { placeholder: "RUS or RU", maxlength: 3, size: 6 }),
    rootSelect(vocab, p.root), quadSelect(vocab, p.quad), ploverSelect(vocab, p.plover),
    field("Since", "since", p.since, { type: "date" }), field("Until", "until", p.until, { type: "date" }),
    check("asserted only", "asserted", p.asserted),
  ];
  if (more) {
    fields.push(check("both sides coded", "both_coded", p.both_coded), check("leave out statements (01)", "no_statements", p.no_statements),
      field("Place country", "place_country", p.place_country, { placeholder: "ISO3/ISO2", maxlength: 3, size: 6 }),
      field("Min. confidence", "min_confidence", p.min_confidence, { type: "number", min: 0, max: 1, step: 0.05, size: 5 }));
  }
  return fields;
}

// On a phone the long filter forms fold away (open when a filter is set), so the data is on the first screen.
export function foldable(form, params, keys) {
  const active = keys.some((k) => params[k] !== undefined && params[k] !== "");
  return h("details", { class: "filter-box", open: active || window.innerWidth > 700 },
    h("summary", {}, active ? "Filters (set)" : "Filters"), form);
}
