"""A claim: its page, and the same content as the reader's side panel.

Each action answers htmx with the section it changed (and, out of band, the
parts of the page that show the same data); a normal form post is redirected
back to the claim page, or shown the page with the form's errors.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe
from django_htmx.http import trigger_client_event

from claims import assignments, models, notifications, publishing, services
from claims.comparison import suggest_questions
from claims.forms import (
    AttributionChangeForm,
    AttributionForm,
    ClaimDetailsForm,
    ConduitForm,
    LinkForm,
    NoteForm,
    PublishUpdateForm,
    QuestionForm,
    StatusForm,
    UnpublishForm,
    VerdictForm,
)
from claims.views import desk
from claims.views.base import action, page_or_part, search_text, wants_part
from claims.views.queue import queue_row
from claims.views.reading import reader_context

TEMPLATE = "claims/claim.html"


def claim_queryset():
    # The article's text is read only when the reader is refreshed too.
    return (
        models.Claim.objects.defer(*models.article_text("article"))
        .select_related(
            "article__outlet",
            "question",
            "quantity",
            "assignee",
            "verdict__rating",
            "verdict__reviewer",
        )
        .prefetch_related(
            Prefetch(
                "attributions",
                queryset=models.Attribution.objects.select_related("source").prefetch_related(
                    Prefetch("chain", queryset=models.Conduit.objects.select_related("source"))
                ),
            ),
            Prefetch("notes", queryset=models.Note.objects.select_related("author", "deleted_by")),
            "verdict__evidence",
        )
    )


def get_claim(pk: int) -> models.Claim:
    return get_object_or_404(claim_queryset(), pk=pk)


def panel_context(request: HttpRequest, claim: models.Claim, **forms) -> dict:
    """Everything the claim panel shows, with fresh forms unless given bound ones."""
    user = request.user
    verdict = getattr(claim, "verdict", None)
    publication = publishing.latest_publication(claim.uid)
    return {
        "claim": claim,
        "verdict": verdict,
        "publication": publication,
        "changes": publishing.changes_since(claim, publication)
        if publication and publication.is_current
        else [],
        "can_publish": user.has_perm("claims.change_verdict"),
        "publish_error": forms.get("publish_error", ""),
        "unpublish_error": forms.get("unpublish_error", ""),
        "links": claim_links(claim),
        "statuses": models.ClaimStatus.choices,
        "can_edit": user.has_perm("claims.change_claim"),
        "can_add_source": user.has_perm("claims.add_source"),
        "details_form": forms.get("details_form") or ClaimDetailsForm(claim=claim),
        "attribution_form": forms.get("attribution_form") or AttributionForm(),
        "note_form": forms.get("note_form") or NoteForm(),
        # A reply or edit form in the notes' thread, shown open again after a refusal.
        "open_note_form": forms.get("open_note_form"),
        "verdict_form": forms.get("verdict_form") or VerdictForm(instance=verdict),
        "link_form": forms.get("link_form") or LinkForm(),
        "question_form": forms.get("question_form") or QuestionForm(),
        "conduit_form": forms.get("conduit_form"),
        "conduit_for": forms.get("conduit_for"),
        # Shown open in the panel after a version was restored from it.
        "history_entries": forms.get("history_entries"),
        "history_said": forms.get("history_said", ""),
        "status_error": forms.get("status_error", ""),
        # Assigning and following; read only if the section showing them is drawn.
        "assign_error": forms.get("assign_error", ""),
        "assignable": assignments.assignable_people(),
        "following": lambda: notifications.is_following(user, claim=claim),
        "suggested_questions": suggest_questions(claim)
        if user.has_perm("claims.change_claim")
        else [],
    }


def claim_links(claim: models.Claim) -> list[tuple[str, models.Claim, models.Link]]:
    """(how it relates, the other claim, the link): links from the claim, then to it."""
    links = list(
        models.Link.objects.filter(Q(from_claim=claim) | Q(to_claim=claim))
        .select_related("from_claim__article", "to_claim__article")
        .defer(
            *models.article_text("from_claim__article"), *models.article_text("to_claim__article")
        )
    )
    return [
        (link.get_type_display(), link.to_claim, link)
        for link in links
        if link.from_claim_id == claim.pk
    ] + [
        (_inverse(link.type), link.from_claim, link)
        for link in links
        if link.to_claim_id == claim.pk
    ]


def _inverse(link_type: str) -> str:
    return {
        models.LinkType.SUPPORTS: "supported by",
        models.LinkType.CONTRADICTS: "contradicted by",
        models.LinkType.SAME_CLAIM: "same claim as",
        models.LinkType.UPDATES: "updated by",
    }[link_type]


def _section(
    request: HttpRequest,
    claim_pk: int,
    section: str,
    *,
    status: int = 200,
    also: tuple[str, ...] = (),
    said: str = "",
    **forms,
) -> HttpResponse:
    """Answer an action: the changed section for htmx, the claim page otherwise.

    `also` names other sections to refresh out of band, because they show
    what the action changed; `said` is what screen readers announce.
    """
    claim = get_claim(claim_pk)
    if not wants_part(request):
        if status >= 400:
            return render(request, TEMPLATE, panel_context(request, claim, **forms), status=status)
        return redirect(claim)
    context = panel_context(request, claim, **forms)
    html = render_to_string(f"{TEMPLATE}#{section}", context, request=request)
    if section != "panel":  # the whole panel holds the summary already
        html += render_to_string(f"{TEMPLATE}#summary", context | {"oob": True}, request=request)
    if section not in {"status", "panel"} and context["publication"] is not None:
        # Any edit may make the claim differ from what the public sees: say so at once.
        html += render_to_string(
            f"{TEMPLATE}#publication", context | {"oob": True}, request=request
        )
    if section == "status" and _on_claim_page(request, claim):
        # The page's link to the public fact check comes and goes with publishing.
        html += render_to_string(
            f"{TEMPLATE}#public-link", context | {"oob": True}, request=request
        )
    if "reader" in also and _in_reader(request, claim):
        context |= reader_context(request, claim.article) | {"claim": claim}
        html += render_to_string(f"{TEMPLATE}#reader", context, request=request)
    response = HttpResponse(html, status=status)
    if not said and status >= 400:
        said = REFUSED.get(status, "Not saved.")
    if said:
        trigger_client_event(response, "announce", {"message": said})
    return response


# What screen readers hear when an action is refused.
REFUSED = {
    409: "Not saved: someone else changed this meanwhile. Both versions are shown.",
    422: "Not saved: see the messages in the form.",
    403: "Not allowed: nothing was changed.",
}


def whole_panel(request: HttpRequest, claim_pk: int, *, said: str, **extra) -> HttpResponse:
    """The whole panel (and the reader's highlights), for an action made
    elsewhere that may have changed anything the panel shows."""
    return _section(request, claim_pk, "panel", also=("reader",), said=said, **extra)


def _on_claim_page(request: HttpRequest, claim: models.Claim) -> bool:
    page = request.htmx.current_url_abs_path or ""
    return page.split("?")[0] == claim.get_absolute_url()


def _in_reader(request: HttpRequest, claim: models.Claim) -> bool:
    """Whether the action came from the reader showing the claim's article,
    whose highlights and list then need refreshing too."""
    page = request.htmx.current_url_abs_path or ""
    return page.split("?")[0] == claim.article.get_absolute_url()


# Reading ----------------------------------------------------------------------


@login_required
@require_safe
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim(pk)
    context = panel_context(request, claim)
    publication = context["publication"]
    if publication is not None and publication.is_current and not wants_part(request):
        # What the public page carries, not the claim as it is now.
        context["claimreview"] = publishing.claimreview_of(request, publication)
    return page_or_part(request, TEMPLATE, "panel", context)


@login_required
@require_safe
def find_claims(request: HttpRequest) -> HttpResponse:
    """Claims whose statement, quote or sources match: options for a link."""
    query = search_text(request)
    exclude = request.GET.get("exclude", "")
    claims = models.Claim.objects.none()
    if len(query) >= 2:
        claims = (
            models.Claim.objects.filter(
                Q(statement__icontains=query)
                | Q(quote__icontains=query)
                | Q(attributions__source__name__icontains=query)
            )
            .select_related("article")
            .defer(*models.article_text("article"))
            .distinct()
            .order_by("-updated_at", "-id")
        )
        if (excluded := models.record_id(exclude)) is not None:
            claims = claims.exclude(pk=excluded)
    return page_or_part(
        request,
        "claims/find_claims.html",
        "options",
        {"title": "Find a claim", "query": query, "claims": claims[:10]},
    )


# Writing ----------------------------------------------------------------------


@action("claims.change_claim")
def edit_claim(request: HttpRequest, pk: int) -> HttpResponse:
    # The save reads the claim afresh; the answer reads all the panel shows.
    claim = get_object_or_404(models.Claim, pk=pk)
    form = ClaimDetailsForm(request.POST, claim=claim)
    if form.is_valid():
        try:
            services.update_claim_details(claim, base=form.base_values(), mine=form.values())
        except services.StaleEdit as stale:
            form.show_conflicts(stale)
            return _section(request, pk, "details", status=409, details_form=form)
        return _section(
            request, pk, "details", also=("reader",), said="Statement and figure saved."
        )
    return _section(request, pk, "details", status=422, details_form=form)


@action("claims.add_attribution")
def add_attribution(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(models.Claim, pk=pk)
    form = AttributionForm(request.POST)
    if not form.is_valid():
        return _section(request, pk, "attributions", status=422, attribution_form=form)
    source = form.cleaned_data["source"]
    role, mode = form.cleaned_data["role"], form.cleaned_data["mode"]
    if source is not None:
        attribution, created = services.attribute(claim, source, role=role, mode=mode)
    elif not request.user.has_perm("claims.add_source"):
        form.add_error("new_source_name", "You may not create sources.")
        return _section(request, pk, "attributions", status=403, attribution_form=form)
    else:
        attribution, created = services.attribute_to_new_source(
            claim,
            name=form.cleaned_data["new_source_name"],
            kind=form.cleaned_data["new_source_kind"] or models.SourceKind.PERSON,
            role=role,
            mode=mode,
            by=request.user,
        )
    source = attribution.source
    said = f"Attributed to {source.name}." if created else f"Attributed to {source.name} already."
    return _section(request, pk, "attributions", also=("reader",), said=said)


@action("claims.change_attribution")
def change_attribution(request: HttpRequest, pk: int) -> HttpResponse:
    attribution = get_object_or_404(models.Attribution, pk=pk)
    form = AttributionChangeForm(request.POST, instance=attribution)
    if form.is_valid():
        form.save()
        services.touch(attribution.claim)
        return _section(request, attribution.claim_id, "attributions", said="Role and mode saved.")
    return _section(request, attribution.claim_id, "attributions", status=422)


@action("claims.delete_attribution")
def delete_attribution(request: HttpRequest, pk: int) -> HttpResponse:
    attribution = get_object_or_404(models.Attribution, pk=pk)
    claim_pk = attribution.claim_id
    attribution.delete()
    services.touch(attribution.claim)
    return _section(
        request, claim_pk, "attributions", also=("reader",), said="Source removed from the claim."
    )


@action("claims.add_conduit")
def add_conduit(request: HttpRequest, pk: int) -> HttpResponse:
    attribution = get_object_or_404(models.Attribution.objects.select_related("claim"), pk=pk)
    form = ConduitForm(request.POST)
    if not form.is_valid():
        return _section(
            request,
            attribution.claim_id,
            "attributions",
            status=422,
            conduit_form=form,
            conduit_for=attribution.pk,
        )
    services.add_conduit(
        attribution, label=form.cleaned_data["label"], source=form.cleaned_data["source"]
    )
    return _section(request, attribution.claim_id, "attributions", said="Step added to the chain.")


@action("claims.delete_conduit")
def delete_conduit(request: HttpRequest, pk: int) -> HttpResponse:
    conduit = get_object_or_404(models.Conduit.objects.select_related("attribution"), pk=pk)
    claim_pk = conduit.attribution.claim_id
    conduit.delete()
    return _section(request, claim_pk, "attributions", said="Step removed from the chain.")


@action("claims.change_claim")
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(models.Claim, pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _section(request, pk, "status", status=422, status_error="Choose a status.")
    if form.cleaned_data["status"] == models.ClaimStatus.PUBLISHED and not request.user.has_perm(
        "claims.change_verdict"
    ):
        return _section(request, pk, "status", status=403, status_error=MAY_NOT_PUBLISH)
    try:
        services.change_status(claim, form.cleaned_data["status"], by=request.user)
    except (services.StatusRefused, services.PublishRefused) as refused:
        return _section(request, pk, "status", status=422, status_error=str(refused))
    label = models.ClaimStatus(form.cleaned_data["status"]).label
    return _section(request, pk, "status", also=("reader",), said=f"Status: {label}.")


MAY_NOT_PUBLISH = "You may not publish fact checks."


@action("claims.change_claim", "claims.change_verdict")
def publish_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Replace the public page with the claim as it reads now."""
    claim = get_object_or_404(models.Claim, pk=pk)
    form = PublishUpdateForm(request.POST)
    if not form.is_valid():
        error = " ".join(form.errors["correction_note"])
        return _section(request, pk, "status", status=422, publish_error=error)
    try:
        services.publish_update(
            claim, by=request.user, correction_note=form.cleaned_data["correction_note"]
        )
    except services.PublishRefused as refused:
        return _section(request, pk, "status", status=422, publish_error=str(refused))
    return _section(request, pk, "status", said="Update published.")


@action("claims.change_claim", "claims.change_verdict")
def unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the public page down, with the reason kept."""
    claim = get_object_or_404(models.Claim, pk=pk)
    form = UnpublishForm(request.POST)
    if not form.is_valid():
        error = " ".join(form.errors["reason"])
        return _section(request, pk, "status", status=422, unpublish_error=error)
    try:
        services.unpublish(claim, by=request.user, reason=form.cleaned_data["reason"])
    except services.PublishRefused as refused:
        return _section(request, pk, "status", status=422, unpublish_error=str(refused))
    return _section(request, pk, "status", also=("reader",), said="Fact check unpublished.")


@action("claims.add_verdict", "claims.change_verdict")
def save_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(models.Claim, pk=pk)
    form = VerdictForm(request.POST, instance=getattr(claim, "verdict", None))
    if not form.is_valid():
        return _section(request, pk, "status", status=422, verdict_form=form)
    services.save_verdict(
        claim,
        rating=form.cleaned_data["rating"],
        reasoning=form.cleaned_data["reasoning"],
        evidence=form.cleaned_data["evidence"],
        by=request.user,
    )
    return _section(request, pk, "status", also=("reader",), said="Verdict saved.")


@action("claims.add_link")
def add_link(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(models.Claim, pk=pk)
    form = LinkForm(request.POST)
    if form.is_valid() and form.cleaned_data["to_claim"].pk == claim.pk:
        form.add_error("to_claim", "A claim cannot be linked to itself.")
    if not form.is_valid():
        return _section(request, pk, "links", status=422, link_form=form)
    try:
        services.link_claims(
            claim,
            form.cleaned_data["to_claim"],
            type=form.cleaned_data["type"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except services.LinkExists as exists:
        form.add_error("to_claim", str(exists))
        return _section(request, pk, "links", status=422, link_form=form)
    return _section(request, pk, "links", said="Claims linked.")


@action("claims.delete_link")
def delete_link(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(models.Link, pk=pk)
    # The panel the removal was made from: either end of the link, else the first.
    shown_from = request.POST.get("claim", "")
    claim_pk = link.to_claim_id if shown_from == str(link.to_claim_id) else link.from_claim_id
    link.delete()
    return _section(request, claim_pk, "links", said="Link removed.")


@action("claims.change_claim")
def set_question(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(models.Claim.objects.select_related("quantity"), pk=pk)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return _section(request, pk, "question", status=422, question_form=form)
    if form.cleaned_data["new_text"] and not request.user.has_perm("claims.add_question"):
        return HttpResponse("You may not create questions.", status=403)
    services.file_under_question(
        claim,
        question=form.cleaned_data["question"],
        new_text=form.cleaned_data["new_text"],
        new_counted=form.cleaned_data["new_counted"],
        by=request.user,
    )
    return _section(request, pk, "question", said="Question saved.")


@action("claims.change_claim")
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the claim to someone (`assignee`, a username), to the signed-in
    editor (`me`, or `assign=me`), or to nobody; `was` is the assignee the
    form showed, so that a change made meanwhile is not overwritten."""
    claim = get_object_or_404(models.Claim, pk=pk)
    from_queue = request.POST.get("from") == "queue" and wants_part(request)
    status, said, error = 200, "", ""
    try:
        assignee = desk.chosen_assignee(request)
        changed = assignments.assign(
            claim=claim, assignee=assignee, by=request.user, expected=desk.shown_assignee(request)
        )
        said = desk.assigned_said(assignee, request.user, changed=changed)
    except desk.UnknownPerson as unknown:
        status, error = 422, str(unknown)
    except assignments.AssignmentRefused as refused:
        status, error = 422, str(refused)
    except assignments.AssignmentChanged as changed_meanwhile:
        status, error = 409, str(changed_meanwhile)
    if said and status == 200 and not wants_part(request):
        messages.success(request, said)  # shown on the claim page it returns to
    if from_queue:
        response = queue_row(request, claim.pk, status=status, error=error)
    else:
        response = _section(
            request, pk, "assignment", status=status, said=said or error, assign_error=error
        )
    if wants_part(request):
        desk.add_header_counts(request, response)
    return response
