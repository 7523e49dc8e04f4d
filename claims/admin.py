"""The curators' admin: sources above all, and every other table.

Each changelist fetches its related rows in a fixed number of queries,
whatever the number of rows (select_related, annotations, prefetching).
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter
from simple_history.admin import SimpleHistoryAdmin

from claims import models
from claims.domain.anchoring import AnchorError, anchor_from_selection
from claims.history import changes_since
from claims.services import correct_article, merge_sources

admin.site.site_header = "newsclaims curation"
admin.site.site_title = "newsclaims curation"
admin.site.index_title = "Sources, articles and claims"


class VersionCheckedForm(forms.ModelForm):
    """A curator's save never silently overwrites someone else's.

    The form carries the version the curator started from; if the record was
    saved since, the save is refused with what the other person changed, and
    what this curator typed stays in the form: saving again keeps it.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["seen_version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if self.instance.pk and seen is not None and seen != self.instance.version:
            who, when, changes = changes_since(self.instance, seen)
            listed = (
                "; ".join(f"{c.field}: {c.before} → {c.after}" for c in changes)
                or "nothing visible"
            )
            data = self.data.copy()
            data["seen_version"] = self.instance.version  # saving again knowingly overwrites
            self.data = data
            raise forms.ValidationError(
                f"{who} saved this after you opened it"
                + (f" ({when:%H:%M})" if when else "")
                + f", changing {listed}. What you typed is kept below: save again to keep "
                "yours, or reload the page to take theirs."
            )
        return cleaned


# Sources ----------------------------------------------------------------------


class ReviewedFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "reviewed"

    def lookups(self, request, model_admin):
        return [("no", "unreviewed"), ("yes", "reviewed")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(reviewed_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(reviewed_at__isnull=False)
        return queryset


class SourceAliasInline(admin.TabularInline):
    model = models.SourceAlias
    extra = 1


class OutletDomainInline(admin.TabularInline):
    model = models.OutletDomain
    extra = 0
    verbose_name = "web domain"
    verbose_name_plural = "web domains: pages from these are this outlet's"


class FeedInline(admin.TabularInline):
    model = models.Feed
    extra = 0
    fields = ["url", "title", "is_active", "last_polled_at", "last_error"]
    readonly_fields = ["title", "last_polled_at", "last_error"]
    verbose_name_plural = "feeds"


@admin.register(models.Source)
class SourceAdmin(SimpleHistoryAdmin):
    form = VersionCheckedForm
    list_display = [
        "name",
        "kind",
        "affiliation",
        "country",
        "assessment",
        "is_reviewed",
        "claim_count",
    ]
    list_filter = ["kind", ("country", CountryFilter), "assessment", ReviewedFilter]
    list_select_related = ["affiliation"]
    search_fields = ["name", "aliases__name", "wikidata_id"]
    autocomplete_fields = ["affiliation"]
    inlines = [SourceAliasInline, OutletDomainInline, FeedInline]
    _OUTLET_ONLY = (OutletDomainInline, FeedInline)

    def get_inline_instances(self, request, obj=None):
        # Domains and feeds are an outlet's: a person's page does not offer them.
        inlines = super().get_inline_instances(request, obj)
        if obj is None or obj.kind != models.SourceKind.OUTLET:
            inlines = [i for i in inlines if not isinstance(i, self._OUTLET_ONLY)]
        return inlines

    readonly_fields = ["version", "created_by", "created_at", "reviewed_at", "reviewed_by"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "organisation_type", "description", "affiliation"]}),
        ("Identity", {"fields": ["country", "wikidata_id"]}),
        ("Curator's assessment", {"fields": ["assessment", "assessment_note"]}),
        (
            "Record",
            {
                "fields": [
                    "reviewed_at",
                    "reviewed_by",
                    "created_by",
                    "created_at",
                    "version",
                    "seen_version",
                ]
            },
        ),
    ]
    actions = ["merge_into", "mark_reviewed"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(claim_count=Count("attributions__claim", distinct=True))
        )

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, source: models.Source) -> int:
        return source.claim_count

    @admin.display(description="reviewed", boolean=True, ordering="reviewed_at")
    def is_reviewed(self, source: models.Source) -> bool:
        return source.is_reviewed

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        # A curator saving a source has looked at it.
        obj.reviewed_at, obj.reviewed_by = timezone.now(), request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Mark selected sources as reviewed", permissions=["change"])
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.filter(reviewed_at__isnull=True).update(
            reviewed_at=timezone.now(), reviewed_by=request.user
        )
        self.message_user(
            request,
            ngettext("%d source marked reviewed.", "%d sources marked reviewed.", count) % count,
        )

    @admin.action(description="Merge selected sources into one…", permissions=["delete"])
    def merge_into(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        # The one most likely meant to survive first, and chosen: the most claims, then
        # a reviewed one, then the oldest. Its claims need not move, its name is known.
        sources = sorted(queryset, key=_survivor_rank)
        if len(sources) < 2:
            self.message_user(request, "Select at least two sources to merge.", messages.WARNING)
            return None
        kept_id = request.POST.get("kept")
        if kept_id and request.POST.get("confirm") == "yes":
            kept = next((s for s in sources if str(s.pk) == kept_id), None)
            if kept is None:
                self.message_user(request, "Choose which source to keep.", messages.ERROR)
            else:
                result = merge_sources(kept, [s for s in sources if s.pk != kept.pk])
                self.message_user(
                    request,
                    f"Merged {', '.join(result.merged_names)} into {result.kept.name}: "
                    f"{result.attributions_moved} attributions moved, "
                    f"{result.attributions_combined} combined with existing ones.",
                )
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge sources",
            "sources": sources,
            "why_kept": _why_kept(sources[0], sources[1:]),
            "opts": self.model._meta,
            "action_name": "merge_into",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/claims/source/merge.html", context)


def _survivor_rank(source: models.Source) -> tuple:
    return (-source.claim_count, not source.is_reviewed, source.created_at, source.pk)


def _claims(count: int) -> str:
    return ngettext("%d claim", "%d claims", count) % count


def _why_kept(kept: models.Source, others: list[models.Source]) -> str:
    """Why the merge page proposes to keep `kept`, in the terms of _survivor_rank."""
    counts = [other.claim_count for other in others]
    if kept.claim_count > max(counts):
        have = [str(count) for count in counts]
        listed = have[0] if len(have) == 1 else f"{', '.join(have[:-1])} and {have[-1]}"
        other = "the other has" if len(others) == 1 else "the others have"
        return f"it has {_claims(kept.claim_count)}; {other} {listed}."
    tied = [other for other in others if other.claim_count == kept.claim_count]
    reason = f"it has as many claims ({kept.claim_count}) as {_names(tied)}"
    if kept.is_reviewed and not all(other.is_reviewed for other in tied):
        return f"{reason}, and a curator has reviewed it."
    return f"{reason}, and was created first ({date_format(kept.created_at, 'j M Y')})."


def _names(sources: list[models.Source]) -> str:
    names = [f"“{source.name}”" for source in sources]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


@admin.register(models.Feed)
class FeedAdmin(admin.ModelAdmin):
    """Feeds, with what went wrong at the last poll: a curator fixes or retires them."""

    list_display = ["__str__", "outlet", "is_active", "last_polled_at", "last_error"]
    list_filter = ["is_active", ("last_error", admin.EmptyFieldListFilter)]
    list_select_related = ["outlet"]
    search_fields = ["url", "title", "outlet__name"]
    autocomplete_fields = ["outlet"]
    readonly_fields = ["title", "last_polled_at", "last_error", "last_error_at", "created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(models.OutletDomain)
class OutletDomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["domain", "outlet__name"]
    autocomplete_fields = ["outlet"]


@admin.register(models.SourceAlias)
class SourceAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "source"]
    list_select_related = ["source"]
    search_fields = ["name", "source__name"]
    autocomplete_fields = ["source"]


# Articles ---------------------------------------------------------------------


class ClaimInline(admin.TabularInline):
    model = models.Claim
    fields = ["quote", "statement", "kind", "status"]
    readonly_fields = ["quote"]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # a claim needs an anchor: add it from the claim form


@admin.register(models.Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = VersionCheckedForm
    list_display = ["title", "outlet", "published_on", "language", "claim_count"]
    list_filter = ["language", ("outlet", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "authors"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["outlet"]
    readonly_fields = ["version", "created_by", "created_at", "updated_at"]
    inlines = [ClaimInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, article: models.Article) -> int:
        return article.claim_count

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            super().save_model(request, obj, form, change)
            return
        corrected = obj.body if "body" in form.changed_data else None
        if corrected is not None:
            obj.body = form.initial["body"]
        super().save_model(request, obj, form, change)
        if corrected is not None:
            # A new text is a correction: keep the old as a revision, re-anchor the claims.
            report = correct_article(obj, corrected, note="Corrected in the admin", by=request.user)
            obj.refresh_from_db()
            self.message_user(
                request,
                f"Text corrected: {report.kept + report.moved + report.adjusted + report.recovered} "
                f"claims re-anchored, {report.orphaned} lost their passage.",
            )


# Claims -----------------------------------------------------------------------


class ClaimAdminForm(VersionCheckedForm):
    """Checks the anchor against the article and fills in its context."""

    class Meta:
        model = models.Claim
        fields = [
            "article", "quote", "start", "end", "statement", "kind", "refers_to",
            "status", "question", "assignee", "seen_version",
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        statuses = {self.initial.get("status"), cleaned.get("status")}
        if "status" in self.changed_data and models.ClaimStatus.PUBLISHED in statuses:
            # Publishing freezes what the public sees; only the claim's page does it.
            self.add_error(
                "status", "Publish or unpublish from the claim's page in the app, not here."
            )
        article, quote = cleaned.get("article"), cleaned.get("quote")
        start, end = cleaned.get("start"), cleaned.get("end")
        if article and quote and start is not None and end is not None:
            try:
                anchor = anchor_from_selection(article.body, quote, start, end)
            except AnchorError as error:
                raise forms.ValidationError(str(error)) from error
            cleaned.update(quote=anchor.quote, start=anchor.start, end=anchor.end)
            self.instance.prefix, self.instance.suffix = anchor.prefix, anchor.suffix
        return cleaned


class AttributionInline(admin.TabularInline):
    model = models.Attribution
    fields = ["source", "role", "mode", "position"]
    autocomplete_fields = ["source"]
    extra = 0
    show_change_link = True


class QuantityInline(admin.StackedInline):
    model = models.Quantity
    extra = 0


@admin.register(models.Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    form = ClaimAdminForm
    list_display = [
        "__str__",
        "sources",
        "article_title",
        "kind",
        "status",
        "question",
        "updated_at",
    ]
    list_filter = ["status", "kind", ("question", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article", "question"]
    search_fields = ["statement", "quote", "attributions__source__name"]
    autocomplete_fields = ["article", "question"]
    readonly_fields = ["version", "created_by", "created_at", "updated_at"]
    inlines = [AttributionInline, QuantityInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "attributions",
                    queryset=models.Attribution.objects.select_related("source"),
                )
            )
        )

    @admin.display(description="article", ordering="article__title")
    def article_title(self, claim: models.Claim) -> str:
        title = claim.article.title
        return title if len(title) <= 48 else title[:47] + "…"

    @admin.display(description="sources")
    def sources(self, claim: models.Claim) -> str:
        return ", ".join(a.source.name for a in claim.attributions.all())

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class ConduitInline(admin.TabularInline):
    model = models.Conduit
    fields = ["position", "label", "source"]
    autocomplete_fields = ["source"]
    extra = 1


@admin.register(models.Attribution)
class AttributionAdmin(admin.ModelAdmin):
    list_display = ["source", "role", "mode", "claim"]
    list_filter = ["mode"]
    list_select_related = ["source", "claim"]
    search_fields = ["source__name", "role", "claim__statement"]
    autocomplete_fields = ["claim", "source"]
    inlines = [ConduitInline]


@admin.register(models.Conduit)
class ConduitAdmin(admin.ModelAdmin):
    list_display = ["label", "source", "attribution"]
    list_select_related = ["source", "attribution__source", "attribution__claim"]
    search_fields = ["label", "source__name"]
    autocomplete_fields = ["attribution", "source"]


@admin.register(models.Quantity)
class QuantityAdmin(admin.ModelAdmin):
    list_display = ["wording", "low", "high", "qualifier", "unit", "counted", "claim"]
    list_filter = ["qualifier", "unit"]
    list_select_related = ["claim"]
    search_fields = ["wording", "counted"]
    autocomplete_fields = ["claim"]


@admin.register(models.Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "counted", "unit", "as_of", "claim_count"]
    search_fields = ["text", "counted"]
    readonly_fields = ["version", "created_by", "created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, question: models.Question) -> int:
        return question.claim_count


@admin.register(models.Link)
class LinkAdmin(admin.ModelAdmin):
    list_display = ["from_claim", "type", "to_claim", "created_by", "created_at"]
    list_filter = ["type"]
    list_select_related = ["from_claim", "to_claim", "created_by"]
    autocomplete_fields = ["from_claim", "to_claim"]
    readonly_fields = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(models.Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "claim", "author", "created_at"]
    list_select_related = ["claim", "author"]
    search_fields = ["body"]
    autocomplete_fields = ["claim"]
    readonly_fields = ["author"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


# Verdicts ---------------------------------------------------------------------


@admin.register(models.Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "value", "slug"]
    prepopulated_fields = {"slug": ["label"]}


class EvidenceInline(admin.TabularInline):
    model = models.Evidence
    extra = 1


@admin.register(models.Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ["claim", "rating", "reviewer", "reviewed_on", "published_at"]
    list_filter = ["rating", "reviewed_on"]
    list_select_related = ["claim", "rating", "reviewer"]
    autocomplete_fields = ["claim"]
    inlines = [EvidenceInline]
    # Publishing goes through the claim's page, which freezes what the public sees.
    readonly_fields = ["reviewer", "published_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.reviewer = request.user
        super().save_model(request, obj, form, change)


@admin.register(models.Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "url", "verdict"]
    list_select_related = ["verdict__claim", "verdict__rating"]
    search_fields = ["url", "title"]


@admin.register(models.ArticleRevision)
class ArticleRevisionAdmin(admin.ModelAdmin):
    """Revisions are written by corrections, never by hand."""

    list_display = ["article", "number", "note", "created_by", "created_at"]
    list_select_related = ["article", "created_by"]
    readonly_fields = ["article", "number", "body", "note", "created_by", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Publication)
class PublicationAdmin(admin.ModelAdmin):
    """What the public sees of each claim: written only by publishing, never by hand."""

    list_display = ["__str__", "number", "is_current", "first_published_at", "modified_at",
                    "published_by", "withdrawn_at"]  # fmt: skip
    list_filter = ["is_current"]
    list_select_related = ["published_by", "withdrawn_by"]
    search_fields = ["claim_uid"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
