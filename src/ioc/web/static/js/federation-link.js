// The province's upward link: save the national URL, queue a round now.
import { onReady } from "./ioc/dom.js";
import { send, showError } from "./ioc/api.js";
import { refreshOn } from "./ioc/refresh.js";

onReady(() => {
  const form = document.getElementById("fed-link-form");
  if (!form) return;
  // Queued, delivered or refused: the link's state on this page follows the outbox live.
  refreshOn(["federation.>", "outbox.message.attempted"], () => window.location.reload(), {
    delay: 2000, filter: (evt) => !evt.subject.startsWith("outbox.") || evt.data.topic === "federation.snapshot",
  });
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
