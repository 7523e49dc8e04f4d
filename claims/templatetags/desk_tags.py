"""The header's live figures, for base.html."""

from django import template

from claims import notifications

register = template.Library()


@register.simple_tag(takes_context=True)
def header_counts(context) -> notifications.HeaderCounts | None:
    """Unread notifications and open claims assigned to the signed-in user:
    one small query per page, none for anyone signed out."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return None
    return notifications.header_counts(user)
