"""Filters for showing figures: grouped thousands, no trailing zeros."""

import datetime as dt
import json
from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from claims.domain.numbers import ParsedQuantity, Qualifier, Unit, format_quantity
from claims.models import Quantity

register = template.Library()


@register.filter
def figure(value: Decimal | None) -> str:
    """3000.000000 → “3,000”; None → “”."""
    if value is None:
        return ""
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return format(value, ",f")


@register.filter
def interval(quantity) -> str:
    """A stored quantity as the interval it stands for: “more than 13,000”."""
    if not isinstance(quantity, Quantity) or (quantity.low is None and quantity.high is None):
        return ""  # no figure: the template passes "" for a claim without one
    qualifier = Qualifier(quantity.qualifier)
    alternatives = (
        tuple(v for v in (quantity.low, quantity.high) if v is not None)
        if qualifier is Qualifier.EITHER_OR
        else ()
    )
    parsed = ParsedQuantity(
        low=quantity.low,
        high=quantity.high,
        qualifier=qualifier,
        unit=Unit(quantity.unit),
        precision=quantity.precision,
        wording=quantity.wording,
        start=0,
        end=len(quantity.wording),
        alternatives=alternatives,
    )
    return format_quantity(parsed)


# Inside <script>, "</script>" or "<!--" in a value would end or change the
# element: JSON's \u escapes keep them inert.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def ld_json(context, document: dict) -> str:
    """JSON-LD in the page, with the request's CSP nonce."""
    text = json.dumps(document, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        context.get("csp_nonce", ""),
        mark_safe(text),  # noqa: S308 - JSON with the characters that matter escaped above
    )


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key, "")


@register.filter
def iso_date(text: str) -> dt.date | None:
    """A date kept as ISO text (as publications keep theirs), for the date filter."""
    try:
        return dt.date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


@register.filter
def person(user) -> str:
    """A colleague's name; a record whose user was deleted (or never had one,
    as admin-made notes may not) says so instead of failing the page."""
    if user is None or not getattr(user, "pk", None):
        return "Former colleague"
    return user.get_full_name() or user.username
