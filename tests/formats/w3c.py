"""The W3C Web Annotation test suite's JSON Schemas, as checks other tests can import.

The schemas are draft-04 and refer to each other by bare ids ("id.json#/definitions/...");
tests/data/interop/w3c-annotation-schemas/SOURCES.md explains where they come from and why
the seven definition files are registered under those ids.

`validate_annotation` runs every "must" assertion of annotations/annotationMusts.test;
`assertion_passes` runs any one assertion, such as the optional ("may") ones that only show a
feature is present. `collection_problems` checks a collection or a page against the suite's
collection definitions, since its collection assertions were not copied.

Formats are checked, as the suite's own runner does: "date-time" is RFC 3339 and "uri" is an
absolute URI. jsonschema would skip both without optional packages we do not install.
"""

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "interop" / "w3c-annotation-schemas"
ASSERTIONS = SCHEMAS / "annotations"
SAMPLES = SCHEMAS / "tools" / "samples"

_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})", re.ASCII
)
# A scheme, a colon, then no whitespace and none of the characters RFC 3986 excludes.
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*", re.ASCII)
_FORMATS = FormatChecker(formats=())


@_FORMATS.checks("date-time")
def _is_date_time(value: object) -> bool:
    return not isinstance(value, str) or _DATE_TIME.fullmatch(value) is not None


@_FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or _URI.fullmatch(value) is not None


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted((SCHEMAS / "definitions").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["id"], Resource.from_contents(schema, DRAFT4)))
    return Registry().with_resources(resources).crawl()


@cache
def _validator(relative_path: str) -> Draft4Validator:
    """The validator for one assertion file, named relative to the annotations folder."""
    schema = json.loads((ASSERTIONS / relative_path).read_text(encoding="utf-8"))
    return Draft4Validator(schema, registry=_registry(), format_checker=_FORMATS)


@cache
def must_assertions() -> tuple[str, ...]:
    """The assertion files annotationMusts.test lists, relative to the annotations folder."""
    manifest = json.loads((ASSERTIONS / "annotationMusts.test").read_text(encoding="utf-8"))
    # The manifest names them relative to the suite's root: "annotations/3.1-....json".
    return tuple(path.removeprefix("annotations/") for path in manifest["assertions"])


def assertion_passes(annotation: Any, relative_path: str) -> bool:
    """Whether the annotation validates against one assertion, e.g. "3.1-targetKeyFound.json"."""
    return _validator(relative_path).is_valid(annotation)


def validate_annotation(annotation: Any) -> list[str]:
    """The file names of the "must" assertions the annotation fails; empty when it conforms."""
    return [Path(path).name for path in must_assertions() if not assertion_passes(annotation, path)]


# What the model requires of a collection and of a page (section 5), as the suite defines it.
_COLLECTION_DEFINITIONS = (
    "contextValueFound",
    "annotationCollectionTypeValueFound",
    "labelDefinition",
    "totalFound",
    "firstRequiredIfTotalMoreThanZero",
    "firstValidIfPresent",
    "lastValidIfPresent",
)
_PAGE_DEFINITIONS = (
    "contextValueFound",
    "annotationPageTypeValueFound",
    "partOfValidIfPresent",
    "startIndexFound",
    "nextValidIfPresent",
    "prevValidIfPresent",
    "itemsFound",
)


def collection_problems(document: Any) -> list[str]:
    """The collections.json definitions an AnnotationCollection or AnnotationPage fails."""
    is_page = isinstance(document, dict) and document.get("type") == "AnnotationPage"
    names = _PAGE_DEFINITIONS if is_page else _COLLECTION_DEFINITIONS
    problems = []
    for name in names:
        schema = {"$ref": f"collections.json#/definitions/{name}"}
        instance = document
        if name == "contextValueFound":
            # The definition checks the @context value, not the document holding it.
            instance = document.get("@context") if isinstance(document, dict) else None
        validator = Draft4Validator(schema, registry=_registry(), format_checker=_FORMATS)
        if not validator.is_valid(instance):
            problems.append(name)
    return problems
