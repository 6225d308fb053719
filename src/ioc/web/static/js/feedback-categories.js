// Admin page of report categories: a form with a row per extra question, validated beside each field.

import { $, onReady, parseJson } from "./ioc/dom.js";
import { send, showError } from "./ioc/api.js";

const LIST_TYPES = ["singlevaluelist", "multivaluelist"];
const FIELDS = ["code", "group", "name", "name_en", "description", "keywords", "default_agency_code", "urgency",
  "sort_order"];

function fieldError(input, message) {
  const box = input.closest(".fb-field");
  let note = box.querySelector(".field-error");
  if (!note) {
    note = document.createElement("small");
    note.className = "field-error";
    note.id = `${input.id || input.name}-${Math.random().toString(36).slice(2, 8)}-error`;
    box.append(note);
  }
  note.textContent = message;
  input.setAttribute("aria-invalid", "true");
  input.setAttribute("aria-describedby", note.id);
}

function clearErrors(form) {
  form.querySelectorAll(".field-error").forEach((n) => n.remove());
  form.querySelectorAll("[aria-invalid]").forEach((n) => { n.removeAttribute("aria-invalid"); n.removeAttribute("aria-describedby"); });
  const box = form.querySelector(".alert-error");
  box.hidden = true;
}

function toggleValues(row) {
  const list = LIST_TYPES.includes(row.querySelector("[data-sub=datatype]").value);
  row.querySelector(".fb-attr-values").hidden = !list;
}

function addRow(form, attr = {}) {
  const row = $("#cat-attr-row").content.firstElementChild.cloneNode(true);
  const sub = (name) => row.querySelector(`[data-sub=${name}]`);
  sub("code").value = attr.code || "";
  sub("description").value = attr.description || "";
  sub("datatype").value = attr.datatype || "string";
  sub("required").checked = Boolean(attr.required);
  sub("values").value = (attr.values || []).map((v) => `${v.key} = ${v.name}`).join("\n");
  sub("datatype").addEventListener("change", () => toggleValues(row));
  row.querySelector(".fb-attr-remove").addEventListener("click", () => row.remove());
  $("#cat-attrs", form).append(row);
  toggleValues(row);
  return row;
}

function fill(form, data) {
  clearErrors(form);
  for (const name of FIELDS) form.elements[name].value = data[name] ?? (name === "sort_order" ? 100 : "");
  form.elements.urgency.value = data.urgency || "normal";
  form.elements.public.checked = data.public !== false;
  form.elements.active.checked = data.active !== false;
  form.elements.code.readOnly = Boolean(data.code);
  $("#cat-attrs", form).replaceChildren();
  (data.attributes || []).forEach((a) => addRow(form, a));
  const title = $("#fb-cat-title");
  title.textContent = data.code ? title.dataset.edit : title.dataset.new;
}

function values(row) {
  return row.querySelector("[data-sub=values]").value.split("\n").map((line) => line.trim()).filter(Boolean)
    .map((line) => {
      const [key, ...rest] = line.split("=");
      return { key: key.trim(), name: (rest.join("=") || key).trim() };
    });
}

function body(form) {
  const out = Object.fromEntries(FIELDS.map((name) => [name, form.elements[name].value.trim()]));
  out.sort_order = Number(out.sort_order || 100);
  out.default_agency_code = out.default_agency_code || null;
  out.public = form.elements.public.checked;
  out.active = form.elements.active.checked;
  out.attributes = [...form.querySelectorAll(".fb-attr-row")].map((row, i) => {
    const datatype = row.querySelector("[data-sub=datatype]").value;
    return { code: row.querySelector("[data-sub=code]").value.trim(), order: i + 1, datatype,
      description: row.querySelector("[data-sub=description]").value.trim(),
      required: row.querySelector("[data-sub=required]").checked,
      values: LIST_TYPES.includes(datatype) ? values(row) : [] };
  });
  return out;
}

// The input a problem's field names ("name", "attributes.1.description", "attributes.0.values.2.key").
function inputFor(form, field) {
  const parts = String(field || "").replace(/^body\./, "").split(".");
  if (parts[0] !== "attributes") return form.elements[parts[0]] || null;
  const rows = [...form.querySelectorAll(".fb-attr-row")];
  const row = /^\d+$/.test(parts[1] || "") ? rows[Number(parts[1])]
    : rows.find((r) => r.querySelector("[data-sub=code]").value.trim() === parts[1]);
  if (!row) return null;
  return row.querySelector(`[data-sub=${parts[2] === "values" ? "values" : parts[2] || "code"}]`);
}

function checkLocally(form) {
  let ok = true;
  form.querySelectorAll("input[required], input[pattern]").forEach((input) => {
    if (input.validity.valueMissing) { fieldError(input, form.dataset.msgRequired); ok = false; }
    else if (input.validity.patternMismatch) { fieldError(input, form.dataset.msgCode); ok = false; }
  });
  form.querySelectorAll(".fb-attr-row").forEach((row) => {
    const box = row.querySelector("[data-sub=values]");
    if (!row.querySelector(".fb-attr-values").hidden && (!values(row).length || values(row).some((v) => !v.key))) {
      fieldError(box, form.dataset.msgChoice);
      ok = false;
    }
  });
  return ok;
}

onReady(() => {
  const form = $("#fb-cat-form");
  if (!form) return;
  $("#cat-add-attr").addEventListener("click", () => addRow(form).querySelector("input").focus());
  form.addEventListener("reset", (e) => { e.preventDefault(); fill(form, {}); });
  document.querySelectorAll("[data-edit]").forEach((btn) => btn.addEventListener("click", () => {
    fill(form, parseJson(btn.dataset.edit, {}));
    form.scrollIntoView({ block: "start" });
    form.elements.name.focus();
  }));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    if (!checkLocally(form)) return;
    const data = body(form);
    try {
      await send(`/api/v1/feedback/categories/${encodeURIComponent(data.code)}`, "PUT", data);
      window.location.reload();
    } catch (err) {
      const errors = (err.problem && err.problem.errors) || [];
      const placed = errors.filter((x) => { const input = inputFor(form, x.field); if (input) fieldError(input, x.message); return input; });
      if (placed.length < errors.length || !errors.length) showError(form, err);
      const first = form.querySelector("[aria-invalid]");
      if (first) first.focus();
    }
  });
});
