"""Votes from phones: a small web server on the facilitator's laptop, for the round on the projector.

In group mode the room votes on the scene shown. Instead of a show of hands, trainees open a page served
from this laptop on the local network (no cloud, no account) and tap an option. The server keeps, for the
one round that is open, a count per option and the random tokens that have voted (to refuse a second vote
from the same phone); nothing else. It never sees a phone's address: the HTTP server is handed a placeholder
instead of the peer address, so neither tornado's logs nor ours can write one, and the access log is off.
No cookie is set; the page keeps its tokens in the phone's own storage.

The server runs in a daemon thread with its own asyncio loop, so it serves while the kernel's main thread
runs the notebook, and dies with the kernel. All state is behind one lock: the kernel thread opens, closes
and reads rounds while the server thread counts votes.
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import math
import re
import secrets
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from typing import Any

import segno
from tornado import httputil, iostream
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, HTTPError, RequestHandler, stream_request_body

from . import i18n
from .i18n import _

log = logging.getLogger(__name__)

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"   # no 0/O, 1/I/L: read off a projector from the back of a room
CODE_LENGTH = 4
MAX_BODY = 1024                 # a vote is about 120 bytes; a larger body is refused, and never kept
MAX_READ = 64 * 1024            # a larger body is not even read: tornado closes the connection
MAX_VOTES_PER_ROUND = 1000      # a room is at most a few dozen; this bounds memory if a script floods the round
TOKEN = re.compile(r"[0-9a-f]{32}")
DEFAULT_PORT = 8765
PORTS_TRIED = list(range(DEFAULT_PORT, DEFAULT_PORT + 5))   # listen(): 8765, or the next free one up to 8769
ANONYMOUS_PEER = ("phone", 0)   # what tornado is told about every connection, in place of its address
# Where a phone would be if it is on this laptop's own hotspot (Windows' Mobile hotspot, macOS's Internet
# Sharing), then an address reached by the default route; UDP connect() only picks a route, it sends nothing.
_HOTSPOT_PROBES = ("192.168.137.2", "192.168.2.2")
_ROUTE_PROBES = ("192.0.2.1", "10.255.255.255", "172.31.255.255", "192.168.255.255")


def new_code() -> str:
    """A room code: random (secrets), so it cannot be guessed from the time or the previous one."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def _source_address(probe: str) -> str | None:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect((probe, 9))     # a UDP "connect" sends no packet: it only asks the kernel for a route
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith(("127.", "0.")) else address


def lan_address() -> str:
    """This laptop's address as the phones in the room see it, found without sending any traffic.

    Its own hotspot's address first (the phones are on it when the clinic's Wi-Fi keeps devices apart),
    then the address of the interface the default route leaves by; 127.0.0.1 when there is no network.
    """
    for probe in _HOTSPOT_PROBES:
        address = _source_address(probe)
        if address is not None and address.rsplit(".", 1)[0] == probe.rsplit(".", 1)[0]:
            return address
    for probe in _ROUTE_PROBES:
        address = _source_address(probe)
        if address is not None:
            return address
    return "127.0.0.1"


# vote.html marks its messages as JavaScript calls, which the catalogue's extractor reads: {{t("…")}} in its
# markup, t("…") in its script. A message is a plain string literal, on one line.
_IN_MARKUP = re.compile(r'\{\{t\("((?:[^"\\\n]|\\.)*)"\)\}\}')
_IN_SCRIPT = re.compile(r'\bt\("((?:[^"\\\n]|\\.)*)"')


def _language() -> str:
    """The page's language tag: the interface's (English as New Zealand's, as the book's runtime has it)."""
    language = i18n.language()
    return "en-NZ" if re.match(r"en\b", language) else language.replace("_", "-")


def page_html() -> str:
    """vote.html in the interface's language: each message in its markup becomes the message's text, and each
    in its script the message's translation as a string literal (the page's `t` only fills placeholders)."""
    html = (resources.files("ipt_course") / "templates" / "vote.html").read_text(encoding="utf-8")

    def message(found: re.Match[str]) -> str:
        return _(json.loads(f'"{found[1]}"'))

    html = _IN_MARKUP.sub(lambda found: escape(message(found), quote=False), html.replace("{{lang}}", _language()))
    return _IN_SCRIPT.sub(lambda found: "t(" + json.dumps(message(found)).replace("<", "\\u003c"), html)


def _page() -> tuple[bytes, str]:
    """The phone page and its Content-Security-Policy, which allows exactly its one inline script and one
    inline style by their hashes (not 'unsafe-inline'), and connections to its own origin only."""
    html = page_html()

    def digest(tag: str) -> str:
        bodies = re.findall(rf"<{tag}>(.*?)</{tag}>", html, flags=re.DOTALL)
        if len(bodies) != 1:
            raise ValueError(f"vote.html must have exactly one inline <{tag}>, not {len(bodies)}")
        return "'sha256-" + base64.b64encode(hashlib.sha256(bodies[0].encode("utf-8")).digest()).decode() + "'"

    policy = (f"default-src 'none'; script-src {digest('script')}; style-src {digest('style')}; "
              "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    return html.encode("utf-8"), policy


@dataclass
class _Round:
    id: str
    labels: tuple[str, ...]
    counts: list[int]
    open: bool = True
    tokens: set[str] = field(default_factory=set)   # who has voted, never with what: only to refuse a second vote


class _Refusal(Exception):
    """A request refused with a status, a message for people and a reason for the page's code."""

    def __init__(self, status: int, reason: str, message: str):
        super().__init__(message)
        self.status, self.reason, self.message = status, reason, message


class VoteServer:
    """Anonymous votes from phones on the local network for the round on the projector."""

    def __init__(self, port: int = DEFAULT_PORT, host: str = "0.0.0.0", on_change: Callable[[], None] | None = None,
                 code: str | None = None):
        """`host` "0.0.0.0" listens on every network (the phones' Wi-Fi or the laptop's hotspot); a specific
        address listens there only and is also the one `url()` gives. `on_change` is called from the server
        thread after every accepted vote. `code` fixes the room code (tests); otherwise it is random."""
        if code is not None and (len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code)):
            raise ValueError(f"a room code is {CODE_LENGTH} characters from {ALPHABET}")
        self.code: str = code or new_code()
        self.host, self.port = host, port
        self.on_change = on_change
        self._lock = threading.Lock()
        self._round: _Round | None = None
        self._page, self._policy = _page()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None

    # Serving
    def start(self) -> None:
        """Listen, then serve in a daemon thread with its own asyncio loop; returns once listening.

        The socket is bound here, in the caller's thread, so a port already in use raises OSError to the
        caller rather than dying in the thread. Port 0 picks a free port; `port` is then the real one."""
        if self._thread is not None:
            return
        sockets = bind_sockets(self.port, self.host)
        self.port = sockets[0].getsockname()[1]
        ready = threading.Event()
        failure: list[BaseException] = []

        def serve() -> None:
            try:
                asyncio.run(self._serve(sockets, ready))
            except BaseException as error:   # reported to start() if it happens before listening
                failure.append(error)
                ready.set()

        self._thread = threading.Thread(target=serve, name=f"ipt-vote-server:{self.port}", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            for s in sockets:
                s.close()
            raise RuntimeError("the vote server could not start") from failure[0]

    async def _serve(self, sockets: list[socket.socket], ready: threading.Event) -> None:
        server = _AnonymousHTTPServer(self._application(), max_body_size=MAX_READ, max_header_size=8 * 1024,
                                      idle_connection_timeout=60, body_timeout=10)
        server.add_sockets(sockets)
        self._loop, self._stopping = asyncio.get_running_loop(), asyncio.Event()
        ready.set()
        try:
            await self._stopping.wait()
        finally:
            server.stop()
            await server.close_all_connections()

    def stop(self) -> None:
        """Stop listening, close the phones' connections and join the thread; does nothing a second time."""
        thread, loop, stopping = self._thread, self._loop, self._stopping
        if thread is None:
            return
        if loop is not None and stopping is not None:
            try:
                loop.call_soon_threadsafe(stopping.set)
            except RuntimeError:   # the loop has already closed
                pass
        thread.join(timeout=10)   # a daemon thread: should a connection not close, the kernel is not held up
        self._thread = self._loop = self._stopping = None

    def url(self) -> str:
        """The address a phone opens: this laptop's LAN address (or the one address listened on)."""
        host = self.host if self.host not in ("", "0.0.0.0") else lan_address()
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}/?room={self.code}"

    def qr_svg(self) -> str:
        """`url()` as an inline SVG QR code: black on white with the standard four-module quiet zone, about
        600 px square (scannable from the back of a room when projected; CSS may shrink it, as it keeps its
        viewBox), with a <title> and <desc> so a screen reader says what it is and where it leads."""
        url = self.url()
        qr = segno.make(url, error="m")
        modules = qr.symbol_size(border=4)[0]
        scale = max(8, math.ceil(600 / modules))
        size = modules * scale
        svg = qr.svg_inline(scale=scale, border=4, dark="#000", light="#fff", omitsize=True,
                            title=_("QR code for the voting page, room {code}").format(code=self.code), desc=url)
        return svg.replace("<svg ", f'<svg width="{size}" height="{size}" role="img" ', 1)

    # Rounds (called from the kernel's thread)
    def open_round(self, round_id: str, labels: list[str]) -> None:
        """Let phones vote on these options (plain text, in the order the projector shows them).

        A new `round_id` starts from zero; reopening the current round with the same labels keeps its votes
        and who has voted, so no phone can vote twice by the facilitator closing and reopening it. Use a new
        id for each round (a scene visited again is a new round)."""
        labels = [str(label) for label in labels]
        if not round_id or not labels:
            raise ValueError("a round needs an id and at least one option")
        with self._lock:
            current = self._round
            if current is not None and current.id == round_id and current.labels == tuple(labels):
                current.open = True
            else:
                self._round = _Round(round_id, tuple(labels), [0] * len(labels))

    def close_round(self) -> None:
        """Phones now see "Voting is closed"; further votes are refused; the counts stay readable."""
        with self._lock:
            if self._round is not None:
                self._round.open = False

    def counts(self) -> list[int]:
        """The open (or last) round's counts, in the order of its labels; [] before any round."""
        with self._lock:
            return list(self._round.counts) if self._round is not None else []

    # What the handlers ask (called from the server thread)
    def _check_room(self, room: object) -> None:
        given = room.strip().upper() if isinstance(room, str) else ""
        if not given:
            raise _Refusal(403, "wrong-room", "No room code was given. Use the code on the screen.")
        if not hmac.compare_digest(given.encode("utf-8"), self.code.encode("utf-8")):
            raise _Refusal(403, "wrong-room", "That room code is not right. Check the code on the screen.")

    def _state(self) -> dict[str, Any]:
        with self._lock:
            r = self._round
            if r is None:
                return {"round": None, "open": False, "options": []}
            return {"round": r.id, "open": r.open, "options": list(r.labels) if r.open else []}

    def _vote(self, data: object) -> None:
        if not isinstance(data, dict):
            raise _Refusal(400, "malformed", "A vote is a JSON object.")
        if set(data) != {"room", "round", "option", "token"}:
            raise _Refusal(400, "malformed", "A vote has exactly the fields room, round, option and token.")
        room, round_id, option, token = data["room"], data["round"], data["option"], data["token"]
        if not isinstance(round_id, str) or not isinstance(option, int) or isinstance(option, bool):
            raise _Refusal(400, "malformed", "A vote's round is a string and its option a whole number.")
        if not isinstance(token, str) or not TOKEN.fullmatch(token):
            raise _Refusal(400, "bad-token", "A vote's token is 32 lowercase hexadecimal characters.")
        self._check_room(room)
        with self._lock:
            r = self._round
            if r is None or r.id != round_id:
                raise _Refusal(409, "round-not-open", "This vote is for a scene that is not open any more.")
            if not r.open:
                raise _Refusal(409, "round-not-open", "Voting is closed for this scene.")
            if not 0 <= option < len(r.labels):
                raise _Refusal(400, "bad-option", f"The option must be between 0 and {len(r.labels) - 1}.")
            if token in r.tokens:
                raise _Refusal(409, "already-voted", "This phone has already voted in this round.")
            if len(r.tokens) >= MAX_VOTES_PER_ROUND:
                raise _Refusal(409, "round-full", "This round has taken as many votes as it can.")
            r.tokens.add(token)
            r.counts[option] += 1
        callback = self.on_change
        if callback is not None:
            try:
                callback()
            except Exception:   # the vote is counted; a broken projector update must not break the server
                log.exception("the vote server's on_change callback failed (the vote was counted)")

    def _application(self) -> Application:
        handlers: list[Any] = [(r"/", _PageHandler), (r"/round", _RoundHandler), (r"/vote", _VoteHandler)]
        return Application(handlers, default_handler_class=_NotFoundHandler, votes=self,
                           log_function=_no_access_log, compress_response=False, xsrf_cookies=False)


def _no_access_log(handler: RequestHandler) -> None:
    """Replaces tornado's access log, which would write each request with the phone's address."""


class _AnonymousHTTPServer(HTTPServer):
    """Tells tornado every connection comes from "phone", so no request, error or log line can hold a
    phone's address; nothing here needs it (one vote per phone is the token's job)."""

    def handle_stream(self, stream: iostream.IOStream, address: tuple) -> None:
        super().handle_stream(stream, ANONYMOUS_PEER)


class _Handler(RequestHandler):
    """The headers every response carries, and errors as JSON {"error", "reason"}."""

    @property
    def votes(self) -> VoteServer:
        return self.application.settings["votes"]   # type: ignore[no-any-return]

    def set_default_headers(self) -> None:
        self.clear_header("Server")
        self.set_header("Cache-Control", "no-store")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Security-Policy", self.votes._policy)

    def send_json(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(body, ensure_ascii=False))

    def refuse(self, refusal: _Refusal) -> None:
        self.send_json(refusal.status, {"error": refusal.message, "reason": refusal.reason})

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        messages = {404: "There is nothing here.", 405: "That method is not allowed here."}
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps({"error": messages.get(status_code, "The request could not be handled."),
                                "reason": httputil.responses.get(status_code, "error").lower().replace(" ", "-")}))

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if not isinstance(value, HTTPError):   # a bug here, logged without the request
            log.error("the vote server failed on %s %s", self.request.method, self.request.path,
                      exc_info=(typ, value, tb))


class _PageHandler(_Handler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(self.votes._page)


class _RoundHandler(_Handler):
    def get(self) -> None:
        try:
            self.votes._check_room(self.get_query_argument("room", ""))
        except _Refusal as refusal:
            self.refuse(refusal)
            return
        self.send_json(200, self.votes._state())


@stream_request_body
class _VoteHandler(_Handler):
    """Keeps at most MAX_BODY bytes of a body. A larger one, declared or chunked, is read to its end and
    dropped, then refused with 413: answering before the body has arrived would close the connection on
    unread data, which resets it, and the phone would see a network error instead of the refusal. A body
    over MAX_READ is refused at once (tornado will not read it)."""

    def prepare(self) -> None:
        self.body, self.too_large = bytearray(), False
        length = self.request.headers.get("Content-Length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            self.too_large = True
            if not length.isdigit() or int(length) > MAX_READ:
                self.refuse(_Refusal(413, "too-large", f"A vote is at most {MAX_BODY} bytes."))

    def data_received(self, chunk: bytes) -> None:
        if len(self.body) + len(chunk) > MAX_BODY:
            self.too_large = True
        if not self.too_large:
            self.body += chunk

    def post(self) -> None:
        try:
            if self.too_large:
                raise _Refusal(413, "too-large", f"A vote is at most {MAX_BODY} bytes.")
            kind = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if kind != "application/json":
                raise _Refusal(415, "not-json", "Send the vote as JSON (Content-Type: application/json).")
            try:
                data = json.loads(bytes(self.body).decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise _Refusal(400, "malformed", "The vote is not valid JSON.") from None
            self.votes._vote(data)
        except _Refusal as refusal:
            self.refuse(refusal)
            return
        self.send_json(200, {"ok": True})


class _NotFoundHandler(_Handler):
    def prepare(self) -> None:
        raise HTTPError(404)


# One server per kernel, for group mode
_shared: VoteServer | None = None
_shared_lock = threading.Lock()
_listener: Callable[[list[int]], None] | None = None
_listener_loop: asyncio.AbstractEventLoop | None = None


def listen(on_counts: Callable[[list[int]], None]) -> VoteServer:
    """The kernel's one vote server (started on first use, on port 8765 or the next free one up to 8769),
    now reporting its counts to `on_counts`, which replaces any earlier listener.

    Called from the kernel's thread (a widget's handler), this captures the kernel's running asyncio loop
    and hands every new count to `on_counts` on that thread, so widgets are only ever changed from the
    thread that owns them; with no running loop, `on_counts` is called from the server thread."""
    global _shared, _listener, _listener_loop
    try:
        loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    with _shared_lock:
        _listener, _listener_loop = on_counts, loop
        if _shared is None:
            error: OSError | None = None
            for port in PORTS_TRIED:
                server = VoteServer(port=port, on_change=_report)
                try:
                    server.start()
                except OSError as e:
                    error = e
                    continue
                _shared = server
                break
            else:
                raise OSError(f"no free port for the vote server in {PORTS_TRIED[0]}-{PORTS_TRIED[-1]}") from error
        assert _shared is not None
        return _shared


def _report() -> None:
    server, listener, loop = _shared, _listener, _listener_loop
    if server is None or listener is None:
        return
    counts = server.counts()
    if loop is not None and not loop.is_closed():
        loop.call_soon_threadsafe(_call_safely, listener, counts)
    else:
        _call_safely(listener, counts)


def _call_safely(listener: Callable[[list[int]], None], counts: list[int]) -> None:
    try:
        listener(counts)
    except Exception:
        log.exception("showing the phones' votes failed (the votes are counted)")


def shutdown() -> None:
    """Stop the kernel's vote server, if one was started (tests; a kernel's end stops it anyway)."""
    global _shared, _listener, _listener_loop
    with _shared_lock:
        if _shared is not None:
            _shared.stop()
        _shared, _listener, _listener_loop = None, None, None


__all__ = ["VoteServer", "lan_address", "listen", "new_code", "shutdown"]
