// A small, local reader of /openapi.json (FastAPI's Swagger UI loads from a CDN, so it is switched off): every
// endpoint with its parameters (enumerations spelled out), its responses (the 200 model, the errors such as 404)
// and the response models.
import { h } from "/static/dom.js";

const main = document.getElementById("main");
const spec = await (await fetch("/openapi.json")).json();
const schemas = (spec.components || {}).schemas || {};
main.replaceChildren(h("h1", {}, `${spec.info.title} ${spec.info.version}`), h("p", {}, spec.info.description || ""));
for (const [path, ops] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(ops)) {
    const params = (op.parameters || []).map((p) => h("tr", {},
      h("td", {}, h("code", {}, p.name)), h("td", {}, p.in), h("td", {}, p.required ? "required" : ""),
      h("td", {}, schemaText(p.schema)), h("td", {}, p.description || "")));
    const body = op.requestBody ? h("p", {}, "JSON body: ", h("code", {}, refName(op.requestBody))) : null;
    const responses = Object.entries(op.responses || {}).map(([status, r]) => h("li", { "data-status": status },
      h("code", {}, status), ` ${r.description || ""}`, responseModel(r) ? h("span", {}, " → ", schemaLink(responseModel(r))) : null));
    main.append(h("section", { class: "op", id: `op-${method}-${path}` },
      h("h2", {}, h("span", { class: "method" }, method.toUpperCase()), " ", h("code", {}, path)),
      h("p", {}, op.summary || ""),
      params.length ? h("div", { class: "table-box" }, h("table", {}, h("thead", {}, h("tr", {}, ...["name", "in", "", "type", "description"].map((t) => h("th", {}, t)))), h("tbody", {}, ...params))) : null,
      body, h("p", { class: "muted" }, "Responses:"), h("ul", { class: "responses" }, ...responses)));
  }
}
for (const [name, s] of Object.entries(schemas)) {
  const section = h("section", { class: "op schema", id: `schema-${name}` }, h("h2", {}, "Schema ", h("code", {}, name)), s.description ? h("p", {}, s.description) : null);
  if (s.enum) section.append(h("p", { class: "enum" }, "One of: ", ...s.enum.map((v) => h("code", {}, String(v)))));
  if (s.properties) section.append(h("ul", {}, ...Object.entries(s.properties).map(([k, v]) => h("li", {}, h("code", {}, k), " ", schemaText(v), " ", v.description || ""))));
  if (s.enum || s.properties) main.append(section);
}
if (location.hash) { const el = document.getElementById(decodeURIComponent(location.hash.slice(1))); if (el) el.scrollIntoView(); }

function refTarget(ref) { return ref.split("/").pop(); }
function schemaLink(s) {
  const name = s.$ref ? refTarget(s.$ref) : s.items && s.items.$ref ? refTarget(s.items.$ref) : null;
  return name ? h("a", { href: `#schema-${name}` }, s.items ? `list of ${name}` : name) : schemaText(s);
}
function responseModel(r) {
  const c = r.content && r.content["application/json"];
  return c && c.schema && (c.schema.$ref || (c.schema.items && c.schema.items.$ref)) ? c.schema : null;
}
function schemaText(s) {
  if (!s) return "";
  if (s.anyOf) return s.anyOf.map(schemaText).filter((t) => t !== "null").join(" | ");
  if (s.$ref) {
    const name = refTarget(s.$ref), target = schemas[name] || {};
    return target.enum ? `${name} (${target.enum.join(", ")})` : name;
  }
  if (s.type === "array" && s.items) return `list of ${schemaText(s.items)}`;
  let t = s.type || "";
  if (s.enum) t += ` (${s.enum.join(", ")})`;
  if (s.format) t += ` ${s.format}`;
  if (s.pattern) t += ` /${s.pattern}/`;
  if (s.minimum !== undefined || s.maximum !== undefined) t += ` [${s.minimum ?? ""}..${s.maximum ?? ""}]`;
  if (s.default !== undefined && s.default !== null) t += ` = ${s.default}`;
  return t;
}
function refName(rb) {
  const c = rb.content && rb.content["application/json"];
  return c && c.schema ? schemaText(c.schema) : "";
}
