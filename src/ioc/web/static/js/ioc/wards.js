// The province's ward boundaries (GeoJSON), fetched once per page however many maps draw them.

import { getJSON } from "./api.js";

const WARDS_URL = "/api/v1/areas/geojson?level=ward";
let pending = null;

/** The ward FeatureCollection; every caller on the page shares one request. A failed load is retried next call. */
export function wardGeoJSON() {
  if (!pending) pending = getJSON(WARDS_URL).catch((err) => { pending = null; throw err; });
  return pending;
}
