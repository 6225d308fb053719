// The layers admin page (/layers): upload a file with its description, show the import's errors
// (each feature it names), delete a layer.

import { onReady, escapeHtml } from "./ioc/dom.js";
import { send, showError } from "./ioc/api.js";

function listErrors(box, err) {
  const errors = (err.problem && err.problem.errors) || [];
  box.innerHTML = errors.filter((e) => e.feature).map((e) =>
    `<li>#${escapeHtml(String(e.feature))}: ${escapeHtml(e.detail || "")}</li>`).join("");
  box.hidden = !box.innerHTML;
}

async function upload(form) {
  const errors = document.getElementById("layer-errors");
  const done = document.getElementById("layer-done");
  const data = new FormData(form);
  const repair = data.get("repair") === "true";
  data.delete("repair");
  if (!data.get("crs")) data.delete("crs");
  form.querySelector(".alert-error").hidden = true;
  errors.hidden = true;
  done.hidden = true;
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const layer = await send(`/api/v1/layers${repair ? "?repair=true" : ""}`, "POST", data);
    done.textContent = form.dataset.msgDone.replace("{n}", layer.feature_count);
    done.hidden = false;
    setTimeout(() => window.location.reload(), 600);
  } catch (err) {
    showError(form, err);
    listErrors(errors, err);
  } finally {
    button.disabled = false;
  }
}

onReady(() => {
  const form = document.getElementById("layer-form");
  if (form) form.addEventListener("submit", (e) => { e.preventDefault(); upload(form); });
  const table = document.getElementById("layer-table");
  if (table) table.addEventListener("click", async (e) => {
    const b = e.target.closest("[data-delete]");
    if (!b || !window.confirm(b.dataset.confirm)) return;
    await send(`/api/v1/layers/${b.dataset.delete}`, "DELETE");
    b.closest("tr").remove();
  });
});
