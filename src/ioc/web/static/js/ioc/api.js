// JSON over fetch for the page modules: same-origin credentials, the page's CSRF token on every write, and
// RFC 9457 problem details turned into an error with a readable message.

const csrfToken = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
// Problems come back in the page's language, whatever the browser's own setting says.
const pageLanguage = () => document.documentElement.lang || "vi";

/** An answer that was not 2xx: `status`, the problem document (`problem`) and its readable `message`. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problemMessage(problem) || String(status));
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }
}

// The problem's own words: `detail`, else its first field error, else its title (Open311 answers a list).
function problemMessage(problem) {
  if (!problem) return "";
  if (Array.isArray(problem)) return (problem[0] && problem[0].description) || "";
  const first = Array.isArray(problem.errors) && problem.errors[0];
  return problem.detail || (first && (first.detail || first.message)) || problem.title || "";
}

async function body(res) {
  const type = res.headers.get("content-type") || "";
  if (!type.includes("json")) return null;
  try { return await res.json(); } catch (e) { return null; }
}

/** fetch() with the session cookie; throws ApiError unless the answer is 2xx. */
export async function request(url, { method = "GET", json, form, headers = {}, accept = "application/json" } = {}) {
  const init = {
    method, credentials: "same-origin", headers: { Accept: accept, "Accept-Language": pageLanguage(), ...headers },
  };
  if (method !== "GET" && method !== "HEAD") init.headers["X-CSRF-Token"] = csrfToken();
  if (json !== undefined) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(json); }
  else if (form !== undefined) init.body = form;
  const res = await fetch(url, init);
  if (!res.ok) throw new ApiError(res.status, await body(res));
  return res;
}

/** GET a JSON document. */
export async function getJSON(url) {
  return (await request(url)).json();
}

/** GET a server-rendered HTML fragment. */
export async function getText(url) {
  return (await request(url, { accept: "text/html" })).text();
}

/** Send JSON (or a FormData as multipart) and return the JSON answer, or null when there is none. */
export async function send(url, method, data) {
  const isForm = typeof FormData !== "undefined" && data instanceof FormData;
  const res = await request(url, { method, ...(isForm ? { form: data } : { json: data }) });
  return body(res);
}

/** Show an error in the form's (or box's) `.alert-error`, prefixed by its data-msg-error text. */
export function showError(container, error) {
  const box = container && container.querySelector(".alert-error");
  if (!box) return;
  const message = typeof error === "string" ? error : error.message;
  const prefix = container.dataset.msgError;
  box.textContent = prefix && typeof error !== "string" ? `${prefix} ${message}` : message;
  box.hidden = false;
}
