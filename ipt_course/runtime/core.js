/* Shared by every kind of course page: versioned storage, text-only DOM helpers, notes to the
   reader, and the start-up. No framework, no network: texts are cloned from the page (never
   parsed as HTML) and progress stays in this browser's localStorage. */
export const VERSION = 1;
const PREFIX = `ipt-course:v${VERSION}:`, ANY_VERSION = /^ipt-course:v\d+:/;

/* One key per item; a bad record is ignored, never fatal. */
export const store = {
  available: (() => {
    try { localStorage.setItem(PREFIX + "probe", "1"); localStorage.removeItem(PREFIX + "probe"); return true; }
    catch { return false; }
  })(),
  read(id) {            // -> {record} | {problem} | {} (nothing saved)
    let raw, rec;
    try { raw = localStorage.getItem(PREFIX + id); } catch { return {}; }
    if (raw === null) return store.olderVersion(id) ? { problem: "old" } : {};
    try { rec = JSON.parse(raw); } catch { return { problem: "corrupt" }; }
    return validRecord(rec, id) ? { record: rec } : { problem: "corrupt" };
  },
  keys() {
    try { return Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)); } catch { return []; }
  },
  olderVersion(id) {
    return store.keys().some(key => ANY_VERSION.test(key) && !key.startsWith(PREFIX) && key.slice(key.indexOf(":", 11) + 1) === id);
  },
  write(rec) {
    rec.v = VERSION; rec.updated ||= new Date().toISOString();   // imports keep their date
    try { localStorage.setItem(PREFIX + rec.id, JSON.stringify(rec)); return true; } catch { return false; }
  },
  remove(id) { try { localStorage.removeItem(PREFIX + id); } catch { /* nothing saved */ } },
  all() {
    return store.keys().filter(key => key.startsWith(PREFIX) && key !== PREFIX + "probe")
      .map(key => store.read(key.slice(PREFIX.length)).record).filter(Boolean)
      .sort((a, b) => a.id < b.id ? -1 : 1);
  }
};

export function validRecord(r, id) {
  return !!r && typeof r === "object" && r.v === VERSION && r.id === id && typeof r.title === "string" &&
    (r.kind === "quiz" || r.kind === "vignette") && (r.status === "started" || r.status === "completed") &&
    isCount(r.score) && isCount(r.max) && typeof r.updated === "string" && !isNaN(Date.parse(r.updated)) &&
    (r.kind === "quiz" ? !!r.answers && typeof r.answers === "object" : Array.isArray(r.path));
}
export const isCount = n => Number.isInteger(n) && n >= 0;

const NOTES = {
  old: "Saved progress from an older version of this course was found and ignored; you are starting afresh.",
  corrupt: "Saved progress for this item could not be read and was ignored; you are starting afresh.",
  unavailable: "This browser is not keeping progress (storage is blocked or full). Everything works, but answers are not saved.",
  stale: "The content of this item has changed since you last saved, so your saved answers were ignored."
};
/* Show one of the NOTES (or a text of its own) in the element's note area. */
export function note(root, key) {
  const p = root.querySelector(".ipt-note");
  if (p) { p.textContent = NOTES[key] || key; p.hidden = false; }
}

/* Restore what this browser saved for an item, or say why nothing is restored. */
export function restoreSaved(root, id, restore) {
  if (!store.available) return note(root, "unavailable");
  const r = store.read(id);
  if (r.problem) note(root, r.problem);
  else if (r.record) restore(r.record);
}

/* ---- DOM helpers: text only; fragments of the page are cloned ---- */
export function el(tag, attrs = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) k === "text" ? e.textContent = v : e.setAttribute(k, v);
  e.append(...children.filter(Boolean));
  return e;
}
export function cloneKids(node) {
  const f = document.createDocumentFragment();
  if (node) f.append(...Array.from(node.childNodes, c => c.cloneNode(true)));
  return f;
}
export const setLive = (live, children) => live.replaceChildren(...children.filter(Boolean));
export function button(text, cls, onClick) {
  const b = el("button", { type: "button", class: cls, text });
  b.addEventListener("click", onClick);
  return b;
}
export const onClick = (root, sel, fn) => root.querySelector(sel).addEventListener("click", fn);
export const dataOf = root => JSON.parse(root.querySelector("script.ipt-data").textContent);
export const $$ = (root, sel) => Array.from(root.querySelectorAll(sel));

/* Make every element matching each selector interactive; one that fails says so and the rest go on. */
export function start(kinds) {
  const run = () => {
    for (const [sel, make] of kinds) {
      for (const root of $$(document, sel)) {
        try { make(root); } catch (e) { note(root, "This item could not start: " + e.message); }
      }
    }
    performance.mark?.("ipt-course-ready");
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run); else run();
}
