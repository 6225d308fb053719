// The banner of public warnings in force, on citizen pages that include public_warnings/_banner_slot.html.
import { onReady } from "./ioc/dom.js";
import { getText } from "./ioc/api.js";

onReady(async () => {
  const slot = document.getElementById("pw-banner-slot");
  if (!slot) return;
  try {
    slot.innerHTML = await getText(slot.dataset.src);
  } catch {
    slot.hidden = true; // no banner is better than a broken one on a citizen's phone
  }
});
