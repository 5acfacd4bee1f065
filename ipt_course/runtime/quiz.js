/* A page's quizzes (shipped as ipt-quiz.js): check each question, keep the tries, score right at the
   first try, restore on reload; each attempt shows the options in its own order, and a question
   answered correctly stays answered. Printing adds an answer key (print.js).
   What differs between question types lives in TYPES, spread into each question's item; the rest
   of the quiz never asks a type. */
import { $$, attempts, cloneKids, dataOf, el, isCount, onClick, order, setLive, start } from "./core.js";
import "./print.js";

/* Each input's value is a number: 1 or 0 for a ticked or unticked option, a category's index
   (-1 for none) for a case. `expected` is the value input i must have for the answer to be right;
   `detail` and `missed` are optional. */
const OPTIONS = {
  control: "input",
  read: inp => +inp.checked,
  write: (inp, v) => { inp.checked = v > 0; },
  unset: 0,
  expected: (q, i) => +q.answer.includes(i),
  empty: "Choose an answer first.",
  shown: given => indices(given).filter(i => given[i])   // the options the reader chose
};
const TYPES = {
  single: OPTIONS,
  multiple: { ...OPTIONS, missed: (q, given) => q.answer.some(i => !given[i]) },
  classify: {
    control: "select",
    read: inp => inp.value === "" ? -1 : +inp.value,
    write: (inp, v) => { inp.value = v < 0 ? "" : v; },
    unset: -1,
    expected: (q, i) => q.answer[i],
    all: true,   // every case needs a category before checking
    empty: "Choose a category for every case first.",
    shown: (given, wrong, right) => right ? indices(given) : wrong,   // the cases to explain
    detail: (given, wrong) => `: ${wrong.length} of ${given.length} cases are not in the right category.`
  }
};
const indices = list => list.map((_, i) => i), tone = ok => ok ? "ipt-right" : "ipt-wrong";

function Quiz(root) {
  const data = dataOf(root), footer = root.querySelector(".ipt-quiz-footer");
  const items = $$(root, ".ipt-question").map((li, i) => {
    const q = data.questions[i], t = TYPES[q.type], inputs = $$(li, t.control);
    return { ...t, li, q, inputs, want: inputs.map((_, k) => t.expected(q, k)),
      feedback: li.querySelector(".ipt-feedback"), answer: li.querySelector(".ipt-answer") };
  });
  const shuffled = items.filter(it => it.q.shuffle);
  const shown = seed => shuffled.map(it => order(it.inputs.length, seed, it.q.id)).join(";");
  const record = attempts(data, items.length, () => ({ answers: {} }), shown);
  const answers = () => record.rec.now.answers;

  const current = it => it.inputs.map(it.read);
  const wrongOnes = (it, given) => indices(given).filter(i => given[i] !== it.want[i]);
  const keyPart = (it, i, sel) => cloneKids(it.li.querySelector(`.ipt-key [data-option="${i}"] ${sel}`));
  const clearBadges = it => $$(it.li, ".ipt-mark-badge").forEach(b => b.remove());
  const setInputs = (it, given) => it.inputs.forEach((inp, i) => { it.write(inp, given[i]); inp.disabled = !!answers()[it.q.id]?.solved; });

  function mark(it, given) {
    clearBadges(it);
    it.inputs.forEach((inp, i) => {
      if (given[i] === it.unset) return;
      const ok = given[i] === it.want[i];
      inp.parentNode.append(el("span", { class: "ipt-mark-badge " + tone(ok), text: ok ? " ✓ right" : " ✗ not right" }));
    });
  }

  function show(it, given, announce = true) {
    const a = answers()[it.q.id], right = a.solved, wrong = wrongOnes(it, given);
    const shown = it.shown(given, wrong, right);
    const list = el("ul", {}, shown.map(i => el("li", {}, [keyPart(it, i, ".ipt-key-text"), ": ", keyPart(it, i, ".ipt-option-feedback")])));
    const verdict = right ? (a.tries === 0 ? "Correct." : `Correct, at try ${a.tries + 1}.`) : "Not quite" + (it.detail?.(given, wrong) ?? ".");
    const missed = !right && it.missed?.(it.q, given);
    const hint = !right && it.q.hints && el("p", { class: "ipt-hint" }, [el("strong", { text: "Hint: " }),
      cloneKids(it.li.querySelector(`.ipt-hints [data-hint="${Math.min(a.tries, it.q.hints) - 1}"]`))]);
    mark(it, given);
    it.answer.hidden = false; it.answer.open = right;
    if (announce) setLive(it.feedback, [
      el("p", { class: "ipt-verdict " + tone(right) }, [el("strong", { text: verdict })]),
      shown.length && list,
      missed && el("p", { text: "At least one correct answer is not selected yet." }),
      hint,
      el("p", { text: right ? "The explanation and sources are below." : "Change your answer and check again, or open the answer below." })
    ]);
  }

  function check(it) {
    const a = answers()[it.q.id], given = a?.solved ? a.given : current(it);   // a right answer stays right
    if (given[it.all ? "some" : "every"](v => v === it.unset)) return setLive(it.feedback, [el("p", { text: it.empty })]);
    const now = answers()[it.q.id] ||= { tries: 0, solved: false };
    if (!now.solved) { if (!wrongOnes(it, given).length) now.solved = true; else now.tries += 1; }
    now.given = given;
    setInputs(it, given);
    show(it, given);
    save();
  }

  function tally() {   // this attempt's score, and the record of all attempts, in the footer
    const solved = items.map(it => answers()[it.q.id]).filter(a => a?.solved), n = items.length;
    const done = solved.length, points = solved.filter(a => !a.tries).length;
    if (done === n) record.finish(points);
    footer.hidden = !Object.keys(answers()).length && !record.rec.completed;
    footer.querySelector(".ipt-score").textContent = `Answered correctly: ${done} of ${n}. Score (right at the first try): ${points} of ${n}. ` + record.summary();
  }
  const save = () => { tally(); record.save(); };
  function arrange() {   // this attempt's order of options
    for (const it of shuffled) it.inputs[0].closest(".ipt-options").append(...order(it.inputs.length, record.rec.now.seed, it.q.id).map(i => it.inputs[i].closest("label")));
  }
  function again() {   // a new attempt; the record of earlier ones is kept
    record.begin(true);
    arrange();
    for (const it of items) {
      setInputs(it, it.want.map(() => it.unset));
      clearBadges(it);
      it.feedback.textContent = "";
      it.answer.open = false; it.answer.hidden = true;
    }
    save();
    items[0].li.querySelector(".ipt-options input, select").focus();
  }
  const fits = now => items.every(it => {
    const a = now.answers[it.q.id];
    return !a || (isCount(a.tries) && Array.isArray(a.given) && a.given.length === it.inputs.length);
  });

  for (const it of items) {
    it.li.querySelector(".ipt-actions").hidden = false;
    it.answer.hidden = true;
    onClick(it.li, ".ipt-check", () => check(it));
  }
  onClick(root, ".ipt-restart", again);
  record.load(root, fits);
  arrange();
  for (const it of items) {
    const a = answers()[it.q.id];
    if (!a) continue;
    setInputs(it, a.given);
    show(it, a.given, a.solved);   // repeat the feedback of solved questions only
  }
  tally();
}

start([["section.ipt-quiz", Quiz]]);
