/* Shared by every kind of course page: versioned storage, text-only DOM helpers, notes to the
   reader, and the start-up. No framework, no network: texts are cloned from the page (never
   parsed as HTML) and progress stays in this browser's localStorage. */
import { LOCALE, t, tn } from "./messages.js";
import { validQueue } from "./queue.js";
export { LOCALE, parts, t, tn } from "./messages.js";
export const VERSION = 2;
const PREFIX = `ipt-course:v${VERSION}:`, V1 = "ipt-course:v1:", ANY_VERSION = /^ipt-course:v\d+:/;
const isDate = d => typeof d === "string" && !isNaN(Date.parse(d));
export const isCount = n => Number.isInteger(n) && n >= 0;

/* One key per item; a bad record is ignored, never fatal. A record keeps every attempt begun (by
   its seed, which also fixes the order its options are shown in), the first completed attempt's
   score (what the course scores), the best score, when the item was first completed, and the
   attempt in progress (`now`). Restarting begins an attempt; nothing but "clear" forgets a completion. */
export const store = {
  available: (() => {
    try { localStorage.setItem(PREFIX + "probe", "1"); localStorage.removeItem(PREFIX + "probe"); return true; }
    catch { return false; }
  })(),
  read(id) {            // -> {record} | {problem} | {} (nothing saved)
    let raw;
    try { raw = localStorage.getItem(PREFIX + id); } catch { return {}; }
    if (raw === null) return store.readOld(id);
    const rec = parse(raw);
    return validRecord(rec, id) ? { record: rec } : { problem: "corrupt" };
  },
  readOld(id) {         // a version-1 record becomes a version-2 one, once
    let raw = null;
    try { raw = localStorage.getItem(V1 + id); } catch { /* unreadable: nothing to upgrade */ }
    if (raw === null) return store.olderVersion(id) ? { problem: "old" } : {};
    const rec = upgrade(parse(raw), id);
    if (!rec) return { problem: "corrupt" };
    if (store.write(rec)) store.remove(id, V1);
    return { record: rec };
  },
  keys() {
    try { return Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)); } catch { return []; }
  },
  olderVersion(id) {
    return store.keys().some(key => ANY_VERSION.test(key) && !key.startsWith(PREFIX) && idOf(key) === id);
  },
  write(rec) {
    rec.v = VERSION; rec.updated ||= new Date().toISOString();   // imports keep their date
    try { localStorage.setItem(PREFIX + rec.id, JSON.stringify(rec)); return true; } catch { return false; }
  },
  remove(id, prefix = PREFIX) { try { localStorage.removeItem(prefix + id); } catch { /* nothing saved */ } },
  all() {
    const ids = store.keys().filter(key => key.startsWith(PREFIX) || key.startsWith(V1)).map(idOf);
    return [...new Set(ids)].filter(id => id !== "probe").map(id => store.read(id).record).filter(Boolean)
      .sort((a, b) => a.id < b.id ? -1 : 1);
  }
};
const idOf = key => key.slice(key.indexOf(":", 11) + 1);   // ipt-course:vN:<id>
export function parse(text) { try { return JSON.parse(text); } catch { return null; } }

/* What a record of either format must be: this item, of a known kind, with a date and a maximum. */
const itemRecord = (r, id, v) => !!r && typeof r === "object" && r.v === v && r.id === id && typeof r.title === "string" &&
  ["quiz", "vignette", "written"].includes(r.kind) && isCount(r.max) && isDate(r.updated);
const isObject = o => !!o && typeof o === "object";
/* An attempt's state: a quiz's answers, a case's path (with the first choice at each scene, if kept), or a
   written answer's text, whether the model answer was shown, and the reader's ticks (null until rated). */
const STATES = {
  quiz: s => isObject(s.answers),
  vignette: s => Array.isArray(s.path) && (s.firsts === undefined || isObject(s.firsts)),
  written: s => typeof s.text === "string" && typeof s.shown === "boolean" && (s.rated === null || (Array.isArray(s.rated) && s.rated.every(v => v === 0 || v === 1)))
};
const validState = (kind, s) => STATES[kind](s);

/* A quiz's certainty-based mark of its first completed attempt: optional (older records have none). */
const validMark = m => m === undefined || (isObject(m) && Number.isInteger(m.score) && isCount(m.max) && m.score <= m.max);

export function validRecord(r, id) {
  const scores = [r?.first, r?.best], done = r?.completed !== null;
  return itemRecord(r, id, VERSION) && Array.isArray(r.attempts) && r.attempts.every(isCount) &&
    (done ? isDate(r.completed) && scores.every(isCount) : scores.every(s => s === null)) &&
    validMark(r.cbm) && validQueue(r.review) &&
    (r.now === null || (isObject(r.now) && isCount(r.now.seed) && r.attempts.includes(r.now.seed) && validState(r.kind, r.now)));
}
/* A version-1 record (one attempt with its state, and a score if completed) in today's shape; null if unreadable. */
export function upgrade(r, id) {
  if (!itemRecord(r, id, 1) || !(r.status === "started" || r.status === "completed") || !isCount(r.score) || !validState(r.kind, r)) return null;
  const done = r.status === "completed", score = done ? r.score : null;
  return { v: VERSION, id, kind: r.kind, title: r.title, max: r.max, attempts: [0], first: score, best: score,
    completed: done ? r.updated : null, now: r.kind === "quiz" ? { seed: 0, answers: r.answers } : { seed: 0, path: r.path }, updated: r.updated };
}
/* Completed items say so whatever the attempt in progress is doing. */
export const statusOf = r => r.completed ? "completed" : "started";

const NOTES = {
  old: t("Saved progress from an older version of this course was found and ignored; you are starting afresh."),
  corrupt: t("Saved progress for this item could not be read and was ignored; you are starting afresh."),
  unavailable: t("This browser is not keeping progress (storage is blocked or full). Everything works, but answers are not saved."),
  stale: t("The content of this item has changed since you last saved, so your unfinished answers were set aside; any completion and scores are kept.")
};
/* Show one of the NOTES (or a text of its own) in the element's note area. */
export function note(root, key) {
  const p = root.querySelector(".ipt-note");
  if (p) { p.textContent = NOTES[key] || key; p.hidden = false; }
}

/* The order to show n options in: a permutation fixed by the attempt's seed and the question (or
   scene) id, so a reload shows the same order and a new attempt a new one. */
export function order(n, seed, id) {
  let s = [...id].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0) | 0, seed);
  const random = () => {   // mulberry32
    s = s + 0x6D2B79F5 | 0;
    let t = Math.imul(s ^ s >>> 15, 1 | s);
    t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
  const out = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [out[i], out[j]] = [out[j], out[i]]; }
  return out;
}

/* An item's record as it is played: load it with an attempt to continue, begin an attempt (in an
   order unlike the last one), finish one (the first completion and the best score are kept), save.
   `blank` is an empty attempt's state; `shown(seed)` names the order a seed shows, so a new attempt
   can be told apart from the last. */
export function attempts(data, max, blank, shown) {
  const rec = { id: data.id, kind: data.kind, title: data.title, max, attempts: [], first: null, best: null, completed: null, now: null };
  function begin(again) {   // again: a new attempt, in a new order; else the order this tab last showed, if any
    const kept = again ? null : session(data.id);
    let seed = kept !== null && /^\d+$/.test(kept) ? +kept : -1, tries = 0;
    while (seed < 0 || (again && rec.now && shown(seed) === shown(rec.now.seed) && ++tries < 20)) seed = Math.floor(Math.random() * 2 ** 31);
    session(data.id, seed);   // a reload before the first answer keeps the order
    if (!rec.attempts.includes(seed)) rec.attempts.push(seed);
    rec.now = { seed, ...blank() };
  }
  return {
    rec,
    begin,
    load(root, fits) {   // the saved record, or why not; an attempt that no longer fits the content is set aside
      const r = store.available ? store.read(data.id) : { problem: "unavailable" };
      if (r.problem) note(root, r.problem);
      if (r.record) Object.assign(rec, r.record);
      if (rec.now && !fits(rec.now)) { note(root, "stale"); rec.now = null; }
      if (!rec.now) begin(false);
    },
    finish(score, cbm) {   // cbm: the attempt's certainty-based mark {score, max}, if it asked for certainty
      if (rec.first === null && cbm) rec.cbm = cbm;
      rec.first ??= score;
      rec.completed ??= new Date().toISOString();
      rec.best = Math.max(rec.best ?? 0, score);
    },
    save() {
      Object.assign(rec, { title: data.title, max, updated: new Date().toISOString() });
      if (store.available) store.write(rec);
    },
    summary() {
      if (!rec.completed) return "";
      const n = rec.attempts.length, vars = { first: rec.first, best: rec.best, max, day: day(rec.completed) };
      if (!rec.cbm) return tn("Your record: first completed attempt {first} of {max}, best {best} of {max}, {n} attempt; first completed on {day}.",
        "Your record: first completed attempt {first} of {max}, best {best} of {max}, {n} attempts; first completed on {day}.", n, vars);
      return tn("Your record: first completed attempt {first} of {max}, best {best} of {max}, {n} attempt; first completed on {day}; " +
        "its certainty-based mark {mark} of {cbmMax}.", "Your record: first completed attempt {first} of {max}, best {best} of {max}, " +
        "{n} attempts; first completed on {day}; its certainty-based mark {mark} of {cbmMax}.", n, { ...vars, mark: signed(rec.cbm.score), cbmMax: rec.cbm.max });
    }
  };
}
/* The seed of an attempt not yet saved, for this tab only: reading an item creates no record. */
function session(id, seed) {
  try { return seed === undefined ? sessionStorage.getItem("ipt-course:seed:" + id) : sessionStorage.setItem("ipt-course:seed:" + id, seed); }
  catch { return null; }
}
export const signed = n => String(n).replace("-", "−");   // a true minus sign, as a screen reader says it
export const calendarDay = d => day(d + "T12:00:00");   // "2026-12-01" as a date, whatever the time zone
export const day = (iso, month = "long") => new Date(iso).toLocaleDateString(LOCALE, { day: "numeric", month, year: "numeric" });

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
/* Hand the reader a file made in the browser (an export, a calendar): nothing is sent anywhere. */
export function download(name, type, text) {
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a); a.click(); a.remove();
}
export const onClick = (root, sel, fn) => root.querySelector(sel).addEventListener("click", fn);
export const dataOf = root => JSON.parse(root.querySelector("script.ipt-data").textContent);
export const $$ = (root, sel) => Array.from(root.querySelectorAll(sel));

/* Make every element matching each selector interactive; one that fails says so and the rest go on. */
export function start(kinds) {
  const run = () => {
    for (const [sel, make] of kinds) {
      for (const root of $$(document, sel)) {
        try { make(root); } catch (e) { note(root, t("This item could not start: {error}", { error: e.message })); }
      }
    }
    performance.mark?.("ipt-course-ready");
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run); else run();
}
