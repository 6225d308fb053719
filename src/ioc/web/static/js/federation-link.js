// The province's upward link: save the national URL, queue a round now.
import { onReady } from "./ioc/dom.js";
import { send, showError } from "./ioc/api.js";
import { refreshOn } from "./ioc/refresh.js";

onReady(() => {
  const form = document.getElementById("fed-link-form");
  if (!form) return;
  refreshOn("federation.>", () => window.location.reload(), { delay: 2000 });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await send("/api/v1/federation/link", "PUT", { url: form.elements.url.value });
      window.location.reload();
    } catch (err) { showError(form, err); }
  });
  document.getElementById("fed-push").addEventListener("click", async () => {
    try {
      await send("/api/v1/federation/link/push", "POST", { datasets: [] });
      window.location.reload();
    } catch (err) { showError(form, err); }
  });
});
