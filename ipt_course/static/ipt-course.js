/* IPT course runtime: makes quizzes, vignettes and the progress page interactive in the built book.
   No framework, no network. Texts are cloned from the page (never parsed as HTML); the JSON beside
   each item holds only its structure. Progress stays in this browser's localStorage. */
(function () {
  "use strict";
  var VERSION = 1, PREFIX = "ipt-course:v" + VERSION + ":", ANY_VERSION = /^ipt-course:v\d+:/;

  /* ---- storage: one versioned key per item; bad records are ignored, never fatal ---- */
  var store = {
    available: (function () {
      try { localStorage.setItem(PREFIX + "probe", "1"); localStorage.removeItem(PREFIX + "probe"); return true; }
      catch (e) { return false; }
    })(),
    read: function (id) {            // -> {record} | {problem} | {} (nothing saved)
      var raw = null;
      try { raw = localStorage.getItem(PREFIX + id); } catch (e) { return {}; }
      if (raw === null) return store.olderVersion(id) ? { problem: "old" } : {};
      try { var rec = JSON.parse(raw); } catch (e) { return { problem: "corrupt" }; }
      return validRecord(rec, id) ? { record: rec } : { problem: "corrupt" };
    },
    olderVersion: function (id) {
      try {
        for (var i = 0; i < localStorage.length; i++) {
          var key = localStorage.key(i);
          if (ANY_VERSION.test(key) && key.indexOf(PREFIX) !== 0 && key.slice(key.indexOf(":", 11) + 1) === id) return true;
        }
      } catch (e) { /* storage unavailable */ }
      return false;
    },
    write: function (rec) {
      rec.v = VERSION; rec.updated = rec.updated || new Date().toISOString();   // imports keep their date
      try { localStorage.setItem(PREFIX + rec.id, JSON.stringify(rec)); return true; } catch (e) { return false; }
    },
    remove: function (id) { try { localStorage.removeItem(PREFIX + id); } catch (e) { /* nothing saved */ } },
    all: function () {
      var out = [];
      try {
        for (var i = 0; i < localStorage.length; i++) {
          var key = localStorage.key(i);
          if (key.indexOf(PREFIX) === 0 && key !== PREFIX + "probe") {
            var r = store.read(key.slice(PREFIX.length));
            if (r.record) out.push(r.record);
          }
        }
      } catch (e) { /* storage unavailable */ }
      return out.sort(function (a, b) { return a.id < b.id ? -1 : 1; });
    }
  };

  function validRecord(r, id) {
    return !!r && typeof r === "object" && r.v === VERSION && r.id === id && typeof r.title === "string" &&
      (r.kind === "quiz" || r.kind === "vignette") && (r.status === "started" || r.status === "completed") &&
      isCount(r.score) && isCount(r.max) && typeof r.updated === "string" && !isNaN(Date.parse(r.updated)) &&
      (r.kind === "quiz" ? !!r.answers && typeof r.answers === "object" : Array.isArray(r.path));
  }
  function isCount(n) { return typeof n === "number" && n >= 0 && Math.floor(n) === n; }

  var NOTES = {
    old: "Saved progress from an older version of this course was found and ignored; you are starting afresh.",
    corrupt: "Saved progress for this item could not be read and was ignored; you are starting afresh.",
    unavailable: "This browser is not keeping progress (storage is blocked or full). Everything works, but answers are not saved.",
    stale: "The content of this item has changed since you last saved, so your saved answers were ignored."
  };
  function note(root, key) {
    var p = root.querySelector(".ipt-note");
    if (p) { p.textContent = NOTES[key]; p.hidden = false; }
  }

  /* ---- small DOM helpers (text only; page fragments are cloned) ---- */
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function cloneKids(node) {
    var f = document.createDocumentFragment();
    if (node) Array.prototype.forEach.call(node.childNodes, function (c) { f.appendChild(c.cloneNode(true)); });
    return f;
  }
  function setLive(live, children) { live.textContent = ""; children.forEach(function (c) { if (c) live.appendChild(c); }); }
  function button(text, cls, onClick) { var b = el("button", { type: "button", "class": cls, text: text }); b.addEventListener("click", onClick); return b; }
  function dataOf(root) { return JSON.parse(root.querySelector("script.ipt-data").textContent); }
  function $$(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }

  /* ---- quizzes ---- */
  function Quiz(root) {
    var data = dataOf(root), answers = {}, footer = root.querySelector(".ipt-quiz-footer");
    var items = $$(root, ".ipt-question").map(function (li, i) { return { li: li, q: data.questions[i] }; });

    function inputsOf(it) { return $$(it.li, it.q.type === "classify" ? "select" : "input"); }
    function current(it) {
      return inputsOf(it).map(function (inp) { return it.q.type === "classify" ? (inp.value === "" ? -1 : +inp.value) : (inp.checked ? 1 : 0); });
    }
    function isRight(it, given) {
      if (it.q.type === "classify") return given.every(function (c, i) { return c === it.q.answer[i]; });
      return given.every(function (on, i) { return !!on === (it.q.answer.indexOf(i) >= 0); });
    }
    function feedbackFor(it, i) { return cloneKids(it.li.querySelector('.ipt-key [data-option="' + i + '"] .ipt-option-feedback')); }
    function textOf(it, i) { return cloneKids(it.li.querySelector('.ipt-key [data-option="' + i + '"] .ipt-key-text')); }

    function mark(it, given) {
      $$(it.li, ".ipt-mark-badge").forEach(function (b) { b.remove(); });
      inputsOf(it).forEach(function (inp, i) {
        var chosen = it.q.type === "classify" ? given[i] >= 0 : given[i];
        if (!chosen) return;
        var ok = it.q.type === "classify" ? given[i] === it.q.answer[i] : it.q.answer.indexOf(i) >= 0;
        inp.parentNode.appendChild(el("span", { "class": "ipt-mark-badge " + (ok ? "ipt-right" : "ipt-wrong"), text: ok ? " ✓ right" : " ✗ not right" }));
      });
    }

    function show(it, given, announce) {
      var a = answers[it.q.id], right = a.solved, list = el("ul", {});
      var all = given.map(function (g, i) { return i; });
      var misplaced = all.filter(function (i) { return given[i] !== it.q.answer[i]; });   // classify cases
      var shown = it.q.type === "classify" ? (right ? all : misplaced) : all.filter(function (i) { return given[i]; });
      shown.forEach(function (i) { list.appendChild(el("li", {}, [textOf(it, i), ": ", feedbackFor(it, i)])); });
      var verdict = right ? (a.tries === 0 ? "Correct." : "Correct, at try " + (a.tries + 1) + ".") :
        "Not quite" + (it.q.type === "classify" ? ": " + misplaced.length + " of " + given.length + " cases are not in the right category." : ".");
      var missed = !right && it.q.type === "multiple" && it.q.answer.some(function (i) { return !given[i]; });
      var hint = null;
      if (!right && it.q.hints) {
        var h = it.li.querySelector('.ipt-hints [data-hint="' + (Math.min(a.tries, it.q.hints) - 1) + '"]');
        hint = el("p", { "class": "ipt-hint" }, [el("strong", { text: "Hint: " }), cloneKids(h)]);
      }
      mark(it, given);
      var details = it.li.querySelector(".ipt-answer");
      details.hidden = false; details.open = right;
      if (announce !== false) setLive(it.li.querySelector(".ipt-feedback"), [
        el("p", { "class": "ipt-verdict " + (right ? "ipt-right" : "ipt-wrong") }, [el("strong", { text: verdict })]),
        list.childNodes.length ? list : null,
        missed ? el("p", { text: "At least one correct answer is not selected yet." }) : null,
        hint,
        el("p", { text: right ? "The explanation and sources are below." : "Change your answer and check again, or open the answer below." })
      ]);
    }

    function check(it) {
      var given = current(it), live = it.li.querySelector(".ipt-feedback");
      var empty = it.q.type === "classify" ? given.some(function (c) { return c < 0; }) : given.every(function (g) { return !g; });
      if (empty) { setLive(live, [el("p", { text: it.q.type === "classify" ? "Choose a category for every case first." : "Choose an answer first." })]); return; }
      var a = answers[it.q.id] = answers[it.q.id] || { tries: 0, solved: false };
      if (!a.solved) { if (isRight(it, given)) a.solved = true; else a.tries += 1; }
      a.given = given;
      show(it, given);
      save();
    }

    function score() { return items.filter(function (it) { var a = answers[it.q.id]; return a && a.solved && a.tries === 0; }).length; }
    function save() {
      var done = items.filter(function (it) { return answers[it.q.id] && answers[it.q.id].solved; }).length;
      footer.hidden = false;
      footer.querySelector(".ipt-score").textContent = "Answered correctly: " + done + " of " + items.length +
        ". Score (right at the first try): " + score() + " of " + items.length + ".";
      if (store.available) store.write({ id: data.id, kind: "quiz", title: data.title, status: done === items.length ? "completed" : "started",
        score: score(), max: items.length, answers: answers });
    }
    function reset() {
      answers = {}; store.remove(data.id); footer.hidden = true;
      items.forEach(function (it) {
        inputsOf(it).forEach(function (inp) { if (inp.tagName === "SELECT") inp.value = ""; else inp.checked = false; });
        $$(it.li, ".ipt-mark-badge").forEach(function (b) { b.remove(); });
        it.li.querySelector(".ipt-feedback").textContent = "";
        var d = it.li.querySelector(".ipt-answer"); d.open = false; d.hidden = true;
      });
      items[0].li.querySelector("input, select").focus();
    }
    function restore(rec) {
      var ok = items.every(function (it) {
        var a = rec.answers[it.q.id];
        return !a || (isCount(a.tries) && Array.isArray(a.given) && a.given.length === inputsOf(it).length);
      });
      if (!ok) { note(root, "stale"); return; }
      answers = rec.answers;
      items.forEach(function (it) {
        var a = answers[it.q.id];
        if (!a) return;
        inputsOf(it).forEach(function (inp, i) { if (inp.tagName === "SELECT") inp.value = a.given[i] < 0 ? "" : String(a.given[i]); else inp.checked = !!a.given[i]; });
        show(it, a.given, a.solved);   // repeat the feedback of solved questions only
      });
      save();
    }

    items.forEach(function (it) {
      it.li.querySelector(".ipt-actions").hidden = false;
      it.li.querySelector(".ipt-answer").hidden = true;
      it.li.querySelector(".ipt-check").addEventListener("click", function () { check(it); });
    });
    root.querySelector(".ipt-restart").addEventListener("click", reset);
    load(root, data.id, restore);
  }

  function load(root, id, restore) {
    if (!store.available) { note(root, "unavailable"); return; }
    var r = store.read(id);
    if (r.problem) note(root, r.problem);
    else if (r.record) restore(r.record);
  }

  /* ---- vignettes ---- */
  function Vignette(root) {
    var data = dataOf(root), path = [], pending = false, uid = root.getAttribute("data-item-id");
    var stage = root.querySelector(".ipt-stage"), live = root.querySelector(".ipt-feedback"), after = root.querySelector(".ipt-after");
    var level = +root.querySelector(".ipt-title").tagName.slice(1) + 1;
    var statics = root.querySelector(".ipt-static");
    function part(sel) { return statics.querySelector(sel); }
    function nodeEl(id) { return part('[data-node-id="' + id + '"]'); }
    function where() { return path.length ? data.nodes[path[path.length - 1][0]][path[path.length - 1][1]][0] : data.start; }
    function score() { return path.reduce(function (s, p) { return s + data.nodes[p[0]][p[1]][1]; }, 0); }
    function heading(text) { return el("h" + level, { "class": "ipt-scene", tabindex: "-1", text: text }); }
    function controls() {
      return el("div", { "class": "ipt-actions" }, [
        path.length ? button("Back one step", "ipt-back", function () { path.pop(); pending = false; render(true); save(); }) : null,
        path.length ? button("Restart the case", "ipt-restart", function () { path = []; pending = false; setLive(live, []); render(true); save(); }) : null
      ]);
    }

    function render(focus) {
      stage.textContent = "";
      var at = pending ? path[path.length - 1][0] : where();
      after.hidden = !(at in data.endings);
      if (at in data.endings) renderEnding(at); else renderNode(at);
      if (focus) (stage.querySelector(pending ? ".ipt-continue" : ".ipt-scene") || stage).focus();
    }

    function renderNode(id) {
      var node = nodeEl(id), h = heading(node.querySelector(".ipt-scene").textContent);
      h.id = "ipt-" + uid + "-stage-heading";
      var list = el("div", { "class": "ipt-options", role: "radiogroup", "aria-labelledby": h.id });
      $$(node, ".ipt-choices > li").forEach(function (li, i) {
        var inp = el("input", { type: "radio", name: "ipt-" + uid + "-choice", value: String(i) });
        if (pending) { inp.disabled = true; inp.checked = path[path.length - 1][1] === i; }
        list.appendChild(el("label", { "class": "ipt-option" }, [inp, " ", el("span", {}, [cloneKids(li.querySelector(".ipt-choice-label"))])]));
      });
      var act = pending ? button("Continue", "ipt-continue", function () { pending = false; render(true); })
        : button("Choose", "ipt-choose", function () { choose(list); });
      stage.appendChild(h);
      stage.appendChild(el("div", { "class": "ipt-narrative" }, [cloneKids(node.querySelector(".ipt-narrative"))]));
      stage.appendChild(el("p", { "class": "ipt-how", text: "What would you do?" }));
      stage.appendChild(list);
      var c = controls(); c.insertBefore(act, c.firstChild); stage.appendChild(c);
    }

    function choose(list) {
      var picked = list.querySelector("input:checked");
      if (!picked) { setLive(live, [el("p", { text: "Choose an option first." })]); return; }
      var i = +picked.value, at = where(), pts = data.nodes[at][i][1];
      path.push([at, i]); pending = true;
      var li = nodeEl(at).querySelectorAll(".ipt-choices > li")[i];
      setLive(live, [
        el("p", { "class": "ipt-verdict" }, [el("strong", { text: "Feedback on your choice (" + pts + (pts === 1 ? " point" : " points") + "): " })]),
        cloneKids(li.querySelector(".ipt-choice-feedback"))
      ]);
      render(true); save();
    }

    function renderEnding(id) {
      var end = part('[data-ending-id="' + id + '"]'), h = heading(end.querySelector("h" + level).textContent);
      var steps = el("ol", { "class": "ipt-path" });
      path.forEach(function (p) {
        var li = nodeEl(p[0]).querySelectorAll(".ipt-choices > li")[p[1]];
        steps.appendChild(el("li", {}, [nodeEl(p[0]).querySelector(".ipt-scene").textContent + ": ",
          cloneKids(li.querySelector(".ipt-choice-label")), " (" + data.nodes[p[0]][p[1]][1] + ")"]));
      });
      stage.appendChild(h);
      stage.appendChild(el("p", { "class": "ipt-outcome ipt-outcome-" + data.endings[id] }, [cloneKids(end.querySelector(".ipt-outcome"))]));
      Array.prototype.forEach.call(end.children, function (c) { if (!/^H\d$/.test(c.tagName) && !c.classList.contains("ipt-outcome")) stage.appendChild(c.cloneNode(true)); });
      stage.appendChild(el("p", { "class": "ipt-sources-label", text: "Your path" }));
      stage.appendChild(steps);
      stage.appendChild(el("p", { "class": "ipt-score", text: "Score: " + score() + " of a best possible " + data.best + "." }));
      stage.appendChild(controls());
    }

    function save() {
      if (!store.available) return;
      if (!path.length) { store.remove(data.id); return; }
      var end = where() in data.endings;
      store.write({ id: data.id, kind: "vignette", title: data.title, status: end ? "completed" : "started",
        score: score(), max: data.best, path: path, ending: end ? where() : null });
    }
    function restore(rec) {
      var at = data.start;
      var ok = rec.path.every(function (p) {
        var valid = Array.isArray(p) && p[0] === at && data.nodes[at] && isCount(p[1]) && p[1] < data.nodes[at].length;
        if (valid) at = data.nodes[at][p[1]][0];
        return valid;
      });
      if (ok) path = rec.path; else note(root, "stale");
    }

    statics.hidden = true;
    stage.hidden = false;
    load(root, data.id, restore);
    render(false);
  }

  /* ---- the progress page ---- */
  function Progress(root) {
    var live = root.querySelector(".ipt-progress-feedback");
    function before(a, b) {   // where to continue: unfinished items first, then the most recent
      var ua = a.status !== "completed", ub = b.status !== "completed";
      return ua !== ub ? ua : a.updated > b.updated;
    }
    function refresh() {
      var latest = null;
      $$(root, "tbody[data-chapter]").forEach(function (group) {
        var done = 0, score = 0, max = 0, rows = $$(group, "tr[data-item-id]");
        rows.forEach(function (tr) {
          var r = store.read(tr.getAttribute("data-item-id")), rec = r.record;
          tr.querySelector(".ipt-status").textContent = rec ? (rec.status === "completed" ? "Completed" : "In progress") : r.problem ? "Not readable (ignored)" : "Not started";
          tr.querySelector(".ipt-result").textContent = rec ? rec.score + " of " + rec.max : "–";
          if (rec) {
            done += rec.status === "completed"; score += rec.score; max += rec.max;
            if (!latest || before(rec, latest.rec)) latest = { rec: rec, tr: tr };
          }
        });
        group.querySelector(".ipt-chapter-share").textContent = done + " of " + rows.length + " completed (" +
          Math.round(100 * done / rows.length) + "%)" + (max ? ", score " + score + " of " + max : "");
      });
      var cont = root.querySelector(".ipt-continue");
      cont.hidden = !latest;
      if (latest) {
        var link = cont.querySelector("a");
        link.href = latest.tr.querySelector("a").getAttribute("href");
        link.textContent = latest.rec.title;
      }
    }
    function download(name, type, text) {
      var a = el("a", { href: URL.createObjectURL(new Blob([text], { type: type })), download: name });
      document.body.appendChild(a); a.click(); a.remove();
      setLive(live, [el("p", { text: "Saved " + name + " to your downloads." })]);
    }
    function stamp() { return new Date().toISOString().slice(0, 10); }
    function csvCell(v) {
      var s = v === null || v === undefined ? "" : String(v);
      if (/^[=+\-@]/.test(s)) s = "'" + s;      // no formulas when opened in a spreadsheet
      return '"' + s.replace(/"/g, '""') + '"';
    }
    root.querySelector(".ipt-export-json").addEventListener("click", function () {
      download("ipt-progress-" + stamp() + ".json", "application/json",
        JSON.stringify({ format: "ipt-course-progress", version: VERSION, exported: new Date().toISOString(), items: store.all() }, null, 2));
    });
    root.querySelector(".ipt-export-csv").addEventListener("click", function () {
      var cols = ["id", "title", "kind", "status", "score", "max", "updated"];
      var rows = [cols.join(",")].concat(store.all().map(function (r) { return cols.map(function (c) { return csvCell(r[c]); }).join(","); }));
      download("ipt-progress-" + stamp() + ".csv", "text/csv", rows.join("\r\n") + "\r\n");
    });
    root.querySelector(".ipt-import input").addEventListener("change", function (ev) {
      var file = ev.target.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () { importText(String(reader.result), file.name); ev.target.value = ""; };
      reader.readAsText(file);
    });
    function importText(text, name) {
      var doc = null;
      try { doc = JSON.parse(text); } catch (e) { /* reported below */ }
      var items = doc && doc.format === "ipt-course-progress" && doc.version === VERSION && Array.isArray(doc.items) ? doc.items : null;
      var bad = items ? items.filter(function (r) { return !validRecord(r, r && r.id); }).length : 0;
      if (!items || bad) {
        setLive(live, [el("p", { "class": "ipt-wrong", text: "Nothing was imported: " + name + (items ? " has " + bad + " unreadable entries." :
          " is not a progress file exported from this course (version " + VERSION + ").") })]);
        return;
      }
      var added = 0, kept = 0;
      items.forEach(function (r) {
        var mine = store.read(r.id).record;
        if (mine && Date.parse(mine.updated) >= Date.parse(r.updated)) { kept++; return; }
        if (store.write(r)) added++;
      });
      refresh();
      setLive(live, [el("p", { text: "Imported " + added + " item(s) from " + name + "; kept " + kept + " newer item(s) already here." })]);
    }
    var confirmBox = root.querySelector(".ipt-reset-confirm");
    root.querySelector(".ipt-reset").addEventListener("click", function () { confirmBox.hidden = false; confirmBox.querySelector(".ipt-reset-no").focus(); });
    confirmBox.querySelector(".ipt-reset-no").addEventListener("click", function () { confirmBox.hidden = true; root.querySelector(".ipt-reset").focus(); });
    confirmBox.querySelector(".ipt-reset-yes").addEventListener("click", function () {
      var n = store.all().length;
      store.all().forEach(function (r) { store.remove(r.id); });
      confirmBox.hidden = true; refresh();
      setLive(live, [el("p", { text: "Deleted the progress of " + n + " item(s) from this browser." })]);
      root.querySelector(".ipt-reset").focus();
    });
    root.querySelector(".ipt-progress-actions").hidden = !store.available;
    if (!store.available) note(root, "unavailable");
    refresh();
  }

  /* ---- the CPD certificate: completed chapters, their dates and hours ---- */
  var NAME_KEY = "ipt-course:v" + VERSION + "-settings:name";
  function Certificate(root) {
    var input = root.querySelector("#ipt-cert-name"), out = root.querySelector(".ipt-cert-name"), total = 0, shown = 0;
    function day(iso) { return new Date(iso).toLocaleDateString("en-NZ", { day: "numeric", month: "long", year: "numeric" }); }
    $$(root, "tr[data-chapter]").forEach(function (tr) {
      var recs = tr.getAttribute("data-items").split(" ").map(function (id) { return store.read(id).record; });
      var complete = recs.every(function (r) { return r && r.status === "completed"; });
      tr.hidden = !complete;
      if (complete) {
        shown++; total += parseFloat(tr.getAttribute("data-hours"));
        tr.querySelector(".ipt-cert-date").textContent = day(recs.map(function (r) { return r.updated; }).sort().pop());
      }
    });
    root.querySelector(".ipt-cert-total").textContent = String(Math.round(total * 10) / 10);
    root.querySelector(".ipt-cert-empty").hidden = shown > 0;
    root.querySelector(".ipt-cert-table").hidden = shown === 0;
    root.querySelector(".ipt-cert-today").textContent = day(new Date().toISOString());
    try { input.value = localStorage.getItem(NAME_KEY) || ""; } catch (e) { /* storage unavailable */ }
    function showName() { out.textContent = input.value.trim() || "(your name)"; }
    input.addEventListener("input", function () {
      showName();
      try { localStorage.setItem(NAME_KEY, input.value); } catch (e) { /* kept on the page only */ }
    });
    root.querySelector(".ipt-cert-print").addEventListener("click", function () { window.print(); });
    root.querySelector(".ipt-cert-form").hidden = false;
    if (!store.available) note(root, "unavailable");
    showName();
  }

  function start() {
    [["section.ipt-quiz", Quiz], ["section.ipt-vignette", Vignette], [".ipt-progress", Progress],
     [".ipt-certificate", Certificate]].forEach(function (kind) {
      $$(document, kind[0]).forEach(function (root) {
        try { kind[1](root); } catch (e) {
          var p = root.querySelector(".ipt-note");
          if (p) { p.textContent = "This item could not start: " + e.message; p.hidden = false; }
        }
      });
    });
  }
  /* ---- print: questions in place, an answer key at the end, every vignette path written out ---- */
  function beforePrint() {
    var quizzes = $$(document, "section.ipt-quiz"), opened = $$(document, ".ipt-static details:not([open])");
    opened.forEach(function (d) { d.open = true; d.setAttribute("data-ipt-print-opened", ""); });
    if (!quizzes.length) return;
    var key = el("section", { "class": "ipt-print-key" }, [el("h2", { text: "Answer key" })]);
    quizzes.forEach(function (quiz) {
      key.appendChild(el("h3", { text: quiz.querySelector(".ipt-title").textContent }));
      var list = el("ol", {});
      $$(quiz, ".ipt-question").forEach(function (li) {
        var answer = li.querySelector(".ipt-answer");
        list.appendChild(el("li", {}, [el("ul", {}, [cloneKids(answer.querySelector(".ipt-key"))]),
          el("div", {}, [cloneKids(answer.querySelector(".ipt-explanation"))])]));
      });
      key.appendChild(list);
    });
    var article = document.querySelector("article") || document.body;
    article.appendChild(key);
  }
  function afterPrint() {
    $$(document, ".ipt-print-key").forEach(function (k) { k.remove(); });
    $$(document, "[data-ipt-print-opened]").forEach(function (d) { d.open = false; d.removeAttribute("data-ipt-print-opened"); });
  }
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);

  function ready() { start(); if (window.performance && performance.mark) performance.mark("ipt-course-ready"); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready); else ready();
})();
