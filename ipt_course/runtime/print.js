/* Printing a chapter: questions stay in place with an answer key at the end of the chapter, and every
   case's scenes are opened so each path is written out. Part of both ipt-quiz.js and ipt-vignette.js. */
import { $$, cloneKids, el, t } from "./core.js";

/* A quiz's chapter: on a chapter's own page, its outermost section; on the single page of the whole
   book (the singlehtml build that `make pdf` prints), the section that a page's marker opens. */
function chapterOf(quiz) {
  let outermost = null;
  for (let s = quiz.parentElement.closest("section"); s; s = s.parentElement.closest("section")) {
    if (s.previousElementSibling?.matches('span[id^="document-"]')) return s;
    outermost = s;
  }
  return outermost || document.querySelector("article") || document.body;
}

addEventListener("beforeprint", () => {
  for (const d of $$(document, ".ipt-static details:not([open])")) { d.open = true; d.dataset.iptPrintOpened = ""; }
  if (document.querySelector(".ipt-print-key")) return;   // a page with quizzes and cases loads this twice
  const chapters = new Map();   // each chapter with its quizzes, in page order
  for (const quiz of $$(document, "section.ipt-quiz")) {
    const chapter = chapterOf(quiz);
    chapters.set(chapter, [...(chapters.get(chapter) || []), quiz]);
  }
  for (const [chapter, quizzes] of chapters) {   // its key at its end, a level under its title
    const level = Math.min(+(chapter.querySelector(":scope > :is(h1, h2, h3, h4)")?.tagName[1] || 1), 4);
    const key = el("section", { class: "ipt-print-key" }, [el(`h${level + 1}`, { text: t("Answer key") })]);
    for (const quiz of quizzes) {
      key.append(el(`h${level + 2}`, { text: quiz.querySelector(".ipt-title").textContent }), el("ol", {}, $$(quiz, ".ipt-question > .ipt-answer").map(answer =>
        el("li", {}, [el("ul", {}, [cloneKids(answer.querySelector(".ipt-key"))]), el("div", {}, [cloneKids(answer.querySelector(".ipt-explanation"))])]))));
    }
    chapter.append(key);
  }
});
addEventListener("afterprint", () => {
  $$(document, ".ipt-print-key").forEach(k => k.remove());
  for (const d of $$(document, "[data-ipt-print-opened]")) { d.open = false; delete d.dataset.iptPrintOpened; }
});

