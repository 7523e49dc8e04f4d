"""The import page: addresses fetched in the background as a batch, files and
pasted text imported at once; and each batch's page, live while it is worked."""

from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from claims import batches, models
from claims.forms import AddressesForm, ImportForm
from claims.importing import UPLOAD_MAX_ITEMS, import_files
from claims.views.base import action, page_or_part

ADDRESSES = "addresses-submit"  # the submit button that sends addresses, not files


@login_required
@permission_required("claims.add_article", raise_exception=True)
def import_articles(request: HttpRequest) -> HttpResponse:
    report = None
    status = 200
    # Its own prefix: both forms have an outlet field, and ids must not clash.
    form, addresses_form = ImportForm(), AddressesForm(prefix="web")
    if request.method == "POST" and ADDRESSES in request.POST:
        addresses_form = AddressesForm(request.POST, prefix="web")
        if addresses_form.is_valid():
            batch = batches.start_batch(
                addresses=addresses_form.cleaned_data["addresses"],
                by=request.user,
                origin=models.ImportOrigin.PAGE,
                outlet=addresses_form.cleaned_data["outlet"],
            )
            return redirect(batch)
        status = 422
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            files = [(upload.name, upload.read()) for upload in form.cleaned_data["files"]]
            if form.cleaned_data["text"].strip():
                files.append(("pasted text", form.cleaned_data["text"].encode("utf-8")))
            with transaction.atomic():
                outlet = form.cleaned_data["outlet"]
                new_outlet = form.cleaned_data["new_outlet"].strip()
                if outlet is None and new_outlet:
                    outlet, _ = models.Source.objects.get_or_create(
                        name=new_outlet,
                        kind=models.SourceKind.OUTLET,
                        defaults={"created_by": request.user},
                    )
                report = import_files(
                    files,
                    by=request.user,
                    outlet=outlet,
                    kind=form.cleaned_data["kind"],
                    max_items=UPLOAD_MAX_ITEMS,
                )
                # A refused import changes nothing, the outlet it named included.
                if not report.imported:
                    transaction.set_rollback(True)
            if report.refused and not report.imported:
                status = 422
        else:
            status = 422
    return render(
        request,
        "claims/import.html",
        {
            "title": "Import articles",
            "form": form,
            "addresses_form": addresses_form,
            "report": report,
            "recent": batches.recent_batches(request.user),
        },
        status=status,
    )


@login_required
@permission_required("claims.add_article", raise_exception=True)
def import_batch(request: HttpRequest, uid: str) -> HttpResponse:
    """A batch and where each of its items stands; its list asks again every few
    seconds until every item is done (htmx), and a reload shows the same."""
    batch = get_object_or_404(
        models.ImportBatch.objects.select_related("created_by", "feed", "outlet"), uid=uid
    )
    items = list(batch.items.select_related("article"))
    for item in items:
        item.stalled = batches.is_stalled(item)
    return page_or_part(
        request,
        "claims/import_batch.html",
        "progress",
        {
            "title": "Import batch",
            "batch": batch,
            "items": items,
            "progress": batches.progress(batch),
        },
    )


@action("claims.add_article")
def force_item(request: HttpRequest, uid: str) -> HttpResponse:
    item = get_object_or_404(models.ImportItem.objects.select_related("batch"), uid=uid)
    batches.force(item=item, by=request.user)
    return redirect(item.batch)


@action("claims.add_article")
def retry_item(request: HttpRequest, uid: str) -> HttpResponse:
    item = get_object_or_404(models.ImportItem.objects.select_related("batch"), uid=uid)
    batches.retry(item=item, by=request.user)
    return redirect(item.batch)
