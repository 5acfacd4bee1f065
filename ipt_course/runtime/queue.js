/* The review queue: questions a reader got wrong at the first try, or was unsure of, come back on the
   review page after spaced intervals (Leitner boxes). Each quiz's record keeps its own questions'
   entries, `review: {question id: {box, due, why, at}}`, so they are exported, imported and cleared with
   it. `due` is a day in the reader's own calendar ("2026-12-01"), null once the question has been
   learned; `why` is "wrong", "confident" (wrong at high certainty: reviewed first) or "unsure";
   `at` is when the entry last changed, which decides between two copies of it on import. */
import { t, tn } from "./messages.js";

/* Days until the next review from each box: a right answer moves a question up a box, a wrong one
   back to the first; right in the last box, it is learned and leaves the queue. */
export const INTERVALS = [1, 3, 7, 21];
const REASONS = ["wrong", "confident", "unsure"];
const isDay = d => typeof d === "string" && /^\d{4}-\d\d-\d\d$/.test(d);

/* Today in the reader's own time zone, and n days later, as "YYYY-MM-DD". */
export function today(now = new Date()) {
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}
export function addDays(day, n) {
  const d = new Date(day + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function validQueue(review) {
  return review === undefined || (!!review && typeof review === "object" && Object.values(review).every(e =>
    !!e && Number.isInteger(e.box) && e.box >= 1 && e.box <= INTERVALS.length && (e.due === null || isDay(e.due)) &&
    REASONS.includes(e.why) && !isNaN(Date.parse(e.at))));
}

/* A first try that sends a question to the queue: wrong, or right but at low certainty. */
export function reasonFor(right, sure) {
  return !right ? (sure === 3 ? "confident" : "wrong") : sure === 1 ? "unsure" : null;
}

/* The question enters (or re-enters) the first box, due tomorrow. */
export function enter(rec, qid, why) {
  rec.review = { ...rec.review, [qid]: { box: 1, due: addDays(today(), INTERVALS[0]), why, at: new Date().toISOString() } };
}

/* A review's first check: up a box (or learned), or back to the first. */
export function reviewed(rec, qid, right) {
  const e = rec.review[qid], box = right ? e.box + 1 : 1;
  const learned = box > INTERVALS.length;
  rec.review[qid] = { ...e, box: learned ? e.box : box, due: learned ? null : addDays(today(), INTERVALS[box - 1]),
    at: new Date().toISOString() };
  return learned;
}

/* Each of two copies of a queue keeps the entries changed last. */
export function mergeQueues(a = {}, b = {}) {
  const out = { ...a };
  for (const [qid, e] of Object.entries(b)) if (!out[qid] || Date.parse(e.at) > Date.parse(out[qid].at)) out[qid] = e;
  return Object.keys(out).length ? out : undefined;
}

/* Every waiting entry of every record: {quiz, title, qid, ...entry}. */
export function waiting(records) {
  return records.filter(r => r.kind === "quiz" && r.review).flatMap(r =>
    Object.entries(r.review).filter(([, e]) => e.due).map(([qid, e]) => ({ quiz: r.id, title: r.title, qid, ...e })));
}

/* What is due by `day`, how many are confident and wrong, and the next day something is due after it. */
export function outlook(records, day = today()) {
  const all = waiting(records), due = all.filter(e => e.due <= day);
  const later = all.filter(e => e.due > day).map(e => e.due).sort();
  return { all, due, confident: due.filter(e => e.why === "confident").length, next: later[0] ?? null,
    nextCount: later.filter(d => d === later[0]).length };
}

/* A calendar (RFC 5545) with one all-day event per day that has questions due. */
export function calendar(entries, url) {
  const days = {};
  for (const e of entries) days[e.due] = (days[e.due] ?? 0) + 1;
  const stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15) + "Z";
  const fold = line => line.match(/.{1,73}/gu).join("\r\n ");
  const escapeText = s => s.replace(/[\\;,]/g, "\\$&");
  const events = Object.keys(days).sort().map(day => [
    "BEGIN:VEVENT", `UID:ipt-review-${day}@ipt-course`, `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${day.replace(/-/g, "")}`, `DTEND;VALUE=DATE:${addDays(day, 1).replace(/-/g, "")}`,
    // Translators: the title of a day's event in the reader's calendar file
    fold("SUMMARY:" + escapeText(tn("IPT course: {n} question to review", "IPT course: {n} questions to review", days[day]))),
    fold("DESCRIPTION:" + escapeText(t("Open the course's review page: {url}", { url }))), "END:VEVENT"]).flat();
  return ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//IPT course//review queue//EN", "CALSCALE:GREGORIAN",
    ...events, "END:VCALENDAR", ""].join("\r\n");
}
