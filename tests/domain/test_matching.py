from claims.domain.matching import content_words, rank_by_overlap


def test_content_words_drop_stop_words_numbers_and_plural_s():
    assert content_words("How many North Korean troops has North Korea sent to Russia?") == {
        "north", "korean", "troop", "korea", "sent", "russia",
    }  # fmt: skip
    assert content_words("3,000 of the 10 troops") == {"troop"}
    assert content_words("") == set()


def test_the_question_sharing_most_words_comes_first():
    ranked = rank_by_overlap(
        "North Korean troops sent to Russia",
        [
            (1, "How many containers of arms has North Korea shipped to Russia?"),
            (2, "How many North Korean troops has North Korea sent to Russia?"),
            (3, "What did the rally cost?"),
        ],
    )
    assert [key for key, _ in ranked] == [2, 1]
    assert all(0 < score <= 1 for _, score in ranked)
