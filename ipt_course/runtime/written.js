/* A page's written exercises (shipped as ipt-written.js): the reader writes, then compares the answer with
   the model answer and ticks the checklist's points it makes. The text is kept in the item's record as it is
   typed (never sent anywhere) and can be edited and rated again at any time: nothing written is ever cleared.
   The first rating is the score the course keeps; the best is kept too. "Print my answer" prints the
   exercise alone, with the reader's text, the model answer and the ticks. */
import { $$, attempts, dataOf, day, el, onClick, setLive, start, t, tn } from "./core.js";

function Written(root) {
  const data = dataOf(root), n = data.points;
  const box = root.querySelector("textarea"), model = root.querySelector(".ipt-model");
  const ticks = $$(root, ".ipt-checklist input"), feedback = root.querySelector(".ipt-feedback");
  const score = root.querySelector(".ipt-score"), mirror = root.querySelector(".ipt-written-print");
  const record = attempts(data, n, () => ({ text: "", shown: false, rated: null }), () => "");
  const now = () => record.rec.now, say = text => setLive(feedback, [el("p", { text })]);
  let timer = 0;

  function save() {
    clearTimeout(timer);
    record.save();
  }
  function showModel(open) {
    model.hidden = false;
    model.open = open;
    model.querySelector(".ipt-actions").hidden = false;
  }
  function tally() {
    const r = record.rec;
    score.hidden = !r.completed;
    score.textContent = r.completed ? t("Your rating: {first} of {n} points the first time ({day}), {best} of {n} at best.",
      { first: r.first, best: r.best, n, day: day(r.completed) }) : "";
  }

  root.querySelector(".ipt-write").hidden = false;
  model.hidden = true;                                 // the model answer comes after an attempt
  record.load(root, s => typeof s.text === "string");   // the text always fits; only the ticks can go stale
  if (now().rated && now().rated.length !== n) now().rated = null;   // the checklist changed: rate again
  box.value = mirror.textContent = now().text;
  if (now().shown) showModel(false);
  (now().rated ?? []).forEach((v, i) => { ticks[i].checked = v === 1; });
  tally();

  box.addEventListener("input", () => {
    now().text = mirror.textContent = box.value;
    clearTimeout(timer);
    timer = setTimeout(save, 400);                      // kept as it is typed, without a save on every key
  });
  box.addEventListener("change", save);
  addEventListener("pagehide", () => { if (timer) save(); });
  onClick(root, ".ipt-reveal", () => {
    if (!box.value.trim()) { say(t("Write your answer first: the model answer teaches most once you have tried.")); return box.focus(); }
    now().shown = true;
    showModel(true);
    save();
    say(t("The model answer and the checklist are below. Tick each point your answer makes, then save your rating."));
  });
  onClick(root, ".ipt-rate", () => {
    const rated = ticks.map(tick => +tick.checked), met = rated.reduce((s, v) => s + v, 0);
    now().rated = rated;
    record.finish(met);
    save();
    tally();
    say(tn("Saved: by your rating, your answer makes {met} of {n} point. You can edit it and rate it again at any time.",
      "Saved: by your rating, your answer makes {met} of {n} points. You can edit it and rate it again at any time.", n, { met }));
  });
  onClick(root, ".ipt-print-one", () => printAlone(root, model));
}

/* Print one exercise alone: every element outside it and its ancestors is left out of the print. */
function printAlone(root, model) {
  const path = [];
  for (let node = root.parentElement; node && node !== document.body; node = node.parentElement) path.push(node);
  const wasOpen = model.open;
  model.open = true;
  document.documentElement.classList.add("ipt-printing-one");
  root.classList.add("ipt-print-this");
  path.forEach(node => node.classList.add("ipt-print-path"));
  addEventListener("afterprint", () => {
    document.documentElement.classList.remove("ipt-printing-one");
    root.classList.remove("ipt-print-this");
    path.forEach(node => node.classList.remove("ipt-print-path"));
    model.open = wasOpen;
  }, { once: true });
  print();
}

start([["section.ipt-written", Written]]);
