"""The article as the reader shows it: paragraphs of highlighted runs."""

from dataclasses import dataclass
from itertools import pairwise

from django.http import HttpRequest

from claims import models
from claims.domain.anchoring import segments


@dataclass(frozen=True)
class Run:
    """A stretch of article text, covered by zero or more claims."""

    text: str
    claim_ids: tuple[int, ...]
    status: str  # of the innermost claim, for the colour
    depth: int  # how many claims overlap here


@dataclass(frozen=True)
class Paragraph:
    runs: list[Run]


def article_paragraphs(article: models.Article, claims: list[models.Claim]) -> list[Paragraph]:
    """The body as paragraphs of runs, each run under the claims that cover it.

    Each paragraph keeps its line break, so the page's text is the body
    exactly and the browser's offsets match the server's. Paragraph ends split
    runs too, so that no highlight crosses a paragraph.
    """
    body = article.body
    status = {claim.pk: claim.status for claim in claims}
    pieces = segments(len(body), [(claim.pk, claim.start, claim.end) for claim in claims])
    cuts = [0, *(i + 1 for i, char in enumerate(body) if char == "\n"), len(body)]
    paragraphs, index = [], 0
    for start, end in pairwise(cuts):
        runs = []
        while index < len(pieces) and pieces[index].start < end:
            piece = pieces[index]
            lo, hi = max(piece.start, start), min(piece.end, end)
            ids = tuple(piece.claim_ids)
            runs.append(Run(body[lo:hi], ids, status[ids[-1]] if ids else "", len(ids)))
            if piece.end > end:
                break  # the rest of this piece opens the next paragraph
            index += 1
        if runs:
            paragraphs.append(Paragraph(runs))
    return paragraphs


def reader_context(request: HttpRequest, article: models.Article) -> dict:
    claims = list(
        article.claims.prefetch_related("attributions__source").select_related("quantity")
    )
    return {
        "title": article.title,
        "article": article,
        "claims": claims,
        "paragraphs": article_paragraphs(article, claims),
        "statuses": models.ClaimStatus.choices,
        "can_mark": request.user.has_perm("claims.add_claim"),
    }
