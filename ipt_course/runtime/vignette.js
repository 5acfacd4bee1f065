/* A page's cases (shipped as ipt-vignette.js): one scene at a time, with feedback on each choice and
   Back to undo; Restart begins a new attempt, with the choices in a new order, and keeps the record of
   earlier ones. The page holds every scene and ending (the no-JavaScript view); data.nodes[scene]
   lists each choice's {next, score}. */
import { attempts, button, cloneKids, dataOf, el, isCount, order, parts, setLive, start, t, tn } from "./core.js";
import "./print.js";

function Vignette(root) {
  const data = dataOf(root), statics = root.querySelector(".ipt-static");
  const stage = root.querySelector(".ipt-stage"), live = root.querySelector(".ipt-feedback"), after = root.querySelector(".ipt-after");
  const level = +root.querySelector(".ipt-title").tagName.slice(1) + 1;
  const record = attempts(data, data.best, () => ({ path: [], firsts: {} }), seed => order(data.nodes[data.start].length, seed, data.start).join());
  let pending = false;   // a choice made, its feedback shown, Continue not yet pressed
  const now = () => record.rec.now, path = () => now().path;   // the attempt in progress: [scene, choice] pairs

  const nodeEl = id => statics.querySelector(`[data-node-id="${id}"]`);
  const sceneName = step => t("Scene {n}", { n: step });   // numbered along the walk, not by the file's order
  const choiceEl = (id, i) => nodeEl(id).querySelectorAll(".ipt-choices > li")[i];
  const choiceOf = ([at, i]) => data.nodes[at][i], points = p => choiceOf(p).score;
  const last = () => path()[path().length - 1];
  const where = () => path().length ? choiceOf(last()).next : data.start;
  const score = () => path().reduce((s, p) => s + points(p), 0);
  /* What the record counts: the first choice made at each scene of the path in this attempt, so that
     Back explores without improving the score (as a quiz counts the first try). */
  const firsts = () => now().firsts ||= {};
  const counted = () => path().reduce((s, [at, i]) => s + points([at, firsts()[at] ?? i]), 0);
  const heading = text => el("h" + level, { class: "ipt-scene", tabindex: "-1", text });
  const controls = () => el("div", { class: "ipt-actions" }, path().length ? [
    button(t("Back one step"), "ipt-back", () => { path().pop(); pending = false; render(true); save(); }),
    button(t("Restart the case"), "ipt-restart", () => { record.begin(true); pending = false; setLive(live, []); render(true); save(); })
  ] : []);

  function render(focus) {
    stage.textContent = "";
    const at = pending ? last()[0] : where();
    after.hidden = !(at in data.endings);
    if (at in data.endings) renderEnding(at); else renderNode(at);
    if (focus) (stage.querySelector(pending ? ".ipt-continue" : ".ipt-scene") || stage).focus();
  }

  function renderNode(id) {
    const node = nodeEl(id), h = heading(sceneName(path().length + (pending ? 0 : 1)));
    h.id = `ipt-${data.id}-stage-heading`;
    const list = el("div", { class: "ipt-options", role: "radiogroup", "aria-labelledby": h.id },
      order(data.nodes[id].length, now().seed, id).map(i => {
        const li = choiceEl(id, i);
        const inp = el("input", { type: "radio", name: `ipt-${data.id}-choice`, value: i });
        if (pending) { inp.disabled = true; inp.checked = last()[1] === i; }
        return el("label", { class: "ipt-option" }, [inp, " ", el("span", {}, [cloneKids(li.querySelector(".ipt-choice-label"))])]);
      }));
    const act = pending ? button(t("Continue"), "ipt-continue", () => { pending = false; render(true); })
      : button(t("Choose"), "ipt-choose", () => choose(list));
    const c = controls();
    c.prepend(act);
    stage.append(h, el("div", { class: "ipt-narrative" }, [cloneKids(node.querySelector(".ipt-narrative"))]),
      el("p", { class: "ipt-how", text: t("What would you do?") }), list, c);
  }

  function choose(list) {
    const picked = list.querySelector("input:checked");
    if (!picked) return setLive(live, [el("p", { text: t("Choose an option first.") })]);
    const at = where(), i = +picked.value, pts = choiceOf([at, i]).score;
    path().push([at, i]); pending = true;
    firsts()[at] ??= i;
    setLive(live, [
      el("p", { class: "ipt-verdict" }, [el("strong", { text: tn("Feedback on your choice ({n} point):", "Feedback on your choice ({n} points):", pts) + " " })]),
      cloneKids(choiceEl(at, i).querySelector(".ipt-choice-feedback"))
    ]);
    render(true); save();
  }

  function renderEnding(id) {
    const end = statics.querySelector(`[data-ending-id="${id}"]`);
    // Translators: a step of the reader's path through a case: the scene, the choice made there and its points
    const steps = el("ol", { class: "ipt-path" }, path().map((p, k) => el("li", {}, parts(t("Scene {n}: {choice} ({points})", { n: k + 1, points: points(p) }),
      { choice: cloneKids(choiceEl(...p).querySelector(".ipt-choice-label")) }))));
    stage.append(heading(end.querySelector("h" + level).textContent),
      el("p", { class: "ipt-outcome ipt-outcome-" + data.endings[id] }, [cloneKids(end.querySelector(".ipt-outcome"))]),
      ...Array.from(end.children).filter(c => !/^H\d$/.test(c.tagName) && !c.classList.contains("ipt-outcome")).map(c => c.cloneNode(true)),
      el("p", { class: "ipt-sources-label", text: t("Your path") }), steps,
      el("p", { class: "ipt-score", text: [t("Score: {score} of a best possible {best}.", { score: score(), best: data.best }),
        counted() !== score() && t("Your first choices at these scenes scored {counted}: that is what your record counts.", { counted: counted() })].filter(Boolean).join(" ") }),
      el("p", { class: "ipt-record", text: record.summary() }), controls());
  }

  function save() {
    if (where() in data.endings) record.finish(counted());
    record.save();
  }
  function fits(now) {
    let at = data.start;
    return now.path.every(p => {
      const valid = Array.isArray(p) && p[0] === at && data.nodes[at] && isCount(p[1]) && p[1] < data.nodes[at].length;
      if (valid) at = data.nodes[at][p[1]].next;
      return valid;
    });
  }

  statics.hidden = true;
  stage.hidden = false;
  record.load(root, fits);
  render(false);
}

start([["section.ipt-vignette", Vignette]]);
