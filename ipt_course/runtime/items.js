/* Quizzes and vignettes: interactive on the page, saved as the reader goes, and printed as
   questions with an answer key at the end of the chapter and every vignette path written out. */
import { $$, button, cloneKids, dataOf, el, isCount, note, onClick, setLive, start, store } from "./core.js";

/* Restore what this browser saved for an item, or say why nothing is restored. */
function load(root, id, restore) {
  if (!store.available) return note(root, "unavailable");
  const r = store.read(id);
  if (r.problem) note(root, r.problem);
  else if (r.record) restore(r.record);
}

/* ---- quizzes ---- */
function Quiz(root) {
  const data = dataOf(root), footer = root.querySelector(".ipt-quiz-footer");
  const items = $$(root, ".ipt-question").map((li, i) => ({ li, q: data.questions[i] }));
  let answers = {};

  const classify = it => it.q.type === "classify";
  const inputsOf = it => $$(it.li, classify(it) ? "select" : "input");
  const current = it => inputsOf(it).map(inp => classify(it) ? (inp.value === "" ? -1 : +inp.value) : (inp.checked ? 1 : 0));
  const chosenRight = (it, given, i) => classify(it) ? given[i] === it.q.answer[i] : it.q.answer.includes(i);
  const isRight = (it, given) => given.every((g, i) => classify(it) ? g === it.q.answer[i] : !!g === it.q.answer.includes(i));
  const keyPart = (it, i, sel) => cloneKids(it.li.querySelector(`.ipt-key [data-option="${i}"] ${sel}`));
  const clearBadges = it => $$(it.li, ".ipt-mark-badge").forEach(b => b.remove());
  const setInputs = (it, given) => inputsOf(it).forEach((inp, i) => {   // -1 or 0: nothing chosen
    if (inp.tagName === "SELECT") inp.value = given[i] < 0 ? "" : String(given[i]); else inp.checked = !!given[i];
  });

  function mark(it, given) {
    clearBadges(it);
    inputsOf(it).forEach((inp, i) => {
      if (classify(it) ? given[i] < 0 : !given[i]) return;
      const ok = chosenRight(it, given, i);
      inp.parentNode.append(el("span", { class: "ipt-mark-badge " + (ok ? "ipt-right" : "ipt-wrong"), text: ok ? " ✓ right" : " ✗ not right" }));
    });
  }

  function show(it, given, announce = true) {
    const a = answers[it.q.id], right = a.solved, all = given.map((_, i) => i);
    const misplaced = all.filter(i => given[i] !== it.q.answer[i]);   // classify cases
    const shown = classify(it) ? (right ? all : misplaced) : all.filter(i => given[i]);
    const list = el("ul", {}, shown.map(i => el("li", {}, [keyPart(it, i, ".ipt-key-text"), ": ", keyPart(it, i, ".ipt-option-feedback")])));
    const verdict = right ? (a.tries === 0 ? "Correct." : `Correct, at try ${a.tries + 1}.`) :
      "Not quite" + (classify(it) ? `: ${misplaced.length} of ${given.length} cases are not in the right category.` : ".");
    const missed = !right && it.q.type === "multiple" && it.q.answer.some(i => !given[i]);
    const hint = !right && it.q.hints && el("p", { class: "ipt-hint" }, [el("strong", { text: "Hint: " }),
      cloneKids(it.li.querySelector(`.ipt-hints [data-hint="${Math.min(a.tries, it.q.hints) - 1}"]`))]);
    mark(it, given);
    const details = it.li.querySelector(".ipt-answer");
    details.hidden = false; details.open = right;
    if (announce) setLive(it.li.querySelector(".ipt-feedback"), [
      el("p", { class: "ipt-verdict " + (right ? "ipt-right" : "ipt-wrong") }, [el("strong", { text: verdict })]),
      shown.length && list,
      missed && el("p", { text: "At least one correct answer is not selected yet." }),
      hint,
      el("p", { text: right ? "The explanation and sources are below." : "Change your answer and check again, or open the answer below." })
    ]);
  }

  function check(it) {
    const given = current(it);
    if (classify(it) ? given.includes(-1) : !given.some(Boolean)) {
      return setLive(it.li.querySelector(".ipt-feedback"), [el("p", { text: classify(it) ? "Choose a category for every case first." : "Choose an answer first." })]);
    }
    const a = answers[it.q.id] ||= { tries: 0, solved: false };
    if (!a.solved) { if (isRight(it, given)) a.solved = true; else a.tries += 1; }
    a.given = given;
    show(it, given);
    save();
  }

  const score = () => items.filter(it => answers[it.q.id]?.solved && answers[it.q.id].tries === 0).length;
  function save() {
    const done = items.filter(it => answers[it.q.id]?.solved).length, n = items.length, points = score();
    footer.hidden = false;
    footer.querySelector(".ipt-score").textContent = `Answered correctly: ${done} of ${n}. Score (right at the first try): ${points} of ${n}.`;
    if (store.available) store.write({ id: data.id, kind: "quiz", title: data.title, status: done === n ? "completed" : "started",
      score: points, max: n, answers });
  }
  function reset() {
    answers = {}; store.remove(data.id); footer.hidden = true;
    for (const it of items) {
      setInputs(it, inputsOf(it).map(() => -1));
      clearBadges(it);
      it.li.querySelector(".ipt-feedback").textContent = "";
      const d = it.li.querySelector(".ipt-answer"); d.open = false; d.hidden = true;
    }
    items[0].li.querySelector("input, select").focus();
  }
  function restore(rec) {
    const fits = items.every(it => {
      const a = rec.answers[it.q.id];
      return !a || (isCount(a.tries) && Array.isArray(a.given) && a.given.length === inputsOf(it).length);
    });
    if (!fits) return note(root, "stale");
    answers = rec.answers;
    for (const it of items) {
      const a = answers[it.q.id];
      if (!a) continue;
      setInputs(it, a.given);
      show(it, a.given, a.solved);   // repeat the feedback of solved questions only
    }
    save();
  }

  for (const it of items) {
    it.li.querySelector(".ipt-actions").hidden = false;
    it.li.querySelector(".ipt-answer").hidden = true;
    onClick(it.li, ".ipt-check", () => check(it));
  }
  onClick(root, ".ipt-restart", reset);
  load(root, data.id, restore);
}

/* ---- vignettes: one scene at a time, with feedback on each choice and Back to undo ---- */
function Vignette(root) {
  const data = dataOf(root), uid = root.getAttribute("data-item-id"), statics = root.querySelector(".ipt-static");
  const stage = root.querySelector(".ipt-stage"), live = root.querySelector(".ipt-feedback"), after = root.querySelector(".ipt-after");
  const level = +root.querySelector(".ipt-title").tagName.slice(1) + 1;
  let path = [], pending = false;

  const nodeEl = id => statics.querySelector(`[data-node-id="${id}"]`);
  const choiceEl = (id, i) => nodeEl(id).querySelectorAll(".ipt-choices > li")[i];
  const points = p => data.nodes[p[0]][p[1]][1];
  const last = () => path[path.length - 1];
  const where = () => path.length ? data.nodes[last()[0]][last()[1]][0] : data.start;
  const score = () => path.reduce((s, p) => s + points(p), 0);
  const heading = text => el("h" + level, { class: "ipt-scene", tabindex: "-1", text });
  const controls = () => el("div", { class: "ipt-actions" }, path.length ? [
    button("Back one step", "ipt-back", () => { path.pop(); pending = false; render(true); save(); }),
    button("Restart the case", "ipt-restart", () => { path = []; pending = false; setLive(live, []); render(true); save(); })
  ] : []);

  function render(focus) {
    stage.textContent = "";
    const at = pending ? last()[0] : where();
    after.hidden = !(at in data.endings);
    if (at in data.endings) renderEnding(at); else renderNode(at);
    if (focus) (stage.querySelector(pending ? ".ipt-continue" : ".ipt-scene") || stage).focus();
  }

  function renderNode(id) {
    const node = nodeEl(id), h = heading(node.querySelector(".ipt-scene").textContent);
    h.id = `ipt-${uid}-stage-heading`;
    const list = el("div", { class: "ipt-options", role: "radiogroup", "aria-labelledby": h.id },
      $$(node, ".ipt-choices > li").map((li, i) => {
        const inp = el("input", { type: "radio", name: `ipt-${uid}-choice`, value: String(i) });
        if (pending) { inp.disabled = true; inp.checked = last()[1] === i; }
        return el("label", { class: "ipt-option" }, [inp, " ", el("span", {}, [cloneKids(li.querySelector(".ipt-choice-label"))])]);
      }));
    const act = pending ? button("Continue", "ipt-continue", () => { pending = false; render(true); })
      : button("Choose", "ipt-choose", () => choose(list));
    const c = controls();
    c.prepend(act);
    stage.append(h, el("div", { class: "ipt-narrative" }, [cloneKids(node.querySelector(".ipt-narrative"))]),
      el("p", { class: "ipt-how", text: "What would you do?" }), list, c);
  }

  function choose(list) {
    const picked = list.querySelector("input:checked");
    if (!picked) return setLive(live, [el("p", { text: "Choose an option first." })]);
    const at = where(), i = +picked.value, pts = data.nodes[at][i][1];
    path.push([at, i]); pending = true;
    setLive(live, [
      el("p", { class: "ipt-verdict" }, [el("strong", { text: `Feedback on your choice (${pts} point${pts === 1 ? "" : "s"}): ` })]),
      cloneKids(choiceEl(at, i).querySelector(".ipt-choice-feedback"))
    ]);
    render(true); save();
  }

  function renderEnding(id) {
    const end = statics.querySelector(`[data-ending-id="${id}"]`);
    const steps = el("ol", { class: "ipt-path" }, path.map(p => el("li", {}, [
      nodeEl(p[0]).querySelector(".ipt-scene").textContent + ": ", cloneKids(choiceEl(...p).querySelector(".ipt-choice-label")), ` (${points(p)})`])));
    stage.append(heading(end.querySelector("h" + level).textContent),
      el("p", { class: "ipt-outcome ipt-outcome-" + data.endings[id] }, [cloneKids(end.querySelector(".ipt-outcome"))]),
      ...Array.from(end.children).filter(c => !/^H\d$/.test(c.tagName) && !c.classList.contains("ipt-outcome")).map(c => c.cloneNode(true)),
      el("p", { class: "ipt-sources-label", text: "Your path" }), steps,
      el("p", { class: "ipt-score", text: `Score: ${score()} of a best possible ${data.best}.` }), controls());
  }

  function save() {
    if (!store.available) return;
    if (!path.length) return store.remove(data.id);
    const end = where() in data.endings;
    store.write({ id: data.id, kind: "vignette", title: data.title, status: end ? "completed" : "started",
      score: score(), max: data.best, path, ending: end ? where() : null });
  }
  function restore(rec) {
    let at = data.start;
    const fits = rec.path.every(p => {
      const valid = Array.isArray(p) && p[0] === at && data.nodes[at] && isCount(p[1]) && p[1] < data.nodes[at].length;
      if (valid) at = data.nodes[at][p[1]][0];
      return valid;
    });
    if (fits) path = rec.path; else note(root, "stale");
  }

  statics.hidden = true;
  stage.hidden = false;
  load(root, data.id, restore);
  render(false);
}

/* ---- print: questions in place, an answer key at the end, every vignette path written out ---- */
addEventListener("beforeprint", () => {
  for (const d of $$(document, ".ipt-static details:not([open])")) { d.open = true; d.setAttribute("data-ipt-print-opened", ""); }
  const quizzes = $$(document, "section.ipt-quiz");
  if (!quizzes.length) return;
  const key = el("section", { class: "ipt-print-key" }, [el("h2", { text: "Answer key" })]);
  for (const quiz of quizzes) {
    key.append(el("h3", { text: quiz.querySelector(".ipt-title").textContent }), el("ol", {}, $$(quiz, ".ipt-question > .ipt-answer").map(answer =>
      el("li", {}, [el("ul", {}, [cloneKids(answer.querySelector(".ipt-key"))]), el("div", {}, [cloneKids(answer.querySelector(".ipt-explanation"))])]))));
  }
  (document.querySelector("article") || document.body).append(key);
});
addEventListener("afterprint", () => {
  $$(document, ".ipt-print-key").forEach(k => k.remove());
  for (const d of $$(document, "[data-ipt-print-opened]")) { d.open = false; d.removeAttribute("data-ipt-print-opened"); }
});

start([["section.ipt-quiz", Quiz], ["section.ipt-vignette", Vignette]]);
