"""The import page: upload files or paste an article."""

from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from claims import models
from claims.forms import ImportForm
from claims.importing import UPLOAD_MAX_ITEMS, import_files


@login_required
@permission_required("claims.add_article", raise_exception=True)
def import_articles(request: HttpRequest) -> HttpResponse:
    report = None
    status = 200
    if request.method == "POST":
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
    else:
        form = ImportForm()
    return render(
        request,
        "claims/import.html",
        {"title": "Import articles", "form": form, "report": report},
        status=status,
    )
