/* The progress page (shipped as ipt-progress.js): per-chapter shares, continue, export, import that
   merges, clearing one item or all, and a supervisor's check of a certificate against an exported file. */
import { completedChapters, scored } from "./chapters.js";
import { $$, VERSION, button, calendarDay, count, day, download, el, note, onClick, parse, setLive, signed, start, statusOf, store, upgrade, validRecord } from "./core.js";
import { outlook } from "./queue.js";
import { mergeIntoStore } from "./records.js";

/* What the record of an item says, in a sentence for its row. */
function recordSentence(rec) {
  if (!rec?.completed) return "";
  if (rec.kind === "written") return `Rated ${rec.first} of ${rec.max} points the first time, best ${rec.best}; first rated ${day(rec.completed)}`;
  return `First attempt ${rec.first} of ${rec.max}, best ${rec.best}; ${count(rec.attempts.length, "attempt")}; completed ${day(rec.completed)}` +
    (rec.cbm ? `; certainty-based mark of the first attempt ${signed(rec.cbm.score)} of ${rec.cbm.max}` : "");
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
        tr.querySelector(".ipt-status").textContent = rec ? (rec.completed ? "Completed" : "In progress") : r.problem ? "Not readable (ignored)" : "Not started";
        tr.querySelector(".ipt-result").textContent = recordSentence(rec);
        tr.querySelector(".ipt-clear").hidden = !rec;
        if (!rec) continue;
        if (rec.completed) done++;
        if (rec.completed && scored(rec)) { score += rec.first; max += rec.max; }
        if (!latest || before(rec, latest.rec)) latest = { rec, tr };
      }
      group.querySelector(".ipt-chapter-share").textContent = `${done} of ${rows.length} completed (${Math.round(100 * done / rows.length)}%)` +
        (max ? `, first-attempt score ${score} of ${max}` : "");
    }
    const review = root.querySelector(".ipt-review-due"), look = outlook(store.all());
    if (review) {   // the book has a review page
      review.hidden = !look.all.length;
      review.querySelector(".ipt-review-count").textContent = `Due for review today: ${count(look.due.length, "question")}` +
        (look.confident ? `, ${look.confident} of them answered wrongly at high certainty (they come first)` : "") +
        (look.next ? `; next ${look.nextCount} on ${calendarDay(look.next)}` : "") + ". ";
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
    say(`Saved ${name} to your downloads.`);
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
      return setLive(live, [el("p", { class: "ipt-wrong", text: "Nothing was imported: " + name + (items ? ` has ${bad} unreadable entries.` :
        doc?.format === "ipt-course-progress" ? ` uses progress format ${version}, which this book cannot read (it reads formats 1 and ${VERSION}).` :
        " is not a progress file exported from this course.") })]);
    }
    const { updated, kept } = mergeIntoStore(items);
    refresh();
    say(`Imported ${name}: ${count(updated, "item")} updated, ${kept} kept from this browser.`);
  }
  const confirmBox = root.querySelector(".ipt-reset-confirm"), resetButton = root.querySelector(".ipt-reset");
  resetButton.addEventListener("click", () => { confirmBox.hidden = false; confirmBox.querySelector(".ipt-reset-no").focus(); });
  onClick(confirmBox, ".ipt-reset-no", () => { confirmBox.hidden = true; resetButton.focus(); });
  onClick(confirmBox, ".ipt-reset-yes", () => {
    const all = store.all();
    all.forEach(r => store.remove(r.id));
    confirmBox.hidden = true; refresh();
    say(`Deleted the progress of ${all.length} item(s) from this browser.`);
    resetButton.focus();
  });
  for (const b of $$(root, ".ipt-clear")) b.addEventListener("click", () => {   // one item's record, after a confirmation
    const tr = b.closest("tr"), id = tr.getAttribute("data-item-id"), title = tr.getAttribute("data-title");
    const done = () => { ask.remove(); b.hidden = false; refresh(); };
    const ask = el("span", { class: "ipt-clear-confirm", role: "group", "aria-label": `Clear your record of ${title}?` }, [
      el("span", { text: "Clear its attempts and scores? " }),
      button("Clear the record", "ipt-clear-yes", () => { store.remove(id); done(); say(`Cleared your record of ${title}.`); tr.querySelector("a").focus(); }),
      " ", button("Keep it", "ipt-clear-no", () => { done(); b.focus(); })]);
    b.hidden = true; b.after(ask); ask.querySelector(".ipt-clear-no").focus();   // the safe answer first
  });
  const chapterList = $$(root, "tbody[data-chapter]").map(tb => ({ name: tb.getAttribute("data-chapter"),
    title: tb.querySelector(".ipt-chapter-row a").textContent, ids: $$(tb, "tr[data-item-id]").map(tr => tr.getAttribute("data-item-id")) }));
  const checker = root.querySelector(".ipt-cert-check"), result = checker.querySelector(".ipt-cert-check-result");
  onFile(checker.querySelector("input"), (text, name) => {
    const recs = fileRecords(parse(text)), valid = recs?.filter(r => validRecord(r, r?.id));
    if (!valid) return setLive(result, [el("p", { class: "ipt-wrong", text: `${name} is not a progress file exported from this course.` })]);
    const { done, code } = completedChapters(chapterList, id => valid.find(r => r.id === id));
    setLive(result, [el("p", {}, [`${name}: record check code `, el("strong", { text: code }),
      `, for ${count(done.length, "completed chapter")}` + (done.length ? ": " + done.map(ch => ch.title).join("; ") + "." : ".")])]);
  });
  checker.hidden = false;
  root.querySelector(".ipt-progress-actions").hidden = !store.available;
  if (!store.available) note(root, "unavailable");
  refresh();
}

start([[".ipt-progress", Progress]]);
