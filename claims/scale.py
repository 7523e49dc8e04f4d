"""The newsroom's default rating scale; curators can change it in the admin."""

DEFAULT_SCALE = [
    # slug, label, value (ClaimReview ratingValue), description
    ("accurate", "Accurate", 5, "The claim is correct and nothing significant is missing."),
    ("mostly-accurate", "Mostly accurate", 4, "Correct, but needs clarification or context."),
    ("unproven", "Unproven", 3, "The evidence available neither confirms nor refutes it."),
    ("misleading", "Misleading", 2, "Contains some truth but leaves a false impression."),
    ("false", "False", 1, "The claim is wrong."),
]


def ensure_default_scale(rating_model) -> None:
    """Create the default ratings that are missing; leave edited ones alone."""
    for slug, label, value, description in DEFAULT_SCALE:
        rating_model.objects.get_or_create(
            slug=slug, defaults={"label": label, "value": value, "description": description}
        )
