"""A small real HTTP server for tests, on 127.0.0.1 at a random port, and its fixture.

A test registers what each path answers (status, headers, body, a redirect, an answer held
until the test says so, a body written a byte at a time, a body without end) and then fetches
from `web_server.url("/path")` with real sockets. What the server received is kept, so a test
can assert that a request never arrived (`web_server.requests`, `web_server.connections`).

    def test_something(web_server):
        web_server.page("/story", "<html><body><p>Words.</p></body></html>")
        web_server.redirect("/old", "/story")
        gate = web_server.hold("/slow")  # answers once the test calls gate.set()

Nothing here sleeps to measure time: slow answers wait on events the test (or the fixture's
teardown) sets.
"""

import contextlib
import ssl
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

# The longest any answer waits for a test's signal: a forgotten event must not hang the run.
SAFETY_WAIT = 30.0
ENDLESS_CHUNK = b"<p>" + b"All work and no play. " * 370 + b"</p>\n"  # about 8 KB


@dataclass
class Response:
    """What one path answers. Fill in only what the test needs."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"  # None sends no Content-Type
    headers: Sequence[tuple[str, str]] = ()
    hold: threading.Event | None = None  # wait for this before answering at all
    trickle: float | None = None  # seconds to wait between single bytes of the body
    endless: bool = False  # repeat ENDLESS_CHUNK until the client hangs up
    chunked: bool = False  # Transfer-Encoding: chunked rather than Content-Length
    send_length: bool = True  # False: no Content-Length, the body ends when the server closes


@dataclass(frozen=True)
class ReceivedRequest:
    method: str
    path: str  # as sent, with the query
    headers: dict[str, str]  # names in lower case
    body: bytes = b""


@dataclass
class _State:
    routes: dict[str, Response] = field(default_factory=dict)
    requests: list[ReceivedRequest] = field(default_factory=list)
    connections: int = 0
    bytes_sent: dict[str, int] = field(default_factory=dict)
    tls_names: list[str | None] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    closing: threading.Event = field(default_factory=threading.Event)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def log_message(self, format: str, *args: object) -> None:
        pass  # the test's output is for the test

    def do_GET(self) -> None:
        self.server.state_answer(self)

    do_HEAD = do_POST = do_PUT = do_DELETE = do_GET


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: _State, ssl_context: ssl.SSLContext | None) -> None:
        self.state = state
        self.ssl_context = ssl_context
        super().__init__(("127.0.0.1", 0), _Handler)

    def get_request(self):  # type: ignore[no-untyped-def]
        request = super().get_request()
        with self.state.lock:
            self.state.connections += 1
        return request

    def finish_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        if self.ssl_context is not None:
            # The handshake runs here, in the connection's own thread, so a client that
            # stalls or rejects the certificate holds up nobody else.
            try:
                request = self.ssl_context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return
        super().finish_request(request, client_address)

    def state_answer(self, handler: _Handler) -> None:
        _answer(self.state, handler)


def _answer(state: _State, handler: _Handler) -> None:
    length = int(handler.headers.get("Content-Length") or 0)
    received = ReceivedRequest(
        method=handler.command,
        path=handler.path,
        headers={name.lower(): value for name, value in handler.headers.items()},
        body=handler.rfile.read(length) if length else b"",
    )
    with state.lock:
        state.requests.append(received)
        route = state.routes.get(handler.path) or state.routes.get(handler.path.split("?")[0])
    if route is None:
        route = Response(status=404, body=b"<html><body><p>Nothing here.</p></body></html>")
    if route.hold is not None:
        route.hold.wait(SAFETY_WAIT)
        if state.closing.is_set():
            return
    handler.close_connection = True
    # OSError: the client hung up, as clients refusing a page do
    with contextlib.suppress(OSError):
        _send(state, handler, route)


def _send(state: _State, handler: _Handler, route: Response) -> None:
    handler.send_response(route.status)
    names = {name.lower() for name, _ in route.headers}
    if route.content_type is not None and "content-type" not in names:
        handler.send_header("Content-Type", route.content_type)
    for name, value in route.headers:
        handler.send_header(name, value)
    handler.send_header("Connection", "close")
    if route.chunked:
        handler.send_header("Transfer-Encoding", "chunked")
    elif route.send_length and not route.endless and "content-length" not in names:
        handler.send_header("Content-Length", str(len(route.body)))
    handler.end_headers()
    if handler.command == "HEAD":
        return
    path = handler.path
    if route.endless:
        while not state.closing.is_set():
            handler.wfile.write(ENDLESS_CHUNK)
            _count(state, path, len(ENDLESS_CHUNK))
        return
    if route.trickle is not None:
        for index in range(len(route.body)):
            handler.wfile.write(route.body[index : index + 1])
            handler.wfile.flush()
            _count(state, path, 1)
            if state.closing.wait(route.trickle):
                return
        return
    if route.chunked:
        for start in range(0, len(route.body), 4096):
            piece = route.body[start : start + 4096]
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        handler.wfile.write(b"0\r\n\r\n")
    else:
        handler.wfile.write(route.body)
    _count(state, path, len(route.body))


def _count(state: _State, path: str, sent: int) -> None:
    with state.lock:
        state.bytes_sent[path] = state.bytes_sent.get(path, 0) + sent


class WebServer:
    """A real HTTP (or, given an SSL context, HTTPS) server on 127.0.0.1 at a random port."""

    host = "127.0.0.1"

    def __init__(self, *, ssl_context: ssl.SSLContext | None = None) -> None:
        self._state = _State()
        if ssl_context is not None:
            ssl_context.sni_callback = self._remember_name
        self._server = _Server(self._state, ssl_context)
        self.port: int = self._server.server_address[1]
        self.scheme = "https" if ssl_context is not None else "http"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def _remember_name(self, sock: ssl.SSLObject, name: str | None, context: object) -> None:
        with self._state.lock:
            self._state.tls_names.append(name)

    def start(self) -> "WebServer":
        self._thread.start()
        return self

    def close(self) -> None:
        self._state.closing.set()
        with self._state.lock:
            holds = [route.hold for route in self._state.routes.values() if route.hold]
        for hold in holds:
            hold.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(SAFETY_WAIT)

    def __enter__(self) -> "WebServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Where things are

    def url(self, path: str = "/", *, host: str | None = None) -> str:
        """The full address of a path; `host` puts another name in it (for a test resolver)."""
        return f"{self.scheme}://{host or self.host}:{self.port}{path}"

    @property
    def requests(self) -> list[ReceivedRequest]:
        with self._state.lock:
            return list(self._state.requests)

    @property
    def paths(self) -> list[str]:
        """The paths requested, in order."""
        return [request.path for request in self.requests]

    @property
    def connections(self) -> int:
        """How many connections were accepted, including ones that never sent a request."""
        with self._state.lock:
            return self._state.connections

    @property
    def tls_names(self) -> list[str | None]:
        """The server names (SNI) HTTPS clients asked for."""
        with self._state.lock:
            return list(self._state.tls_names)

    def bytes_sent(self, path: str) -> int:
        """How many body bytes went out for a path (before the client hung up)."""
        with self._state.lock:
            return self._state.bytes_sent.get(path, 0)

    # What paths answer

    def route(self, path: str, response: Response | None = None, /, **fields: object) -> Response:
        """Make `path` (with or without its query) answer `response`, or one built from fields."""
        answer = response if response is not None else Response(**fields)  # type: ignore[arg-type]
        with self._state.lock:
            self._state.routes[path] = answer
        return answer

    def page(
        self,
        path: str,
        html: str | bytes,
        *,
        status: int = 200,
        content_type: str | None = "text/html; charset=utf-8",
        headers: Sequence[tuple[str, str]] = (),
    ) -> Response:
        body = html.encode("utf-8") if isinstance(html, str) else html
        return self.route(
            path, status=status, body=body, content_type=content_type, headers=headers
        )

    def redirect(self, path: str, to: str, *, status: int = 302) -> Response:
        return self.route(path, status=status, headers=[("Location", to)], body=b"")

    def hold(
        self, path: str, html: str = "<html><body><p>At last.</p></body></html>"
    ) -> threading.Event:
        """Answer `path` only once the returned event is set (or the server closes)."""
        gate = threading.Event()
        self.route(path, body=html.encode("utf-8"), hold=gate)
        return gate

    def trickle(self, path: str, body: bytes, *, every: float = 0.05) -> Response:
        """Answer at once but send the body one byte per `every` seconds."""
        return self.route(path, body=body, trickle=every)

    def endless(self, path: str, **fields: object) -> Response:
        """A body that never ends: ENDLESS_CHUNK again and again until the client hangs up."""
        return self.route(path, endless=True, **fields)


@pytest.fixture
def web_server() -> Iterator[WebServer]:
    """A started WebServer for the test, closed after it."""
    with WebServer() as server:
        yield server


@contextlib.contextmanager
def serving(*, ssl_context: ssl.SSLContext | None = None) -> Iterator[WebServer]:
    """A WebServer for a block of code, e.g. one speaking HTTPS with a test certificate."""
    with WebServer(ssl_context=ssl_context) as server:
        yield server
