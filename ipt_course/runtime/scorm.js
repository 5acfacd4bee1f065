/* The SCORM 1.2 launch page (shipped as ipt-scorm.js, next to scorm.html in `make scorm`'s package): the
   book in a frame, its progress reported to the learning system, and resumed from it in another browser.
   The learning system keeps a summary in cmi.suspend_data (at most 4,096 characters): per item, its
   completion day, first and best scores, maximum and number of attempts, and the review queue. Attempts in
   progress and the texts of written exercises stay in the browser. */
import { scored } from "./chapters.js";
import { VERSION, parse, store, t, validRecord } from "./core.js";
import { mergeIntoStore } from "./records.js";

const LIMIT = 4096;          // SCORM 1.2's CMIString4096
const COMMIT_EVERY = 5000;   // ms: a commit may be a request to the learning system's server
const EPOCH = new Date(0).toISOString();

/* The SCORM 1.2 API, by the standard search: up the frames that hold this page, then its opener's. */
function findAPI(start) {
  for (let w = start, hops = 0; w && hops < 10; w = w.parent === w ? null : w.parent, hops++) {
    try { if (w.API) return w.API; } catch { /* a frame of another origin */ }
  }
  return null;
}

/* The summary of the records: a row per item, [id, kind, completed day, first, best, max, attempts,
   review {question: [box, due, why]}]. Review queues are added, item by item, while the summary stays within
   the limit; were it still over, unfinished items would be left out, never a completion or its scores. */
function encode(records) {
  const row = (r, review) => [r.id, r.kind, r.completed?.slice(0, 10) ?? null, r.first, r.best, r.max, r.attempts.length,
    ...(review ? [Object.fromEntries(Object.entries(r.review).map(([q, e]) => [q, [e.box, e.due, e.why]]))] : [])];
  const text = rows => JSON.stringify({ ipt: 1, items: rows });
  const rows = records.map(r => row(r, false));
  let size = text(rows).length;
  records.forEach((r, i) => {
    if (!r.review) return;
    const full = row(r, true), extra = JSON.stringify(full).length - JSON.stringify(rows[i]).length;
    if (size + extra <= LIMIT) { rows[i] = full; size += extra; }
  });
  return size <= LIMIT ? text(rows) : text(rows.filter(r => r[2]));
}

/* The records a summary holds, valid for the book (an unreadable one is left out). Dated at their completion
   (never-completed ones at 1970), so this browser's own copy, with its attempt in progress, counts as the newer
   when they are merged. The summary keeps the number of attempts, not their seeds: this browser's seeds are
   kept, and numbered ones added up to that number. */
function decode(text, titleOf) {
  const summary = parse(text), rows = summary?.ipt === 1 ? summary.items : null;
  if (!Array.isArray(rows)) return [];
  return rows.filter(Array.isArray).map(([id, kind, completedDay, first, best, max, count, review]) => {
    const completed = completedDay ? `${completedDay}T00:00:00.000Z` : null, when = completed ?? EPOCH;
    const attempts = [...(store.read(id).record?.attempts ?? [])];
    for (let seed = 0; attempts.length < count; seed++) if (!attempts.includes(seed)) attempts.push(seed);
    const rec = { v: VERSION, id, kind, title: titleOf(id), max, attempts, first, best, completed, now: null, updated: when };
    if (review && typeof review === "object") {
      rec.review = Object.fromEntries(Object.entries(review).map(([q, e]) => [q, { box: e?.[0], due: e?.[1], why: e?.[2], at: when }]));
    }
    return rec;
  }).filter(r => validRecord(r, r.id));
}

/* What the learning system is told: completion, the first-attempt score as a percentage of the completed
   scored items, each chapter as an objective, and the summary. */
function report(chapters, records) {
  const byId = new Map(records.map(r => [r.id, r])), done = id => !!byId.get(id)?.completed;
  const ids = chapters.flatMap(ch => Object.keys(ch.items)), scoredDone = records.filter(r => r.completed && scored(r));
  const score = scoredDone.reduce((s, r) => s + r.first, 0), max = scoredDone.reduce((s, r) => s + r.max, 0);
  const values = { "cmi.core.lesson_status": ids.every(done) ? "completed" : "incomplete" };
  if (max) Object.assign(values, { "cmi.core.score.raw": String(Math.round(100 * score / max)), "cmi.core.score.min": "0", "cmi.core.score.max": "100" });
  chapters.forEach((ch, n) => {
    const own = Object.keys(ch.items);
    values[`cmi.objectives.${n}.id`] = ch.id;
    values[`cmi.objectives.${n}.status`] = own.every(done) ? "completed" : own.some(id => byId.has(id)) ? "incomplete" : "not attempted";
  });
  values["cmi.suspend_data"] = encode(records);
  return values;
}

function launch() {
  const course = JSON.parse(document.getElementById("ipt-scorm-course").textContent);
  const titles = Object.assign({}, ...course.chapters.map(ch => ch.items));
  const api = findAPI(window) ?? (window.opener && findAPI(window.opener));
  const frame = document.querySelector(".ipt-scorm-book");
  if (!api || api.LMSInitialize("") !== "true") {
    const note = document.querySelector(".ipt-scorm-note");
    note.textContent = t("No learning system found: your progress is kept in this browser only.");
    note.hidden = false;
    frame.src = "book/index.html";
    return;
  }
  mergeIntoStore(decode(api.LMSGetValue("cmi.suspend_data"), id => titles[id] ?? id));
  frame.src = "book/index.html";   // after the merge, so the book shows the restored progress

  let sent = "", last = 0, timer = null, finished = false;
  const commit = () => {
    clearTimeout(timer); timer = null; last = Date.now();
    api.LMSCommit("");
  };
  const send = () => {   // only what changed; commits at most once every COMMIT_EVERY ms
    const values = report(course.chapters, store.all()), text = JSON.stringify(values);
    if (text === sent) return;
    sent = text;
    for (const [key, value] of Object.entries(values)) api.LMSSetValue(key, value);
    timer ??= setTimeout(commit, Math.max(0, last + COMMIT_EVERY - Date.now()));
  };
  const finish = () => {
    if (finished) return;
    finished = true;
    send();
    api.LMSSetValue("cmi.core.exit", "suspend");   // the next launch resumes with the summary
    commit();
    api.LMSFinish("");
  };
  send();
  addEventListener("storage", e => { if (e.key?.startsWith("ipt-course:")) send(); });
  setInterval(send, 10000);   // in case a storage event is missed
  addEventListener("pagehide", finish);
  addEventListener("beforeunload", finish);
}

launch();
