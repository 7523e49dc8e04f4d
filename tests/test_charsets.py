"""Reading pages and files in any charset: the words come out as they were written."""

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.formats.charsets import (
    BY_BOM,
    BY_DECLARATION,
    BY_DEFAULT,
    BY_DETECTION,
    BY_HEADER,
    DecodedText,
    UnreadableText,
    codec_for_label,
    declared_charset,
    decode_page,
    decode_text,
)

PRICE = "Le café coûte 3 € à Paris"
# Every byte from 0x80 to 0x9f that windows-1252 defines, and accented letters besides.
WESTERN = (
    f"{PRICE}, dit une élève naïve : « C’est trop cher ! » „Zu teuer“, sagt der Bürger… "
    "El año próximo — según él — será mejor. Œuvre, Š, ž, Ÿ, ƒ, ˆ, ‰, ‹, ›, •, ™, ˜, †, ‡."
)


def _page(words: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>Prix</title></head>"
        f"<body><p>{words}</p></body></html>"
    )


# Labels as browsers map them


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("utf-8", "utf-8"),
        ("UTF8", "utf-8"),
        ("  utf-8 ", "utf-8"),
        ('"utf-8"', "utf-8"),
        ("unicode-1-1-utf-8", "utf-8"),
        ("latin1", "cp1252"),
        ("ISO-8859-1", "cp1252"),
        ("iso_8859-1:1987", "cp1252"),
        ("us-ascii", "cp1252"),
        ("ascii", "cp1252"),
        ("windows-1252", "cp1252"),
        ("iso-8859-9", "cp1254"),
        ("iso-8859-15", "iso8859-15"),
        ("tis-620", "cp874"),
        ("windows-1251", "cp1251"),
        ("koi8-r", "koi8-r"),
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("big5", "big5hkscs"),
        ("shift_jis", "cp932"),
        ("x-sjis", "cp932"),
        ("euc-kr", "cp949"),
        ("euc-jp", "euc_jp"),
        ("utf-16", "utf-16-le"),
        ("utf-16be", "utf-16-be"),
        ("x-mac-cyrillic", "mac-cyrillic"),
    ],
)
def test_labels_are_read_as_browsers_read_them(label, codec):
    assert codec_for_label(label) == codec
    assert codecs.lookup(codec)  # a codec Python has


@pytest.mark.parametrize(
    "label",
    ["", None, "foo-bar", "utf-9", "latin-1", "iso-2022-kr", "replacement", "x-user-defined"],
)
def test_unknown_and_unsafe_labels_are_not_read(label):
    assert codec_for_label(label) is None


# Pages: the order of the evidence


@pytest.mark.parametrize("label", ["windows-1252", "iso-8859-1", "latin1", "us-ascii", "cp1252"])
def test_a_cp1252_page_declared_in_the_header_keeps_its_words(label):
    body = _page(WESTERN).encode("cp1252")

    decoded = decode_page(body, header_charset=label)

    assert WESTERN in decoded.text
    assert (decoded.encoding, decoded.how) == ("cp1252", BY_HEADER)


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="windows-1252">',
        "<meta charset=iso-8859-1>",
        "<META CHARSET='Latin1'/>",
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
        '<meta content="text/html;charset=windows-1252" http-equiv="content-type">',
        "<meta http-equiv=Content-Type content='text/html; charset=\"us-ascii\"'>",
    ],
)
def test_a_cp1252_page_declared_in_a_meta_tag_keeps_its_words(head):
    body = _page(WESTERN, head).encode("cp1252")

    decoded = decode_page(body)

    assert WESTERN in decoded.text
    assert (decoded.encoding, decoded.how) == ("cp1252", BY_DECLARATION)


def test_an_xml_declaration_is_the_pages_own_declaration():
    body = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>' + WESTERN + "</p></body></html>"
    ).encode("cp1252")

    decoded = decode_page(body)

    assert WESTERN in decoded.text
    assert decoded.how == BY_DECLARATION


@pytest.mark.parametrize("words", [PRICE, WESTERN, "Ça va ? Très bien, merci."])
def test_an_undeclared_cp1252_page_is_detected_with_its_words(words):
    decoded = decode_page(_page(words).encode("cp1252"))

    assert words in decoded.text
    assert (decoded.encoding, decoded.how) == ("cp1252", BY_DETECTION)


def test_an_undeclared_utf8_page_is_read_as_utf8():
    decoded = decode_page(_page(WESTERN).encode("utf-8"))

    assert WESTERN in decoded.text
    assert (decoded.encoding, decoded.how) == ("utf-8", BY_DETECTION)


def test_a_byte_order_mark_wins_over_the_header_and_the_page():
    body = codecs.BOM_UTF8 + _page(WESTERN, '<meta charset="windows-1252">').encode("utf-8")

    decoded = decode_page(body, header_charset="iso-8859-1")

    assert WESTERN in decoded.text
    assert not decoded.text.startswith("\ufeff")
    assert (decoded.encoding, decoded.how) == ("utf-8", BY_BOM)


@pytest.mark.parametrize(
    ("bom", "codec"), [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
)
def test_a_utf16_page_is_read_by_its_byte_order_mark(bom, codec):
    decoded = decode_page(bom + _page(WESTERN).encode(codec), header_charset="utf-8")

    assert WESTERN in decoded.text
    assert (decoded.encoding, decoded.how) == (codec, BY_BOM)


def test_the_header_wins_over_the_pages_own_declaration():
    body = _page(WESTERN, '<meta charset="utf-8">').encode("cp1252")

    decoded = decode_page(body, header_charset="windows-1252")

    assert WESTERN in decoded.text
    assert decoded.how == BY_HEADER


def test_a_header_that_claims_utf8_for_a_cp1252_page_gives_way_to_the_page():
    body = _page(WESTERN, '<meta charset="windows-1252">').encode("cp1252")

    decoded = decode_page(body, header_charset="utf-8")

    assert WESTERN in decoded.text
    assert (decoded.encoding, decoded.how) == ("cp1252", BY_DECLARATION)


def test_a_page_that_claims_utf8_everywhere_but_is_cp1252_is_detected():
    body = _page(WESTERN, '<meta charset="utf-8">').encode("cp1252")

    decoded = decode_page(body, header_charset="utf-8")

    assert WESTERN in decoded.text
    assert (decoded.encoding, decoded.how) == ("cp1252", BY_DETECTION)


def test_a_bogus_label_in_the_header_is_skipped():
    body = _page(WESTERN, '<meta charset="windows-1252">').encode("cp1252")

    decoded = decode_page(body, header_charset="no-such-charset")

    assert WESTERN in decoded.text
    assert decoded.how == BY_DECLARATION


def test_a_declaration_inside_a_comment_is_not_believed():
    head = '<!-- <meta charset="koi8-r"> --><meta charset="windows-1252">'

    assert declared_charset(_page(WESTERN, head).encode("cp1252")) == "windows-1252"


def test_a_declaration_of_utf16_in_a_page_read_as_ascii_means_utf8():
    body = _page(WESTERN, '<meta charset="utf-16">').encode("utf-8")

    decoded = decode_page(body)

    assert WESTERN in decoded.text
    assert (decoded.encoding, decoded.how) == ("utf-8", BY_DECLARATION)


def test_a_utf16_header_on_a_page_without_utf16_bytes_is_not_believed():
    decoded = decode_page(_page(WESTERN).encode("utf-8"), header_charset="utf-16")

    assert WESTERN in decoded.text
    assert decoded.encoding == "utf-8"


def test_a_utf8_page_with_one_character_cut_in_two_keeps_its_other_accents():
    good = _page(WESTERN * 3).encode("utf-8")
    cut = good.replace("Bürger".encode(), b"B\xc3rger", 1)

    decoded = decode_page(cut, header_charset="utf-8")

    assert decoded.how == BY_HEADER
    assert "B\ufffdrger" in decoded.text
    assert PRICE in decoded.text


@pytest.mark.parametrize(
    ("words", "label"),
    [
        ("Министр сказал, что мост обойдётся в пять рублей за метр.", "windows-1251"),
        ("Министр сказал, что мост обойдётся в пять рублей за метр.", "koi8-r"),
        ("Ο υπουργός είπε ότι η γέφυρα θα κοστίσει πέντε ευρώ.", "iso-8859-7"),
        ("Minister powiedział, że most będzie kosztował pięć złotych.", "iso-8859-2"),
        ("Bakan, köprünün metre başına beş liraya mal olacağını söyledi.", "iso-8859-9"),
        ("大臣は、橋の費用は1メートルあたり5円になると述べた。", "shift_jis"),
        ("大臣は、橋の費用は1メートルあたり5円になると述べた。", "euc-jp"),
        ("部长说，这座桥每米将花费五元。", "gb2312"),
        ("部長說，這座橋每米將花費五元。", "big5"),
        ("장관은 다리 비용이 미터당 5원이 될 것이라고 말했다.", "euc-kr"),
        ("قال الوزير إن الجسر سيكلف خمسة دنانير للمتر.", "windows-1256"),
        ("השר אמר שהגשר יעלה חמישה שקלים למטר.", "windows-1255"),
    ],
)
def test_pages_declared_in_other_charsets_keep_their_words(words, label):
    body = _page(words, f'<meta charset="{label}">').encode(codec_for_label(label))

    decoded = decode_page(body)

    assert words in decoded.text
    assert decoded.how == BY_DECLARATION


@pytest.mark.parametrize(
    ("words", "codec"),
    [
        (
            "Министр сказал в пятницу, что новый мост обойдётся городу в пять рублей за метр. "
            "Жители с этим не согласны, и вопрос вернётся в городской совет осенью.",
            "cp1251",
        ),
        (
            "Ο υπουργός δήλωσε την Παρασκευή ότι η νέα γέφυρα θα κοστίσει πέντε ευρώ το μέτρο. "
            "Οι κάτοικοι διαφωνούν και το θέμα θα επιστρέψει στο δημοτικό συμβούλιο.",
            "cp1253",
        ),
        (
            "部长周五表示，新桥的建设费用为每米五元。居民们对此表示反对，此事将在秋季退回市议会讨论。",
            "gb18030",
        ),
        (
            "大臣は金曜日、新しい橋の建設費は1メートルあたり5円になると述べた。住民は反対している。",
            "cp932",
        ),
    ],
)
def test_undeclared_pages_in_other_scripts_are_detected(words, codec):
    decoded = decode_page(_page(words).encode(codec))

    assert words in decoded.text
    assert decoded.how == BY_DETECTION


def test_nul_bytes_in_a_page_do_not_reach_the_text():
    decoded = decode_page(_page("one\x00two").encode("utf-8"))

    assert "\x00" not in decoded.text
    assert "one\ufffdtwo" in decoded.text


def test_an_empty_page_is_empty_text():
    assert decode_page(b"") == DecodedText("", "utf-8", BY_DETECTION)


def test_a_page_nothing_can_make_sense_of_falls_back_to_windows_1252():
    decoded = decode_page(bytes(range(0x80, 0x100)) * 4)

    assert decoded.encoding == "cp1252"
    assert decoded.how in (BY_DETECTION, BY_DEFAULT)
    assert "€" in decoded.text


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00")))
def test_any_utf8_page_declared_as_utf8_reads_back_exactly(text):
    assert decode_page(text.encode("utf-8"), header_charset="utf-8").text == text


@given(st.binary(max_size=2000), st.sampled_from([None, "utf-8", "latin1", "shift_jis", "bogus"]))
def test_any_bytes_give_text_without_nul_or_lone_surrogates(body, header):
    text = decode_page(body, header_charset=header).text

    assert "\x00" not in text
    text.encode("utf-8")  # raises on a lone surrogate


# Text files


def test_a_utf8_file_is_read_as_utf8():
    assert decode_text(WESTERN.encode("utf-8")) == DecodedText(WESTERN, "utf-8", BY_DETECTION)


def test_a_utf8_file_with_a_byte_order_mark_loses_the_mark():
    assert decode_text(codecs.BOM_UTF8 + WESTERN.encode("utf-8")) == DecodedText(
        WESTERN, "utf-8", BY_BOM
    )


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_a_utf16_file_with_a_byte_order_mark_is_read(bom, codec):
    assert decode_text(bom + WESTERN.encode(codec)) == DecodedText(WESTERN, codec, BY_BOM)


def test_a_utf16_file_without_a_byte_order_mark_is_detected():
    words = "The council met on Tuesday; the vote was 7 to 2. " * 3

    decoded = decode_text(words.encode("utf-16-le"))

    assert (decoded.text, decoded.encoding) == (words, "utf-16-le")


@pytest.mark.parametrize("words", [PRICE, WESTERN, "Ça va ? Très bien, merci."])
def test_a_cp1252_file_is_detected_with_its_words(words):
    decoded = decode_text(words.encode("cp1252"))

    assert (decoded.text, decoded.encoding, decoded.how) == (words, "cp1252", BY_DETECTION)


def test_a_json_file_in_cp1252_keeps_its_words():
    data = '{"title": "Le café", "body": "Elle paie 3 € pour un café."}'

    assert decode_text(data.encode("cp1252")).text == data


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 8,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00" + bytes(range(256)) * 4,
        b"plain words, then a NUL\x00 and more words",
        bytes(range(0, 32)) * 20,
    ],
)
def test_binary_data_is_not_text(data):
    with pytest.raises(UnreadableText) as refused:
        decode_text(data)

    assert "binary" in refused.value.reason or "not text" in refused.value.reason


def test_an_empty_file_is_empty_text():
    assert decode_text(b"").text == ""


@given(st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"])))
def test_any_text_file_in_utf8_reads_back_exactly(text):
    assert decode_text(text.encode("utf-8")).text == text


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00"],
)
def test_a_few_bytes_of_binary_are_not_taken_for_utf_16(data):
    with pytest.raises(UnreadableText, match="binary data"):
        decode_text(data)


def test_utf_16_without_a_byte_order_mark_is_still_text():
    text = "The ferry left at noon, said the harbour master.\n"

    assert decode_text(text.encode("utf-16-le")).text == text
    assert decode_text(text.encode("utf-16-be")).text == text
