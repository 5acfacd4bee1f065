/* Merging saved progress from elsewhere (an exported file on the progress page, the learning system's
   summary on the SCORM launch page) into this browser's records, item by item. */
import { day, store, t } from "./core.js";
import { mergeQueues } from "./queue.js";

/* Two records of one item (this browser's and an imported one) as one: completed beats unfinished,
   the earlier completion (and its first-attempt score) wins, the higher best, every attempt once,
   the attempt in progress from whichever was used last, and each review-queue entry as last changed. Two
   different texts of a written exercise are both kept, the other one below the last used. */
export function merge(a, b) {
  const done = [a, b].filter(r => r.completed).sort((x, y) => Date.parse(x.completed) - Date.parse(y.completed));
  const last = Date.parse(b.updated) > Date.parse(a.updated) ? b : a, other = last === a ? b : a;
  const merged = { ...last, attempts: [...new Set([...a.attempts, ...b.attempts])], first: done[0]?.first ?? null,
    cbm: done[0]?.cbm, completed: done[0]?.completed ?? null, best: done.length ? Math.max(...done.map(r => r.best)) : null,
    review: mergeQueues(a.review, b.review) };
  for (const key of ["cbm", "review"]) if (merged[key] === undefined) delete merged[key];
  const mine = last.now?.text, theirs = other.now?.text;
  if (last.kind === "written" && mine !== undefined && theirs?.trim() && !mine.includes(theirs)) {
    const heading = t("--- Also kept: the text saved on {day} ---", { day: day(other.updated) });
    merged.now = { ...last.now, text: `${mine}\n\n${heading}\n${theirs}` };
  }
  return merged;
}

/* Merge valid records into the stored ones; how many were updated and how many stayed as they were. */
export function mergeIntoStore(records) {
  let updated = 0, kept = 0;
  for (const r of records) {
    const mine = store.read(r.id).record, both = mine ? { ...mine, ...merge(mine, r) } : r;   // mine's key order, to compare
    if (mine && JSON.stringify(both) === JSON.stringify(mine)) kept++;
    else if (store.write(both)) updated++;
  }
  return { updated, kept };
}
