/* The chapters (elements with data-chapter, holding their items' ids) that a set of records completes,
   each with its date, first-attempt score and hours, and a check code for all of them together: the
   same records give the same code on the certificate and on the progress page. Not a signature.
   A written exercise counts towards completion but not the score: its rating is the trainee's own. */
export const scored = r => r.kind !== "written";
export function completedChapters(chapters, recordOf) {
  const done = [];
  for (const ch of chapters) {
    const recs = ch.ids.map(recordOf);
    if (!recs.every(r => r?.completed)) continue;
    done.push({ ...ch, recs, date: recs.map(r => r.completed).sort().pop(),
      first: recs.filter(scored).reduce((s, r) => s + r.first, 0), max: recs.filter(scored).reduce((s, r) => s + r.max, 0) });
  }
  const text = done.map(ch => ch.name + "\n" + ch.recs.map(r =>
    `${r.id} ${r.first}/${r.max} best ${r.best} attempts ${r.attempts.length} completed ${r.completed.slice(0, 10)}`).join("\n")).join("\n");
  const fnv = h => { for (const c of text) h = Math.imul(h ^ c.codePointAt(0), 16777619) >>> 0; return h.toString(16).padStart(8, "0"); };
  return { done, code: (fnv(2166136261) + fnv(2538058380)).toUpperCase().match(/.{4}/g).join("-") };
}
