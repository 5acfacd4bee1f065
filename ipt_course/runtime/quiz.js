/* A page's quizzes (shipped as ipt-quiz.js): check each question, keep the tries, score right at the
   first try (and, where a question asks how sure the reader is, a certainty-based mark), restore on
   reload; each attempt shows the options in its own order, and a question answered correctly stays
   answered. A first try that is wrong, or right at low certainty, puts the question in the review
   queue (queue.js). Printing adds an answer key (print.js). */
import { $$, attempts, dataOf, isCount, onClick, order, signed, start, t } from "./core.js";
import { Question, cbmMark, firstRight } from "./questions.js";
import { enter, reasonFor } from "./queue.js";
import "./print.js";

function Quiz(root) {
  const data = dataOf(root), footer = root.querySelector(".ipt-quiz-footer");
  const items = $$(root, ".ipt-question").map((li, i) => Question(li, data.questions[i]));
  const shuffled = items.filter(it => it.q.shuffle);
  const shown = seed => shuffled.map(it => order(it.inputs.length, seed, it.q.id)).join(";");
  const record = attempts(data, items.length, () => ({ answers: {} }), shown);
  const answers = () => record.rec.now.answers;

  function check(it) {
    const a = answers()[it.q.id];
    const now = it.check(a, () => answers()[it.q.id] = { tries: 0, solved: false, ...(it.q.sure && { sure: it.certainty() }) });
    if (!now) return;
    if (!a) {   // the first try of this attempt decides whether the question comes back for review
      const why = reasonFor(now.solved, now.sure);
      if (why) enter(record.rec, it.q.id, why);
    }
    save();
  }

  /* This attempt's certainty-based mark, over the questions that ask for certainty. */
  function cbm() {
    const asked = items.filter(it => it.q.sure);
    if (!asked.length) return null;
    // an answer saved before its question asked for certainty has none, and no mark
    const score = asked.reduce((s, it) => { const a = answers()[it.q.id]; return s + (a?.sure ? cbmMark(a.sure, firstRight(a)) : 0); }, 0);
    return { score, max: 3 * asked.length };
  }

  function tally() {   // this attempt's score, and the record of all attempts, in the footer
    const solved = items.map(it => answers()[it.q.id]).filter(a => a?.solved), n = items.length;
    const done = solved.length, points = solved.filter(a => !a.tries).length, marks = cbm();
    if (done === n) record.finish(points, marks);
    footer.hidden = !Object.keys(answers()).length && !record.rec.completed;
    const sentences = [t("Answered correctly: {done} of {n}.", { done, n }), t("Score (right at the first try): {points} of {n}.", { points, n })];
    if (marks) sentences.push(t("Certainty-based mark: {mark} of {max}.", { mark: signed(marks.score), max: marks.max }));
    footer.querySelector(".ipt-score").textContent = [...sentences, record.summary()].join(" ");
  }
  const save = () => { tally(); record.save(); };
  const arrange = () => shuffled.forEach(it => it.arrange(record.rec.now.seed));   // this attempt's order of options
  function again() {   // a new attempt; the record of earlier ones (and the review queue) is kept
    record.begin(true);
    arrange();
    items.forEach(it => it.reset());
    save();
    items[0].li.querySelector(".ipt-options input, select").focus();
  }
  const fits = now => items.every(it => {
    const a = now.answers[it.q.id];
    return !a || (isCount(a.tries) && Array.isArray(a.given) && a.given.length === it.inputs.length);
  });

  items.forEach(it => it.wire(() => check(it)));
  onClick(root, ".ipt-restart", again);
  record.load(root, fits);
  arrange();
  for (const it of items) {
    const a = answers()[it.q.id];
    if (!a) continue;
    it.set(a.given, a);
    it.show(a, a.solved);   // repeat the feedback of solved questions only
  }
  tally();
}

start([["section.ipt-quiz", Quiz]]);
