"""Turning the bytes of a fetched page or an uploaded file into text, whatever their charset.

Pages are read the way browsers read them (the WHATWG Encoding Standard and HTML's
"determining the character encoding"): a byte order mark wins, then the charset of the
HTTP header, then the page's own declaration, then detection, then windows-1252. Labels
are mapped as browsers map them, so "iso-8859-1" and "us-ascii" are read as windows-1252
(servers that say latin-1 nearly always send cp1252's curly quotes and euro sign).

Unlike a browser, a declared charset that the bytes contradict (a page that says UTF-8 but
is not) is not trusted blindly: the next step is tried, so an editor gets "café" and not
"caf\ufffd". The text given back never holds NUL or lone surrogates.
"""

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

BY_BOM = "byte order mark"
BY_HEADER = "HTTP header"
BY_DECLARATION = "the page's own declaration"
BY_DETECTION = "detected"
BY_DEFAULT = "default"  # nothing told us and nothing could be detected: windows-1252

# How far into a page its <meta charset> or XML declaration is looked for. Browsers look at
# the first 1024 bytes; a few KB more forgives pages with long scripts or comments in <head>.
DECLARATION_WINDOW = 8 * 1024
# How much text detection looks at: enough to tell code pages apart, small enough for 5 MB pages.
DETECTION_SAMPLE = 256 * 1024
# A page that declares UTF-8 and is UTF-8 but for a few broken bytes (a CMS that cut a
# character in two) is still UTF-8: up to one bad sequence per this many good non-ASCII
# characters is read with U+FFFD in its place. Text in a legacy code page read as UTF-8 has
# nearly every non-ASCII byte bad, so it cannot pass.
UTF8_GOOD_PER_BAD = 20
# Readings this close in oddness (one odd character in 500) are as good as each other.
ODDNESS_TIE = 0.002
# When detection ranks another Latin code page first but scores windows-1252 within this of
# it (chaos and coherence both run from 0 to 1), it cannot tell them apart: windows-1252 it is.
DETECTOR_TIE = 0.05
# A text file more than this share of control characters is binary data, not text.
CONTROL_SHARE_OF_BINARY = 0.05


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # the Python codec used, e.g. "utf-8", "cp1252"
    how: str  # BY_BOM, BY_HEADER, BY_DECLARATION, BY_DETECTION or BY_DEFAULT


class UnreadableText(ValueError):
    """The data is not text (binary, or no charset makes sense of it); the reason is a sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# The Encoding Standard's labels (https://encoding.spec.whatwg.org/#names-and-labels), each
# encoding under the Python codec that decodes it as browsers do. GBK is read with gb18030,
# Shift_JIS with cp932, EUC-KR with cp949 and Big5 with big5hkscs: the standard defines each
# as that superset. The "replacement" labels (ISO-2022-KR, HZ, ...) and x-user-defined are left
# out on purpose, so a page declaring them is read as if it declared nothing.
_LABELS_BY_CODEC = {
    "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8",
    "cp866": "866 cp866 csibm866 ibm866",
    "iso8859-2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 "
    "iso_8859-2:1987 l2 latin2",
    "iso8859-3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 "
    "iso_8859-3:1988 l3 latin3",
    "iso8859-4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 "
    "iso_8859-4:1988 l4 latin4",
    "iso8859-5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 "
    "iso_8859-5 iso_8859-5:1988",
    "iso8859-6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 "
    "iso-8859-6 iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 "
    "iso_8859-6:1987",
    "iso8859-7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 "
    "iso8859-7 iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    "iso8859-8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 "
    "iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical",
    "iso8859-10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    "iso8859-13": "iso-8859-13 iso8859-13 iso885913",
    "iso8859-14": "iso-8859-14 iso8859-14 iso885914",
    "iso8859-15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "iso8859-16": "iso-8859-16",
    "koi8-r": "cskoi8r koi koi8 koi8-r koi8_r",
    "koi8-u": "koi8-ru koi8-u",
    "mac-roman": "csmacintosh mac macintosh x-mac-roman",
    "cp874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "cp1250": "cp1250 windows-1250 x-cp1250",
    "cp1251": "cp1251 windows-1251 x-cp1251",
    "cp1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 "
    "iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252",
    "cp1253": "cp1253 windows-1253 x-cp1253",
    "cp1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 "
    "iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254",
    "cp1255": "cp1255 windows-1255 x-cp1255",
    "cp1256": "cp1256 windows-1256 x-cp1256",
    "cp1257": "cp1257 windows-1257 x-cp1257",
    "cp1258": "cp1258 windows-1258 x-cp1258",
    "mac-cyrillic": "x-mac-cyrillic x-mac-ukrainian",
    "gb18030": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 "
    "x-gbk gb18030",
    "big5hkscs": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "euc_jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
    "iso2022_jp": "csiso2022jp iso-2022-jp",
    "cp932": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "cp949": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 "
    "ksc5601 ksc_5601 windows-949",
    "utf-16-be": "unicodefffe utf-16be",
    "utf-16-le": "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le",
}
_CODEC_BY_LABEL = {
    label: codec for codec, labels in _LABELS_BY_CODEC.items() for label in labels.split()
}
WEB_CODECS = frozenset(_LABELS_BY_CODEC)

# Detection answers in Python's names, some of them for encodings browsers read as a superset.
_DETECTED_AS_WEB = {
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "utf-16": "utf-16-le",
}
# Single-byte code pages for Latin-script languages. Detection cannot always tell them apart
# (cp1250 and cp1252 both decode "café" as letters), so when it hesitates between one of them
# and windows-1252, the web's most common legacy encoding, windows-1252 is taken.
_LATIN_SINGLE_BYTE = frozenset(
    {
        "cp1250",
        "cp1252",
        "cp1254",
        "cp1257",
        "cp1258",
        "iso8859-2",
        "iso8859-3",
        "iso8859-4",
        "iso8859-10",
        "iso8859-13",
        "iso8859-14",
        "iso8859-15",
        "iso8859-16",
        "mac-roman",
        "mac-latin2",
        "mac-iceland",
        "mac-turkish",
        "cp437",
        "cp850",
        "cp852",
        "cp775",
        "cp858",
        "cp860",
        "cp863",
        "cp865",
        "latin-1",
    }
)
_WIDE = ("utf-16", "utf-32")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_TEXT_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16: its BOM begins the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _web_errors(error: UnicodeError) -> tuple[str, int]:
    """Browsers' reading of bytes a single-byte code page leaves undefined.

    windows-1252 has holes at 0x81, 0x8D, 0x8F, 0x90 and 0x9D that the Encoding Standard
    maps to the C1 controls of the same number; any other undefined byte becomes U+FFFD.
    """
    assert isinstance(error, UnicodeDecodeError)
    replaced = "".join(
        chr(byte) if 0x80 <= byte <= 0x9F else "\ufffd"
        for byte in error.object[error.start : error.end]
    )
    return replaced, error.end


codecs.register_error("newsclaims-web", _web_errors)


def codec_for_label(label: str | None) -> str | None:
    """The Python codec for a charset label as a browser reads it; None for an unknown label."""
    if not label:
        return None
    return _CODEC_BY_LABEL.get(label.strip("\t\n\f\r \"'").lower())


def _is_single_byte(codec: str) -> bool:
    return codec in WEB_CODECS and codec not in _MULTI_BYTE


_MULTI_BYTE = frozenset(
    {"utf-8", "gb18030", "big5hkscs", "euc_jp", "iso2022_jp", "cp932", "cp949"}
) | frozenset(codec for codec in WEB_CODECS if codec.startswith(_WIDE))


def _decoded(data: bytes, codec: str) -> str | None:
    """The data in this codec, or None when the codec does not fit the bytes."""
    if codec.startswith(_WIDE) and b"\x00" not in data:
        # Text in UTF-16 or UTF-32 always holds NUL bytes where ASCII characters are (in
        # markup, spaces, digits); without any, the label is wrong and would give nonsense.
        return None
    try:
        if _is_single_byte(codec):
            return data.decode(codec, errors="newsclaims-web")
        return data.decode(codec)
    except UnicodeDecodeError:
        if codec == "utf-8":
            return _mostly_utf8(data)
        return None
    except LookupError:
        return None


def _mostly_utf8(data: bytes) -> str | None:
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    return text if bad * UTF8_GOOD_PER_BAD <= good else None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(text: str) -> str:
    # Lone surrogates cannot be stored or sent as UTF-8; a NUL ends strings in C libraries
    # (lxml, PostgreSQL). Browsers show U+FFFD for both.
    return _LONE_SURROGATE.sub("\ufffd", text.replace("\x00", "\ufffd"))


def _bom(data: bytes, boms: tuple[tuple[bytes, str], ...]) -> tuple[str, bytes] | None:
    for bom, codec in boms:
        if data.startswith(bom):
            return codec, data[len(bom) :]
    return None


# The page's own declaration, read as the HTML prescan reads it: <meta charset=...>, or
# <meta http-equiv="Content-Type" content="text/html; charset=...">, in either attribute
# order; or an XML declaration at the very start. Comments are skipped first, so a commented
# out <meta> is not believed.
_COMMENT = re.compile(rb"<!--.*?(?:-->|\Z)", re.DOTALL)
_META = re.compile(rb"<meta(?=[\s/])([^>]*)>?", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_CHARSET_IN_CONTENT = re.compile(
    rb"""charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;"']+))""", re.IGNORECASE
)
_XML_DECLARATION = re.compile(rb"""<\?xml\s[^>]*?encoding\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def _unquoted(value: bytes) -> bytes:
    if len(value) >= 2 and value[:1] in (b'"', b"'") and value[-1:] == value[:1]:
        return value[1:-1]
    return value


def declared_charset(data: bytes) -> str | None:
    """The charset label a page declares in its first bytes, as written; None if none."""
    head = data[:DECLARATION_WINDOW]
    declaration = _XML_DECLARATION.match(head)
    if declaration:
        return declaration.group(1).decode("ascii", "replace")
    head = _COMMENT.sub(b"", head)
    for meta in _META.finditer(head):
        attributes = {
            name.lower(): _unquoted(value) for name, value in _ATTRIBUTE.findall(meta.group(1))
        }
        if attributes.get(b"charset"):
            return attributes[b"charset"].decode("ascii", "replace")
        if attributes.get(b"http-equiv", b"").lower() == b"content-type":
            found = _CHARSET_IN_CONTENT.search(attributes.get(b"content", b""))
            if found:
                label = next(group for group in found.groups() if group is not None)
                return label.decode("ascii", "replace")
    return None


def _codec_for_declaration(label: str | None) -> str | None:
    codec = codec_for_label(label)
    # A page that could be read far enough to find its <meta> is not UTF-16: browsers read
    # such a declaration as UTF-8.
    if codec is not None and codec.startswith("utf-16"):
        return "utf-8"
    return codec


_MARKUP = re.compile(
    rb"<script\b.*?(?:</script\s*>|\Z)|<style\b.*?(?:</style\s*>|\Z)|<!--.*?(?:-->|\Z)|<[^<>]*>",
    re.DOTALL | re.IGNORECASE,
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_ODD = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]"
    # a letter of another script glued to a Latin letter, as a wrong multi-byte code page
    # makes of accented Latin text ("Tr鋊 bien")
    r"|(?<=[A-Za-z])[^\W\d_A-Za-z\u00aa-\u024f\u1e00-\u1eff]"
    r"|[^\W\d_A-Za-z\u00aa-\u024f\u1e00-\u1eff](?=[A-Za-z])"
)


def _oddness(text: str) -> float:
    """The share of characters a right reading would not give."""
    return len(_ODD.findall(text)) / max(len(text), 1)


def _sample_text(data: bytes, codec: str) -> str | None:
    decoder = codecs.getincrementaldecoder(codec)(
        errors="newsclaims-web" if _is_single_byte(codec) else "strict"
    )
    try:
        return decoder.decode(data[:DETECTION_SAMPLE], final=len(data) <= DETECTION_SAMPLE)
    except UnicodeDecodeError:
        return None


@dataclass(frozen=True)
class _Candidate:
    codec: str
    chaos: float  # charset-normalizer's measures: how messy the reading is,
    coherence: float  # and how much it looks like a language it knows


def _candidates(data: bytes, *, web_only: bool) -> list[_Candidate]:
    """Codecs that might be the data's, best first, as charset-normalizer ranks them."""
    found: dict[str, _Candidate] = {}
    for match in from_bytes(data[:DETECTION_SAMPLE]):
        try:
            codec = codecs.lookup(match.encoding).name
        except LookupError:
            continue
        codec = _DETECTED_AS_WEB.get(codec, codec) if web_only else codec
        if web_only and codec not in WEB_CODECS:
            continue  # a page on the web is in one of the web's encodings, never cp775 or cp850
        if codec.startswith(_WIDE) and b"\x00" not in data:
            continue
        found.setdefault(codec, _Candidate(codec, match.chaos, match.coherence))
    return list(found.values())


def _detect(data: bytes, *, web_only: bool) -> str | None:
    """The likeliest codec for the data; None if nothing fits."""
    sample = data
    if web_only:
        # Markup is ASCII in every web encoding; detection does better on the words alone.
        sample = _MARKUP.sub(b" ", data[: 4 * DETECTION_SAMPLE]) or data
    candidates = _candidates(sample, web_only=web_only)
    listed = {candidate.codec: candidate for candidate in candidates}
    if "cp1252" not in listed:
        # Always a reading to compare with: a wrong multi-byte guess for short accented Latin
        # text ("Tr鋊 bien") reads worse than it.
        candidates.append(_Candidate("cp1252", 1.0, 0.0))
    readings = []
    for rank, candidate in enumerate(candidates):
        text = _sample_text(sample, candidate.codec)
        if text is not None:
            readings.append((_oddness(text), rank, candidate))
    if not readings:
        return None
    least = min(oddness for oddness, _, _ in readings)
    best = min(
        (rank, candidate) for oddness, rank, candidate in readings if oddness <= least + ODDNESS_TIE
    )[1]
    windows = listed.get("cp1252")
    if (
        best.codec in _LATIN_SINGLE_BYTE
        and windows is not None
        and windows.chaos <= best.chaos + DETECTOR_TIE
        and windows.coherence >= best.coherence - DETECTOR_TIE
    ):
        return "cp1252"
    return best.codec


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_page(body: bytes, *, header_charset: str | None = None) -> DecodedText:
    """A web page's text: BOM, then the header's charset, then the page's, then detection."""
    found = _bom(body, _BOMS)
    if found:
        codec, rest = found
        text = _decoded(rest, codec)
        if text is not None:
            return DecodedText(_clean(text), codec, BY_BOM)
    steps = (
        (codec_for_label(header_charset), BY_HEADER),
        (_codec_for_declaration(declared_charset(body)), BY_DECLARATION),
    )
    for codec, how in steps:
        if codec is not None:
            text = _decoded(body, codec)
            if text is not None:
                return DecodedText(_clean(text), codec, how)
    if _is_utf8(body):
        # ASCII or valid UTF-8: text in a legacy code page is valid UTF-8 only by rare chance.
        return DecodedText(_clean(body.decode("utf-8")), "utf-8", BY_DETECTION)
    codec = _detect(body, web_only=True)
    if codec is not None:
        text = _decoded(body, codec)
        if text is not None:
            return DecodedText(_clean(text), codec, BY_DETECTION)
    return DecodedText(_clean(body.decode("cp1252", errors="newsclaims-web")), "cp1252", BY_DEFAULT)


def decode_text(body: bytes) -> DecodedText:
    """An uploaded text or JSON file's text: UTF-8, UTF-16 with a BOM, else detection.

    UnreadableText when the data is binary rather than text.
    """
    found = _bom(body, _TEXT_BOMS)
    if found:
        codec, rest = found
        text = _decoded(rest, codec)
        if text is not None:
            return _checked(text, codec, BY_BOM)
    if b"\x00" not in body and (text := _decoded(body, "utf-8")) is not None:
        return _checked(text, "utf-8", BY_DETECTION)
    if b"\x00" in body and not _looks_wide(body):
        raise UnreadableText("The file holds binary data (NUL bytes), not text.")
    codec = _detect(body, web_only=False)
    if b"\x00" in body and (codec is None or not codec.startswith(_WIDE)):
        raise UnreadableText("The file holds binary data (NUL bytes), not text.")
    if codec is None:
        raise UnreadableText("The file's bytes make no sense in any known charset; it is not text.")
    text = _decoded(body, codec)
    if text is None:
        codec, text = "cp1252", body.decode("cp1252", errors="newsclaims-web")
        return _checked(text, codec, BY_DEFAULT)
    return _checked(text, codec, BY_DETECTION)


# Text in UTF-16 without a byte order mark has a NUL byte in every other place
# wherever it is Latin script (spaces, digits and punctuation at least); binary data
# has its NUL bytes anywhere. A detector shown a few bytes of binary may still call
# it UTF-16, so the pattern is asked for first.
WIDE_NUL_SHARE = 0.3


def _looks_wide(data: bytes) -> bool:
    sample = data[:DETECTION_SAMPLE]
    return any(
        half and half.count(0) >= WIDE_NUL_SHARE * len(half)
        for half in (sample[0::2], sample[1::2])
    )


def _checked(text: str, codec: str, how: str) -> DecodedText:
    if "\x00" in text:
        raise UnreadableText("The file holds binary data (NUL characters), not text.")
    controls = len(_CONTROL.findall(text))
    if controls > CONTROL_SHARE_OF_BINARY * max(len(text), 1):
        raise UnreadableText("The file holds binary data (control characters), not text.")
    return DecodedText(_clean(text), codec, how)
