/* One question on a page, whichever page shows it (its quiz, or the review page): its inputs, the
   value each must have, its certainty, and its feedback. What differs between question types lives in
   TYPES, spread into each question; the rest never asks a type. A question's state is
   `{tries, solved, given, sure}`: wrong tries so far, whether it is answered right, the last answer
   checked, and the certainty given before the first check. */
import { $$, cloneKids, el, order, setLive, signed, t } from "./core.js";

/* Each input's value is a number: 1 or 0 for a ticked or unticked option, a category's index
   (-1 for none) for a case. `expected` is the value input i must have for the answer to be right;
   `notQuite` (the verdict on a wrong answer, when it says more than "Not quite.") and `missed` are optional. */
const OPTIONS = {
  control: ".ipt-options input",
  read: inp => +inp.checked,
  write: (inp, v) => { inp.checked = v > 0; },
  unset: 0,
  expected: (q, i) => +q.answer.includes(i),
  empty: t("Choose an answer first."),
  shown: given => indices(given).filter(i => given[i])   // the options the reader chose
};
const TYPES = {
  single: OPTIONS,
  multiple: { ...OPTIONS, missed: (q, given) => q.answer.some(i => !given[i]) },
  classify: {
    control: ".ipt-cases select",
    read: inp => inp.value === "" ? -1 : +inp.value,
    write: (inp, v) => { inp.value = v < 0 ? "" : v; },
    unset: -1,
    expected: (q, i) => q.answer[i],
    all: true,   // every case needs a category before checking
    empty: t("Choose a category for every case first."),
    shown: (given, wrong, right) => right ? indices(given) : wrong,   // the cases to explain
    notQuite: (given, wrong) => t("Not quite: {wrong} of {cases} cases are not in the right category.", { wrong: wrong.length, cases: given.length })
  }
};
const indices = list => list.map((_, i) => i), tone = ok => ok ? "ipt-right" : "ipt-wrong";

/* Certainty-based marking (Gardner-Medwin; Moodle's CBM): the mark of a first try at certainty 1, 2
   or 3, right and wrong, as `engine.CBM_MARKS`, and what the feedback says of it. */
const CERTAINTY = [null, mark => t("Certainty low at the first check: mark {mark}.", { mark }),
  mark => t("Certainty medium at the first check: mark {mark}.", { mark }), mark => t("Certainty high at the first check: mark {mark}.", { mark })];
const MARKS = { right: [0, 1, 2, 3], wrong: [0, 0, -2, -6] };
export const cbmMark = (sure, right) => MARKS[right ? "right" : "wrong"][sure];
/* A state's first try, once checked: right at once, or not. */
export const firstRight = a => a.tries === 0 && a.solved;

export function Question(li, q) {
  const type = TYPES[q.type], inputs = $$(li, type.control), sure = $$(li, ".ipt-sure input");
  const it = { ...type, li, q, inputs, want: inputs.map((_, k) => type.expected(q, k)),
    feedback: li.querySelector(".ipt-feedback"), answer: li.querySelector(".ipt-answer") };
  const keyPart = (i, sel) => cloneKids(li.querySelector(`.ipt-key [data-option="${i}"] ${sel}`));
  const clearBadges = () => $$(li, ".ipt-mark-badge").forEach(b => b.remove());
  const wrongOnes = given => indices(given).filter(i => given[i] !== it.want[i]);

  function mark(given) {
    clearBadges();
    inputs.forEach((inp, i) => {
      if (given[i] === it.unset) return;
      const ok = given[i] === it.want[i];
      // Translators: a mark after an option the reader chose, which is right or not
      inp.parentNode.append(el("span", { class: "ipt-mark-badge " + tone(ok), text: " " + (ok ? t("✓ right") : t("✗ not right")) }));
    });
  }

  return Object.assign(it, {
    current: () => inputs.map(it.read),
    certainty: () => +(sure.find(s => s.checked)?.value ?? 0),
    /* Start: the controls shown, the answer folded away until a check. */
    wire(onCheck) {
      li.querySelector(".ipt-actions").hidden = false;
      li.querySelector(".ipt-sure")?.removeAttribute("hidden");
      it.answer.hidden = true;
      li.querySelector(".ipt-check").addEventListener("click", onCheck);
    },
    /* The options in the order a seed shows them (a question that keeps its order keeps it). */
    arrange(seed) {
      if (q.shuffle) inputs[0].closest(".ipt-options").append(...order(inputs.length, seed, q.id).map(i => inputs[i].closest("label")));
    },
    /* Check the answer shown against the state `a` (made by `blank()` at the first check), show the
       feedback, and return the state; null, with the reason shown, when it cannot be checked yet. A right
       answer stays right. */
    check(a, blank) {
      const given = a?.solved ? a.given : it.current();
      const refusal = given[it.all ? "some" : "every"](v => v === it.unset) ? it.empty :
        q.sure && !a && !it.certainty() ? t("Say how sure you are first: your certainty sets the mark for this first try.") : "";
      if (refusal) { setLive(it.feedback, [el("p", { text: refusal })]); return null; }
      const now = a ?? blank();
      if (!now.solved) { if (!wrongOnes(given).length) now.solved = true; else now.tries += 1; }
      now.given = given;
      it.set(given, now);
      it.show(now);
      return now;
    },
    set(given, a) {   // the inputs show `given`; locked once right, the certainty once given
      inputs.forEach((inp, i) => { it.write(inp, given[i]); inp.disabled = !!a?.solved; });
      sure.forEach(s => { s.checked = +s.value === a?.sure; s.disabled = !!a?.sure; });
    },
    reset() {
      it.set(it.want.map(() => it.unset), null);
      clearBadges();
      it.feedback.textContent = "";
      it.answer.open = false; it.answer.hidden = true;
    },
    show(a, announce = true) {
      const given = a.given, right = a.solved, wrong = wrongOnes(given);
      const shown = it.shown(given, wrong, right);
      const list = el("ul", {}, shown.map(i => el("li", {}, [keyPart(i, ".ipt-key-text"), ": ", keyPart(i, ".ipt-option-feedback")])));
      const verdict = right ? (a.tries === 0 ? t("Correct.") : t("Correct, at try {n}.", { n: a.tries + 1 })) : it.notQuite?.(given, wrong) ?? t("Not quite.");
      const missed = !right && it.missed?.(q, given);
      // Translators: the label before a hint to a question
      const hint = !right && q.hints && el("p", { class: "ipt-hint" }, [el("strong", { text: t("Hint:") + " " }),
        cloneKids(li.querySelector(`.ipt-hints [data-hint="${Math.min(a.tries, q.hints) - 1}"]`))]);
      const cbm = a.sure && el("p", { text: CERTAINTY[a.sure](signed(cbmMark(a.sure, firstRight(a)))) });
      mark(given);
      it.answer.hidden = false; it.answer.open = right;
      if (announce) setLive(it.feedback, [
        el("p", { class: "ipt-verdict " + tone(right) }, [el("strong", { text: verdict })]),
        shown.length && list,
        missed && el("p", { text: t("At least one correct answer is not selected yet.") }),
        hint,
        cbm,
        el("p", { text: right ? t("The explanation and sources are below.") : t("Change your answer and check again, or open the answer below.") })
      ]);
    }
  });
}
