/* The review page (shipped as ipt-review.js): the questions due today from the review queue (queue.js),
   confident-and-wrong ones first, each as its quiz shows it (questions.js) and in a shuffled order. The
   first check of a review spaces the question out or sends it back to the first box; the quiz's own
   attempts and scores are never touched. A quiz's questions come from a script of its own in
   `_static/ipt-review/`, loaded only when one of them is due (a script, so it also works from file://). */
import { $$, calendarDay as sayDay, download, el, note, order, parts, setLive, start, store, t, tn } from "./core.js";
import { Question } from "./questions.js";
import { calendar, outlook, reviewed, today } from "./queue.js";

/* Load each quiz's questions once: {quiz id: {title, questions: {id: {data, html, section}}}}. */
function load(sources, ids) {
  const found = {};
  window.iptReview = (id, payload) => { found[id] = payload; };
  return Promise.all(ids.map(id => new Promise(done => {
    const src = sources[id];
    if (!src) return done();
    const s = el("script", { src });
    s.onload = s.onerror = done;
    document.head.append(s);
  }))).then(() => found);
}

function Review(root) {
  const status = root.querySelector(".ipt-review-status"), list = root.querySelector(".ipt-review-list");
  const live = root.querySelector(".ipt-review-feedback"), icsButton = root.querySelector(".ipt-review-ics");
  const sources = Object.fromEntries($$(root, "[data-quiz]").map(li => [li.getAttribute("data-quiz"), li.getAttribute("data-src")]));
  if (!store.available) { note(root, "unavailable"); status.textContent = t("There is nothing to review: this browser keeps no progress."); return; }
  const day0 = today(), seed = +day0.replace(/-/g, "");   // one order per day: a reload shows the same
  const look = outlook(store.all(), day0);
  const first = look.due.filter(e => e.why === "confident"), rest = look.due.filter(e => e.why !== "confident");
  const due = [first, rest].flatMap(group => order(group.length, seed, "review").map(i => group[i]));
  let done = 0, shownCount = 0;

  function describe() {
    const now = outlook(store.all(), day0);
    const next = now.next && tn("Next: {n} question on {day}.", "Next: {n} questions on {day}.", now.nextCount, { day: sayDay(now.next) });
    const waiting = now.all.length && tn("In your queue: {n} question.", "In your queue: {n} questions.", now.all.length);
    const dueToday = first.length ? tn("Due today: {n} question ({confident} you were confident of and got wrong, shown first).",
      "Due today: {n} questions ({confident} you were confident of and got wrong, shown first).", shownCount, { confident: first.length }) :
      tn("Due today: {n} question.", "Due today: {n} questions.", shownCount);
    const sentences = !now.all.length && !shownCount ? [t("Nothing is waiting for review. A question you answer wrongly at the first try, " +
      "or right but at low certainty, comes back here the next day, then after 3, 7 and 21 days until you have it.")] :
      shownCount ? [dueToday, t("Reviewed: {done} of {n}.", { done, n: shownCount }), next, waiting] : [t("Nothing is due today."), next, waiting];
    status.textContent = sentences.filter(Boolean).join(" ");
    icsButton.parentNode.hidden = !now.all.length;
  }

  function show(payloads) {
    const items = due.map(e => ({ e, part: payloads[e.quiz]?.questions[e.qid] })).filter(x => x.part);
    const gone = due.length - items.length;
    shownCount = items.length;
    if (gone) note(root, tn("{n} question in your review queue is no longer in the course and is left out.",
      "{n} questions in your review queue are no longer in the course and are left out.", gone));
    items.forEach(({ e, part }, i) => {
      const template = el("template");
      template.innerHTML = part.html;   // this build's own markup for the question, as its chapter shows it
      const li = template.content.firstElementChild;
      li.querySelector(".ipt-sure")?.remove();   // certainty is marked in the quiz, not here
      li.querySelector(".ipt-qnum").textContent = t("Review question {n} of {all}, from {quiz}", { n: i + 1, all: items.length, quiz: payloads[e.quiz].title });
      li.querySelector(".ipt-prompt").after(el("p", { class: "ipt-review-read" },
        parts(t("Read again: {section}"), { section: el("a", { href: part.section[0], text: part.section[1] }) })));
      list.append(li);
      const it = Question(li, { ...part.data, sure: false });
      let state = null;
      it.wire(() => {
        const first = !state;
        state = it.check(state, () => ({ tries: 0, solved: false })) ?? state;
        if (first && state) save(e, state.solved, it);   // the first check of a review spaces the question
      });
      it.arrange(seed);
    });
    describe();
  }

  function save(e, right, it) {   // the entry moves on in its quiz's record, read afresh (another tab may have saved)
    const rec = store.read(e.quiz).record;
    if (!rec?.review?.[e.qid]) return;
    const learned = reviewed(rec, e.qid, right);
    store.write(rec);
    done++;
    const entry = rec.review[e.qid];
    it.feedback.append(el("p", { class: "ipt-review-next", text: learned ? t("Learned: it leaves your review queue.") :
      right ? t("It comes back on {day}.", { day: sayDay(entry.due) }) : t("Back to the start: it comes back on {day}.", { day: sayDay(entry.due) }) }));
    describe();
  }

  icsButton.addEventListener("click", () => {
    const waiting = outlook(store.all(), day0).all, name = "ipt-review-dates.ics";
    download(name, "text/calendar", calendar(waiting, location.href.split(/[?#]/)[0]));
    setLive(live, [el("p", { text: tn("Saved {name} to your downloads: {n} review day. Open it with your calendar.",
      "Saved {name} to your downloads: {n} review days. Open it with your calendar.", new Set(waiting.map(e => e.due)).size, { name }) })]);
  });
  describe();
  load(sources, [...new Set(due.map(e => e.quiz))]).then(show);
}

start([[".ipt-review", Review]]);
