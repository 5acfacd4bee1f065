/* Printing a chapter: questions stay in place with an answer key at the end, and every case's
   scenes are opened so each path is written out. Part of both ipt-quiz.js and ipt-vignette.js. */
import { $$, cloneKids, el } from "./core.js";

addEventListener("beforeprint", () => {
  for (const d of $$(document, ".ipt-static details:not([open])")) { d.open = true; d.dataset.iptPrintOpened = ""; }
  const quizzes = $$(document, "section.ipt-quiz");
  if (!quizzes.length || document.querySelector(".ipt-print-key")) return;   // a page with quizzes and cases loads this twice
  const key = el("section", { class: "ipt-print-key" }, [el("h2", { text: "Answer key" })]);
  for (const quiz of quizzes) {
    key.append(el("h3", { text: quiz.querySelector(".ipt-title").textContent }), el("ol", {}, $$(quiz, ".ipt-question > .ipt-answer").map(answer =>
      el("li", {}, [el("ul", {}, [cloneKids(answer.querySelector(".ipt-key"))]), el("div", {}, [cloneKids(answer.querySelector(".ipt-explanation"))])]))));
  }
  (document.querySelector("article") || document.body).append(key);
});
addEventListener("afterprint", () => {
  $$(document, ".ipt-print-key").forEach(k => k.remove());
  for (const d of $$(document, "[data-ipt-print-opened]")) { d.open = false; delete d.dataset.iptPrintOpened; }
});

