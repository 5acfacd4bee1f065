"""Votes from phones (ipt_course/voting.py), over real HTTP on loopback: what counts, what is refused and
why, that nothing about a phone is kept or logged, the QR code, and 60 phones voting at once."""
from __future__ import annotations

import asyncio
import json
import logging
import re
import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter

import httpx
import pytest
import segno

from ipt_course import voting
from ipt_course.voting import ALPHABET, VoteServer
from tests.conftest import on_a_fresh_thread

ROOM = "ABCD"
LABELS = ["Ask about the baby's sleep", "Ask directly about item 10", "Leave it until next week"]


def token(n: int) -> str:
    return f"{n:032x}"


class Calls:
    """Counts on_change calls; a test waits on it rather than sleeping."""

    def __init__(self) -> None:
        self.n = 0
        self.changed = threading.Condition()

    def __call__(self) -> None:
        with self.changed:
            self.n += 1
            self.changed.notify_all()

    def wait_for(self, n: int, timeout: float = 5) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.n >= n, timeout)


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def server(calls):
    s = VoteServer(port=0, host="127.0.0.1", on_change=calls, code=ROOM)
    s.start()
    yield s
    s.stop()


@pytest.fixture
def client(server):
    responses: list[httpx.Response] = []
    with httpx.Client(base_url=f"http://127.0.0.1:{server.port}", timeout=5,
                      event_hooks={"response": [responses.append]}) as c:
        c.responses = responses   # type: ignore[attr-defined]
        yield c
    for r in responses:
        assert "set-cookie" not in r.headers, f"{r.request.method} {r.request.url.path} set a cookie"


def vote(client: httpx.Client, option: int = 0, n: int = 1, round_id: str = "r1", room: str = ROOM) -> httpx.Response:
    return client.post("/vote", json={"room": room, "round": round_id, "option": option, "token": token(n)})


# The page and the round
def test_the_page_is_served_with_strict_headers(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["referrer-policy"] == "no-referrer"
    policy = r.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy and "unsafe" not in policy
    scripts = re.findall(r"<script>(.*?)</script>", r.text, flags=re.DOTALL)
    assert len(scripts) == 1
    import base64
    import hashlib
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy, "the policy allows exactly the page's own script"
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", r.text), "the page loads nothing from elsewhere"


def test_the_round_before_during_and_after_a_vote(server, client):
    assert client.get("/round", params={"room": ROOM}).json() == {"round": None, "open": False, "options": []}
    server.open_round("r1", LABELS)
    r = client.get("/round", params={"room": ROOM.lower()})   # a typed code may be lower case
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    assert r.json() == {"round": "r1", "open": True, "options": LABELS}
    server.close_round()
    assert client.get("/round", params={"room": ROOM}).json() == {"round": "r1", "open": False, "options": []}


@pytest.mark.parametrize("params", [{"room": "ZZZZ"}, {"room": ""}, {}])
def test_the_round_needs_the_room_code(server, client, params):
    server.open_round("r1", LABELS)
    r = client.get("/round", params=params)
    assert r.status_code == 403
    assert r.json()["reason"] == "wrong-room" and "room code" in r.json()["error"]
    assert "options" not in r.json()


# Votes
def test_a_vote_counts_and_tells_group_mode(server, client, calls):
    server.open_round("r1", LABELS)
    r = vote(client, option=1)
    assert r.status_code == 200 and r.json() == {"ok": True}
    assert server.counts() == [0, 1, 0]
    assert calls.wait_for(1) and calls.n == 1
    assert vote(client, option=1, n=2).status_code == 200
    assert server.counts() == [0, 2, 0]


def _body(data) -> bytes:
    return json.dumps(data).encode()


GOOD = {"room": ROOM, "round": "r1", "option": 0, "token": token(99)}
JSON = {"Content-Type": "application/json"}
REFUSALS = {
    "wrong room code": (403, "wrong-room", _body({**GOOD, "room": "ZZZZ"}), JSON),
    "no room code": (403, "wrong-room", _body({**GOOD, "room": ""}), JSON),
    "room code not a string": (403, "wrong-room", _body({**GOOD, "room": 1234}), JSON),
    "unknown round": (409, "round-not-open", _body({**GOOD, "round": "r9"}), JSON),
    "option too high": (400, "bad-option", _body({**GOOD, "option": 3}), JSON),
    "option negative": (400, "bad-option", _body({**GOOD, "option": -1}), JSON),
    "option a string": (400, "malformed", _body({**GOOD, "option": "0"}), JSON),
    "option a boolean": (400, "malformed", _body({**GOOD, "option": True}), JSON),
    "option a fraction": (400, "malformed", _body({**GOOD, "option": 0.5}), JSON),
    "round not a string": (400, "malformed", _body({**GOOD, "round": 1}), JSON),
    "token too short": (400, "bad-token", _body({**GOOD, "token": "ab12"}), JSON),
    "token not hexadecimal": (400, "bad-token", _body({**GOOD, "token": "g" * 32}), JSON),
    "token in capitals": (400, "bad-token", _body({**GOOD, "token": "AB" * 16}), JSON),
    "token missing": (400, "malformed", _body({k: v for k, v in GOOD.items() if k != "token"}), JSON),
    "a field too many": (400, "malformed", _body({**GOOD, "name": "Sam"}), JSON),
    "not JSON": (400, "malformed", b"{room: ABCD", JSON),
    "not UTF-8": (400, "malformed", b'{"room": "\xff"}', JSON),
    "a JSON list": (400, "malformed", _body([GOOD]), JSON),
    "empty body": (400, "malformed", b"", JSON),
    "a form, not JSON": (415, "not-json", b"room=ABCD&round=r1&option=0", {"Content-Type": "text/plain"}),
    "over 1,024 bytes": (413, "too-large", _body({**GOOD, "round": "r" * 1100}), JSON),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_refused_vote_says_why_and_changes_nothing(server, client, calls, case):
    status, reason, body, headers = REFUSALS[case]
    server.open_round("r1", LABELS)
    assert vote(client, option=2, n=1).status_code == 200
    r = client.post("/vote", content=body, headers=headers)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["reason"] == reason and len(r.json()["error"]) > 10
    assert server.counts() == [0, 0, 1]
    assert calls.n == 1
    # the refused token was not spent: a proper vote with it still counts
    assert vote(client, option=0, n=99).status_code == 200
    assert server.counts() == [1, 0, 1]


def test_a_phone_votes_once_per_round(server, client):
    server.open_round("r1", LABELS)
    assert vote(client, option=0).status_code == 200
    r = vote(client, option=1)
    assert r.status_code == 409 and r.json()["reason"] == "already-voted"
    assert server.counts() == [1, 0, 0]


def test_a_body_over_the_limit_is_refused_whether_its_length_is_declared_or_not(server, client):
    server.open_round("r1", LABELS)

    def chunks():
        yield b'{"room": "ABCD", "round": "r1", "option": 0, "token": "' + b"0" * 32 + b'", "x": "'
        for _ in range(4):
            yield b"y" * 400
        yield b'"}'

    chunked = client.post("/vote", content=chunks(), headers=JSON)   # no Content-Length: sent in chunks
    assert chunked.status_code == 413 and chunked.json()["reason"] == "too-large"
    declared = client.post("/vote", content=b"{" + b" " * 5000 + b"}", headers=JSON)
    assert declared.status_code == 413
    assert server.counts() == [0, 0, 0]


@pytest.mark.parametrize(("method", "path"), [("GET", "/vote"), ("PUT", "/vote"), ("DELETE", "/vote"),
                                              ("POST", "/round"), ("POST", "/"), ("PATCH", "/round")])
def test_other_methods_are_refused(server, client, method, path):
    server.open_round("r1", LABELS)
    r = client.request(method, path, json=GOOD)
    assert r.status_code == 405 and "not allowed" in r.json()["error"]
    assert server.counts() == [0, 0, 0]


def test_an_unknown_address_is_not_found_as_json(client):
    r = client.get("/admin")
    assert r.status_code == 404 and r.json()["reason"] == "not-found"


# Rounds
def test_a_closed_round_refuses_votes_and_keeps_its_counts(server, client):
    server.open_round("r1", LABELS)
    vote(client, option=0, n=1)
    server.close_round()
    r = vote(client, option=1, n=2)
    assert r.status_code == 409 and r.json()["reason"] == "round-not-open" and "closed" in r.json()["error"]
    assert server.counts() == [1, 0, 0]


def test_a_vote_for_the_previous_round_is_refused(server, client):
    server.open_round("r1", LABELS)
    server.open_round("r2", LABELS[:2])
    r = vote(client, option=0, round_id="r1")
    assert r.status_code == 409 and r.json()["reason"] == "round-not-open"
    assert server.counts() == [0, 0]


def test_a_new_round_starts_from_zero_and_forgets_who_voted(server, client):
    server.open_round("r1", LABELS)
    vote(client, option=0, n=1)
    server.open_round("r2", ["Yes", "No"])
    assert server.counts() == [0, 0]
    assert vote(client, option=1, n=1, round_id="r2").status_code == 200   # the same phone, a new round
    assert server.counts() == [0, 1]


def test_reopening_the_same_round_keeps_its_votes_and_voters(server, client):
    server.open_round("r1", LABELS)
    vote(client, option=2, n=1)
    server.close_round()
    server.open_round("r1", LABELS)
    assert server.counts() == [0, 0, 1]
    assert vote(client, option=0, n=1).status_code == 409
    assert server.counts() == [0, 0, 1]


def test_counts_before_any_round_and_a_round_needs_options(server):
    assert server.counts() == []
    with pytest.raises(ValueError):
        server.open_round("r1", [])


def test_a_failing_callback_does_not_break_the_server(caplog):
    def broken() -> None:
        raise RuntimeError("the projector went away")

    server = VoteServer(port=0, host="127.0.0.1", on_change=broken, code=ROOM)
    server.start()
    try:
        server.open_round("r1", LABELS)
        with httpx.Client(base_url=f"http://127.0.0.1:{server.port}") as c, caplog.at_level(logging.ERROR):
            assert vote(c, option=0, n=1).status_code == 200
            assert vote(c, option=1, n=2).status_code == 200
        assert server.counts() == [1, 1, 0]
        assert "on_change" in caplog.text and "projector went away" in caplog.text
    finally:
        server.stop()


# Privacy
def test_nothing_about_a_phone_is_logged(server, client, caplog):
    caplog.set_level(logging.DEBUG)
    server.open_round("r1", LABELS)
    client.get("/")
    client.get("/round", params={"room": ROOM})
    client.get("/round", params={"room": "ZZZZ"})
    vote(client, option=0)
    vote(client, option=0)
    client.post("/vote", content=b"x" * 3000, headers=JSON)
    client.put("/vote")
    client.get("/missing")
    with socket.create_connection(("127.0.0.1", server.port)) as raw:   # a request tornado cannot parse
        raw.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        assert raw.recv(100).startswith(b"HTTP/1.1 400")
    server_side = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]   # not the client's
    assert not [r for r in server_side if r.name == "tornado.access"], "the access log is off"
    assert any("Malformed HTTP message from phone" in r.getMessage() for r in server_side), \
        "tornado still reports the bad request, with a placeholder for who sent it"
    for record in server_side:
        assert "127.0.0.1" not in record.getMessage(), f"a phone's address was logged: {record.getMessage()}"


def test_the_server_never_learns_a_phones_address(server, client, monkeypatch):
    seen: list[str] = []
    original = voting._RoundHandler.get

    def spy(handler) -> None:
        seen.append(handler.request.remote_ip)
        original(handler)

    monkeypatch.setattr(voting._RoundHandler, "get", spy)
    client.get("/round", params={"room": ROOM})
    assert seen == ["phone"]


# Room code, address and QR code
def test_room_codes_are_random_and_unambiguous():
    codes = {VoteServer(port=0).code for _ in range(200)}
    assert len(codes) > 190
    for code in codes:
        assert len(code) == 4 and set(code) <= set(ALPHABET)
    assert not set("0O1IL") & set(ALPHABET)
    with pytest.raises(ValueError):
        VoteServer(code="AB0D")


def test_the_url_names_this_laptop_the_port_and_the_room(server):
    assert server.url() == f"http://127.0.0.1:{server.port}/?room={ROOM}"
    anywhere = VoteServer(port=0, code=ROOM)
    anywhere.start()
    try:
        assert anywhere.url() == f"http://{voting.lan_address()}:{anywhere.port}/?room={ROOM}"
        assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", voting.lan_address())
    finally:
        anywhere.stop()


def _dark_modules(svg: ET.Element) -> tuple[set[tuple[int, int]], int]:
    """The dark modules an SVG from segno draws: rows of horizontal strokes ('M x y', 'm dx dy', 'h n')."""
    path = next(p for p in svg.iter("path") if p.get("stroke") == "#000")
    x = y = 0.0
    dark: set[tuple[int, int]] = set()
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path.get("d", "")):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark.update((int(x) + i, int(y)) for i in range(int(a)))
            x += float(a)
    size = int(svg.get("viewBox", "0 0 0 0").split()[2])
    scale = float(re.search(r"scale\(([\d.]+)\)", ET.tostring(svg, encoding="unicode")).group(1))
    return dark, round(size / scale)


def test_the_qr_code_encodes_the_url_and_can_be_read_by_people_and_phones(server):
    svg = ET.fromstring(server.qr_svg())   # valid XML
    assert svg.tag == "svg" and svg.get("role") == "img"
    title, desc = svg.find("title"), svg.find("desc")
    assert title is not None and "QR code" in (title.text or "") and ROOM in (title.text or "")
    assert desc is not None and desc.text == server.url()
    assert int(svg.get("width")) >= 500, "big enough to scan from the back of a room"
    dark, modules = _dark_modules(svg)
    expected = segno.make(server.url(), error="m")
    assert modules == expected.symbol_size(border=4)[0]
    wanted = {(x + 4, y + 4) for y, row in enumerate(expected.matrix) for x, bit in enumerate(row) if bit}
    assert dark == wanted, "the drawing is the url's QR code"
    assert all(4 <= x < modules - 4 and 4 <= y < modules - 4 for x, y in dark), "a four-module quiet zone"
    assert any(p.get("fill") == "#fff" for p in svg.iter("path")), "on a white ground, whatever the page's colour"


# Starting and stopping
def test_stop_is_idempotent_and_really_stops(calls):
    s = VoteServer(port=0, host="127.0.0.1", on_change=calls)
    s.stop()   # never started: nothing to do
    s.start()
    port = s.port
    assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 200
    s.stop()
    s.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/", timeout=2)


def test_a_port_in_use_is_reported_to_the_caller(server):
    other = VoteServer(port=server.port, host="127.0.0.1")
    with pytest.raises(OSError):
        other.start()


def test_listen_shares_one_server_and_reports_counts_on_the_kernels_thread(monkeypatch):
    monkeypatch.setattr(voting, "PORTS_TRIED", [0])
    reports: list[tuple[list[int], str]] = []

    async def kernel() -> None:
        got = asyncio.Event()

        def on_counts(counts: list[int]) -> None:
            reports.append((counts, threading.current_thread().name))
            got.set()

        server = voting.listen(on_counts)
        assert voting.listen(on_counts) is server
        server.open_round("r1", LABELS)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as c:
            r = await c.post("/vote", json={"room": server.code, "round": "r1", "option": 1, "token": token(1)})
            assert r.status_code == 200
        await asyncio.wait_for(got.wait(), 5)

    kernel_thread = []   # the thread the "kernel" (its event loop) runs on

    def kernel_loop() -> None:
        kernel_thread.append(threading.current_thread().name)
        asyncio.run(kernel())

    try:
        on_a_fresh_thread(kernel_loop)
    finally:
        voting.shutdown()
    assert reports == [([0, 1, 0], kernel_thread[0])]


def test_listen_moves_on_to_the_next_port_when_one_is_taken(monkeypatch):
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        monkeypatch.setattr(voting, "PORTS_TRIED", [busy, 0])
        try:
            server = voting.listen(lambda counts: None)
            assert server.port not in (busy, 0)
            assert httpx.get(f"http://127.0.0.1:{server.port}/round", params={"room": server.code}).status_code == 200
        finally:
            voting.shutdown()
        monkeypatch.setattr(voting, "PORTS_TRIED", [busy])
        with pytest.raises(OSError, match="no free port"):
            voting.listen(lambda counts: None)


# Load: a full room, voting at once
PHONES, ROUNDS = 60, 10


async def phone(client: httpx.AsyncClient, round_id: str, option: int, token: str) -> tuple[int, int]:
    """What the page does: read the round, then vote in it."""
    state = (await client.get("/round", params={"room": ROOM})).json()
    assert state["round"] == round_id
    body = {"room": ROOM, "round": state["round"], "option": option, "token": token}
    return (await client.post("/vote", json=body)).status_code, option


def test_sixty_phones_vote_in_ten_rounds_and_no_vote_is_lost(server, calls, record_property):
    async def room() -> tuple[float, float, list[Counter]]:
        phones = [httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", timeout=10) for _ in range(PHONES)]
        voting_time = replay_time = 0.0
        sent: list[Counter] = []
        try:
            for r in range(ROUNDS):
                labels = [f"Option {i + 1} of round {r + 1}" for i in range(4)]
                server.open_round(f"round-{r}", labels)
                # a known, uneven spread: 30, 15, 10 and 5 votes, turned one place each round
                options = [(i + r) % 4 for i, n in enumerate((30, 15, 10, 5)) for _ in range(n)]
                tokens = [f"{r:04x}{p:028x}" for p in range(PHONES)]

                start = time.perf_counter()
                results = await asyncio.gather(*(phone(phones[p], f"round-{r}", options[p], tokens[p])
                                                 for p in range(PHONES)))
                voting_time += time.perf_counter() - start
                assert [status for status, _ in results] == [200] * PHONES
                sent.append(Counter(option for _, option in results))
                assert server.counts() == [sent[-1][i] for i in range(4)], f"round {r + 1}: a vote was lost"

                start = time.perf_counter()
                replays = await asyncio.gather(*(phones[p].post("/vote", json={
                    "room": ROOM, "round": f"round-{r}", "option": (options[p] + 1) % 4, "token": tokens[p]})
                    for p in range(PHONES)))
                replay_time += time.perf_counter() - start
                assert [x.status_code for x in replays] == [409] * PHONES
                assert {x.json()["reason"] for x in replays} == {"already-voted"}
                assert server.counts() == [sent[-1][i] for i in range(4)], f"round {r + 1}: a replay counted"
                server.close_round()
        finally:
            await asyncio.gather(*(p.aclose() for p in phones))
        return voting_time, replay_time, sent

    voting_time, replay_time, sent = on_a_fresh_thread(lambda: asyncio.run(room()))
    assert sum(sum(c.values()) for c in sent) == PHONES * ROUNDS
    assert calls.wait_for(PHONES * ROUNDS) and calls.n == PHONES * ROUNDS
    record_property("votes", PHONES * ROUNDS)
    record_property("voting_seconds", round(voting_time, 3))
    record_property("replay_seconds", round(replay_time, 3))
    print(f"\n{PHONES * ROUNDS} votes ({PHONES} phones x {ROUNDS} rounds, each phone reading the round first) in "
          f"{voting_time:.2f} s; {PHONES * ROUNDS} replays refused in {replay_time:.2f} s")
