"""Claims and their notes as W3C Web Annotations (https://www.w3.org/TR/annotation-model/).

The app builds the input dataclasses from its models; this module only shapes JSON-LD, so it
imports nothing from Django. Every output validates against the "must" assertions of the W3C
test suite (tests/formats/w3c.py), and holds no empty string and no null: an optional value
that is empty is left out.

A claim is one Annotation:

- motivation: "assessing" once the claim has a rating, "highlighting" before. An unrated claim
  only marks a passage as worth checking; the model has no "claiming" motivation.
- body, one resource per fact, each with the purpose the model defines for it:
  the statement (TextualBody, "describing", in the article's language); the verdict
  (TextualBody, "assessing", only when rated); the claim's kind and its status (TextualBody,
  "classifying", the values as the app gives them); one body per source (below); and the
  claim's page in the app (SpecificResource, "linking").
- A source is a semantic tag, shaped like the model's example of one (anno21 in the test
  suite's samples): a SpecificResource with purpose "tagging" whose `source` is the source as
  an Agent (the source's page in the app as id, a Person or an Organization, its name).
  Tagging rather than identifying, because the passage is attributed to the source, it does
  not depict it. The role and the mode of the attribution belong to this claim, not to the
  source, so they go in the SpecificResource's `label` (rdfs:label in the anno.jsonld
  context), as in "Lloyd Austin (United States Defense Secretary, direct quote)".
- target: a SpecificResource whose source is the article's original address, or its page in
  the app when that is unknown (a Text with the article's language, and its title as
  `label`), with a TextQuoteSelector and a TextPositionSelector. The
  positions count code points of the article body as the app stores it, which is what the
  app's article page shows; so when the source is the original address, `scope` names the
  app's page, where the passage was selected.

A note is an Annotation that comments on the claim's annotation: motivation "commenting",
the note's text as a TextualBody, the claim annotation's id as target. A reply to a note is an
Annotation "replying" to that note's annotation (its id as target), as the model's replies are.
A note that was edited carries `modified`. The app leaves deleted notes out; a reply to one
still names it as its target, since that is what it answered.

Collections take the Web Annotation Protocol's container and page shapes: the collection
gives `total`, `first` and `last`, and embeds its first page (page 0), so one request shows
the first items. Every page links `next`/`prev` and names its collection, with its total, in
`partOf`. Page IRIs are the collection's id with ``?page=N`` (``&page=N`` when it already has
a query). An empty collection has no pages to link to, so it has no `first` or `last`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
PAGE_SIZE = 100
"""Annotations per page of a collection, unless the caller says otherwise."""

# The model's Agent classes. An unnamed group is neither, so it gets no type.
_AGENT_TYPES = {
    "person": "Person",
    "anonymous": "Person",
    "organisation": "Organization",
    "outlet": "Organization",
}
_GENERATOR = {"type": "Software", "name": "newsclaims"}


@dataclass(frozen=True)
class AnnotatedSource:
    """A source a claim is attributed to; `url` is the source's page in the app (absolute)."""

    name: str
    kind: str
    url: str
    role: str = ""
    mode: str = ""


@dataclass(frozen=True)
class AnnotatedNote:
    """An editor's note on a claim; `id` is the absolute IRI of the note's annotation."""

    id: str
    body: str
    author_name: str
    created: datetime
    modified: datetime | None = None
    replies_to: str = ""  # the annotation id of the note this one answers


@dataclass(frozen=True)
class AnnotatedClaim:
    """A claim, anchored in its article; `start` and `end` count code points of the body."""

    id: str
    page_url: str
    article_id: str
    article_url: str
    article_title: str
    language: str
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    statement: str
    kind: str
    status: str
    sources: tuple[AnnotatedSource, ...]
    created: datetime
    modified: datetime
    rating_label: str = ""
    creator_name: str = ""
    notes: tuple[AnnotatedNote, ...] = ()


def claim_annotation(claim: AnnotatedClaim) -> dict[str, Any]:
    """The claim as a Web Annotation on its passage of the article.

    Raise ValueError for an anchor that cannot be right: an empty quote, or positions that do
    not span the quote's code points (UTF-16 offsets from a browser, for instance).
    """
    if not claim.quote or claim.start < 0 or claim.end - claim.start != len(claim.quote):
        raise ValueError(
            f"claim {claim.id}: start {claim.start} and end {claim.end} do not span the "
            f"{len(claim.quote)} code points of the quote"
        )
    return _annotation(
        claim.id,
        motivation="assessing" if claim.rating_label else "highlighting",
        creator=_person(claim.creator_name),
        created=_timestamp(claim.created),
        modified=_timestamp(claim.modified),
        generator=_GENERATOR,
        body=[
            *_text_bodies(
                (claim.statement, "describing", claim.language),
                (claim.rating_label, "assessing", ""),
                (claim.kind, "classifying", ""),
                (claim.status, "classifying", ""),
            ),
            *map(_source_body, claim.sources),
            {"type": "SpecificResource", "purpose": "linking", "source": claim.page_url},
        ],
        target=_target(claim),
    )


def note_annotation(note: AnnotatedNote, claim: AnnotatedClaim) -> dict[str, Any]:
    """The note as a Web Annotation commenting on the claim's annotation, or a reply
    replying to the annotation of the note it answers."""
    return _annotation(
        note.id,
        motivation="replying" if note.replies_to else "commenting",
        creator=_person(note.author_name),
        created=_timestamp(note.created),
        modified=_timestamp(note.modified) if note.modified else None,
        generator=_GENERATOR,
        body={"type": "TextualBody", "value": note.body, "format": "text/plain"},
        target=note.replies_to or claim.id,
    )


def thread_annotations(claim: AnnotatedClaim) -> list[dict[str, Any]]:
    """The claim's annotation followed by its notes', in the order the claim gives them."""
    return [claim_annotation(claim), *(note_annotation(note, claim) for note in claim.notes)]


def page_id(collection_id: str, page: int) -> str:
    """The IRI of one page of a collection."""
    separator = "&" if "?" in collection_id else "?"
    return f"{collection_id}{separator}page={page}"


def annotation_collection(
    collection_id: str,
    label: str,
    first_items: Sequence[Mapping[str, Any]],
    *,
    total: int,
    page_size: int = PAGE_SIZE,
) -> dict[str, Any]:
    """An AnnotationCollection of `total` annotations, with page 0 (`first_items`) embedded."""
    collection = _without_empty(
        {
            "@context": CONTEXT,
            "id": collection_id,
            "type": "AnnotationCollection",
            "label": label,
            "total": total,
        }
    )
    if total:
        first = annotation_page(
            collection_id, first_items, total=total, page=0, page_size=page_size
        )
        # Embedded, the page needs neither its own @context nor a link back to its collection.
        del first["@context"], first["partOf"]
        collection["first"] = first
        collection["last"] = page_id(collection_id, _last_page(total, page_size))
    elif first_items:
        raise ValueError("an empty collection has no items")
    return collection


def annotation_page(
    collection_id: str,
    items: Sequence[Mapping[str, Any]],
    *,
    total: int,
    page: int = 0,
    page_size: int = PAGE_SIZE,
) -> dict[str, Any]:
    """Page `page` of the collection: `items` are that page's annotations, of `total` in all.

    Page 0 exists even in an empty collection. Raise ValueError for a page past the last one
    or more items than a page holds; the caller answers 404 for the first.
    """
    if page_size < 1 or total < 0:
        raise ValueError(f"page_size {page_size} and total {total} cannot make pages")
    last = _last_page(total, page_size)
    if not 0 <= page <= last:
        raise ValueError(f"no page {page}: the collection has pages 0 to {last}")
    if len(items) > page_size:
        raise ValueError(f"{len(items)} items do not fit a page of {page_size}")
    return _without_empty(
        {
            "@context": CONTEXT,
            "id": page_id(collection_id, page),
            "type": "AnnotationPage",
            # The protocol's shape: the collection's id and total, for a client that starts here.
            "partOf": {"id": collection_id, "total": total},
            "startIndex": page * page_size,
            "prev": page_id(collection_id, page - 1) if page > 0 else None,
            "next": page_id(collection_id, page + 1) if page < last else None,
            # Inside a page the page's @context applies, as in the protocol's examples.
            "items": [
                {key: value for key, value in item.items() if key != "@context"} for item in items
            ],
        },
        keep=("items",),
    )


def _last_page(total: int, page_size: int) -> int:
    return max(0, (total - 1) // page_size)


def _annotation(annotation_id: str, **properties: Any) -> dict[str, Any]:
    return _without_empty(
        {"@context": CONTEXT, "id": annotation_id, "type": "Annotation", **properties}
    )


def _without_empty(properties: dict[str, Any], keep: Sequence[str] = ()) -> dict[str, Any]:
    """The properties whose value is not None, "" or empty, except those named in `keep`."""
    return {
        key: value
        for key, value in properties.items()
        if key in keep or value not in (None, "", [], {})
    }


def _timestamp(moment: datetime) -> str:
    """An xsd:dateTime in UTC, written with "Z" as the model recommends."""
    if moment.utcoffset() is None:
        # A naive time could be any zone's; guessing would shift it by hours.
        raise ValueError(f"{moment} has no time zone")
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _person(name: str) -> dict[str, Any] | None:
    return {"type": "Person", "name": name} if name else None


def _text_bodies(*texts: tuple[str, str, str]) -> list[dict[str, Any]]:
    """A plain-text TextualBody for each (value, purpose, language) whose value is not empty."""
    return [
        _without_empty(
            {
                "type": "TextualBody",
                "value": value,
                "format": "text/plain",
                "language": language,
                "purpose": purpose,
            }
        )
        for value, purpose, language in texts
        if value
    ]


def _source_body(source: AnnotatedSource) -> dict[str, Any]:
    details = ", ".join(part for part in (source.role, source.mode) if part)
    return _without_empty(
        {
            "type": "SpecificResource",
            "purpose": "tagging",
            "source": _without_empty(
                {"id": source.url, "type": _AGENT_TYPES.get(source.kind), "name": source.name}
            ),
            "label": f"{source.name} ({details})" if details else None,
        }
    )


def _target(claim: AnnotatedClaim) -> dict[str, Any]:
    return _without_empty(
        {
            "type": "SpecificResource",
            "source": _without_empty(
                {
                    "id": claim.article_url or claim.article_id,
                    "type": "Text",
                    "language": claim.language,
                    "label": claim.article_title,
                }
            ),
            "scope": claim.article_id if claim.article_url else None,
            "selector": [
                _without_empty(
                    {
                        "type": "TextQuoteSelector",
                        "exact": claim.quote,
                        "prefix": claim.prefix,
                        "suffix": claim.suffix,
                    }
                ),
                # Code points, i.e. Python str indices: not the UTF-16 units a browser counts.
                {"type": "TextPositionSelector", "start": claim.start, "end": claim.end},
            ],
        }
    )
