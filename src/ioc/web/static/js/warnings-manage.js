// Staff page of public warnings: create or edit (PATCH) a warning, publish it, cancel it.
import { onReady, parseJson } from "./ioc/dom.js";
import { send, showError } from "./ioc/api.js";
import { refreshOn } from "./ioc/refresh.js";

const API = "/api/v1/warnings";
const local = (iso) => (iso ? new Date(iso).toLocaleString("sv-SE", { timeZone: "Asia/Ho_Chi_Minh" }).slice(0, 16).replace(" ", "T") : "");
const utc = (value) => (value ? new Date(`${value}:00+07:00`).toISOString() : null);

function body(form) {
  const f = form.elements;
  const texts = (lang) => ({ headline: f[`${lang}_headline`].value, description: f[`${lang}_description`].value,
    instruction: f[`${lang}_instruction`].value });
  const out = { category: f.category.value, severity: f.severity.value, urgency: f.urgency.value,
    certainty: f.certainty.value, event: f.event.value, expires: utc(f.expires.value), vi: texts("vi"),
    en: f.en_headline.value.trim() ? texts("en") : null,
    area_codes: [...f.area_codes.selectedOptions].map((o) => o.value) };
  if (f.effective.value) out.effective = utc(f.effective.value);
  return out;
}

function fill(form, w) {
  const f = form.elements;
  f.id.value = w.id;
  for (const k of ["category", "severity", "urgency", "certainty", "event"]) f[k].value = w[k];
  f.effective.value = local(w.effective);
  f.expires.value = local(w.expires);
  for (const lang of ["vi", "en"]) for (const k of ["headline", "description", "instruction"]) {
    f[`${lang}_${k}`].value = (w[lang] && w[lang][k]) || "";
  }
  for (const o of f.area_codes.options) o.selected = w.area_codes.includes(o.value);
  document.getElementById("pw-form-title").textContent = form.dataset.titleEdit;
  document.getElementById("pw-editor").open = true;
  form.scrollIntoView({ behavior: "smooth" });
}

onReady(() => {
  const form = document.getElementById("pw-form");
  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const id = form.elements.id.value;
      try {
        await send(id ? `${API}/${id}` : API, id ? "PATCH" : "POST", body(form));
        window.location.reload();
      } catch (err) { showError(form, err); }
    });
    form.addEventListener("reset", () => {
      form.elements.id.value = "";
      document.getElementById("pw-form-title").textContent = form.dataset.titleNew;
    });
  }
  document.getElementById("pw-manage-list").addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-act]");
    if (!button) return;
    const w = parseJson(button.closest("li").dataset.warning, {});
    if (button.dataset.act === "edit") return fill(form, w);
    try {
      await send(`${API}/${w.id}/${button.dataset.act}`, "POST", {});
      window.location.reload();
    } catch (err) {
      const box = document.getElementById("pw-list-error");
      box.textContent = err.message; box.hidden = false;
    }
  });
  // Another operator's change reloads the list, unless this one is writing in the editor.
  refreshOn("public_warnings.warning.>", () => {
    if (!(document.getElementById("pw-editor") || {}).open) window.location.reload();
  });
});
