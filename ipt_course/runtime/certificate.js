/* The CPD certificate (shipped as ipt-certificate.js): the completed chapters with their dates,
   first-attempt scores and learning hours, the trainee's name and reflective statement (kept in this
   browser), sign-off lines and a record check code. */
import { completedChapters } from "./chapters.js";
import { $$, day, note, onClick, start, store, t } from "./core.js";

const NAME_KEY = "ipt-course:v1-settings:name", REFLECTION_KEY = "ipt-course:v1-settings:reflection";   // not tied to the record format
function Certificate(root) {
  const rows = $$(root, "tr[data-chapter]");
  const { done, code } = completedChapters(rows.map(tr => ({ tr, name: tr.getAttribute("data-chapter"), ids: tr.getAttribute("data-items").split(" ") })),
    id => store.read(id).record);
  let total = 0;
  rows.forEach(tr => { tr.hidden = true; });
  for (const ch of done) {
    ch.tr.hidden = false; total += parseFloat(ch.tr.getAttribute("data-hours"));
    ch.tr.querySelector(".ipt-cert-date").textContent = day(ch.date, "short");   // room for the chapter's title on one page
    // Translators: a chapter's first-attempt score on the certificate
    ch.tr.querySelector(".ipt-cert-score").textContent = t("{score} of {max}", { score: ch.first, max: ch.max });
  }
  root.querySelector(".ipt-cert-total").textContent = String(Math.round(total * 100) / 100);   // as precise as each row
  root.querySelector(".ipt-cert-empty").hidden = done.length > 0;
  root.querySelector(".ipt-cert-table").hidden = done.length === 0;
  root.querySelector(".ipt-cert-today").textContent = day(new Date().toISOString());
  root.querySelector(".ipt-cert-code").textContent = code;
  // Translators: stands on the certificate for the trainee's name until they type it
  kept(root.querySelector("#ipt-cert-name"), NAME_KEY, v => { root.querySelector(".ipt-cert-name").textContent = v.trim() || t("(your name)"); });
  kept(root.querySelector("#ipt-cert-reflection"), REFLECTION_KEY, v => { root.querySelector(".ipt-cert-reflection-print").textContent = v; });
  onClick(root, ".ipt-cert-print", () => print());
  root.querySelector(".ipt-cert-form").hidden = false;
  if (!store.available) note(root, "unavailable");
}
/* A field whose text this browser keeps, shown elsewhere on the page as it is typed. */
function kept(input, key, show) {
  try { input.value = localStorage.getItem(key) || ""; } catch { /* storage unavailable */ }
  show(input.value);
  input.addEventListener("input", () => {
    show(input.value);
    try { localStorage.setItem(key, input.value); } catch { /* kept on the page only */ }
  });
}

start([[".ipt-certificate", Certificate]]);
