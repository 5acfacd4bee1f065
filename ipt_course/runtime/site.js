/* Every page of the book (shipped as ipt-site.js). The theme's markup made whole for a keyboard and a
   screen reader. Its course menu and page contents open with checkboxes and labels, which a tap works
   (with or without this script) but a keyboard cannot reach: each visible label becomes a named
   button that says whether its panel is open and moves the focus into it, and Escape closes an
   open panel and returns to its button. Its two side panels and the back-to-top link get names and
   landmarks, and the menu's section captions a heading level. */
import { t } from "./messages.js";

const PANELS = {
  __navigation: { name: t("Course menu"), panel: ".sidebar-drawer" },
  __toc: { name: t("Contents of this page"), panel: ".toc-drawer" },
};

const buttons = [];   // [checkbox, button] pairs
for (const label of document.querySelectorAll(".mobile-header label[for], .content-icon-container label[for]")) {
  const box = document.getElementById(label.htmlFor), the = PANELS[label.htmlFor];
  if (!box || !the) continue;
  const button = document.createElement("button");
  button.type = "button";
  button.className = `${label.className} ipt-panel-button`;
  button.setAttribute("aria-label", the.name);
  button.append(...label.childNodes);
  label.replaceWith(button);
  buttons.push([box, button]);
  const show = () => button.setAttribute("aria-expanded", String(box.checked));
  show();
  box.addEventListener("change", show);
  button.addEventListener("click", event => {
    box.click();
    if (box.checked && event.detail === 0) {   // from the keyboard: into the panel just opened
      document.querySelector(the.panel)?.querySelector("a[href], input")?.focus();
    }
  });
}

document.addEventListener("keydown", event => {
  if (event.key !== "Escape") return;
  for (const [box, button] of buttons) {
    if (!box.checked) continue;
    box.click();
    if (button.offsetParent) button.focus();   // the one of its two buttons on the screen
  }
});

for (const { name, panel } of Object.values(PANELS)) document.querySelector(panel)?.setAttribute("aria-label", name);
for (const caption of document.querySelectorAll('.sidebar-tree .caption[role="heading"]')) caption.setAttribute("aria-level", "2");
const backToTop = document.querySelector(".back-to-top");
if (backToTop) {
  const nav = document.createElement("nav");
  nav.setAttribute("aria-label", t("Back to top"));
  backToTop.before(nav);
  nav.append(backToTop);
}

/* A wide table or block of code scrolls sideways inside the page on a small screen, never the page
   itself: such a box takes focus (so the arrow keys scroll it) and a table says above it that it scrolls. */
function markScrollers() {
  const count = { pre: 0, table: 0 };
  for (const box of document.querySelectorAll("article .table-wrapper, article pre")) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("ipt-scrolls", scrolls);
    if (scrolls) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      const kind = box.matches("pre") ? "pre" : "table", n = ++count[kind];   // each region its own name
      box.setAttribute("aria-label", kind === "pre" ? t("Code {n}, scrolls sideways", { n }) : t("Table {n}, scrolls sideways", { n }));
    } else {
      for (const name of ["tabindex", "role", "aria-label"]) box.removeAttribute(name);
    }
  }
}
markScrollers();
addEventListener("resize", markScrollers);

/* A glossary term's definition (the link's title, written by the build) shown beside the term on hover
   and on keyboard focus, as WCAG 1.4.13 asks: it stays while the pointer is over the term or the
   definition, or the term has focus, and Escape hides it. Each term's definition is its own element, so
   a screen reader reads it as the link's description whether or not it is showing. */
function glossaryTips() {
  const hideAll = () => { for (const open of document.querySelectorAll(".ipt-term-tip:not([hidden])")) open.hidden = true; };
  const links = [...document.querySelectorAll("article a.reference[title]")].filter(a => a.querySelector(".std-term"));
  links.forEach((link, n) => {
    const tip = document.createElement("div");
    tip.className = "ipt-term-tip";
    tip.id = `ipt-term-tip-${n + 1}`;
    tip.setAttribute("role", "tooltip");
    tip.textContent = link.title;
    tip.hidden = true;
    (link.closest("article") ?? document.body).append(tip);   // inside the page's landmarks
    link.removeAttribute("title");   // no second tooltip from the browser
    link.setAttribute("aria-describedby", tip.id);
    let leaving;
    const show = () => {
      clearTimeout(leaving);
      hideAll();
      tip.hidden = false;
      const box = link.getBoundingClientRect(), room = document.documentElement.clientWidth;
      const frame = tip.offsetParent, placed = frame && getComputedStyle(frame).position !== "static";
      const origin = placed ? frame.getBoundingClientRect() : { left: -scrollX, top: -scrollY };
      tip.style.left = `${Math.max(8, Math.min(box.left, room - tip.offsetWidth - 8)) - origin.left}px`;
      tip.style.top = `${box.bottom + 6 - origin.top}px`;
    };
    const hide = () => { tip.hidden = true; };
    const soon = () => { leaving = setTimeout(hide, 300); };   // time to move the pointer onto the definition
    link.addEventListener("mouseenter", show);
    link.addEventListener("focus", show);
    link.addEventListener("mouseleave", soon);
    link.addEventListener("blur", hide);
    tip.addEventListener("mouseenter", () => clearTimeout(leaving));
    tip.addEventListener("mouseleave", soon);
  });
  if (links.length) {
    document.addEventListener("keydown", event => {
      if (event.key === "Escape") hideAll();
    });
  }
}
glossaryTips();

/* Offline reading, where the browser allows a service worker (https, or this computer; never file://,
   where the book works as it always has). The first visit keeps the whole book on this device and says
   so; a new build's copy waits until the reader chooses to reload, so a page never mixes two versions.
   Progress stays in localStorage, which the browser is asked to keep when it clears space. */
function siteNote(text, action) {
  document.querySelector(".ipt-site-note")?.remove();
  const note = document.createElement("div");
  note.className = "ipt-site-note";
  note.setAttribute("role", "status");
  const message = document.createElement("span");
  message.textContent = text;
  note.append(message);
  if (action) {
    const act = document.createElement("button");
    act.type = "button";
    act.textContent = action.label;
    act.addEventListener("click", action.run);
    note.append(act);
  }
  const close = document.createElement("button");
  close.type = "button";
  // Translators: a button that closes a note about the offline copy of the course
  close.textContent = t("Close");
  close.addEventListener("click", () => note.remove());
  note.append(close);
  document.body.append(note);
}

function offerReload(registration) {
  siteNote(t("A new version of the course is available."), {
    // Translators: a button that loads the new version of the course
    label: t("Reload"),
    run: () => registration.waiting?.postMessage("ipt-activate"),
  });
}

if ("serviceWorker" in navigator && isSecureContext && document.querySelector('link[rel="manifest"]')) {
  const root = new URL(document.documentElement.dataset.content_root ?? "./", location.href);
  const hadCopy = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (hadCopy) {   // the reader chose the new version
      location.reload();
    } else {         // the first copy is complete and has taken this page over
      siteNote(t("The whole course is now on this device: it opens without a connection."));
      navigator.storage?.persist?.();
    }
  }, { once: true });
  const watch = registration => {
    const worker = registration.installing;
    worker?.addEventListener("statechange", () => {
      if (worker.state === "installed" && hadCopy) offerReload(registration);
    });
  };
  navigator.serviceWorker.register(new URL("sw.js", root)).then(registration => {
    if (registration.waiting && hadCopy) offerReload(registration);
    watch(registration);
    registration.addEventListener("updatefound", () => watch(registration));
  }, () => { /* no offline copy (private window, full disk): the book works online as ever */ });
}
