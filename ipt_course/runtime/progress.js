/* The progress page (shipped as ipt-progress.js): per-chapter shares, continue, export, import that
   merges, clearing one item or all, and a supervisor's check of a certificate against an exported file. */
import { completedChapters, scored } from "./chapters.js";
import { $$, VERSION, button, calendarDay, day, download, el, note, onClick, parse, parts, setLive, signed, start, statusOf, store, t, tn, upgrade, validRecord } from "./core.js";
import { outlook } from "./queue.js";
import { mergeIntoStore } from "./records.js";

/* What the record of an item says, in a sentence for its row. */
function recordSentence(rec) {
  if (!rec?.completed) return "";
  const n = rec.attempts.length, vars = { first: rec.first, best: rec.best, max: rec.max, day: day(rec.completed) };
  if (rec.kind === "written") return t("Rated {first} of {max} points the first time, best {best}; first rated {day}", vars);
  if (!rec.cbm) return tn("First attempt {first} of {max}, best {best}; {n} attempt; completed {day}", "First attempt {first} of {max}, best {best}; {n} attempts; completed {day}", n, vars);
  return tn("First attempt {first} of {max}, best {best}; {n} attempt; completed {day}; certainty-based mark of the first attempt {mark} of {cbmMax}",
    "First attempt {first} of {max}, best {best}; {n} attempts; completed {day}; certainty-based mark of the first attempt {mark} of {cbmMax}", n,
    { ...vars, mark: signed(rec.cbm.score), cbmMax: rec.cbm.max });
}

/* The records of a progress file: today's format, or format 1 upgraded; null if it is neither. */
function fileRecords(doc) {
  const version = doc?.version;
  if (doc?.format !== "ipt-course-progress" || (version !== VERSION && version !== 1) || !Array.isArray(doc.items)) return null;
  return doc.items.map(r => version === 1 ? upgrade(r, r?.id) : r);
}

/* Call `read(text, name)` with each file the reader chooses; the same file can be chosen again. */
function onFile(input, read) {
  input.addEventListener("change", () => {
    const file = input.files[0];
    if (file) file.text().then(text => { read(text, file.name); input.value = ""; });
  });
}

function Progress(root) {
  const live = root.querySelector(".ipt-progress-feedback"), say = text => setLive(live, [el("p", { text })]);
  const before = (a, b) => {   // where to continue: unfinished items first, then the most recent
    const ua = !a.completed, ub = !b.completed;
    return ua !== ub ? ua : a.updated > b.updated;
  };
  function refresh() {
    let latest = null;
    for (const group of $$(root, "tbody[data-chapter]")) {
      let done = 0, score = 0, max = 0;
      const rows = $$(group, "tr[data-item-id]");
      for (const tr of rows) {
        const r = store.read(tr.getAttribute("data-item-id")), rec = r.record;
        // Translators: an item's status in the progress table
        tr.querySelector(".ipt-status").textContent = rec ? (rec.completed ? t("Completed") : t("In progress")) : r.problem ? t("Not readable (ignored)") : t("Not started");
        tr.querySelector(".ipt-result").textContent = recordSentence(rec);
        tr.querySelector(".ipt-clear").hidden = !rec;
        if (!rec) continue;
        if (rec.completed) done++;
        if (rec.completed && scored(rec)) { score += rec.first; max += rec.max; }
        if (!latest || before(rec, latest.rec)) latest = { rec, tr };
      }
      const share = { done, all: rows.length, percent: Math.round(100 * done / rows.length), score, max };
      group.querySelector(".ipt-chapter-share").textContent = max ? t("{done} of {all} completed ({percent}%), first-attempt score {score} of {max}", share) :
        t("{done} of {all} completed ({percent}%)", share);
    }
    const review = root.querySelector(".ipt-review-due"), look = outlook(store.all());
    if (review) {   // the book has a review page
      review.hidden = !look.all.length;
      const n = look.due.length, vars = { confident: look.confident, next: look.nextCount, day: look.next && calendarDay(look.next) };
      const due = look.confident && look.next ? tn("Due for review today: {n} question, {confident} of them answered wrongly at high certainty " +
        "(they come first); next {next} on {day}.", "Due for review today: {n} questions, {confident} of them answered wrongly at high certainty " +
        "(they come first); next {next} on {day}.", n, vars) :
        look.confident ? tn("Due for review today: {n} question, {confident} of them answered wrongly at high certainty (they come first).",
          "Due for review today: {n} questions, {confident} of them answered wrongly at high certainty (they come first).", n, vars) :
        look.next ? tn("Due for review today: {n} question; next {next} on {day}.", "Due for review today: {n} questions; next {next} on {day}.", n, vars) :
        tn("Due for review today: {n} question.", "Due for review today: {n} questions.", n);
      review.querySelector(".ipt-review-count").textContent = due + " ";   // the link to the review page follows
    }
    const cont = root.querySelector(".ipt-continue");
    cont.hidden = !latest;
    if (latest) {
      const link = cont.querySelector("a");
      link.href = latest.tr.querySelector("a").getAttribute("href");
      link.textContent = latest.rec.title;
    }
  }
  function save(ext, type, text) {
    const name = `ipt-progress-${new Date().toISOString().slice(0, 10)}.${ext}`;
    download(name, type, text);
    say(t("Saved {name} to your downloads.", { name }));
  }
  const csvCell = v => {
    const s = String(v ?? "").replace(/^[=+\-@]/, "'$&");   // no formulas when opened in a spreadsheet
    return `"${s.replace(/"/g, '""')}"`;
  };
  onClick(root, ".ipt-export-json", () => save("json", "application/json",
    JSON.stringify({ format: "ipt-course-progress", version: VERSION, exported: new Date().toISOString(), items: store.all() }, null, 2)));
  onClick(root, ".ipt-export-csv", () => {
    const cols = ["id", "title", "kind", "status", "first", "best", "max", "cbm", "cbm_max", "attempts", "in_review", "completed", "updated"];
    const row = r => ({ ...r, status: statusOf(r), attempts: r.attempts.length, cbm: r.cbm?.score, cbm_max: r.cbm?.max,
      in_review: Object.values(r.review ?? {}).filter(e => e.due).length });
    const rows = [cols.join(","), ...store.all().map(r => cols.map(c => csvCell(row(r)[c])).join(","))];
    save("csv", "text/csv", rows.join("\r\n") + "\r\n");
  });
  onFile(root.querySelector(".ipt-import input"), importText);
  function importText(text, name) {
    const doc = parse(text), version = doc?.version, items = fileRecords(doc);
    const bad = items ? items.filter(r => !validRecord(r, r?.id)).length : 0;
    if (!items || bad) {
      return setLive(live, [el("p", { class: "ipt-wrong", text: items ? t("Nothing was imported: {name} has {bad} unreadable entries.", { name, bad }) :
        doc?.format === "ipt-course-progress" ? t("Nothing was imported: {name} uses progress format {version}, which this book cannot read " +
          "(it reads formats 1 and {current}).", { name, version, current: VERSION }) :
        t("Nothing was imported: {name} is not a progress file exported from this course.", { name }) })]);
    }
    const { updated, kept } = mergeIntoStore(items);
    refresh();
    say(tn("Imported {name}: {n} item updated, {kept} kept from this browser.", "Imported {name}: {n} items updated, {kept} kept from this browser.", updated, { name, kept }));
  }
  const confirmBox = root.querySelector(".ipt-reset-confirm"), resetButton = root.querySelector(".ipt-reset");
  resetButton.addEventListener("click", () => { confirmBox.hidden = false; confirmBox.querySelector(".ipt-reset-no").focus(); });
  onClick(confirmBox, ".ipt-reset-no", () => { confirmBox.hidden = true; resetButton.focus(); });
  onClick(confirmBox, ".ipt-reset-yes", () => {
    const all = store.all();
    all.forEach(r => store.remove(r.id));
    confirmBox.hidden = true; refresh();
    say(t("Deleted the progress of {n} item(s) from this browser.", { n: all.length }));
    resetButton.focus();
  });
  for (const b of $$(root, ".ipt-clear")) b.addEventListener("click", () => {   // one item's record, after a confirmation
    const tr = b.closest("tr"), id = tr.getAttribute("data-item-id"), title = tr.getAttribute("data-title");
    const done = () => { ask.remove(); b.hidden = false; refresh(); };
    const ask = el("span", { class: "ipt-clear-confirm", role: "group", "aria-label": t("Clear your record of {title}?", { title }) }, [
      el("span", { text: t("Clear its attempts and scores?") + " " }),
      button(t("Clear the record"), "ipt-clear-yes", () => { store.remove(id); done(); say(t("Cleared your record of {title}.", { title })); tr.querySelector("a").focus(); }),
      // Translators: a button that keeps an item's record instead of clearing it
      " ", button(t("Keep it"), "ipt-clear-no", () => { done(); b.focus(); })]);
    b.hidden = true; b.after(ask); ask.querySelector(".ipt-clear-no").focus();   // the safe answer first
  });
  const chapterList = $$(root, "tbody[data-chapter]").map(tb => ({ name: tb.getAttribute("data-chapter"),
    title: tb.querySelector(".ipt-chapter-row a").textContent, ids: $$(tb, "tr[data-item-id]").map(tr => tr.getAttribute("data-item-id")) }));
  const checker = root.querySelector(".ipt-cert-check"), result = checker.querySelector(".ipt-cert-check-result");
  onFile(checker.querySelector("input"), (text, name) => {
    const recs = fileRecords(parse(text)), valid = recs?.filter(r => validRecord(r, r?.id));
    if (!valid) return setLive(result, [el("p", { class: "ipt-wrong", text: t("{name} is not a progress file exported from this course.", { name }) })]);
    const { done, code } = completedChapters(chapterList, id => valid.find(r => r.id === id));
    const vars = { name, chapters: done.map(ch => ch.title).join("; ") };
    const says = done.length ? tn("{name}: record check code {code}, for {n} completed chapter: {chapters}.",
      "{name}: record check code {code}, for {n} completed chapters: {chapters}.", done.length, vars) :
      tn("{name}: record check code {code}, for {n} completed chapter.", "{name}: record check code {code}, for {n} completed chapters.", 0, vars);
    setLive(result, [el("p", {}, parts(says, { code: el("strong", { text: code }) }))]);
  });
  checker.hidden = false;
  root.querySelector(".ipt-progress-actions").hidden = !store.available;
  if (!store.available) note(root, "unavailable");
  refresh();
}

start([[".ipt-progress", Progress]]);
