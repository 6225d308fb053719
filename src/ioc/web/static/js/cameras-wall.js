// Video wall: MJPEG tiles play their stream; in 9- and 16-tile grids each tile shows one frame at a time
// (browsers open at most six connections per server over HTTP/1.1), refreshed in turn.
import { onReady } from "./ioc/dom.js";
import { refreshOn } from "./ioc/refresh.js";

const FRAME_MS = 1500;

onReady(() => {
  const wall = document.getElementById("cam-wall");
  if (!wall) return;
  const images = [...wall.querySelectorAll("img.cam-img")];
  if (wall.dataset.live === "frames") {
    let turn = 0;
    setInterval(() => {
      if (!images.length || document.hidden) return;
      const img = images[turn % images.length];
      img.src = `${img.dataset.src}?frames=1&t=${Date.now()}`;
      turn += 1;
    }, Math.max(250, FRAME_MS / Math.max(1, images.length)));
  } else {
    // A stream answer ends after a while (IOC_FACILITIES_STREAM_MAX_SECONDS): open it again.
    for (const img of images) {
      img.addEventListener("error", () => setTimeout(() => { img.src = `${img.dataset.src}?t=${Date.now()}`; }, 3000));
    }
  }
  refreshOn("events.event.recorded", () => window.location.reload(), { delay: 5000 });
});
