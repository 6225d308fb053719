// Briefings page: make a briefing now, add and remove subscribers (admins).
import { $, onReady } from "./ioc/dom.js";
import { send, showError } from "./ioc/api.js";

onReady(() => {
  const made = $("#bf-new");
  if (made) {
    const kind = made.querySelector("[name=kind]");
    const period = made.querySelector("[name=period]");
    kind.addEventListener("change", () => { period.value = made.dataset[kind.value]; });
    made.addEventListener("submit", async (e) => {
      e.preventDefault();
      const body = { kind: kind.value, period: period.value.trim(), send: made.querySelector("[name=send]").checked };
      const button = made.querySelector("button");
      button.disabled = true;
      try { await send("/api/v1/briefings", "POST", body); location.reload(); }
      catch (err) { showError(made, err); button.disabled = false; }
    });
  }
  const joinForm = $("#bf-subscribe");
  if (joinForm) {
    joinForm.addEventListener("submit", async (e) => {
      e.preventDefault();
      const data = new FormData(joinForm);
      const body = { email: data.get("email"), name: data.get("name") || "", weekly: data.has("weekly"),
        monthly: data.has("monthly") };
      try { await send("/api/v1/briefings/subscribers", "POST", body); location.reload(); }
      catch (err) { showError(joinForm, err); }
    });
  }
  const list = $("#bf-subscribers");
  if (list) {
    list.addEventListener("click", async (e) => {
      const id = e.target.closest("[data-remove]")?.dataset.remove;
      if (!id) return;
      try { await send(`/api/v1/briefings/subscribers/${id}`, "DELETE"); location.reload(); }
      catch (err) { showError(list, err); }
    });
  }
});
