// Directive pages: issue a directive, take an action on an assignment; the list follows live events.
import { $, onReady } from "./ioc/dom.js";
import { send, showError } from "./ioc/api.js";
import { refreshOn } from "./ioc/refresh.js";

function newBody(form) {
  const data = new FormData(form);
  const body = { title: data.get("title"), content: data.get("content") || "", lead_agency: data.get("lead_agency"),
    priority: data.get("priority") || "normal" };
  const lead = body.lead_agency;
  body.support_agencies = data.getAll("support_agencies").filter((c) => c !== lead);
  if (data.get("doc_ref")) body.doc_ref = data.get("doc_ref");
  if (data.get("area_code")) body.area_code = data.get("area_code");
  if (data.get("due_date")) body.due_date = data.get("due_date");
  else body.due_in_working_days = Number(data.get("due_in_working_days") || 10);
  if (data.get("source_kind")) { body.source_kind = data.get("source_kind"); body.source_id = data.get("source_id"); }
  return body;
}

function actBody(form, action) {
  const data = new FormData(form);
  if (action === "progress" || action === "complete") {
    const links = String(data.get("links") || "").split(/\s+/).filter(Boolean);
    const body = { text: data.get("text"), links };
    if (data.get("percent") !== null) body.percent = Number(data.get("percent"));
    return body;
  }
  if (action === "return" || action === "accept") return { reason: data.get("reason") || "" };
  return undefined;
}

onReady(() => {
  const created = $("#dv-new");
  if (created) {
    created.addEventListener("submit", async (e) => {
      e.preventDefault();
      try { const d = await send("/api/v1/directives", "POST", newBody(created)); location.href = `/directives/${d.id}`; }
      catch (err) { showError(created, err); }
    });
  }
  const detail = $("#dv-detail");
  for (const form of document.querySelectorAll("form.dv-act")) {
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const { action, agency } = form.dataset;
      const url = `/api/v1/directives/${detail.dataset.id}/${action}?agency=${encodeURIComponent(agency)}`;
      try { await send(url, "POST", actBody(form, action)); location.reload(); } catch (err) { showError(form, err); }
    });
  }
  if ($("#dv-list") || detail) refreshOn("directives.>", () => location.reload());
});
