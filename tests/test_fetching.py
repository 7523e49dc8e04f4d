"""Fetching pages safely: through a real local server, with real sockets.

The server listens on 127.0.0.1, which fetch refuses unless allow_local=True. Tests that must
prove a refusal with allow_local=False reach the server under a made-up public name
("news.test", mapped to 127.0.0.1 by a test resolver, and let through by a check that
trusts that one address), so every other address still meets the real check.
"""

import gzip
import socket
import ssl
import subprocess
import threading
import zlib

import pytest
import urllib3.util.connection

from claims import fetching
from claims.fetching import (
    USER_AGENT,
    FetchedPage,
    FetchRefused,
    fetch,
    is_public_address,
    resolve_host,
)
from claims.formats.charsets import decode_page
from tests.webserver import WebServer, serving

ARTICLE = (
    "<!DOCTYPE html><html><head><title>Harbour</title></head>"
    "<body><p>The ferry left at noon.</p></body></html>"
)


def _fetch_local(url: str, **options) -> FetchedPage:
    return fetch(url, allow_local=True, **options)


class Names:
    """A resolver for made-up host names that records what it was asked."""

    def __init__(self, names: dict[str, list[str]]) -> None:
        self.names = names
        self.asked: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        if host in self.names:
            return self.names[host]
        if host.endswith(".test"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return resolve_host(host, port)  # IP literals, written however oddly


@pytest.fixture
def dialled(monkeypatch) -> list[tuple[str, int]]:
    """Every address a connection is opened to, in order."""
    calls: list[tuple[str, int]] = []
    real = urllib3.util.connection.create_connection

    def spy(address, *args, **kwargs):
        calls.append((address[0], address[1]))
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", spy)
    return calls


@pytest.fixture
def news_test_is_public(monkeypatch) -> None:
    """Treat 127.0.0.1 (the test server, as "news.test") as public; all else as usual."""
    real = fetching.is_public_address
    monkeypatch.setattr(
        fetching, "is_public_address", lambda ip: str(ip) == "127.0.0.1" or real(ip)
    )


# What counts as public


@pytest.mark.parametrize(
    ("ip", "public"),
    [
        ("8.8.8.8", True),
        ("93.184.215.14", True),
        ("2606:4700:4700::1111", True),
        ("::ffff:8.8.8.8", True),
        ("64:ff9b::808:808", True),  # a public site's address as a DNS64 network gives it
        ("127.0.0.1", False),
        ("127.255.0.9", False),
        ("10.0.0.5", False),
        ("172.16.4.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # the cloud metadata address
        ("169.254.1.1", False),
        ("100.64.0.1", False),  # shared, carrier-grade NAT
        ("0.0.0.0", False),  # noqa: S104 (an address to refuse, not to bind)
        ("0.1.2.3", False),
        ("224.0.0.1", False),
        ("239.255.255.250", False),
        ("233.252.0.1", False),  # multicast that Python counts as global
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("192.0.2.10", False),  # documentation
        ("198.18.0.1", False),  # benchmarking
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("fd00:ec2::254", False),  # a cloud's IPv6 metadata address
        ("fec0::1", False),  # site-local, deprecated but not public
        ("ff02::1", False),
        ("ff0e::1", False),
        ("2001:db8::1", False),
        ("3fff::1", False),
        ("2002:7f00:1::1", False),  # 6to4 wrapping 127.0.0.1
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("::ffff:169.254.169.254", False),
        ("::127.0.0.1", False),  # IPv4-compatible, deprecated
        ("64:ff9b::7f00:1", False),  # NAT64 wrapping 127.0.0.1
        ("64:ff9b::a00:1", False),  # NAT64 wrapping 10.0.0.1
        ("not an address", False),
        ("", False),
    ],
)
def test_is_public_address(ip, public):
    assert is_public_address(ip) is public


# Pages that come back


def test_a_page_comes_back_with_its_status_type_charset_and_body(web_server):
    web_server.page("/story", ARTICLE, content_type="text/html; charset=UTF-8")

    page = _fetch_local(web_server.url("/story?id=7#third"))

    assert page == FetchedPage(
        url=web_server.url("/story?id=7#third"),
        final_url=web_server.url("/story?id=7#third"),
        status=200,
        content_type="text/html",
        charset="utf-8",
        body=ARTICLE.encode(),
        redirects=(),
    )
    (request,) = web_server.requests
    assert request.path == "/story?id=7"  # the fragment stays with the browser
    assert request.headers["user-agent"] == USER_AGENT
    assert "newsclaims" in USER_AGENT
    assert request.headers["accept"].startswith("text/html, application/xhtml+xml")


def test_the_answers_headers_come_back_and_extra_request_headers_go_out(web_server):
    web_server.page("/feed", ARTICLE, headers=[("ETag", '"v7"'), ("X-Note", "harbour")])

    page = _fetch_local(
        web_server.url("/feed"),
        headers={"If-None-Match": '"v6"', "Host": "elsewhere.test"},
    )

    assert (page.headers["etag"], page.headers["x-note"]) == ('"v7"', "harbour")
    (request,) = web_server.requests
    assert request.headers["if-none-match"] == '"v6"'
    assert request.headers["host"] == f"127.0.0.1:{web_server.port}"  # never the caller's


def test_not_modified_comes_back_as_it_is(web_server):
    web_server.page("/feed", "", status=304, content_type=None)

    page = _fetch_local(web_server.url("/feed"), headers={"If-None-Match": '"v7"'})

    assert (page.status, page.body, page.content_type) == (304, b"", "")


def test_a_quoted_charset_in_the_header_is_read(web_server):
    web_server.page("/story", ARTICLE, content_type='Text/HTML; Charset="ISO-8859-1"')

    page = _fetch_local(web_server.url("/story"))

    assert (page.content_type, page.charset) == ("text/html", "iso-8859-1")


def test_xhtml_is_a_web_page(web_server):
    web_server.page("/story", ARTICLE, content_type="application/xhtml+xml")

    assert _fetch_local(web_server.url("/story")).content_type == "application/xhtml+xml"


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_an_error_answer_is_returned_with_its_status_for_the_importer_to_judge(web_server, status):
    web_server.page("/gone", "<html><body><p>No such story.</p></body></html>", status=status)

    page = _fetch_local(web_server.url("/gone"))

    assert page.status == status
    assert b"No such story." in page.body


def test_an_error_answer_of_another_type_is_returned_too(web_server):
    web_server.page("/gone", b'{"error": "not found"}', status=404, content_type="application/json")

    page = _fetch_local(web_server.url("/gone"))

    assert (page.status, page.content_type, page.body) == (
        404,
        "application/json",
        b'{"error": "not found"}',
    )


def test_a_page_without_a_content_type_that_looks_like_html_is_taken(web_server):
    web_server.page("/story", "\n  " + ARTICLE, content_type=None)

    page = _fetch_local(web_server.url("/story"))

    assert page.content_type == "text/html"
    assert page.body.endswith(b"</html>")


def test_a_fetched_cp1252_page_reads_as_its_words(web_server):
    words = "Le café coûte 3 € à Paris, dit une élève naïve : « trop cher »."
    html = f"<html><body><p>{words}</p></body></html>".encode("cp1252")
    web_server.page("/prix", html, content_type="text/html; charset=iso-8859-1")

    page = _fetch_local(web_server.url("/prix"))

    assert words in decode_page(page.body, header_charset=page.charset).text


# Redirects


def _chain(server: WebServer, hops: int) -> None:
    for hop in range(1, hops + 1):
        server.redirect(f"/hop{hop}", f"/hop{hop + 1}" if hop < hops else "/story")
    server.page("/story", ARTICLE)


def test_five_redirects_are_followed(web_server):
    _chain(web_server, 5)

    page = _fetch_local(web_server.url("/hop1"))

    assert page.status == 200
    assert page.body == ARTICLE.encode()
    assert page.url == web_server.url("/hop1")
    assert page.final_url == web_server.url("/story")
    assert page.redirects == tuple(web_server.url(f"/hop{hop}") for hop in range(1, 6))


def test_a_sixth_redirect_is_refused_and_not_followed(web_server):
    _chain(web_server, 6)

    with pytest.raises(FetchRefused, match="more than 5 redirects"):
        _fetch_local(web_server.url("/hop1"))

    assert web_server.paths == [f"/hop{hop}" for hop in range(1, 7)]


def test_the_redirect_limit_is_a_setting(web_server):
    _chain(web_server, 2)

    with pytest.raises(FetchRefused, match="more than 1 redirects"):
        _fetch_local(web_server.url("/hop1"), max_redirects=1)


def test_a_redirect_loop_is_refused(web_server):
    web_server.redirect("/here", "/there")
    web_server.redirect("/there", "/here")

    with pytest.raises(FetchRefused, match="more than 5 redirects"):
        _fetch_local(web_server.url("/here"))


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("location", ["/story", "story", "../story", "{base}/story"])
def test_every_kind_of_redirect_is_followed_against_the_current_address(
    web_server, status, location
):
    web_server.redirect("/news/old", location.format(base=web_server.url("")), status=status)
    web_server.page("/news/story", "<html><body><p>In the section.</p></body></html>")
    web_server.page("/story", ARTICLE)

    page = _fetch_local(web_server.url("/news/old"))

    expected = "/news/story" if location == "story" else "/story"
    assert page.final_url == web_server.url(expected)
    assert web_server.paths == ["/news/old", expected]


def test_a_redirect_without_a_location_is_the_answer(web_server):
    web_server.page("/odd", "<html><body><p>Moved, somewhere.</p></body></html>", status=302)

    page = _fetch_local(web_server.url("/odd"))

    assert (page.status, page.redirects) == (302, ())


# The server's own and private addresses


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "localhost",
        "LOCALHOST.",
        "2130706433",  # 127.0.0.1 as one decimal number
        "0177.0.0.1",  # octal
        "0x7f.1",  # hexadecimal, short form
        "127.1",
        "017700000001",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
    ],
)
def test_the_servers_own_address_is_refused_without_connecting(web_server, dialled, host):
    web_server.page("/story", ARTICLE)

    with pytest.raises(FetchRefused) as refused:
        fetch(web_server.url("/story", host=host))

    assert "this server's own address" in str(refused.value)
    assert "only public web pages can be imported" in str(refused.value)
    assert dialled == []
    assert web_server.connections == 0
    assert web_server.requests == []


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("http://10.0.0.5/", "a private network address (10.0.0.5)"),
        ("http://192.168.0.1:8080/admin", "a private network address (192.168.0.1)"),
        ("http://169.254.169.254/latest/meta-data/", "metadata address (169.254.169.254)"),
        ("http://[fd00:ec2::254]/", "metadata address (fd00:ec2::254)"),
        ("http://100.64.1.1/", "shared (carrier-grade NAT) address (100.64.1.1)"),
        ("http://0.0.0.0/", "(0.0.0.0)"),
        ("http://[::]/", "an unspecified address (::)"),
        ("http://[fe80::1]/", "a link-local address (fe80::1)"),
        ("http://224.0.0.1/", "a multicast address (224.0.0.1)"),
        ("http://[::ffff:10.0.0.5]/", "a private network address (::ffff:10.0.0.5)"),
    ],
)
def test_a_private_address_is_refused_with_a_sentence_naming_it(dialled, address, said):
    with pytest.raises(FetchRefused) as refused:
        fetch(address)

    assert str(refused.value).startswith("The address points to ")
    assert said in str(refused.value)
    assert dialled == []


def test_a_name_with_one_private_address_among_public_ones_is_refused(dialled):
    names = Names({"mixed.test": ["93.184.215.14", "10.1.2.3"]})

    with pytest.raises(FetchRefused, match=r"private network address \(10\.1\.2\.3\)"):
        fetch("http://mixed.test/story", resolve=names)

    assert dialled == []


@pytest.mark.usefixtures("news_test_is_public")
@pytest.mark.parametrize(
    ("target", "said"),
    [
        ("http://169.254.169.254/latest/meta-data/", "metadata address (169.254.169.254)"),
        ("http://10.0.0.1/", "private network address (10.0.0.1)"),
        ("http://0xa000001/", "private network address (10.0.0.1)"),
        ("http://[::ffff:a00:1]/", "private network address (::ffff:10.0.0.1)"),
        ("http://metadata.test/computeMetadata/v1/", "metadata address (169.254.169.254)"),
        ("http://[::1]/", "this server's own address (::1)"),
    ],
)
def test_a_redirect_into_a_private_address_is_refused_before_any_connection_to_it(
    web_server, dialled, target, said
):
    names = Names({"news.test": ["127.0.0.1"], "metadata.test": ["169.254.169.254"]})
    web_server.redirect("/story", target)

    with pytest.raises(FetchRefused) as refused:
        fetch(web_server.url("/story", host="news.test"), resolve=names)

    assert str(refused.value).startswith(f"The address it redirected to ({target}) points to")
    assert said in str(refused.value)
    # The one connection made was to the allowed host; none to where the redirect pointed.
    assert dialled == [("127.0.0.1", web_server.port)]
    assert web_server.paths == ["/story"]


def test_the_connection_goes_to_the_vetted_address_and_the_name_is_not_looked_up_again(
    web_server, dialled
):
    class Rebinding(Names):
        def __call__(self, host: str, port: int) -> list[str]:
            answer = super().__call__(host, port)
            self.names[host] = ["10.9.9.9"]  # a second lookup would get another answer
            return answer

    names = Rebinding({"news.test": ["127.0.0.1"]})
    web_server.page("/story", ARTICLE)

    page = fetch(web_server.url("/story", host="news.test"), allow_local=True, resolve=names)

    assert page.body == ARTICLE.encode()
    assert names.asked == ["news.test"]
    assert dialled == [("127.0.0.1", web_server.port)]
    (request,) = web_server.requests
    assert request.headers["host"] == f"news.test:{web_server.port}"


def test_a_host_name_in_another_script_is_looked_up_in_its_ascii_form(web_server):
    names = Names({"xn--bcher-kva.test": ["127.0.0.1"]})
    web_server.page("/story", ARTICLE)

    page = fetch(web_server.url("/story", host="bücher.test"), allow_local=True, resolve=names)

    assert page.status == 200
    assert names.asked == ["xn--bcher-kva.test"]
    assert web_server.requests[0].headers["host"] == f"xn--bcher-kva.test:{web_server.port}"


# Addresses that are not web pages


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("ftp://files.test/report.pdf", "not a web page address (ftp:)"),
        ("file:///etc/passwd", "not a web page address (file:)"),
        ("javascript:alert(1)", "not a web page address (javascript:)"),
        ("gopher://news.test/", "not a web page address (gopher:)"),
        ("news.test/story", "should start with http:// or https://"),
        ("http://editor:secret@news.test/story", "user name or password"),
        ("https://editor@news.test/story", "user name or password"),
        ("http://", "names no web site"),
        ("http:///story", "names no web site"),
        ("http://[::1/", "not a valid web address"),
        ("http://news.test:99999/", "not a valid web address"),
        ("http://news .test/", "not a valid web address"),
        ("http://news.test/a\x00b", "control characters"),
        ("http://news.test/a\x1bb", "control characters"),
        ("http://news.test:0/", "not a valid web address"),
        ("http://news.test:25/", "port 25"),
        ("http://news.test:6667/", "port 6667"),
    ],
)
def test_an_address_that_is_not_a_web_page_is_refused_before_any_lookup(address, said):
    names = Names({"news.test": ["93.184.215.14"]})

    with pytest.raises(FetchRefused) as refused:
        fetch(address, resolve=names)

    assert said in str(refused.value)
    assert names.asked == []


def test_an_address_pasted_across_lines_is_read_as_a_browser_reads_it(web_server):
    names = Names({"news.test": ["127.0.0.1"]})
    web_server.page("/harbour%20news/ferry", ARTICLE)
    pasted = " " + web_server.url("/harbour news/fer", host="news.test") + "\r\n\try \n"

    page = fetch(pasted, allow_local=True, resolve=names)

    assert page.body == ARTICLE.encode()
    assert web_server.paths == ["/harbour%20news/ferry"]


def test_a_redirect_to_an_address_with_a_space_is_followed(web_server):
    web_server.redirect("/old", "/harbour news/ferry")
    web_server.page("/harbour%20news/ferry", ARTICLE)

    page = _fetch_local(web_server.url("/old"))

    assert page.final_url == web_server.url("/harbour%20news/ferry")


def test_a_name_that_does_not_resolve_is_refused_plainly():
    with pytest.raises(FetchRefused) as refused:
        fetch("http://nowhere.test/story", resolve=Names({}))

    assert str(refused.value) == (
        "The site's name (nowhere.test) could not be found; check the address."
    )


def test_a_closed_port_is_refused_plainly():
    with socket.socket() as probe:  # a port nothing listens on once the probe closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(FetchRefused, match="refused the connection"):
        _fetch_local(f"http://127.0.0.1:{port}/story")


# Time


def test_a_server_that_does_not_answer_is_refused_within_the_timeout(web_server):
    gate = web_server.hold("/story")

    with pytest.raises(FetchRefused) as refused:
        _fetch_local(web_server.url("/story"), timeout=0.5)

    assert str(refused.value) == "The site did not answer within 0.5 s."
    assert web_server.paths == ["/story"]  # it was asked, and never answered in time
    gate.set()


def test_a_server_that_trickles_its_page_is_refused_at_the_deadline(web_server):
    # A byte every 50 ms never trips a 0.5 s wait for the next byte: only the deadline for
    # the whole fetch stops it. Without one this test would take a minute and then pass.
    body = ARTICLE.encode().ljust(1200, b" ")
    web_server.trickle("/story", body, every=0.05)

    with pytest.raises(FetchRefused, match=r"did not answer within 0\.5 s"):
        _fetch_local(web_server.url("/story"), timeout=0.5)

    assert web_server.bytes_sent("/story") < len(body)


def test_the_deadline_covers_the_lookup_of_the_name():
    answered = []

    def stalled(host: str, port: int) -> list[str]:
        gate.wait(30)
        answered.append(host)
        return ["93.184.215.14"]

    gate = threading.Event()
    try:
        with pytest.raises(FetchRefused, match=r"did not answer within 0\.3 s"):
            fetch("http://slow-dns.test/", timeout=0.3, resolve=stalled)
        assert answered == []
    finally:
        gate.set()


# Size


def test_an_endless_page_is_refused_once_past_the_cap(web_server):
    web_server.endless("/story")

    with pytest.raises(FetchRefused) as refused:
        _fetch_local(web_server.url("/story"), max_bytes=64 * 1024)

    assert str(refused.value) == (
        "The page is larger than 64 KB; only pages up to 64 KB can be imported."
    )


def test_a_page_announced_larger_than_the_cap_is_refused_before_reading(web_server):
    # The server announces 12 MB and sends nothing: reading would fail otherwise.
    web_server.route("/story", headers=[("Content-Length", str(12 * 1024 * 1024))])

    with pytest.raises(FetchRefused) as refused:
        _fetch_local(web_server.url("/story"))

    assert str(refused.value) == (
        "The page is larger than 5 MB (the server announced 12 MB); "
        "only pages up to 5 MB can be imported."
    )


def test_a_page_within_the_cap_is_read_whole(web_server):
    body = ARTICLE.encode().ljust(64 * 1024, b" ")
    web_server.page("/story", body)

    assert _fetch_local(web_server.url("/story"), max_bytes=64 * 1024).body == body


def test_a_page_cut_short_is_refused(web_server):
    web_server.route(
        "/story", body=b"<html><body>", headers=[("Content-Length", "5000")], content_type=None
    )

    with pytest.raises(FetchRefused, match="broke off before the whole page arrived"):
        _fetch_local(web_server.url("/story"))


# Compression


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [("gzip", gzip.compress), ("deflate", zlib.compress), ("x-gzip", gzip.compress)],
)
def test_a_compressed_page_comes_back_unpacked(web_server, encoding, compress):
    web_server.route(
        "/story", body=compress(ARTICLE.encode()), headers=[("Content-Encoding", encoding)]
    )

    page = _fetch_local(web_server.url("/story"))

    assert page.body == ARTICLE.encode()
    assert "gzip" in web_server.requests[0].headers["accept-encoding"]


def test_a_compressed_page_counts_its_unpacked_bytes_against_the_cap(web_server):
    bomb = gzip.compress(b"<html>" + b" " * (20 * 1024 * 1024))  # 20 MB in about 20 KB
    assert len(bomb) < 64 * 1024
    web_server.route("/story", body=bomb, headers=[("Content-Encoding", "gzip")])

    with pytest.raises(FetchRefused, match="larger than 1 MB"):
        _fetch_local(web_server.url("/story"), max_bytes=1024 * 1024)


def test_a_compressed_page_that_cannot_be_unpacked_is_refused(web_server):
    web_server.route(
        "/story", body=b"this is not gzip at all", headers=[("Content-Encoding", "gzip")]
    )

    with pytest.raises(FetchRefused, match="could not be unpacked"):
        _fetch_local(web_server.url("/story"))


# What the address gives


@pytest.mark.parametrize(
    ("content_type", "said"),
    [
        ("application/pdf", "The address gives a PDF document (application/pdf), not a web page."),
        ("image/png", "The address gives an image (image/png), not a web page."),
        ("application/json; charset=utf-8", "gives JSON data (application/json)"),
        ("text/plain", "gives plain text (text/plain)"),
        ("application/rss+xml", "gives a news feed (application/rss+xml)"),
        ("video/mp4", "gives a video (video/mp4)"),
        ("application/octet-stream", "(application/octet-stream)"),
        ("application/x-unheard-of", "gives a file (application/x-unheard-of)"),
    ],
)
def test_a_successful_answer_that_is_not_a_web_page_is_refused_naming_its_type(
    web_server, content_type, said
):
    web_server.page("/file", b"%PDF-1.7 and so on", content_type=content_type)

    with pytest.raises(FetchRefused) as refused:
        _fetch_local(web_server.url("/file"))

    assert said in str(refused.value)


def test_a_file_without_a_content_type_that_is_not_html_is_refused(web_server):
    web_server.page("/file", b"%PDF-1.7 and so on", content_type=None)

    with pytest.raises(FetchRefused, match="no stated type that does not look like a web page"):
        _fetch_local(web_server.url("/file"))


def test_other_types_can_be_asked_for(web_server):
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>'
    web_server.page("/feed", feed, content_type="application/rss+xml")

    page = _fetch_local(web_server.url("/feed"), media_types=("application/rss+xml",))

    assert (page.content_type, page.body) == ("application/rss+xml", feed)
    assert web_server.requests[0].headers["accept"].startswith("application/rss+xml")


# HTTPS: the pinned address is dialled, the real name is what TLS checks


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[str, str]:
    """A self-signed certificate for news.test, made with the openssl command."""
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert),
            "-subj", "/CN=news.test", "-addext", "subjectAltName=DNS:news.test",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return str(cert), str(key)


@pytest.fixture
def tls_server(certificate):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    with serving(ssl_context=context) as server:
        server.page("/story", ARTICLE)
        yield server


def test_https_speaks_to_the_pinned_address_under_the_real_name(tls_server, certificate, dialled):
    names = Names({"news.test": ["127.0.0.1"]})

    page = fetch(
        tls_server.url("/story", host="news.test"),
        allow_local=True,
        resolve=names,
        ca_certs=certificate[0],
    )

    assert page.body == ARTICLE.encode()
    assert page.final_url == f"https://news.test:{tls_server.port}/story"
    assert dialled == [("127.0.0.1", tls_server.port)]
    assert tls_server.tls_names == ["news.test"]
    assert tls_server.requests[0].headers["host"] == f"news.test:{tls_server.port}"


def test_https_with_a_certificate_nobody_vouches_for_is_refused(tls_server):
    names = Names({"news.test": ["127.0.0.1"]})

    with pytest.raises(FetchRefused) as refused:
        fetch(tls_server.url("/story", host="news.test"), allow_local=True, resolve=names)

    assert str(refused.value) == (
        "The site news.test could not be reached securely: its certificate could not be verified."
    )
    assert tls_server.requests == []


def test_https_with_a_certificate_for_another_name_is_refused(tls_server, certificate):
    names = Names({"elsewhere.test": ["127.0.0.1"]})

    with pytest.raises(FetchRefused, match=r"its certificate is not for elsewhere\.test"):
        fetch(
            tls_server.url("/story", host="elsewhere.test"),
            allow_local=True,
            resolve=names,
            ca_certs=certificate[0],
        )

    assert tls_server.requests == []
