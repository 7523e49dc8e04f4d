"""The assistant's suggestions in the reader: claims it found in an article,
for an editor to accept (a claim with its sources, chain and figure, ready to
edit) or dismiss (never suggested again).

Finding is claims.domain.extraction's work and costs the language pipeline a
noticeable time, so it is done once per version of an article's text (at
import, after a correction, or the first time the reader asks) and stored as a
SuggestionSet; the reader reads the set made for the current text. This
module also matches the speakers and conduits to the newsroom's sources, and
makes the claim.
"""

import types
import typing
from dataclasses import dataclass, fields, is_dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from claims import models, services
from claims.domain.anchoring import describe
from claims.domain.extraction import (
    SpeakerGuess,
    Suggestion,
    pipeline_name,
    reads,
    suggest_claims,
)
from claims.domain.extraction.sources import Index, fold
from claims.domain.kinds import kind_of_passage

# Offers less sure than this wait behind "Show N less likely" in the panel.
LIKELY = 0.5


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

    @property
    def likely(self) -> bool:
        return self.suggestion.confidence >= LIKELY

    @property
    def confidence_label(self) -> str:
        return "likely" if self.likely else "possible"


class AlreadyClaimed(Exception):
    """The passage is (partly) a claim already: accepting would nest a duplicate."""

    def __init__(self, claim: models.Claim):
        super().__init__("This passage is already part of a claim.")
        self.claim = claim


class SuggestionGone(Exception):
    """The article's text changed since the suggestion was made."""


# Stored form ---------------------------------------------------------------------------


def to_json(suggestion: Suggestion) -> dict[str, Any]:
    """The suggestion as JSON data: Decimals as strings (exactly as written), enums
    by value, tuples as lists, nested dataclasses as objects."""
    return _encode(suggestion)


def from_json(data: dict[str, Any]) -> Suggestion:
    """The suggestion to_json stored. A field the stored data lacks takes its default;
    raises KeyError, TypeError or ValueError when it cannot be read back."""
    return _decode(Suggestion, data)


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [_encode(item) for item in value]
    return value


def _decode(hint: Any, data: Any) -> Any:
    """`data` read back as the type `hint` names (the dataclasses' own annotations)."""
    if data is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(options) != 1:
            raise TypeError(f"cannot read a value of {hint}")
        return _decode(options[0], data)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in data)
        return tuple(_decode(arg, item) for arg, item in zip(args, data, strict=True))
    if hint is Decimal:
        if not isinstance(data, str):
            raise TypeError(f"a stored Decimal is a string, not {data!r}")
        return Decimal(data)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(data)
    if isinstance(hint, type) and is_dataclass(hint):
        if not isinstance(data, dict):
            raise TypeError(f"a stored {hint.__name__} is an object, not {data!r}")
        hints = typing.get_type_hints(hint)
        return hint(
            **{f.name: _decode(hints[f.name], data[f.name]) for f in fields(hint) if f.name in data}
        )
    if hint is float and isinstance(data, int):
        return float(data)
    return data


# Computing and reading ------------------------------------------------------------------


def known_sources() -> list[tuple[int, str]]:
    """The newsroom's sources by name and by alias, for the assistant to recognise."""
    names = list(models.Source.objects.order_by("pk").values_list("pk", "name"))
    names += models.SourceAlias.objects.order_by("pk").values_list("source_id", "name")
    return names


def _read(body: str, language: str) -> tuple[list[Suggestion], str, bool]:
    """What the assistant suggests in the text, why it suggests nothing if it
    refuses, and whether that answer is worth keeping."""
    if not reads(language):
        return (
            [],
            f"The assistant reads English only; this article is in {models.language_name(language)} ({language}).",
            True,
        )
    try:
        return suggest_claims(body, known_sources=known_sources(), language=language), "", True
    except ValueError as refused:
        # The text itself is refused (too long, ...): the same text always will be.
        return [], str(refused) or "The assistant cannot read this text.", True
    except RuntimeError as missing:
        # The pipeline is not installed: nothing to keep, it may be by the next request.
        return [], f"The assistant is not available: {missing}", False


def _pipeline() -> str:
    try:
        return pipeline_name()[:200]
    except RuntimeError:  # no model to name
        return "unavailable"


def _compute(article: models.Article) -> tuple[models.SuggestionSet, list[Suggestion]]:
    body = article.body
    suggestions, failure, keep = _read(body, article.language)
    fields_ = {
        "body_hash": models.body_fingerprint(body),
        "pipeline": _pipeline(),
        "computed_at": timezone.now(),
        "items": [to_json(suggestion) for suggestion in suggestions],
        "failure": failure,
        "language": article.language,
    }
    if not keep:
        return models.SuggestionSet(article=article, **fields_), suggestions
    stored, _ = models.SuggestionSet.objects.update_or_create(article=article, defaults=fields_)
    return stored, suggestions


def compute_suggestions(article: models.Article) -> models.SuggestionSet:
    """Read the article's text with the assistant and store what it suggests, in
    place of what was stored for an earlier text.

    A text the assistant refuses is stored with the reason, so it is not read
    again; when the pipeline itself is missing nothing is stored, and the set
    returned (unsaved) says why.
    """
    return _compute(article)[0]


def compute_after_commit(article: models.Article) -> None:
    """Have a worker compute the article's suggestions once the current transaction
    is committed: an import does not wait on the pipeline, and a write that fails
    computes nothing. (A reader who opens the article first computes them then.)"""
    from claims import tasks  # tasks call into this module

    article_id = article.pk
    transaction.on_commit(lambda: tasks.suggest.enqueue(article_id), robust=True)


def stored_suggestions(article: models.Article) -> tuple[list[Suggestion], str]:
    """The suggestions for the article's current text and, when there are none
    because the assistant refused it, why. Read from the stored set; computed and
    stored first when none was made for this text."""
    stored = models.SuggestionSet.objects.filter(
        article=article, body_hash=models.body_fingerprint(article.body)
    ).first()
    if stored is not None and stored.pipeline != _pipeline():
        stored = None  # made by an older pipeline: the newer one reads it again, once
    if stored is not None and stored.language != article.language:
        stored = None  # the editor said the text is in another language since
    if stored is not None:
        try:
            return [from_json(item) for item in stored.items], stored.failure
        except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError):
            pass  # stored in an older shape: read the text again
    computed, suggestions = _compute(article)
    return suggestions, computed.failure


def read_offers(article: models.Article) -> tuple[list[Offer], str]:
    """What the assistant suggests in the article, less what overlaps a claim
    marked in it or was dismissed, in reading order; and why there is nothing
    when the assistant refused the text."""
    suggestions, failure = stored_suggestions(article)
    claimed = list(article.claims.filter(orphaned_from__isnull=True).values_list("start", "end"))
    dismissed = set(article.dismissed_suggestions.values_list("start", "end"))
    shown = [
        suggestion
        for suggestion in sorted(suggestions, key=lambda s: (s.start, s.end))
        if (suggestion.start, suggestion.end) not in dismissed
        and not any(_overlap(suggestion.start, suggestion.end, *other) for other in claimed)
    ]
    sources = _Sources(shown)
    offers = [
        Offer(
            key=f"{suggestion.start}-{suggestion.end}",
            suggestion=suggestion,
            speakers=[(speaker, sources.speaker(speaker)) for speaker in suggestion.speakers],
            conduits=[
                sources.conduit(label, suggestion.conduit_names) for label in suggestion.conduits
            ],
        )
        for suggestion in shown
    ]
    return offers, failure


def offers_for(article: models.Article) -> list[Offer]:
    return read_offers(article)[0]


def _overlap(start: int, end: int, other_start: int, other_end: int) -> bool:
    """Any character in common: a nested or overlapping claim would duplicate it."""
    return max(start, other_start) < min(end, other_end)


class _Sources:
    """The newsroom's sources that the offers name, found in a fixed number of queries
    whatever the number of offers: by the id the assistant matched when it read the text,
    else by name or alias, matched as the assistant matches (spelling variants, surnames)."""

    def __init__(self, suggestions: list[Suggestion]) -> None:
        names = known_sources()
        self._index = Index(names)
        self._exact = {fold(name).strip(): pk for pk, name in names}
        wanted = {sp.source_id for s in suggestions for sp in s.speakers if sp.source_id}
        wanted |= {self._match(sp.name, sp.kind) for s in suggestions for sp in s.speakers}
        wanted |= {
            self._match(name, models.SourceKind.OUTLET)
            for s in suggestions
            for name in s.conduit_names
        }
        wanted.discard(None)
        self._found = models.Source.objects.in_bulk(wanted)

    def _match(self, name: str, kind: str) -> int | None:
        if kind in {models.SourceKind.ANONYMOUS, models.SourceKind.GROUP}:
            # An unnamed source is only ever the same one when worded the same.
            return self._exact.get(fold(name).strip())
        return self._index.match(name)

    def speaker(self, speaker: SpeakerGuess) -> models.Source | None:
        # The source the assistant matched may be gone since: then by name, as for any.
        matched = self._found.get(speaker.source_id) if speaker.source_id else None
        return matched or self._found.get(self._match(speaker.name, speaker.kind))

    def conduit(self, label: str, names: tuple[str, ...]) -> tuple[str, models.Source | None, str]:
        name = next((name for name in names if name in label), "")
        if not name:
            return label, None, ""
        return label, self._found.get(self._match(name, models.SourceKind.OUTLET)), name


def find_offer(article: models.Article, key: str) -> Offer | None:
    return next((offer for offer in offers_for(article) if offer.key == key), None)


def claim_over(article: models.Article, start: int, end: int) -> models.Claim | None:
    """The first claim of the article's current text sharing a character with the passage."""
    return (
        article.claims.filter(orphaned_from__isnull=True, start__lt=end, end__gt=start)
        .order_by("start", "pk")
        .first()
    )


def claim_over_key(article: models.Article, key: str) -> models.Claim | None:
    """The claim over an offer's passage, by the offer's key ("start-end")."""
    start, _, end = key.partition("-")
    if not (start.isdigit() and end.isdigit()):
        return None
    return claim_over(article, int(start), int(end))


# Deciding ---------------------------------------------------------------------------------


@transaction.atomic
def accept(article: models.Article, offer: Offer, *, by: User) -> models.Claim:
    """Make the suggestion a claim, with its sources (new ones unreviewed),
    their roles, the chain it came through and its figure.

    Under the article's lock, so that a double submit (or two editors at once)
    finds the first's claim: raises AlreadyClaimed when a claim shares any of
    the passage, SuggestionGone when the text changed meanwhile.
    """
    suggestion = offer.suggestion
    current = models.Article.objects.select_for_update().get(pk=article.pk)
    if current.body[suggestion.start : suggestion.end] != suggestion.quote:
        raise SuggestionGone("The article's text changed since this was suggested.")
    existing = claim_over(current, suggestion.start, suggestion.end)
    if existing is not None:
        raise AlreadyClaimed(existing)
    figure = suggestion.quantities[0] if suggestion.quantities else None
    # The rule for a passage marked by hand, except that the assistant's own reading wins:
    # the figure it kept, and a direct quote it recognised even without marks. No figure,
    # no quantity claim.
    if figure is not None:
        kind = models.ClaimKind.QUANTITY
    elif suggestion.mode == models.AttributionMode.DIRECT_QUOTE:
        kind = models.ClaimKind.QUOTATION
    else:
        kind = kind_of_passage(current.body[suggestion.start : suggestion.end])
        if kind == models.ClaimKind.QUANTITY:
            kind = models.ClaimKind.STATEMENT
    claim = services.create_claim(
        current,
        describe(current.body, suggestion.start, suggestion.end),
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
