// Silences page: create a silence from the form, expire one from its row; the page reloads to show the list.
import { onReady } from "./ioc/dom.js";
import { send, showError } from "./ioc/api.js";

onReady(() => {
  const form = document.getElementById("nt-silence-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const ends = new Date(Date.now() + Number(data.get("hours")) * 3600 * 1000);
    const body = {
      matchers: [{ label: data.get("label"), op: data.get("op"), value: data.get("value") }],
      endsAt: ends.toISOString(),
      comment: data.get("comment"),
    };
    try {
      await send("/api/v1/silences", "POST", body);
      window.location.reload();
    } catch (err) {
      showError(form, err);
    }
  });
  for (const link of document.querySelectorAll('#nt-silences a[href^="#expire-"]')) {
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      try {
        await send(`/api/v1/silences/${link.getAttribute("href").slice(8)}/expire`, "POST", {});
        window.location.reload();
      } catch (err) {
        showError(form, err);
      }
    });
  }
});
