"""Checking ClaimReview JSON-LD against schema.org's vocabulary and Google's guidance, for tests.

`vocabulary_problems` takes parsed JSON and returns one human-readable string per problem,
each opening with where it is, as a path such as ``$.itemReviewed.author.name``. It reads the
vocabulary from tests/data/interop/schemaorg/ (see SOURCES.md there) and applies these rules:

Terms (the full schema.org context, schemaorgcontext-30.0.jsonld):
- Every ``@type`` is one string naming a schema.org class in exact case. The context lists term
  names only, so a class is a term that does not start lower-case; a prefixed or full IRI
  ("schema:Claim") is not accepted.
- Every property key is a schema.org property: a term that starts lower-case. The only
  keywords expected are ``@context`` (schema.org's, required on the top-level object),
  ``@type`` (required on every node) and ``@id``.

Ranges and domains (the vocabulary extract, for the properties it holds):
- A value must be of a class in the property's rangeIncludes. Datatypes are checked by Python
  type and form: Text a string, URL an absolute http(s) URL with a host, Date ``YYYY-MM-DD``,
  DateTime ISO 8601 with a "T", Number a JSON number (not a boolean), Boolean true/false.
  A class range needs a nested node whose class is that class or a subclass; subclasses are
  known from the extract's rdfs:subClassOf, and every class is a Thing, so a Thing range takes
  any node. A class outside the extract (Organization, Person, CreativeWork, NewsArticle) has
  no known superclasses but Thing: it matches a range only by being named in it.
- A property's domainIncludes must hold the node's class or one of its known superclasses.
  Properties with domain Thing (name, url, alternateName, sameAs) apply to every node. For a
  class outside the extract the superclasses are unknown, so any property is accepted on it:
  url/name on Organization, datePublished on CreativeWork.
- For properties outside the extract, the context's coercions still say something: a value of
  a property coerced to ``Date`` (foundingDate, dateModified) must be an ISO 8601 date or
  date-time, and a string value of one coerced to ``@id`` (sameAs, image, logo) an absolute
  http(s) URL.

The quirks of tests/data/interop/claimreview-examples/SOURCES.md, which our output must not
have: an ``@graph`` wrapper, a top-level array or a top-level node that is not the ClaimReview,
an ``@type`` array, a type not in exact case, claimReviewed (or a rating number, or a date) as
an array, an empty value ("", null, [] or {}), a rating number as a string, a date that is not
ISO 8601, a URL without a scheme, and text with leading or trailing whitespace or a ``\\r``.

Google's properties for each ClaimReview node: required claimReviewed, url, reviewRating and
reviewRating.alternateName; recommended author, datePublished and itemReviewed, a Claim with
author, datePublished and appearance (or firstAppearance). Missing ones are reported as
"missing X, which Google requires" or "... recommends", and an itemReviewed of another type
(the CreativeWork of older markup) as not the Claim Google expects. Properties that are present
but empty count as missing, besides being reported as empty.
"""

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SCHEMAORG = Path(__file__).resolve().parents[1] / "data" / "interop" / "schemaorg"
CONTEXT = SCHEMAORG / "schemaorgcontext-30.0.jsonld"
EXTRACT = SCHEMAORG / "schemaorg-current-https.claimreview-extract.jsonld"

_CONTEXTS = {"https://schema.org", "http://schema.org", "https://schema.org/", "http://schema.org/"}
# Google reads one value of these; an array is a quirk, not several values.
_SINGLE_VALUED = {"claimReviewed", "ratingValue", "bestRating", "worstRating", "datePublished"}
_RATING_NUMBERS = {"ratingValue", "bestRating", "worstRating"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?")
_NOT_IN_URL = re.compile(r"[\s\x00-\x1f\x7f]")
_REQUIRED = ("claimReviewed", "url", "reviewRating", "reviewRating.alternateName")
_RECOMMENDED = (
    "author",
    "datePublished",
    "itemReviewed",
    "itemReviewed.author",
    "itemReviewed.datePublished",
    "itemReviewed.appearance",
)


def _is_date(value: Any) -> bool:
    return isinstance(value, str) and bool(_DATE.fullmatch(value)) and _parses(date, value)


def _is_date_time(value: Any) -> bool:
    return isinstance(value, str) and bool(_DATE_TIME.fullmatch(value)) and _parses(datetime, value)


def _parses(kind: type[date], value: str) -> bool:
    """Whether the calendar has that day (and the clock that time): no 2020-02-30."""
    try:
        kind.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_url(value: Any) -> bool:
    if not isinstance(value, str) or _NOT_IN_URL.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# Each datatype: how a value is recognised, and how a problem describes it.
_DATATYPES = {
    "Text": (lambda value: isinstance(value, str), "a string"),
    "URL": (_is_url, "an absolute http(s) URL"),
    "Date": (_is_date, "an ISO 8601 date (YYYY-MM-DD)"),
    "DateTime": (_is_date_time, "an ISO 8601 date-time"),
    "Number": (_is_number, "a JSON number"),
    "Boolean": (lambda value: isinstance(value, bool), "true or false"),
}


def _names(value: Any) -> list[str]:
    """The schema.org names in an extract value: {"@id": "schema:X"} or a list of those."""
    items = value if isinstance(value, list) else [value]
    return [item["@id"].removeprefix("schema:") for item in items if isinstance(item, dict)]


@dataclass(frozen=True)
class _Vocabulary:
    classes: frozenset[str]
    properties: frozenset[str]
    # Property -> "Date" or "@id", the context's coercion.
    coercions: dict[str, str]
    # From the extract: class -> direct superclasses, property -> domain and range classes.
    parents: dict[str, frozenset[str]]
    domains: dict[str, frozenset[str]]
    ranges: dict[str, frozenset[str]]
    # Lower-cased name -> the term, apart for classes and properties: "Review" and "review".
    classes_by_case: dict[str, str]
    properties_by_case: dict[str, str]

    def superclasses(self, name: str) -> set[str]:
        """The class, its superclasses known from the extract, and Thing."""
        found, todo = {"Thing"}, [name]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(self.parents.get(current, ()))
        return found


@cache
def _vocabulary() -> _Vocabulary:
    context = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    # Prefixes ("schema", "xsd") map to strings, and "HTML" to rdf:HTML: not schema.org terms.
    terms = {
        name: entry
        for name, entry in context.items()
        if isinstance(entry, dict) and entry["@id"] == f"schema:{name}"
    }
    graph = json.loads(EXTRACT.read_text(encoding="utf-8"))["@graph"]
    parents, domains, ranges = {}, {}, {}
    for node in graph:
        name = node["@id"].removeprefix("schema:")
        if node["@type"] == "rdfs:Class":
            parents[name] = frozenset(_names(node.get("rdfs:subClassOf")))
        else:
            domains[name] = frozenset(_names(node.get("schema:domainIncludes")))
            ranges[name] = frozenset(_names(node.get("schema:rangeIncludes")))
    # Not "upper-case first", since a class may start with a digit: 3DModel.
    classes = frozenset(name for name in terms if not name[0].islower())
    properties = frozenset(terms) - classes
    return _Vocabulary(
        classes=classes,
        properties=properties,
        coercions={name: entry["@type"] for name, entry in terms.items() if "@type" in entry},
        parents=parents,
        domains=domains,
        ranges=ranges,
        classes_by_case={name.lower(): name for name in classes},
        properties_by_case={name.lower(): name for name in properties},
    )


def vocabulary_problems(node: Any) -> list[str]:
    """The problems of one ClaimReview as parsed JSON (normally a dict); [] when there are none."""
    checker = _Checker(_vocabulary())
    if isinstance(node, list):
        checker.report("$", "a top-level array; publish the ClaimReview object itself")
        for index, item in enumerate(node):
            checker.top(item, f"$[{index}]")
    else:
        checker.top(node, "$")
    if not checker.reviews:
        checker.report("$", "no ClaimReview node")
    for path, review in checker.reviews:
        checker.google(review, path)
    return checker.problems


class _Checker:
    """Walks the nodes, collecting problems and the ClaimReview nodes it passes."""

    def __init__(self, vocabulary: _Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.problems: list[str] = []
        self.reviews: list[tuple[str, dict[str, Any]]] = []

    def report(self, path: str, problem: str) -> None:
        self.problems.append(f"{path}: {problem}")

    def top(self, node: Any, path: str) -> None:
        """A top-level object: it carries @context and is the ClaimReview itself."""
        if not isinstance(node, dict):
            self.report(path, f"{_show(node)} is not a JSON object")
            return
        if "@context" not in node:
            self.report(path, "no @context; give schema.org's")
        types = node.get("@type")
        names = types if isinstance(types, list) else [types]
        is_review = any(isinstance(name, str) and name.lower() == "claimreview" for name in names)
        if "@graph" not in node and not is_review:
            self.report(path, f"the top-level node is a {_show(types)}, not the ClaimReview")
        self.node(node, path)

    def node(self, node: dict[str, Any], path: str) -> None:
        types = self.types(node, path)
        if "ClaimReview" in types:
            self.reviews.append((path, node))
        for key, value in node.items():
            where = f"{path}.{key}"
            if key == "@context":
                if not (isinstance(value, str) and value in _CONTEXTS):
                    self.report(where, f"{_show(value)} is not schema.org's context")
            elif key == "@graph":
                self.report(where, "an @graph wrapper; publish the ClaimReview object itself")
                for index, item in enumerate(value if isinstance(value, list) else [value]):
                    if isinstance(item, dict):
                        self.node(item, f"{where}[{index}]")
                    else:
                        self.report(f"{where}[{index}]", f"{_show(item)} is not a node")
            elif key.startswith("@"):
                if key not in ("@type", "@id"):
                    self.report(where, f"the keyword {key} is not expected in ClaimReview markup")
            else:
                self.property(key, value, where, types)

    def types(self, node: dict[str, Any], path: str) -> list[str]:
        """The node's classes in exact case, reporting what is wrong with its @type."""
        where = f"{path}.@type"
        value = node.get("@type")
        if value is None:
            # A @graph wrapper has no type of its own, and that is reported as a wrapper.
            if "@graph" not in node:
                self.report(path, "no @type")
            return []
        if isinstance(value, list):
            self.report(where, f"an array {_show(value)}; @type must be one string")
        found = []
        for name in value if isinstance(value, list) else [value]:
            if not isinstance(name, str):
                self.report(where, f"{_show(name)} is not a string")
            elif name in self.vocabulary.classes:
                found.append(name)
            elif exact := self.vocabulary.classes_by_case.get(name.lower()):
                self.report(where, f"{name!r} is not in exact case; the class is {exact!r}")
                # Checked further as the class it means, so one typo is one problem.
                found.append(exact)
            else:
                self.report(where, f"{name!r} is not a schema.org class")
        return found

    def property(self, key: str, value: Any, where: str, types: list[str]) -> None:
        vocabulary = self.vocabulary
        if key not in vocabulary.properties:
            exact = vocabulary.properties_by_case.get(key.lower())
            if key in vocabulary.classes:
                self.report(where, f"{key!r} is a schema.org class, not a property")
            elif exact:
                self.report(where, f"{key!r} is not in exact case; the term is {exact!r}")
            else:
                self.report(where, f"{key!r} is not a schema.org property")
        self.domain(key, where, types)
        if isinstance(value, list):
            if key == "claimReviewed":
                self.report(where, "an array; claimReviewed must be one string")
            elif key in _SINGLE_VALUED:
                self.report(where, f"an array; {key} must be a single value")
            if not value:
                self.report(where, "an empty array; omit the property instead")
            for index, item in enumerate(value):
                self.value(key, item, f"{where}[{index}]")
        else:
            self.value(key, value, where)

    def domain(self, key: str, where: str, types: list[str]) -> None:
        domains = self.vocabulary.domains.get(key)
        if not domains or not types:
            return
        for name in types:
            # Outside the extract a class's superclasses are unknown: give it the benefit.
            if name not in self.vocabulary.parents or self.vocabulary.superclasses(name) & domains:
                return
        self.report(
            where,
            f"{key} is not a property of {' or '.join(types)}; "
            f"its domain is {' or '.join(sorted(domains))}",
        )

    def value(self, key: str, value: Any, where: str) -> None:
        if value is None or value == "" or value == [] or value == {}:
            self.report(where, "an empty value; omit the property instead")
            return
        if isinstance(value, str):
            self.text(value, where)
        if key in _RATING_NUMBERS and isinstance(value, str):
            self.report(where, f"the string {_show(value)}; a rating number must be a JSON number")
        coercion = self.vocabulary.coercions.get(key)
        if key in self.vocabulary.ranges:
            self.range(key, value, where)
        elif coercion == "Date" and not (_is_date(value) or _is_date_time(value)):
            self.report(where, f"{_show(value)} is not an ISO 8601 date or date-time")
        elif coercion == "@id" and isinstance(value, str) and not _is_url(value):
            self.report(where, f"{_show(value)} is not an absolute http(s) URL")
        if isinstance(value, dict):
            self.node(value, where)
        elif isinstance(value, list):
            self.report(where, "an array inside an array")

    def text(self, value: str, where: str) -> None:
        if "\r" in value:
            self.report(where, f"a carriage return in {_show(value)}")
        if value != value.strip():
            self.report(where, f"leading or trailing whitespace in {_show(value)}")

    def range(self, key: str, value: Any, where: str) -> None:
        ranges = self.vocabulary.ranges[key]
        datatypes = [name for name in _DATATYPES if name in ranges]
        classes = sorted(ranges - set(_DATATYPES))
        if isinstance(value, dict):
            if not classes:
                self.report(where, f"an object, but {key} expects {_expected(datatypes)}")
                return
            # A node without a known class is reported by `node`, not here.
            types = self.types_quietly(value)
            if not types or "Thing" in classes:
                return
            if not any(self.vocabulary.superclasses(name) & set(classes) for name in types):
                self.report(
                    where, f"a {' and '.join(types)}, but {key} expects {' or '.join(classes)}"
                )
        elif not any(_DATATYPES[name][0](value) for name in datatypes):
            if datatypes:
                self.report(where, f"{_show(value)} is not {_expected(datatypes)}")
            else:
                self.report(
                    where,
                    f"{_show(value)} is not a node; {key} expects a node of class "
                    f"{' or '.join(classes)}",
                )

    def types_quietly(self, node: dict[str, Any]) -> list[str]:
        """The node's classes as `types` finds them, leaving the reporting to `node`."""
        value = node.get("@type")
        names = value if isinstance(value, list) else [value]
        by_case = self.vocabulary.classes_by_case
        return [
            by_case[name.lower()]
            for name in names
            if isinstance(name, str) and name.lower() in by_case
        ]

    def google(self, review: dict[str, Any], path: str) -> None:
        """Google's required and recommended ClaimReview properties that are missing."""
        for name in _REQUIRED:
            if not _present(review, name):
                self.report(path, f"missing {name}, which Google requires")
        item = review.get("itemReviewed")
        if isinstance(item, dict) and item.get("@type") != "Claim":
            self.report(
                f"{path}.itemReviewed", f"a {_show(item.get('@type'))}; Google expects a Claim"
            )
        for name in _RECOMMENDED:
            found = _present(review, name)
            if name == "itemReviewed.appearance":
                # Google takes the claim's first appearance in its stead.
                found = found or _present(review, "itemReviewed.firstAppearance")
            if not found:
                self.report(path, f"missing {name}, which Google recommends")


def _present(node: dict[str, Any], dotted: str) -> bool:
    """Whether the node has a non-empty value at the dotted path, through nested objects."""
    value: Any = node
    for key in dotted.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value not in (None, "", [], {})


def _expected(datatypes: list[str]) -> str:
    return " or ".join(_DATATYPES[name][1] for name in datatypes)


def _show(value: Any) -> str:
    """A value for a message, cut short."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else f"{text[:57]}..."
