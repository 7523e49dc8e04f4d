"""Whether a page is an article, from what the page reader measured, and the reason given."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.domain.pages import (
    FRONT_MIN_LINKS,
    MIN_ARTICLE_WORDS,
    ArticleCheck,
    PageFeatures,
    check_article,
    count_words,
)

ARTICLE_TEXT = (
    "The harbour board voted on Monday to lengthen the northern pier by forty metres, "
    "a plan its chair said would let two ferries berth at once by next summer."
)


def page(**features) -> PageFeatures:
    features.setdefault("running_words", 400)
    return PageFeatures(**features)


def test_an_ordinary_article_is_accepted():
    assert check_article(page(title="Pier to grow by forty metres", links=180)) == ArticleCheck(
        True, ""
    )


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (404, "The server answered 404 Not Found."),
        (410, "The server answered 410 Gone."),
        (500, "The server answered 500 Internal Server Error."),
        (403, "The server answered 403 Forbidden."),
        (599, "The server answered 599, an error."),
    ],
)
def test_an_error_status_is_refused_whatever_the_page_holds(status, reason):
    assert check_article(page(status=status)) == ArticleCheck(False, reason)


def test_a_success_status_decides_nothing():
    assert check_article(page(status=200)).is_article
    assert check_article(page(status=None)).is_article


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("404 - Page not found | Harbour Herald", "Page not found"),
        ("Page Not Found", "Page Not Found"),
        ("Error 404 | Harbour Herald", "Error 404"),
        ("Página no encontrada - El Puerto", "Página no encontrada"),
        ("Página não encontrada | O Porto", "Página não encontrada"),
        ("Page introuvable - Le Port", "Page introuvable"),
        ("Seite nicht gefunden | Der Hafen", "Seite nicht gefunden"),
    ],
)
def test_a_title_that_is_an_error_message_marks_an_error_page(title, shown):
    check = check_article(page(title=title, running_words=90))
    assert check == ArticleCheck(False, f"This looks like an error page (“{shown}”).")


def test_an_error_heading_counts_like_an_error_title():
    check = check_article(page(title="Harbour Herald", headings=("Oops! Page not found",)))
    assert not check.is_article


def test_a_short_text_opening_with_an_error_sentence_is_an_error_page():
    opening = "Sorry, we couldn't find that page. Try the search box or our home page instead."
    check = check_article(
        page(title="Harbour Herald", opening=opening, running_words=count_words(opening))
    )
    assert check == ArticleCheck(
        False, "This looks like an error page (“Sorry, we couldn't find that page”)."
    )


def test_an_article_about_a_missing_page_is_not_an_error_page():
    opening = "Page not found: that is what readers of the council's website saw for a week."
    assert check_article(page(title="Council site down for a week", opening=opening)).is_article
    assert check_article(page(title="404 days without a ferry", running_words=500)).is_article


def test_a_sign_in_page_is_refused():
    for features in (
        page(title="Sign in | Harbour Herald", running_words=25),
        page(title="Harbour Herald", headings=("Log in to your account",), running_words=80),
        page(title="Harbour Herald", has_password_field=True, running_words=12),
        page(title="Connexion - Le Port", running_words=10),
        page(title="Anmelden", running_words=10),
    ):
        assert check_article(features) == ArticleCheck(False, "This looks like a sign-in page.")


def test_a_login_box_beside_an_article_is_not_a_sign_in_page():
    assert check_article(page(has_password_field=True, running_words=MIN_ARTICLE_WORDS)).is_article
    assert check_article(page(title="Login troubles hit bank customers")).is_article


def test_a_short_teaser_with_a_subscription_prompt_is_a_paywall():
    check = check_article(
        page(running_words=35, page_text="... Subscribe to continue reading. Already a subscriber?")
    )
    assert check == ArticleCheck(
        False,
        "This looks like a paywall or consent page: a short teaser and a subscription prompt.",
    )
    spanish = page(running_words=20, page_text="Suscríbete para seguir leyendo")
    assert not check_article(spanish).is_article


def test_a_cookie_wall_is_a_consent_page():
    check = check_article(page(running_words=15, page_text="We use cookies. Accept all cookies"))
    assert check == ArticleCheck(
        False,
        "This looks like a paywall or consent page: a short text and a prompt to accept cookies.",
    )


def test_prompts_beside_a_whole_article_refuse_nothing():
    # Nearly every article page has a subscription box and a cookie banner somewhere.
    text = "Subscribe to continue reading. We use cookies. Accept all cookies."
    assert check_article(page(running_words=MIN_ARTICLE_WORDS, page_text=text)).is_article


def test_a_page_of_links_and_no_prose_is_a_section_front():
    check = check_article(page(links=140, running_words=40))
    assert check == ArticleCheck(
        False,
        "This looks like a home page or section front: 140 links and only 40 words of running text.",
    )


def test_a_page_whose_text_is_mostly_headlines_is_a_section_front():
    check = check_article(page(links=220, running_words=300, paragraphs=24, link_paragraphs=12))
    assert check == ArticleCheck(
        False,
        "This looks like a home page or section front: 220 links, and 12 of the 24 "
        "paragraphs found are headlines linking elsewhere.",
    )


def test_a_page_that_declares_itself_an_article_is_never_a_front():
    features = page(links=300, running_words=30, declares_article=True)
    assert check_article(features).reason.startswith("The article text is too short")
    many_headlines = page(
        links=300, running_words=300, paragraphs=20, link_paragraphs=15, declares_article=True
    )
    assert check_article(many_headlines).is_article


def test_few_links_never_make_a_front():
    features = page(links=FRONT_MIN_LINKS - 1, running_words=300, paragraphs=10, link_paragraphs=9)
    assert check_article(features).is_article


def test_a_text_too_short_to_hold_a_claim_is_refused_with_its_length():
    assert check_article(page(running_words=23)) == ArticleCheck(
        False, "The article text is too short to hold a claim (23 words; at least 60 needed)."
    )
    assert check_article(page(running_words=1)).reason == (
        "The article text is too short to hold a claim (1 word; at least 60 needed)."
    )
    assert check_article(page(running_words=MIN_ARTICLE_WORDS)).is_article


def test_a_page_without_text_says_so():
    assert check_article(PageFeatures(running_words=0)) == ArticleCheck(
        False, "No article text was found in this page."
    )


def test_words_are_counted_as_the_benchmark_counts_them():
    assert count_words(ARTICLE_TEXT) == 29
    assert count_words("co-operate, 3,000 troops; l'été") == 7


@given(
    words=st.integers(min_value=0, max_value=5000),
    links=st.integers(min_value=0, max_value=2000),
    status=st.one_of(st.none(), st.sampled_from([200, 301, 404, 500])),
)
def test_every_refusal_gives_a_reason_and_every_article_none(words, links, status):
    check = check_article(PageFeatures(running_words=words, links=links, status=status))
    assert check.is_article == (check.reason == "")
    if check.is_article:
        assert words >= MIN_ARTICLE_WORDS and (status is None or status < 400)
