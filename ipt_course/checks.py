"""Rules that need a whole item or the whole course: correct answers, the vignette graph, references.

Each rule returns `Problem`s located at the line of the offending field.
"""
from __future__ import annotations

from collections.abc import Iterator

from .loader import Source
from .model import Classify, Content, Inventory, Item, Quiz, SingleChoice, Vignette, Written
from .problems import Problem


def check_item(item: Content, source: Source, known_refs: set[str]) -> list[Problem]:
    if isinstance(item, Inventory):
        return []  # the model's own field rules are all an inventory needs
    if isinstance(item, Quiz):
        found = _quiz_rules(item)
    elif isinstance(item, Vignette):
        found = _vignette_rules(item)
    else:
        found = iter(())   # a written exercise: its model's field rules are all it needs, and its references below
    return [Problem(source.path, source.line(*loc), msg) for loc, msg in found] + \
        [Problem(source.path, source.line(*loc), msg) for loc, msg in _reference_rules(item, known_refs)]


def check_unique_ids(items: list[tuple[Content, Source]]) -> list[Problem]:
    """Quizzes, vignettes and written exercises share one id space (progress is saved by id); inventories have
    their own."""
    first: dict[tuple[bool, str], Source] = {}
    problems = []
    for item, source in items:
        key = (isinstance(item, Inventory), item.id)
        if key in first:
            other = first[key]
            problems.append(Problem(source.path, source.line("id"),
                                    f"id '{item.id}' is already used by {other.path}:{other.line('id')}; "
                                    "choose another id (progress is saved by id)"))
        else:
            first[key] = source
    return problems


def position_bias(item: Item, source: Source) -> Problem | None:
    """A warning when more than half of a quiz's option questions put a correct option first, or
    more than half of a vignette's scenes put the best choice first. Readers see a shuffled order,
    but print and the no-JavaScript view keep the file's order, where such a habit gives answers away."""
    if isinstance(item, Written):
        return None   # nothing to choose from
    if isinstance(item, Quiz):
        questions = [q for q in item.questions if not isinstance(q, Classify)]
        first, counted = sum(q.options[0].correct for q in questions), len(questions)
        what = f"{first} of {counted} questions list a correct option first"
    else:
        scenes = [n for n in item.nodes.values() if len({c.score for c in n.choices}) > 1]
        first, counted = sum(n.choices[0].score == max(c.score for c in n.choices) for n in scenes), len(scenes)
        what = f"{first} of {counted} scenes list the best-scored choice first"
    if 2 * first <= counted:
        return None
    return Problem(source.path, source.line("id"), f"warning: {what}; move the right answer to other places in the "
                   "file so print and the no-JavaScript view do not give it away (readers see a shuffled order)")


Found = Iterator[tuple[tuple, str]]


def _quiz_rules(quiz: Quiz) -> Found:
    seen: set[str] = set()
    for qi, q in enumerate(quiz.questions):
        if q.id in seen:
            yield ("questions", qi, "id"), f"question id '{q.id}' appears twice in this quiz; make it unique"
        seen.add(q.id)
        if isinstance(q, Classify):
            yield from _classify_rules(qi, q)
            continue
        correct = sum(o.correct for o in q.options)
        if correct == 0:
            yield ("questions", qi, "options"), (f"question '{q.id}' has no correct option; "
                                                 "mark the right one with `correct: true`")
        elif isinstance(q, SingleChoice) and correct > 1:
            yield ("questions", qi, "options"), (f"question '{q.id}' is single choice but has {correct} "
                                                 "correct options; keep one, or use `type: multiple`")


def _classify_rules(qi: int, q: Classify) -> Found:
    if len(set(q.categories)) < len(q.categories):
        yield ("questions", qi, "categories"), f"question '{q.id}' lists a category twice; list each once"
    for ci, case in enumerate(q.cases):
        if case.category not in q.categories:
            yield ("questions", qi, "cases", ci, "category"), (
                f"category '{case.category}' is not one of this question's categories "
                f"({', '.join(q.categories)}); use one of them exactly")


def _vignette_rules(v: Vignette) -> Found:
    targets = set(v.nodes) | set(v.endings)
    for name in sorted(set(v.nodes) & set(v.endings)):
        yield ("endings", name), f"'{name}' is both a node and an ending; rename one of them"
    if v.start not in v.nodes:
        yield ("start",), f"start node '{v.start}' does not exist; use one of: {', '.join(v.nodes)}"
        return
    for nid, node in v.nodes.items():
        if not 2 <= len(node.choices) <= 4:
            yield ("nodes", nid, "choices"), (
                f"scene '{nid}' offers {len(node.choices)} choice{'s' * (len(node.choices) != 1)}; give it two to "
                "four (one is no decision, and a room cannot weigh more than four)")
    missing = False
    for nid, node in v.nodes.items():
        for ci, choice in enumerate(node.choices):
            if choice.next not in targets:
                missing = True
                yield ("nodes", nid, "choices", ci, "next"), (
                    f"choice leads to '{choice.next}', which is neither a node nor an ending; "
                    f"use one of: {', '.join(sorted(targets))}")
    if missing:
        return
    reached = _reachable(v, [v.start], forward=True)
    for name in [*v.nodes, *v.endings]:
        if name not in reached:
            section = "nodes" if name in v.nodes else "endings"
            yield (section, name), f"'{name}' can never be reached from the start; link a choice to it or remove it"
    can_end = _reachable(v, list(v.endings), forward=False)
    for nid in v.nodes:
        if nid in reached and nid not in can_end:
            yield ("nodes", nid), (f"no ending can be reached from node '{nid}'; give one of its paths "
                                   "a choice that leads to an ending")
    for nid, ci, target in _back_edges(v):
        yield ("nodes", nid, "choices", ci, "next"), (
            f"choice leads back to '{target}', making a loop; a vignette moves forward in time: point it "
            "to a later node or an ending (readers have a Back button to undo)")


def _reachable(v: Vignette, roots: list[str], forward: bool) -> set[str]:
    edges: dict[str, set[str]] = {}
    for nid in v.nodes:
        for target in v.successors(nid):
            a, b = (nid, target) if forward else (target, nid)
            edges.setdefault(a, set()).add(b)
    seen, stack = set(roots), list(roots)
    while stack:
        for nxt in edges.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _back_edges(v: Vignette) -> Iterator[tuple[str, int, str]]:
    """Choices that close a cycle, found by depth-first search from the start."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" after

    def visit(nid: str) -> Iterator[tuple[str, int, str]]:
        state[nid] = "open"
        for ci, choice in enumerate(v.nodes[nid].choices):
            if choice.next not in v.nodes:
                continue
            if state.get(choice.next) == "open":
                yield nid, ci, choice.next
            elif choice.next not in state:
                yield from visit(choice.next)
        state[nid] = "done"

    yield from visit(v.start)


def _reference_rules(item: Item, known: set[str]) -> Found:
    lists: list[tuple[tuple[str | int, ...], list[str]]]
    if isinstance(item, Quiz):
        lists = [(("questions", qi, "references"), q.references) for qi, q in enumerate(item.questions)]
    else:
        lists = [(("references",), item.references)]
    for loc, keys in lists:
        for ri, key in enumerate(keys):
            if key not in known:
                yield loc + (ri,), (f"unknown reference '{key}'; add it to book/references.bib "
                                    "or use an existing key")
