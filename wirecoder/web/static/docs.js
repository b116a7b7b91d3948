// A small, local reader of /openapi.json (FastAPI's Swagger UI loads from a CDN, so it is switched off).
import { h } from "/static/dom.js";

const main = document.getElementById("main");
const spec = await (await fetch("/openapi.json")).json();
main.replaceChildren(h("h1", {}, `${spec.info.title} ${spec.info.version}`), h("p", {}, spec.info.description || ""));
for (const [path, ops] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(ops)) {
    const params = (op.parameters || []).map((p) => h("tr", {},
      h("td", {}, h("code", {}, p.name)), h("td", {}, p.in), h("td", {}, p.required ? "required" : ""),
      h("td", {}, schemaText(p.schema)), h("td", {}, p.description || "")));
    const body = op.requestBody ? h("p", {}, "JSON body: ", h("code", {}, refName(op.requestBody))) : null;
    main.append(h("section", { class: "op" },
      h("h2", {}, h("span", { class: "method" }, method.toUpperCase()), " ", h("code", {}, path)),
      h("p", {}, op.summary || ""),
      params.length ? h("table", {}, h("thead", {}, h("tr", {}, ...["name", "in", "", "type", "description"].map((t) => h("th", {}, t)))), h("tbody", {}, ...params)) : null,
      body,
      h("p", { class: "muted" }, "Responses: " + Object.keys(op.responses || {}).join(", "))));
  }
}
const schemas = (spec.components || {}).schemas || {};
for (const [name, s] of Object.entries(schemas)) {
  if (!s.properties) continue;
  main.append(h("section", { class: "op" }, h("h2", {}, "Schema ", h("code", {}, name)),
    h("ul", {}, ...Object.entries(s.properties).map(([k, v]) => h("li", {}, h("code", {}, k), ` ${schemaText(v)} `, v.description || "")))));
}

function schemaText(s) {
  if (!s) return "";
  if (s.anyOf) return s.anyOf.map(schemaText).join(" | ");
  if (s.$ref) return s.$ref.split("/").pop();
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
