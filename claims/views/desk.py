"""The desk: assigning claims from the queue, following claims and questions,
and each person's notifications with the header's two live figures.

Marking your own notifications read changes nothing anyone else sees, so every
signed-in person may do it (viewers can be mentioned in notes); following and
assigning change the desk's work, so they need the right to change claims.
"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csp import get_nonce
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import trigger_client_event

from claims import assignments, models, notifications
from claims.pagination import paginate_request
from claims.views.base import action, page_or_part, safe_next, wants_part
from claims.views.queue import TEMPLATE as QUEUE
from claims.views.queue import queue_context

DESK = "claims/_desk.html"
NOTIFICATIONS = "claims/notifications.html"


# The header's figures ---------------------------------------------------------------


def _header_links(request: HttpRequest, *, oob: bool = False) -> str:
    # Rendered without the request: the part needs none of the context
    # processors, whose queries (the user's groups) would double its cost.
    context = {"desk": notifications.header_counts(request.user), "oob": oob}
    return render_to_string(f"{DESK}#header-links", context)


def add_header_counts(request: HttpRequest, response: HttpResponse) -> None:
    """Refresh the header's figures along with a part, out of band: an action
    that assigns or reads something changes them at once, not at the next poll."""
    response.write(_header_links(request, oob=True))


@require_safe
def header_counts(request: HttpRequest) -> HttpResponse:
    """The header's "Assigned to me" and unread notifications, polled by htmx.

    Polled by every open page, so it is one small query besides the session's.
    A poll from a page whose session has ended stops polling (htmx's 286)
    and leaves the header empty, instead of swapping the sign-in page into it.
    """
    if not request.user.is_authenticated:
        if wants_part(request):
            return HttpResponse("", status=286)
        return redirect(f"{reverse('login')}?next={request.path}")
    response = HttpResponse(_header_links(request))
    response["Cache-Control"] = "no-store"
    # Like every HTML answer, under the policy with this request's nonce,
    # though the part itself runs no script.
    str(get_nonce(request))
    return response


# Notifications ------------------------------------------------------------------------


def _list_context(request: HttpRequest, *, said: str = "") -> dict:
    page = paginate_request(
        request, notifications.notifications_of(request.user), ["-created_at", "-id"]
    )
    return {"title": "Notifications", "page": page, "said": said}


@login_required
@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    return page_or_part(request, NOTIFICATIONS, "results", _list_context(request))


def _own(request: HttpRequest, pk: int) -> models.Notification:
    """One of the signed-in person's notifications; anyone else's is not found."""
    return get_object_or_404(
        notifications.notifications_of(request.user), pk=pk, recipient=request.user
    )


@login_required
@require_safe
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Go to what the notification is about, and count it as read.

    A link, so that it opens in a new tab as well; reading marks only the
    person's own notification, once, as opening a letter does. A link to one
    that is gone, or is someone else's, leads to the person's own list.
    """
    notification = (
        notifications.notifications_of(request.user).filter(pk=pk, recipient=request.user).first()
    )
    if notification is None:
        return redirect("notification_list")
    if notification.read_at is None:
        notifications.mark_read(user=request.user, notification=notification)
    return redirect(notifications.target_url(notification) or reverse("notification_list"))


@login_required
@require_POST
def mark_notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = _own(request, pk)
    notifications.mark_read(user=request.user, notification=notification)
    if not wants_part(request):
        return redirect(safe_next(request, reverse("notification_list")))
    notification.read_at = notification.read_at or timezone.now()
    response = render(request, f"{NOTIFICATIONS}#item", {"notification": notification})
    add_header_counts(request, response)
    trigger_client_event(response, "announce", {"message": "Marked as read."})
    return response


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notifications.mark_read(user=request.user)
    said = (
        f"{count} notification{'s' if count != 1 else ''} marked as read."
        if count
        else "Everything was read already."
    )
    if not wants_part(request):
        messages.success(request, said)
        return redirect(safe_next(request, reverse("notification_list")))
    # The page the person was on, read now: its cursor comes with the form.
    request.GET = QueryDict(mutable=True)
    for key in ("after", "before"):
        if request.POST.get(key):
            request.GET[key] = request.POST[key]
    response = render(request, f"{NOTIFICATIONS}#results", _list_context(request, said=said))
    add_header_counts(request, response)
    trigger_client_event(response, "announce", {"message": said})
    return response


# Following --------------------------------------------------------------------------


def _wants_to_follow(request: HttpRequest) -> bool:
    # The state asked for, not a toggle: a double click leaves it as asked.
    return request.POST.get("follow") != "0"


@action("claims.change_claim")
def follow_claim(request: HttpRequest, pk: int) -> HttpResponse:
    return _follow(request, claim=get_object_or_404(models.Claim, pk=pk))


@action("claims.change_claim")
def follow_question(request: HttpRequest, pk: int) -> HttpResponse:
    return _follow(request, question=get_object_or_404(models.Question, pk=pk))


def _follow(
    request: HttpRequest,
    *,
    claim: models.Claim | None = None,
    question: models.Question | None = None,
) -> HttpResponse:
    """Follow or stop following a claim or a question; the page, or its toggle for htmx."""
    followed, what = (claim, "claim") if claim is not None else (question, "question")
    following = _wants_to_follow(request)
    if following:
        notifications.follow(user=request.user, claim=claim, question=question)
    else:
        notifications.unfollow(user=request.user, claim=claim, question=question)
    said = f"You follow this {what}." if following else f"You no longer follow this {what}."
    if not wants_part(request):
        messages.success(request, said)
        return redirect(followed)
    context = {what: followed, "following": following}
    response = render(request, f"{DESK}#follow-{what}", context)
    trigger_client_event(response, "announce", {"message": said})
    return response


# Assigning --------------------------------------------------------------------------


class UnknownPerson(ValueError):
    pass


def chosen_assignee(request: HttpRequest) -> User | None:
    """Who an assignment form gives the claim to: the signed-in person for
    "me", nobody for an empty choice, else the person of that username."""
    if request.POST.get("me") or request.POST.get("assign") == "me":
        return request.user
    if request.POST.get("assign") == "nobody":
        return None
    username = request.POST.get("assignee", "").strip()
    if not username or username == ":nobody":
        return None
    person = User.objects.filter(username=username).first()
    if person is None:
        raise UnknownPerson(
            f"Nobody here is called “{username[:40]}”: choose someone from the list."
        )
    return person


def _assignee_id(value: str) -> int | str | None:
    """An assignee id as a form showed it: "" for nobody; anything unreadable
    counts as not known (the change is then made whoever holds the claim)."""
    if value == "":
        return None
    return int(value) if value.isdigit() and len(value) < 19 else assignments.ANYONE


def shown_assignee(request: HttpRequest) -> int | str | None:
    """The assignee the form showed (`was`), or ANYONE when it did not say."""
    if "was" not in request.POST:
        return assignments.ANYONE
    return _assignee_id(request.POST["was"].strip())


def assigned_said(assignee: User | None, by: User, *, changed: bool) -> str:
    if assignee is None:
        return "Nobody is assigned this claim now." if changed else "Nobody was assigned already."
    who = "you" if assignee.pk == by.pk else notifications.name_of(assignee)
    return f"Assigned to {who}." if changed else f"Assigned to {who} already."


def _picks(values: list[str]) -> list[tuple[int, int | str | None]]:
    """The queue's checkboxes: "claim id:assignee id shown" (empty: nobody)."""
    picks = []
    for value in values:
        claim_id, _, shown = value.partition(":")
        if claim_id.isdigit() and len(claim_id) < 19:
            picks.append((int(claim_id), _assignee_id(shown) if _ else assignments.ANYONE))
    return picks


def _bulk_said(result: assignments.BulkResult, assignee: User | None) -> str:
    who = notifications.name_of(assignee) if assignee else "nobody"
    n = len(result.assigned)
    parts = [f"{n} claim{'s' if n != 1 else ''} assigned to {who}."]
    if result.already:
        parts.append(f"{result.already} {'was' if result.already == 1 else 'were'} already.")
    if result.changed_meanwhile:
        m = len(result.changed_meanwhile)
        parts.append(
            f"{m} left as {'it was' if m == 1 else 'they were'}: someone else assigned "
            f"{'it' if m == 1 else 'them'} meanwhile (see the Assigned column)."
        )
    if result.missing:
        parts.append(f"{result.missing} no longer exist{'s' if result.missing == 1 else ''}.")
    return " ".join(parts)


@action("claims.change_claim")
def assign_claims(request: HttpRequest) -> HttpResponse:
    """Give the claims selected in the queue to one person, or to nobody."""
    back = safe_next(request, reverse("queue"))
    picks = _picks(request.POST.getlist("claims"))
    status, said, error = 200, "", ""
    if not request.POST.get("assignee"):
        status, error = 422, "Choose who gets the selected claims."
    elif not picks:
        status, error = 422, "Select at least one claim with its box first."
    else:
        try:
            assignee = chosen_assignee(request)
            result = assignments.assign_many(picks=picks, assignee=assignee, by=request.user)
            said = _bulk_said(result, assignee)
        except (UnknownPerson, assignments.AssignmentRefused) as refused:
            status, error = 422, str(refused)
    if not wants_part(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, said)
        return redirect(back)
    # The queue as the editor was looking at it: its filters come with the form.
    request.GET = QueryDict(urlsplit(back).query)
    context = queue_context(request) | {"said": said, "bulk_error": error, "return_to": back}
    response = render(request, f"{QUEUE}#results", context, status=status)
    add_header_counts(request, response)
    trigger_client_event(response, "announce", {"message": said or error})
    return response
