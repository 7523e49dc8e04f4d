"""The article as the reader shows it: paragraphs of highlighted runs."""

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from django.http import HttpRequest

from claims import models
from claims.domain.anchoring import segments
from claims.suggesting import Offer


@dataclass(frozen=True)
class Run:
    """A stretch of article text, covered by zero or more claims and suggestions."""

    text: str
    claim_ids: tuple[int, ...]
    status: str  # of the innermost claim, for the colour
    depth: int  # how many claims overlap here
    suggestion: str = ""  # the key of a suggestion covering it


@dataclass(frozen=True)
class Paragraph:
    runs: list[Run]


def article_paragraphs(
    article: models.Article, claims: list[models.Claim], offers: Iterable[Offer] = ()
) -> list[Paragraph]:
    """The body as paragraphs of runs, each run under the claims that cover it.

    Each paragraph keeps its line break, so the page's text is the body
    exactly and the browser's offsets match the server's. Paragraph ends split
    runs too, so that no highlight crosses a paragraph. Suggestions, when
    shown, are a layer of their own over the same text.
    """
    body = article.body
    status = {claim.pk: claim.status for claim in claims}
    spans = [(claim.pk, claim.start, claim.end) for claim in claims]
    spans += [(f"s{offer.key}", offer.start, offer.end) for offer in offers]
    pieces = segments(len(body), spans)
    cuts = [0, *(i + 1 for i, char in enumerate(body) if char == "\n"), len(body)]
    paragraphs, index = [], 0
    for start, end in pairwise(cuts):
        runs = []
        while index < len(pieces) and pieces[index].start < end:
            piece = pieces[index]
            lo, hi = max(piece.start, start), min(piece.end, end)
            ids = tuple(i for i in piece.claim_ids if isinstance(i, int))
            suggestion = next((i[1:] for i in piece.claim_ids if isinstance(i, str)), "")
            runs.append(Run(body[lo:hi], ids, status[ids[-1]] if ids else "", len(ids), suggestion))
            if piece.end > end:
                break  # the rest of this piece opens the next paragraph
            index += 1
        if runs:
            paragraphs.append(Paragraph(runs))
    return paragraphs


def reader_context(
    request: HttpRequest, article: models.Article, offers: Iterable[Offer] = ()
) -> dict:
    everything = list(
        article.claims.prefetch_related("attributions__source").select_related("quantity")
    )
    # A claim whose passage a correction removed points into an older text.
    claims = [claim for claim in everything if claim.orphaned_from_id is None]
    return {
        "title": article.title,
        "article": article,
        "claims": claims,
        "orphaned": [claim for claim in everything if claim.orphaned_from_id is not None],
        "paragraphs": article_paragraphs(article, claims, offers),
        "statuses": models.ClaimStatus.choices,
        "can_mark": request.user.has_perm("claims.add_claim"),
    }
