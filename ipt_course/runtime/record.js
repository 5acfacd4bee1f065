/* The trainee's record: the progress page (per-chapter shares, continue, export, import, reset)
   and the CPD certificate (completed chapters with their dates and learning hours). */
import { $$, VERSION, el, note, onClick, setLive, start, store, validRecord } from "./core.js";

function Progress(root) {
  const live = root.querySelector(".ipt-progress-feedback"), say = text => setLive(live, [el("p", { text })]);
  const before = (a, b) => {   // where to continue: unfinished items first, then the most recent
    const ua = a.status !== "completed", ub = b.status !== "completed";
    return ua !== ub ? ua : a.updated > b.updated;
  };
  function refresh() {
    let latest = null;
    for (const group of $$(root, "tbody[data-chapter]")) {
      let done = 0, score = 0, max = 0;
      const rows = $$(group, "tr[data-item-id]");
      for (const tr of rows) {
        const r = store.read(tr.getAttribute("data-item-id")), rec = r.record;
        tr.querySelector(".ipt-status").textContent = rec ? (rec.status === "completed" ? "Completed" : "In progress") : r.problem ? "Not readable (ignored)" : "Not started";
        tr.querySelector(".ipt-result").textContent = rec ? `${rec.score} of ${rec.max}` : "–";
        if (!rec) continue;
        done += rec.status === "completed"; score += rec.score; max += rec.max;
        if (!latest || before(rec, latest.rec)) latest = { rec, tr };
      }
      group.querySelector(".ipt-chapter-share").textContent = `${done} of ${rows.length} completed (${Math.round(100 * done / rows.length)}%)` +
        (max ? `, score ${score} of ${max}` : "");
    }
    const cont = root.querySelector(".ipt-continue");
    cont.hidden = !latest;
    if (latest) {
      const link = cont.querySelector("a");
      link.href = latest.tr.querySelector("a").getAttribute("href");
      link.textContent = latest.rec.title;
    }
  }
  function download(ext, type, text) {
    const name = `ipt-progress-${new Date().toISOString().slice(0, 10)}.${ext}`;
    const a = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
    document.body.append(a); a.click(); a.remove();
    say(`Saved ${name} to your downloads.`);
  }
  const csvCell = v => {
    const s = String(v ?? "").replace(/^[=+\-@]/, "'$&");   // no formulas when opened in a spreadsheet
    return `"${s.replace(/"/g, '""')}"`;
  };
  onClick(root, ".ipt-export-json", () => download("json", "application/json",
    JSON.stringify({ format: "ipt-course-progress", version: VERSION, exported: new Date().toISOString(), items: store.all() }, null, 2)));
  onClick(root, ".ipt-export-csv", () => {
    const cols = ["id", "title", "kind", "status", "score", "max", "updated"];
    const rows = [cols.join(","), ...store.all().map(r => cols.map(c => csvCell(r[c])).join(","))];
    download("csv", "text/csv", rows.join("\r\n") + "\r\n");
  });
  root.querySelector(".ipt-import input").addEventListener("change", ev => {
    const file = ev.target.files[0];
    if (file) file.text().then(text => { importText(text, file.name); ev.target.value = ""; });
  });
  function importText(text, name) {
    let doc = null;
    try { doc = JSON.parse(text); } catch { /* reported below */ }
    const items = doc?.format === "ipt-course-progress" && doc.version === VERSION && Array.isArray(doc.items) ? doc.items : null;
    const bad = items ? items.filter(r => !validRecord(r, r?.id)).length : 0;
    if (!items || bad) {
      return setLive(live, [el("p", { class: "ipt-wrong", text: "Nothing was imported: " + name + (items ? ` has ${bad} unreadable entries.` :
        ` is not a progress file exported from this course (version ${VERSION}).`) })]);
    }
    let added = 0, kept = 0;
    for (const r of items) {
      const mine = store.read(r.id).record;
      if (mine && Date.parse(mine.updated) >= Date.parse(r.updated)) kept++;
      else if (store.write(r)) added++;
    }
    refresh();
    say(`Imported ${added} item(s) from ${name}; kept ${kept} newer item(s) already here.`);
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
  root.querySelector(".ipt-progress-actions").hidden = !store.available;
  if (!store.available) note(root, "unavailable");
  refresh();
}

const NAME_KEY = `ipt-course:v${VERSION}-settings:name`;
function Certificate(root) {
  const input = root.querySelector("#ipt-cert-name"), out = root.querySelector(".ipt-cert-name");
  const day = iso => new Date(iso).toLocaleDateString("en-NZ", { day: "numeric", month: "long", year: "numeric" });
  let total = 0, shown = 0;
  for (const tr of $$(root, "tr[data-chapter]")) {
    const recs = tr.getAttribute("data-items").split(" ").map(id => store.read(id).record);
    const complete = recs.every(r => r?.status === "completed");
    tr.hidden = !complete;
    if (!complete) continue;
    shown++; total += parseFloat(tr.getAttribute("data-hours"));
    tr.querySelector(".ipt-cert-date").textContent = day(recs.map(r => r.updated).sort().pop());
  }
  root.querySelector(".ipt-cert-total").textContent = String(Math.round(total * 10) / 10);
  root.querySelector(".ipt-cert-empty").hidden = shown > 0;
  root.querySelector(".ipt-cert-table").hidden = shown === 0;
  root.querySelector(".ipt-cert-today").textContent = day(new Date().toISOString());
  try { input.value = localStorage.getItem(NAME_KEY) || ""; } catch { /* storage unavailable */ }
  const showName = () => { out.textContent = input.value.trim() || "(your name)"; };
  input.addEventListener("input", () => {
    showName();
    try { localStorage.setItem(NAME_KEY, input.value); } catch { /* kept on the page only */ }
  });
  onClick(root, ".ipt-cert-print", () => print());
  root.querySelector(".ipt-cert-form").hidden = false;
  if (!store.available) note(root, "unavailable");
  showName();
}

start([[".ipt-progress", Progress], [".ipt-certificate", Certificate]]);
