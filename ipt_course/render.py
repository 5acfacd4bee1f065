"""Static HTML for quizzes and vignettes: readable without JavaScript, made interactive by
the browser runtime (`runtime/quiz.js`, `runtime/vignette.js`).

The page carries every text once, in semantic HTML; the JSON beside it holds only the structure
the runtime needs (which options are correct, where each choice leads, scores). Ids come from the
content's own ids, so the same content always renders to the same HTML (nbval compares it).
"""
from __future__ import annotations

import json
from html import escape
from typing import Any

from . import markdown
from .engine import CBM_MARKS, CERTAINTY, VignetteRun, best_score, correct_answer
from .i18n import N_, _
from .model import Choice, Classify, Item, MultipleSelect, Question, Quiz, SingleChoice, Vignette, Written

OUTCOME_LABELS = {"good": N_("Good outcome"), "mixed": N_("Mixed outcome"), "poor": N_("Poor outcome")}


def render(item: Item, citations: dict[str, str], heading_level: int = 3) -> str:
    level = max(2, min(heading_level, 5))
    if isinstance(item, Written):
        return _render_written(item, citations, level)
    return _render_quiz(item, citations, level) if isinstance(item, Quiz) else _render_vignette(item, citations, level)


def item_data(item: Item) -> dict:
    """What the browser runtime needs to grade and branch, and nothing it can read from the page."""
    if isinstance(item, Quiz):
        return {"id": item.id, "kind": "quiz", "title": item.title,
                "questions": [_question_data(q) for q in item.questions]}
    if isinstance(item, Written):
        return {"id": item.id, "kind": "written", "title": item.title, "points": len(item.checklist)}
    return {"id": item.id, "kind": "vignette", "title": item.title, "start": item.start,
            "best": best_score(item),
            "nodes": {nid: [{"next": c.next, "score": c.score} for c in node.choices]
                      for nid, node in item.nodes.items()},
            "endings": {eid: e.outcome for eid, e in item.endings.items()}}


def _question_data(q: Question) -> dict:
    answer: list[Any]  # indices, for JSON: of each case's category, or of the correct options
    if isinstance(q, Classify):
        answer = [q.categories.index(case.category) for case in q.cases]
    else:
        expected = correct_answer(q)
        answer = sorted(expected) if isinstance(expected, frozenset) else [expected]
    shuffle = {} if isinstance(q, Classify) else {"shuffle": q.shuffle}  # cases keep their order
    sure = {"sure": True} if q.confidence else {}
    return {"id": q.id, "type": q.type, "answer": answer, "hints": len(q.hints), **shuffle, **sure}


def _json_script(item: Item) -> str:
    # Escape '<', '>' and '&' so no text can close the script element.
    data = json.dumps(item_data(item), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" class="ipt-data">{data}</script>'


def _h(level: int, text: str, id_: str = "", cls: str = "") -> str:
    attrs = (f' id="{id_}"' if id_ else "") + (f' class="{cls}"' if cls else "")
    return f"<h{level}{attrs}>{text}</h{level}>"


def _sources(keys: list[str], citations: dict[str, str]) -> str:
    items = "".join(f'<li data-ref="{escape(k)}">{escape(citations.get(k, k))}</li>' for k in keys)
    return f'<div class="ipt-sources"><p class="ipt-sources-label">{_("Sources")}</p><ul>{items}</ul></div>'


# --- quizzes -----------------------------------------------------------------------------------

def _render_quiz(quiz: Quiz, citations: dict[str, str], level: int) -> str:
    base = f"ipt-{quiz.id}"
    intro = f'<div class="ipt-intro">{markdown.block(quiz.intro)}</div>' if quiz.intro else ""
    questions = "".join(render_question(quiz, i, citations) for i in range(len(quiz.questions)))
    return (f'<section class="ipt-quiz" data-item-id="{quiz.id}" aria-labelledby="{base}-title">'
            f'{_h(level, escape(quiz.title), f"{base}-title", "ipt-title")}{intro}'
            f'<p class="ipt-note" role="status" hidden></p>'
            f'<ol class="ipt-questions">{questions}</ol>'
            f'<div class="ipt-quiz-footer" hidden><p class="ipt-score" aria-live="polite"></p>'
            f'<button type="button" class="ipt-restart">{_("Start this quiz again")}</button></div>'
            f'{_json_script(quiz)}</section>')


def render_question(quiz: Quiz, index: int, citations: dict[str, str]) -> str:
    """One question of a quiz, as its chapter shows it (the review page shows it again)."""
    q = quiz.questions[index]
    qid = f"ipt-{quiz.id}-{q.id}"
    n = len(quiz.questions)
    head = f'<p class="ipt-qnum">{_("Question {n} of {total}").format(n=index + 1, total=n)}</p>'
    prompt = f'<div class="ipt-prompt" id="{qid}-prompt">{markdown.block(q.prompt)}</div>'
    body = _classify_inputs(qid, q) if isinstance(q, Classify) else _option_inputs(qid, q)
    actions = ('<div class="ipt-actions" hidden>'
               f'<button type="button" class="ipt-check">{_("Check answer")}</button></div>')
    live = '<div class="ipt-feedback" role="status" aria-live="polite"></div>'
    return (f'<li class="ipt-question" data-question-id="{q.id}" data-type="{q.type}">'
            f'{head}{prompt}{body}{_certainty(qid) if q.confidence else ""}{actions}{live}'
            f'{_answer_key(q, citations)}</li>')


def _certainty(qid: str) -> str:
    """How sure the reader is, asked before the first check (the runtime shows it: without JavaScript
    there is no check to mark)."""
    mark = _("{certainty} {right} if right, {wrong} if wrong")
    marks = "; ".join(mark.format(certainty=_(CERTAINTY[c]).lower(), right=right, wrong=wrong).replace("-", "−")
                      for c, (right, wrong) in CBM_MARKS.items())
    levels = "".join(f'<label class="ipt-option"><input type="radio" name="{qid}-sure" value="{c}"> '
                     f'<span>{_(name)}</span></label>' for c, name in CERTAINTY.items())
    # Translators: “low” is the lowest certainty, as the certainty buttons name it
    how = _("Your first check is marked by your certainty: {marks}. Say “low” when unsure: it costs nothing.")
    return (f'<fieldset class="ipt-sure" aria-describedby="{qid}-marks" hidden>'
            f'<legend>{_("How sure are you?")}</legend>{levels}'
            f'<p class="ipt-how" id="{qid}-marks">{how.format(marks=marks)}</p></fieldset>')


def _option_inputs(qid: str, q: SingleChoice | MultipleSelect) -> str:
    kind = "radio" if q.type == "single" else "checkbox"
    role = "radiogroup" if q.type == "single" else "group"
    how = _("Choose one answer.") if q.type == "single" else _("Choose all answers that apply.")
    options = "".join(
        f'<label class="ipt-option"><input type="{kind}" name="{qid}" value="{i}"> '
        f'<span>{markdown.inline(o.text)}</span></label>'
        for i, o in enumerate(q.options))
    return (f'<p class="ipt-how" id="{qid}-how">{how}</p>'
            f'<div class="ipt-options" role="{role}" aria-labelledby="{qid}-prompt" aria-describedby="{qid}-how">'
            f'{options}</div>')


def _classify_inputs(qid: str, q: Classify) -> str:
    choices = f'<option value="">{_("Choose a category…")}</option>' + "".join(
        f'<option value="{i}">{escape(c)}</option>' for i, c in enumerate(q.categories))
    cases = "".join(
        f'<div class="ipt-case"><label for="{qid}-case-{i}">{markdown.inline(case.text)}</label>'
        f'<select id="{qid}-case-{i}" data-case="{i}">{choices}</select></div>'
        for i, case in enumerate(q.cases))
    return (f'<p class="ipt-how">{_("Choose a category for each case.")}</p>'
            f'<div class="ipt-cases" role="group" aria-labelledby="{qid}-prompt">{cases}</div>')


def _answer_key(q: Question, citations: dict[str, str]) -> str:
    if isinstance(q, Classify):
        rows = "".join(
            f'<li data-option="{i}"><span class="ipt-key-text">{markdown.inline(c.text)}</span> → '
            f'<strong>{escape(c.category)}</strong>. '
            f'<span class="ipt-option-feedback">{markdown.inline(c.feedback)}</span></li>'
            for i, c in enumerate(q.cases))
    else:
        rows = "".join(
            f'<li data-option="{i}" data-correct="{str(o.correct).lower()}">'
            f'<span class="ipt-mark">{_("Correct:") if o.correct else _("Not correct:")}</span> '
            f'<span class="ipt-key-text">{markdown.inline(o.text)}</span>. '
            f'<span class="ipt-option-feedback">{markdown.inline(o.feedback)}</span></li>'
            for i, o in enumerate(q.options))
    hints = "".join(f'<li data-hint="{i}">{markdown.inline(h)}</li>' for i, h in enumerate(q.hints))
    hints_html = f'<p class="ipt-sources-label">{_("Hints")}</p><ol class="ipt-hints">{hints}</ol>' if hints else ""
    return (f'<details class="ipt-answer"><summary>{_("Answer and explanation")}</summary>'
            f'<ul class="ipt-key">{rows}</ul>'
            f'<div class="ipt-explanation">{markdown.block(q.explanation)}</div>'
            f'{_sources(q.references, citations)}{hints_html}</details>')


# --- written exercises -------------------------------------------------------------------------

WRITTEN_LIMIT = 5000
"""Characters a written answer may have: a page or two, well within what a browser keeps."""


def _render_written(item: Written, citations: dict[str, str], level: int) -> str:
    """Without JavaScript: the scenario, the task, and the model answer and checklist to open. The runtime
    adds the box to write in, keeps the text, and shows the model answer and the rating once asked."""
    base = f"ipt-{item.id}"
    points = "".join(f'<label class="ipt-option"><input type="checkbox" value="{i}"> '
                     f'<span>{markdown.inline(p)}</span></label>' for i, p in enumerate(item.checklist))
    kept = _("Kept only in this browser, with your progress, as you type.")
    rate = _("Rate your answer: tick each point it makes")
    return (f'<section class="ipt-written" data-item-id="{item.id}" aria-labelledby="{base}-title">'
            f'{_h(level, _("Write: {title}").format(title=escape(item.title)), f"{base}-title", "ipt-title")}'
            f'<p class="ipt-note" role="status" hidden></p>'
            f'<div class="ipt-scenario">{markdown.block(item.scenario)}</div>'
            f'<div class="ipt-task" id="{base}-task"><p class="ipt-how">{_("Your task")}</p>'
            f'{markdown.block(item.task)}</div>'
            f'<div class="ipt-write" hidden><label for="{base}-text" class="ipt-how">{_("Your answer")}</label>'
            f'<textarea id="{base}-text" rows="9" maxlength="{WRITTEN_LIMIT}" '
            f'aria-describedby="{base}-task {base}-kept"></textarea>'
            f'<p class="ipt-kept" id="{base}-kept">{kept}</p><div class="ipt-actions">'
            f'<button type="button" class="ipt-reveal">{_("Compare with a model answer")}</button></div></div>'
            f'<div class="ipt-written-print" aria-hidden="true"></div>'
            f'<details class="ipt-model"><summary>{_("Model answer and checklist")}</summary>'
            f'<div class="ipt-model-answer">{markdown.block(item.model_answer)}</div>'
            f'<fieldset class="ipt-checklist"><legend>{rate}</legend>{points}</fieldset>'
            f'<div class="ipt-actions" hidden>'
            f'<button type="button" class="ipt-rate">{_("Save my rating")}</button> '
            f'<button type="button" class="ipt-print-one">{_("Print my answer")}</button></div>'
            f'{_sources(item.references, citations)}</details>'
            f'<div class="ipt-feedback" role="status" aria-live="polite"></div>'
            f'<p class="ipt-score" hidden></p>'
            f'{_json_script(item)}</section>')


# --- vignettes ---------------------------------------------------------------------------------

def facilitator_notes(v: Vignette) -> str:
    """The case's notes for whoever runs it with a group, folded away (the book and the live widget)."""
    return (f'<details class="ipt-facilitator"><summary>{_("Facilitator notes")}</summary>'
            f'{markdown.block(v.facilitator_notes)}</details>') if v.facilitator_notes else ""


def _render_vignette(v: Vignette, citations: dict[str, str], level: int) -> str:
    base = f"ipt-{v.id}"
    names = {**{nid: _("Scene {n}").format(n=n) for nid, n in scene_numbers(v).items()},
             **{eid: _("Ending: {title}").format(title=e.title) for eid, e in v.endings.items()}}
    nodes = "".join(_render_node(base, nid, v, names, level + 1) for nid in _start_first(v))
    endings = "".join(
        f'<section class="ipt-ending" id="{base}-{eid}" data-ending-id="{eid}" data-outcome="{e.outcome}">'
        f'{_h(level + 1, escape(names[eid]))}'
        f'<p class="ipt-outcome">{_(OUTCOME_LABELS[e.outcome])}</p>{markdown.block(e.text)}</section>'
        for eid, e in v.endings.items())
    points = "".join(f"<li>{markdown.inline(p)}</li>" for p in v.learning_points)
    notes = facilitator_notes(v)
    how = _("Read each scene and decide what you would do; open a choice to see its feedback and where it leads.")
    return (f'<section class="ipt-vignette" data-item-id="{v.id}" aria-labelledby="{base}-title">'
            f'{_h(level, _("Case: {title}").format(title=escape(v.title)), f"{base}-title", "ipt-title")}'
            f'<p class="ipt-summary">{markdown.inline(v.summary)}</p>'
            f'<p class="ipt-content-note"><strong>{_("Content note:")}</strong> {markdown.inline(v.content_note)}</p>'
            f'<p class="ipt-note" role="status" hidden></p>'
            f'<div class="ipt-stage" hidden></div>'
            f'<div class="ipt-feedback" role="status" aria-live="polite"></div>'
            f'<div class="ipt-static"><p class="ipt-how">{how}</p>'
            f'<div class="ipt-nodes">{nodes}</div><div class="ipt-endings">{endings}</div></div>'
            f'<div class="ipt-after"><p class="ipt-sources-label">{_("Learning points")}</p>'
            f'<ul class="ipt-points">{points}</ul>{_sources(v.references, citations)}</div>'
            f'{notes}{_json_script(v)}</section>')


def _start_first(v: Vignette) -> list[str]:
    return [v.start] + [nid for nid in v.nodes if nid != v.start]


def scene_numbers(v: Vignette) -> dict[str, int]:
    """Scenes are numbered in file order, the start scene first."""
    return {nid: i + 1 for i, nid in enumerate(_start_first(v))}


def _render_node(base: str, nid: str, v: Vignette, names: dict[str, str], level: int) -> str:
    def leads(c: Choice) -> str:
        scene = f'<a href="#{base}-{c.next}">{escape(names[c.next])}</a>'
        return _("Score {score}. Leads to {scene}.").format(score=c.score, scene=scene)
    choices = "".join(
        f'<li data-choice="{i}"><span class="ipt-choice-label">{markdown.inline(c.label)}</span>'
        f'<details class="ipt-choice-answer"><summary>{_("Feedback")}</summary>'
        f'<div class="ipt-choice-feedback">{markdown.block(c.feedback)}</div>'
        f'<p class="ipt-choice-next">{leads(c)}</p></details></li>'
        for i, c in enumerate(v.nodes[nid].choices))
    return (f'<section class="ipt-node" id="{base}-{nid}" data-node-id="{nid}">'
            f'{_h(level, names[nid], cls="ipt-scene")}'
            f'<div class="ipt-narrative">{markdown.block(v.nodes[nid].text)}</div>'
            f'<ul class="ipt-choices">{choices}</ul></section>')


def ending_summary(run: VignetteRun, path_title: str = N_("Your path")) -> str:
    """A finished walk, for the live widgets (solo and group): the ending, the path with each
    choice's score, the total and the learning points."""
    v = run.vignette
    ending = v.endings[run.current]
    # Translators: one step of a case's path: the choice made and the points it scored
    step = _("{choice} ({score})")
    steps = "".join(f"<li>{step.format(choice=markdown.inline(choice.label), score=choice.score)}</li>"
                    for choice in (v.nodes[n].choices[c] for n, c in run.path))
    points = "".join(f"<li>{markdown.inline(p)}</li>" for p in v.learning_points)
    score = _("Score: {score} of a best possible {best}.").format(score=run.score, best=run.max_score)
    return (f"<h4>{_('Ending: {title}').format(title=escape(ending.title))}</h4>"
            f"<p><strong>{_(OUTCOME_LABELS[ending.outcome])}</strong></p>"
            f"{markdown.block(ending.text)}<p><strong>{_(path_title)}</strong></p><ol>{steps}</ol>"
            f"<p>{score}</p><p><strong>{_('Learning points')}</strong></p><ul>{points}</ul>")
