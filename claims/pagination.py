"""Keyset pagination: pages found by where the last one ended, not by OFFSET.

A page costs the same at row 10 and at row 1,000,000, and rows inserted while
someone reads do not shift the pages under them. The ordering must end in a
unique column (the primary key); one nullable column is allowed and sorts last.
"""

import base64
import binascii
import datetime as dt
import json
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Field, Model, Q, QuerySet

PAGE_SIZE = 25


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


def _encode(values: list[Any]) -> str:
    def plain(value: Any) -> Any:
        if isinstance(value, dt.datetime | dt.date):
            return {"d": value.isoformat(), "t": "dt" if isinstance(value, dt.datetime) else "date"}
        if isinstance(value, Decimal):
            return {"d": str(value), "t": "dec"}
        return value

    raw = json.dumps([plain(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, queryset: QuerySet, ordering: list[str]) -> list[Any] | None:
    """The values in a cursor, or None when it was not made by us for this ordering.

    Cursors come from the address bar, so each value is checked against its
    column: a forged one must give the first page, never a database error.
    """
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(values, list) or len(values) != len(ordering):
        return None
    try:
        return [
            _checked(queryset, spec.lstrip("-"), _typed(value))
            for spec, value in zip(ordering, values, strict=True)
        ]
    except (TypeError, ValueError, KeyError, ArithmeticError, ValidationError):
        return None


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        kind, text = value["t"], value["d"]
        if kind == "dt":
            return dt.datetime.fromisoformat(text)
        if kind == "date":
            return dt.date.fromisoformat(text)
        if kind == "dec":
            return Decimal(text)
        raise ValueError(kind)
    if value is None or (isinstance(value, int | str | float) and not isinstance(value, bool)):
        return value
    raise TypeError(type(value))


_BIGINT = 2**63


def _checked(queryset: QuerySet, name: str, value: Any) -> Any:
    """`value` as the column `name` holds it; ValueError when it cannot be one of its values."""
    field = _field(queryset, name)
    if value is None:
        if field is None or not field.null:
            raise ValueError("null in a column that cannot hold one")
        return None
    if field is not None:
        value = field.to_python(value)
    if isinstance(value, bool):
        raise TypeError(bool)
    if isinstance(value, int) and not -_BIGINT <= value < _BIGINT:
        raise OverflowError(value)
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        raise ValueError(value)
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("NUL")
    return value


NOTHING = Q(pk__in=[])


def _beyond(queryset: QuerySet, ordering: list[str], values: list[Any], *, forward: bool) -> Q:
    """Rows after (or before) the row with `values` in `ordering`; nulls sort last."""
    condition, equal_so_far = NOTHING, Q()
    for spec, value in zip(ordering, values, strict=True):
        field = spec.lstrip("-")
        if value is None:
            # Only nulls follow a null; every value precedes one.
            beyond = NOTHING if forward else Q(**{f"{field}__isnull": False})
            same = Q(**{f"{field}__isnull": True})
        else:
            smaller = spec.startswith("-") == forward
            beyond = Q(**{f"{field}__{'lt' if smaller else 'gt'}": value})
            if forward and _nullable(queryset, field):
                beyond |= Q(**{f"{field}__isnull": True})
            same = Q(**{field: value})
        condition |= equal_so_far & beyond
        equal_so_far &= same
    return condition


def _path(queryset: QuerySet, name: str) -> list[Field]:
    """The fields a column of the ordering goes through ("article__published_on":
    the article, then its date); empty for an annotation."""
    model, fields = queryset.model, []
    try:
        for part in name.split("__"):
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
            fields.append(field)
            model = field.related_model or model
    except FieldDoesNotExist:
        return []
    return fields


def _field(queryset: QuerySet, name: str) -> Field | None:
    """The model field a column of the ordering reads (None for an annotation)."""
    path = _path(queryset, name)
    return path[-1] if path else None


def _nullable(queryset: QuerySet, name: str) -> bool:
    """Whether a column of the ordering can hold NULL, itself or through a
    nullable relation on the way (annotations are taken not to)."""
    return any(field.null for field in _path(queryset, name))


def _order_by(queryset: QuerySet, ordering: list[str], *, forward: bool) -> list:
    """Order expressions for walking forward (nulls last) or backward (nulls first).

    NULLS LAST is said only for columns that can be null: said of a NOT NULL
    column it keeps PostgreSQL from walking the index that serves the order.
    """
    expressions = []
    for spec in ordering:
        descending = spec.startswith("-") == forward
        name = spec.lstrip("-")
        expression = F(name)
        if not _nullable(queryset, name):
            expressions.append(expression.desc() if descending else expression.asc())
            continue
        expressions.append(
            expression.desc(nulls_first=not forward or None, nulls_last=forward or None)
            if descending
            else expression.asc(nulls_first=not forward or None, nulls_last=forward or None)
        )
    return expressions


def _values(item: Model, ordering: list[str]) -> list[Any]:
    values = []
    for spec in ordering:
        value: Any = item
        for part in spec.lstrip("-").split("__"):
            value = getattr(value, "pk" if part == "pk" else part)
        values.append(value)
    return values


def paginate(
    queryset: QuerySet,
    ordering: list[str],
    *,
    after: str | None = None,
    before: str | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """One page of `queryset` in `ordering`, after or before a cursor.

    A cursor that cannot be read gives the first page, as a stale bookmark should.
    """
    if ordering[-1].lstrip("-") not in {"pk", "id"}:
        raise ValueError("The ordering must end with the primary key.")
    forward = not before or bool(after)
    cursor = (
        _decode(after if forward else before, queryset, ordering) if (after or before) else None
    )
    if cursor is None:
        forward = True
    rows = (
        queryset
        if cursor is None
        else queryset.filter(_beyond(queryset, ordering, cursor, forward=forward))
    )
    rows = list(rows.order_by(*_order_by(queryset, ordering, forward=forward))[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()
    if not rows:
        return Page([], None, None)
    has_next = more if forward else True
    has_previous = cursor is not None if forward else more
    return Page(
        rows,
        _encode(_values(rows[-1], ordering)) if has_next else None,
        _encode(_values(rows[0], ordering)) if has_previous else None,
    )


def paginate_request(
    request, queryset: QuerySet, ordering: list[str], size: int = PAGE_SIZE
) -> Page:
    """The page a list view's request asks for with its `after` or `before` cursor."""
    return paginate(
        queryset,
        ordering,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=size,
    )
