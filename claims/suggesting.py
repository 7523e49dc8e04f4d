"""The assistant's suggestions in the reader: claims it found in an article,
for an editor to accept (a claim with its sources, chain and figure, ready to
edit) or dismiss (never suggested again).

Finding is claims.domain.extraction's work; this module matches the speakers
and conduits it names to the newsroom's sources, and makes the claim.
"""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q

from claims import models, services
from claims.domain.anchoring import describe
from claims.domain.extraction import SpeakerGuess, Suggestion, match_source, suggest_claims
from claims.domain.kinds import kind_of_passage

# A suggestion mostly covered by an existing claim is not offered again.
COVERED = 0.5


@dataclass(frozen=True)
class Offer:
    """A suggestion as the reader shows it, with what it would attribute to."""

    key: str  # "start-end" in code points
    suggestion: Suggestion
    speakers: list[tuple[SpeakerGuess, models.Source | None]]  # None: a new source
    conduits: list[tuple[str, models.Source | None, str]]  # label, outlet, name of a new one

    @property
    def mode_label(self) -> str:
        return models.AttributionMode(self.suggestion.mode).label

    @property
    def start(self) -> int:
        return self.suggestion.start

    @property
    def end(self) -> int:
        return self.suggestion.end


def offers_for(article: models.Article) -> list[Offer]:
    """What the assistant suggests in the article, less what editors have
    already marked or dismissed, in reading order."""
    taken = list(article.claims.values_list("start", "end"))
    taken += list(article.dismissed_suggestions.values_list("start", "end"))
    offers = []
    for suggestion in suggest_claims(article.body):
        if any(_covered(suggestion.start, suggestion.end, start, end) for start, end in taken):
            continue
        offers.append(
            Offer(
                key=f"{suggestion.start}-{suggestion.end}",
                suggestion=suggestion,
                speakers=[
                    (speaker, find_source(speaker.name, speaker.kind))
                    for speaker in suggestion.speakers
                ],
                conduits=[
                    _conduit(label, suggestion.conduit_names) for label in suggestion.conduits
                ],
            )
        )
    return offers


def _covered(start: int, end: int, other_start: int, other_end: int) -> bool:
    overlap = min(end, other_end) - max(start, other_start)
    return overlap > 0 and overlap >= COVERED * (end - start)


def _conduit(label: str, names: tuple[str, ...]) -> tuple[str, models.Source | None, str]:
    name = next((name for name in names if name in label), "")
    if not name:
        return label, None, ""
    return label, find_source(name, models.SourceKind.OUTLET), name


def find_source(name: str, kind: str) -> models.Source | None:
    """The newsroom's source of that name or alias, or one spelled nearly so."""
    exact = models.Source.objects.filter(
        Q(name__iexact=name) | Q(aliases__name__iexact=name)
    ).first()
    if exact or kind in {models.SourceKind.ANONYMOUS, models.SourceKind.GROUP}:
        # An unnamed source is only ever the same one when worded the same.
        return exact
    last = name.split()[-1] if name.split() else name
    candidates = list(
        models.Source.objects.filter(Q(name__icontains=last) | Q(aliases__name__icontains=last))
        .prefetch_related("aliases")
        .distinct()[:50]
    )
    names = [(s.pk, s.name) for s in candidates] + [
        (s.pk, alias.name) for s in candidates for alias in s.aliases.all()
    ]
    match = match_source(name, names)
    return next((s for s in candidates if s.pk == match), None)


def find_offer(article: models.Article, key: str) -> Offer | None:
    return next((offer for offer in offers_for(article) if offer.key == key), None)


@transaction.atomic
def accept(article: models.Article, offer: Offer, *, by: User) -> models.Claim:
    """Make the suggestion a claim, with its sources (new ones unreviewed),
    their roles, the chain it came through and its figure."""
    suggestion = offer.suggestion
    figure = suggestion.quantities[0] if suggestion.quantities else None
    # The rule for a passage marked by hand, except that the assistant's own reading wins:
    # the figure it kept, and a direct quote it recognised even without marks.
    if figure is not None:
        kind = models.ClaimKind.QUANTITY
    elif suggestion.mode == models.AttributionMode.DIRECT_QUOTE:
        kind = models.ClaimKind.QUOTATION
    else:
        kind = kind_of_passage(article.body[suggestion.start : suggestion.end])
        if kind == models.ClaimKind.QUANTITY:
            kind = models.ClaimKind.STATEMENT
    claim = services.create_claim(
        article,
        describe(article.body, suggestion.start, suggestion.end),
        statement="",
        kind=kind,
        by=by,
        figure=figure,
        counted=suggestion.counted[0] if suggestion.counted else "",
    )
    for speaker, source in offer.speakers:
        if source is None:
            source = services.create_source(speaker.name[:200], speaker.kind, by=by)
        attribution, created = services.attribute(
            claim, source, role=speaker.role[:300], mode=suggestion.mode
        )
        if not created:
            continue
        for label, outlet, new_name in offer.conduits:
            if outlet is None and new_name:
                outlet = services.create_source(new_name, models.SourceKind.OUTLET, by=by)
            services.add_conduit(attribution, label=label[:300], source=outlet)
    return claim


def dismiss(article: models.Article, offer: Offer, *, by: User) -> None:
    models.DismissedSuggestion.objects.get_or_create(
        article=article,
        start=offer.start,
        end=offer.end,
        defaults={"quote": offer.suggestion.quote, "dismissed_by": by},
    )
