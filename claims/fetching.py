"""Fetching a web page an editor pasted, without letting the address reach inside our network.

An address is a request our server makes on the editor's behalf, so every address (and every
address a redirect leads to) is vetted before a byte is sent: http or https only, no user
name or password, and a host whose every address is on the public internet. The connection
then goes to the very address that was vetted (the host name is not looked up a second time,
so a name that changes its answer between two lookups cannot slip a private address in);
the Host header, TLS's server name and the certificate check keep the real host name.

The fetch is bounded: a deadline for the whole of it (a server that trickles one byte a
second cannot hold a worker), a cap on the bytes read after decompression, a limit on
redirects. Whatever goes wrong comes back as FetchRefused with a sentence an editor can read.
A page with any HTTP status is returned: whether a 404 is refused is the importer's decision.

No Django here: the settings that matter are arguments.
"""

import contextlib
import ipaddress
import re
import socket
import threading
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import (
    ConnectTimeoutError,
    DecodeError,
    HTTPError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

from claims.domain.weburls import NotAWebAddress, normalise

USER_AGENT = "newsclaims/1.0 (+https://github.com/newsclaims; article import)"
PAGE_TYPES = ("text/html", "application/xhtml+xml")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# When a host has many addresses, the first few are tried: enough to get past an IPv6
# address this machine cannot route to, few enough to stay within the deadline.
MAX_ADDRESSES_TRIED = 4
CHUNK = 64 * 1024
# Ports browsers refuse to fetch from (the Fetch standard's "bad ports"): mail, shell and
# other services that must not receive an HTTP request from us on anyone's say-so.
BAD_PORTS = frozenset(
    {
        1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95,
        101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161,
        179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563,
        587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060,
        5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
    }
)  # fmt: skip

# IPv6 prefixes that carry an IPv4 address in their last 32 bits: the IPv4 address decides.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SHARED = ipaddress.ip_network("100.64.0.0/10")
_IPV6_DOCUMENTATION = ipaddress.ip_network("3fff::/20")  # newer than some Pythons' tables
_METADATA = frozenset(ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254"))

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]


class FetchRefused(Exception):
    """The page was not fetched; the reason is a sentence for the editor."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FetchedPage:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str  # the media type in lower case, "" if the server gave none
    charset: str | None  # from the Content-Type header
    body: bytes  # decompressed
    redirects: tuple[str, ...] = ()  # the addresses that redirected, in order
    # The final answer's headers, names in lower case (ETag, Last-Modified for a feed poll).
    headers: Mapping[str, str] = field(default_factory=dict, compare=False)


def resolve_host(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for the host (it also reads odd IP literals)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _non_public_kind(address: Address) -> str | None:
    """What kind of non-public address this is, in words; None for a public one."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return _non_public_kind(address.ipv4_mapped)
        if address in _NAT64:
            # DNS64 networks hand out these for IPv4-only sites; the site's own address decides.
            return _non_public_kind(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if address.is_site_local or address in _IPV6_DOCUMENTATION:
            return "a reserved address"
    if address in _METADATA:
        return "the cloud servers' metadata address"
    if address.is_loopback:
        return "this server's own address"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if isinstance(address, ipaddress.IPv4Address) and address in _SHARED:
        return "a shared (carrier-grade NAT) address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private network address"
    if not address.is_global:
        return "an address that is not on the public internet"
    return None


def _describe(ip: str) -> str:
    try:
        kind = _non_public_kind(ipaddress.ip_address(ip))
    except ValueError:
        return "an address that cannot be read"
    return kind or "an address that is not allowed"


def is_public_address(ip: str | Address) -> bool:
    """Whether a page at this IP address is on the public internet (IPv4 or IPv6)."""
    try:
        address = ipaddress.ip_address(ip) if isinstance(ip, str) else ip
    except ValueError:
        return False
    return _non_public_kind(address) is None


@dataclass(frozen=True)
class _Target:
    url: str  # normal form, fragment kept
    scheme: str
    host: str  # ASCII, lower case, without brackets
    port: int
    request_target: str  # path and query
    host_header: str
    addresses: tuple[str, ...]  # vetted; the connection goes to one of these


class _Deadline:
    """The whole fetch's time limit: shuts the sockets down when it passes.

    Timeouts on a socket bound each wait for bytes, not the whole: a server sending a byte
    just before each timeout could go on for ever. Shutting the socket down from a timer
    ends any read at once, wherever urllib3 or http.client is waiting.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)

    def refusal(self) -> FetchRefused:
        return FetchRefused(f"The site did not answer within {self.seconds:g} s.")

    def check(self) -> None:
        if self.expired or self.remaining() <= 0:
            raise self.refusal()

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: nothing left to stop
        sock.shutdown(socket.SHUT_RDWR)


def _watched[C: HTTPConnection](base: type[C], deadline: _Deadline) -> type[C]:
    class Watched(base):  # type: ignore[valid-type,misc]
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            deadline.watch(sock)
            return sock

    return Watched


def _resolve_within(resolve: Resolver, host: str, port: int, deadline: _Deadline) -> list[str]:
    """The resolver's answer, waiting no longer than the deadline allows.

    getaddrinfo cannot be interrupted, so it runs in a thread of its own that is left to
    finish on its own if the deadline passes first.
    """
    outcome: list[Sequence[str] | BaseException] = []
    done = threading.Event()

    def lookup() -> None:
        try:
            outcome.append(resolve(host, port))
        except BaseException as error:  # handed to the caller's thread as it is
            outcome.append(error)
        done.set()

    threading.Thread(target=lookup, daemon=True, name=f"resolve {host}").start()
    if not done.wait(max(deadline.remaining(), 0)):
        raise deadline.refusal()
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return [str(address) for address in result]


_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))


def _vet(
    url: str,
    *,
    subject: str,
    allow_local: bool,
    resolve: Resolver,
    deadline: _Deadline,
) -> _Target:
    """The address parsed and its host resolved and checked; FetchRefused says what is wrong."""
    # As browsers do: tabs and line breaks (an address pasted across two lines) are dropped,
    # spaces at the ends trimmed, spaces inside the path encoded (by normalise, below).
    url = _TAB_OR_NEWLINE.sub("", url).strip(_C0_OR_SPACE)
    if _CONTROL.search(url):
        raise FetchRefused(f"{subject} is not a valid web address: it holds control characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise FetchRefused(f"{subject} is not a valid web address.") from error
    if port == 0:
        raise FetchRefused(f"{subject} is not a valid web address.")
    scheme = parts.scheme.lower()
    if not scheme:
        raise FetchRefused(
            f"{subject} is not a complete web address: it should start with http:// or https://."
        )
    if scheme not in ("http", "https"):
        raise FetchRefused(
            f"{subject} is not a web page address ({scheme}:); only addresses starting "
            "with http:// or https:// can be imported."
        )
    if parts.username is not None or parts.password is not None:
        raise FetchRefused(
            f"{subject} holds a user name or password; paste the page's public address "
            "without them."
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchRefused(f"{subject} names no web site.")
    try:
        normal = normalise(url)
    except NotAWebAddress as error:
        raise FetchRefused(f"{subject} is not a valid web address.") from error
    normal_parts = urlsplit(normal)
    host = (normal_parts.hostname or "").rstrip(".")
    port = port or (443 if scheme == "https" else 80)
    if port in BAD_PORTS:
        raise FetchRefused(
            f"{subject} uses port {port}, which is kept for other services than web pages."
        )
    try:
        addresses = _resolve_within(resolve, host, port, deadline)
    except FetchRefused:
        raise
    except (OSError, UnicodeError) as error:
        raise FetchRefused(
            f"The site's name ({host}) could not be found; check the address."
        ) from error
    if not addresses:
        raise FetchRefused(f"The site's name ({host}) could not be found; check the address.")
    if not allow_local:
        # Every address, not just the first: the connection may go to any of them.
        for address in addresses:
            if not is_public_address(address):
                raise FetchRefused(
                    f"{subject} points to {_describe(address)} ({address}); "
                    "only public web pages can be imported."
                )
    default_port = 443 if scheme == "https" else 80
    bracketed = f"[{host}]" if ":" in host else host
    return _Target(
        url=normal,
        scheme=scheme,
        host=host,
        port=port,
        request_target=(normal_parts.path or "/")
        + (f"?{normal_parts.query}" if normal_parts.query else ""),
        host_header=bracketed if port == default_port else f"{bracketed}:{port}",
        addresses=tuple(addresses),
    )


def _content_type(header: str | None) -> tuple[str, str | None]:
    """The media type in lower case and the charset parameter, from a Content-Type header."""
    if not header:
        return "", None
    media_type, _, parameters = header.partition(";")
    charset = None
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    return media_type.strip().lower(), charset


_KINDS = (
    ("application/pdf", "a PDF document"),
    ("application/json", "JSON data"),
    ("application/rss+xml", "a news feed"),
    ("application/atom+xml", "a news feed"),
    ("text/plain", "plain text"),
    ("text/csv", "a spreadsheet (CSV)"),
    ("application/msword", "a Word document"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml", "a Word document"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml", "a spreadsheet"),
    ("application/vnd.ms-excel", "a spreadsheet"),
    ("application/zip", "a ZIP archive"),
    ("application/xml", "an XML document"),
    ("text/xml", "an XML document"),
    ("image/", "an image"),
    ("video/", "a video"),
    ("audio/", "a sound file"),
    ("font/", "a font"),
    ("application/octet-stream", "a file to download"),
)


def _kind_of(media_type: str) -> str:
    for prefix, kind in _KINDS:
        if media_type.startswith(prefix):
            return kind
    return "a file"


_LOOKS_HTML = re.compile(rb"<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)
_LOOKS_XML = re.compile(rb"^\s*<(?:\?xml|rss[\s>]|feed[\s>])", re.IGNORECASE)


def _sniffed(body: bytes) -> str:
    """The media type the first bytes suggest when the server gave none; "" if unsure."""
    head = body[:1024].removeprefix(b"\xef\xbb\xbf")
    if _LOOKS_HTML.search(head):
        return "text/html"
    if _LOOKS_XML.match(head):
        return "application/xml"
    return ""


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def _too_large(max_bytes: int, announced: int | None = None) -> FetchRefused:
    told = f" (the server announced {_megabytes(announced)})" if announced is not None else ""
    return FetchRefused(
        f"The page is larger than {_megabytes(max_bytes)}{told}; "
        f"only pages up to {_megabytes(max_bytes)} can be imported."
    )


def _accept_header(media_types: Collection[str]) -> str:
    return ", ".join([*media_types, "*/*;q=0.1"])


def fetch(
    url: str,
    *,
    allow_local: bool = False,
    timeout: float = 10,
    max_bytes: int = 5 * 1024 * 1024,
    max_redirects: int = 5,
    user_agent: str = USER_AGENT,
    media_types: Collection[str] = PAGE_TYPES,
    headers: Mapping[str, str] | None = None,
    resolve: Resolver = resolve_host,
    ca_certs: str | None = None,
) -> FetchedPage:
    """The page at the address, fetched safely; FetchRefused says why it was not.

    `timeout` bounds the whole fetch, redirects included. `media_types` are the types a
    successful answer may have (a missing type is sniffed). `headers` are sent besides ours
    (If-None-Match for a feed poll, say; Host stays the address's). `allow_local` lets
    private and loopback addresses through (development and tests only); `resolve` and
    `ca_certs` (certifi's bundle by default) are there to be replaced in tests.
    """
    deadline = _Deadline(timeout)
    try:
        return _fetch(
            url,
            allow_local=allow_local,
            deadline=deadline,
            max_bytes=max_bytes,
            max_redirects=max_redirects,
            user_agent=user_agent,
            media_types=media_types,
            extra_headers=headers or {},
            resolve=resolve,
            ca_certs=ca_certs or certifi.where(),
        )
    finally:
        deadline.cancel()


def _fetch(
    url: str,
    *,
    allow_local: bool,
    deadline: _Deadline,
    max_bytes: int,
    max_redirects: int,
    user_agent: str,
    media_types: Collection[str],
    extra_headers: Mapping[str, str],
    resolve: Resolver,
    ca_certs: str,
) -> FetchedPage:
    redirects: list[str] = []
    current = url
    subject = "The address"
    while True:
        target = _vet(
            current, subject=subject, allow_local=allow_local, resolve=resolve, deadline=deadline
        )
        headers = {
            "User-Agent": user_agent,
            "Accept": _accept_header(media_types),
            # Only the encodings this installation can unpack (brotli when it is installed).
            "Accept-Encoding": urllib3.util.make_headers(accept_encoding=True)["accept-encoding"],
            **{name: value for name, value in extra_headers.items() if name.lower() != "host"},
            "Host": target.host_header,
        }
        response, pool = _request(target, headers, deadline=deadline, ca_certs=ca_certs)
        try:
            location = response.headers.get("Location")
            if response.status in REDIRECT_STATUSES and location:
                redirects.append(target.url)
                if len(redirects) > max_redirects:
                    raise FetchRefused(
                        f"The address led to more than {max_redirects} redirects; "
                        "they were not followed further."
                    )
                current = urljoin(target.url, location.strip())
                shown = current if len(current) <= 120 else current[:117] + "..."
                subject = f"The address it redirected to ({shown})"
                continue
            media_type, charset = _content_type(response.headers.get("Content-Type"))
            success = 200 <= response.status < 300
            if success and media_type and media_type not in media_types:
                raise FetchRefused(
                    f"The address gives {_kind_of(media_type)} ({media_type}), not a web page."
                )
            body = _read(response, target, max_bytes=max_bytes, deadline=deadline)
            if not media_type:
                media_type = _sniffed(body)
                if success and media_type not in media_types:
                    raise FetchRefused(
                        "The address gives a file of no stated type that does not look "
                        "like a web page."
                    )
            return FetchedPage(
                url=url,
                final_url=target.url,
                status=response.status,
                content_type=media_type,
                charset=charset,
                body=body,
                redirects=tuple(redirects),
                headers={
                    name.lower(): value
                    for name in response.headers
                    if (value := response.headers.get(name)) is not None
                },
            )
        finally:
            response.release_conn()
            response.close()
            pool.close()


def _request(
    target: _Target, headers: dict[str, str], *, deadline: _Deadline, ca_certs: str
) -> tuple[urllib3.BaseHTTPResponse, urllib3.HTTPConnectionPool]:
    """The answer's status and headers, from the first vetted address that takes the call."""
    last_error: FetchRefused | None = None
    for address in target.addresses[:MAX_ADDRESSES_TRIED]:
        deadline.check()
        wait = urllib3.Timeout(connect=deadline.remaining(), read=deadline.remaining())
        pool: urllib3.HTTPConnectionPool
        if target.scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                address,
                target.port,
                timeout=wait,
                retries=False,
                maxsize=1,
                cert_reqs="CERT_REQUIRED",
                ca_certs=ca_certs,
                # The pinned address is dialled; the name is what TLS speaks and checks.
                server_hostname=target.host,
                assert_hostname=target.host,
            )
            pool.ConnectionCls = _watched(HTTPSConnection, deadline)
        else:
            pool = urllib3.HTTPConnectionPool(address, target.port, timeout=wait, retries=False)
            pool.ConnectionCls = _watched(HTTPConnection, deadline)
        try:
            response = pool.urlopen(
                "GET",
                target.request_target,
                headers=headers,
                retries=False,
                redirect=False,
                assert_same_host=False,
                preload_content=False,
                decode_content=True,
                release_conn=False,
            )
        except (NewConnectionError, ConnectTimeoutError, NameResolutionError) as error:
            pool.close()
            last_error = _refusal(error, target, deadline)
            continue  # another of the host's addresses may answer
        except (HTTPError, OSError) as error:
            pool.close()
            raise _refusal(error, target, deadline) from error
        return response, pool
    assert last_error is not None
    raise last_error


def _read(
    response: urllib3.BaseHTTPResponse, target: _Target, *, max_bytes: int, deadline: _Deadline
) -> bytes:
    """The body, decompressed, refused as soon as it grows past the cap."""
    announced = response.headers.get("Content-Length", "")
    if announced.strip().isdigit() and int(announced) > max_bytes:
        raise _too_large(max_bytes, int(announced))
    received = bytearray()
    try:
        # urllib3 hands out at most CHUNK bytes of decompressed data per step, so a small
        # compressed bomb is caught after it has grown just past the cap, not in memory.
        for chunk in response.stream(CHUNK, decode_content=True):
            received += chunk
            if len(received) > max_bytes:
                raise _too_large(max_bytes)
    except (HTTPError, OSError) as error:
        raise _refusal(error, target, deadline) from error
    deadline.check()  # a body cut short by the deadline is not the page
    return bytes(received)


def _refusal(error: BaseException, target: _Target, deadline: _Deadline) -> FetchRefused:
    """The sentence for what went wrong on the wire."""
    if deadline.expired:
        return deadline.refusal()
    if isinstance(error, NewConnectionError):  # a subclass of ConnectTimeoutError, oddly
        if "refused" in str(error).lower():
            return FetchRefused(f"The site {target.host} refused the connection.")
        return FetchRefused(f"The site {target.host} could not be reached.")
    if isinstance(error, ConnectTimeoutError | ReadTimeoutError | TimeoutError):
        return deadline.refusal()
    if isinstance(error, SSLError):
        detail = str(error)
        if "CERTIFICATE_VERIFY_FAILED" in detail or "certificate verify failed" in detail:
            why = "its certificate could not be verified"
        elif "match" in detail and "hostname" in detail.lower():
            why = f"its certificate is not for {target.host}"
        else:
            why = "the secure connection could not be set up"
        return FetchRefused(f"The site {target.host} could not be reached securely: {why}.")
    if isinstance(error, DecodeError):
        return FetchRefused(
            f"The site {target.host} sent a compressed page that could not be unpacked."
        )
    if isinstance(error, ProtocolError | OSError):
        return FetchRefused(
            f"The connection to {target.host} broke off before the whole page arrived."
        )
    return FetchRefused(f"The site {target.host} could not be reached.")
