"""Web addresses as stored: http or https only, in one normal form.

Addresses come from editors, curators and other people's files, and go out as
links, in ClaimReview and in the API. Stored normalised (scheme and host in
lower case, the host in its ASCII form, characters a URL may not hold
percent-encoded), an address can be compared with another and shown anywhere
without escaping surprises.
"""

import re
from urllib.parse import quote, urlsplit, urlunsplit

SCHEMES = ("http", "https")

# What each part may hold unencoded (RFC 3986): unreserved, sub-delims, ":" and "@",
# and "%" for escapes already made (a stray "%" is encoded first).
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = _PATH_SAFE + "?"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_HOST = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$"
)

_IPV6 = re.compile(r"^[0-9a-f]*:[0-9a-f:.]+$")


class NotAWebAddress(ValueError):
    """Why the text is not an http(s) address, in a sentence for the editor."""


def _encoded(part: str, safe: str) -> str:
    return quote(_STRAY_PERCENT.sub("%25", part), safe=safe)


def normalise(text: str) -> str:
    """The address in normal form; NotAWebAddress when it is not http(s) or has no host."""
    text = text.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise NotAWebAddress(f"“{text[:80]}” is not a web address.") from error
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise NotAWebAddress(
            f"“{text[:80]}” is not a web address: only http:// and https:// links are kept."
        )
    host = (parts.hostname or "").rstrip(".")
    try:
        host = host.encode("idna").decode("ascii").lower() if host else ""
    except UnicodeError as error:
        raise NotAWebAddress(f"“{text[:80]}” has a host name that cannot be used.") from error
    if not (_HOST.match(host) or _IPV6.match(host)):
        raise NotAWebAddress(f"“{text[:80]}” names no host a browser could reach.")
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address keeps its brackets
    if parts.username is not None or parts.password is not None:
        raise NotAWebAddress(f"“{text[:80]}” holds a user name or password: leave them out.")
    netloc = (
        host if port is None or port == {"http": 80, "https": 443}[scheme] else f"{host}:{port}"
    )
    return urlunsplit(
        (
            scheme,
            netloc,
            _encoded(parts.path, _PATH_SAFE),
            _encoded(parts.query, _QUERY_SAFE),
            _encoded(parts.fragment, _QUERY_SAFE),
        )
    )
