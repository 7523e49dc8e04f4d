"""Forms for the editors' pages. Each says what is wrong next to the field."""

import datetime as dt
import json

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Exists, OuterRef
from django.utils import dateformat, timezone

from claims import assignments, models, search, services
from claims.batches import PAGE_MAX_ADDRESSES, addresses_in
from claims.dashboard import Work, claims_worked
from claims.domain import anchoring, weburls
from claims.domain.kinds import kind_of_passage
from claims.domain.numbers import (
    ParsedQuantity,
    Qualifier,
    Unit,
    counted_after,
    find_quantities,
    parse_quantity,
)
from claims.importing import FORMATS, MAX_FILE_BYTES

NOTE_MAX_LENGTH = 10_000


class MarkClaimForm(forms.Form):
    """A passage to make into a claim.

    The browser sends the selection with its offsets in UTF-16 code units, as
    JavaScript counts; the server works in code points. An editor without a
    mouse may instead type or paste the passage, and it is looked up.
    """

    passage = forms.CharField(
        strip=False,
        max_length=5000,
        label="Passage",
        help_text="Select text in the article, or type or paste a passage from it.",
    )
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    statement = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The claim in one sentence, in your words.",
    )
    kind = forms.ChoiceField(
        choices=models.ClaimKind.choices, initial=models.ClaimKind.STATEMENT, required=False
    )
    use_figure = forms.BooleanField(required=False, initial=True, label="Use this figure")

    def __init__(self, *args, article: models.Article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.anchor: anchoring.Anchor | None = None
        self.figure: ParsedQuantity | None = None
        self.counted = ""

    def _read_figure(self) -> None:
        """The first figure in the passage, offered as the claim's quantity."""
        figures = find_quantities(self.anchor.quote)
        if figures:
            self.figure = figures[0]
            # What is counted often follows the passage: read on in the article.
            rest = self.article.body[self.anchor.start :]
            self.counted = counted_after(rest, self.figure)

    def _read_kind(self, cleaned: dict) -> None:
        """Unless the editor chose one, the kind follows the passage. The form is bound
        even when first shown, so the choice goes into its data: the select shows it."""
        if cleaned.get("kind"):
            return
        cleaned["kind"] = kind_of_passage(self.anchor.quote)
        self.data = self.data.copy()
        self.data["kind"] = cleaned["kind"]

    def clean(self):
        cleaned = super().clean()
        passage, start, end = cleaned.get("passage"), cleaned.get("start"), cleaned.get("end")
        if not passage:
            return cleaned
        body = self.article.body
        try:
            if start is not None and end is not None:
                self.anchor = anchoring.anchor_from_selection(
                    body,
                    passage,
                    anchoring.utf16_to_codepoint(body, start),
                    anchoring.utf16_to_codepoint(body, end),
                )
            else:
                self.anchor = self.find(body, passage.strip())
        except anchoring.AnchorError as error:
            self.add_error("passage", str(error))
        else:
            self._read_figure()
            self._read_kind(cleaned)
        return cleaned

    @staticmethod
    def find(body: str, passage: str) -> anchoring.Anchor:
        """The passage typed by hand, found in the text if it is there exactly once."""
        if not passage:
            raise anchoring.AnchorError("The passage is empty.")
        count = body.count(passage)
        if count == 0:
            raise anchoring.AnchorError(
                "This passage is not in the article. Check it letter for letter, or select it in the text."
            )
        if count > 1:
            raise anchoring.AnchorError(
                f"This passage appears {count} times in the article. "
                "Select the one you mean in the text, or type a longer passage."
            )
        start = body.index(passage)
        return anchoring.describe(body, start, start + len(passage))


class ClaimDetailsForm(forms.Form):
    """The claim's own fields and its figure, saved together.

    `base` carries the values the editor started from, so that a save can be
    merged with whatever another editor saved in the meantime.
    """

    statement = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The claim restated in one sentence.",
    )
    kind = forms.ChoiceField(choices=models.ClaimKind.choices)
    refers_to = forms.DateField(
        required=False,
        label="Refers to",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The date the claim is about.",
    )
    wording = forms.CharField(
        required=False,
        max_length=200,
        label="Figure as written",
        help_text="“1,500 or 12,000”. The bounds are read from it when you leave them empty.",
    )
    low = forms.DecimalField(required=False, max_digits=30, decimal_places=6, label="Low")
    high = forms.DecimalField(required=False, max_digits=30, decimal_places=6, label="High")
    qualifier = forms.ChoiceField(
        required=False, choices=[("", "—"), *((q.value, q.label) for q in Qualifier)]
    )
    unit = forms.ChoiceField(choices=[(u.value, u.label) for u in Unit], initial=Unit.COUNT)
    counted = forms.CharField(required=False, max_length=200, label="What is counted")
    base = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, claim: models.Claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.claim = claim
        if not self.is_bound:
            stored = services.claim_values(claim)
            self.initial.update(
                {name: stored[name] for name in services.CLAIM_FIELDS},
                **{name: stored[f"quantity_{name}"] for name in ("wording", "low", "high",
                                                               "qualifier", "unit", "counted")},
            )  # fmt: skip
            self.initial["unit"] = self.initial["unit"] or Unit.COUNT.value
            self.initial["base"] = json.dumps(stored)

    def base_values(self) -> dict[str, str]:
        try:
            base = json.loads(self.cleaned_data.get("base") or "{}")
        except ValueError:
            base = {}
        return base if isinstance(base, dict) else {}

    def clean(self):
        cleaned = super().clean()
        low, high, wording = cleaned.get("low"), cleaned.get("high"), cleaned.get("wording")
        cleaned["precision"] = None
        if wording and low is None and high is None:
            parsed = parse_quantity(wording)
            if parsed is None:
                self.add_error("wording", "No figure could be read from this; give the bounds.")
                return cleaned
            cleaned.update(
                low=parsed.low, high=parsed.high, qualifier=parsed.qualifier.value,
                unit=parsed.unit.value, precision=parsed.precision,
            )  # fmt: skip
        elif low is not None or high is not None:
            if not cleaned.get("qualifier"):
                cleaned["qualifier"] = Qualifier.EXACT if low == high else Qualifier.BETWEEN
            if low is not None and high is not None and low > high:
                self.add_error("high", "The high bound must not be below the low one.")
        return cleaned

    def values(self) -> dict[str, str]:
        """What this editor wants, spelled as services.claim_values spells it."""
        data = self.cleaned_data
        has_figure = data.get("low") is not None or data.get("high") is not None
        values = {name: services.text_of(data.get(name)) for name in services.CLAIM_FIELDS}
        for name in services.QUANTITY_FIELDS:
            values[f"quantity_{name}"] = services.text_of(data.get(name)) if has_figure else ""
        if not has_figure:
            # Without a figure the stored precision is kept only if the figure is.
            values["quantity_precision"] = ""
        elif data.get("precision") is None:
            values["quantity_precision"] = self.base_values().get("quantity_precision", "")
        return values

    def show_conflicts(self, stale: "services.StaleEdit") -> None:
        """Keep what the editor typed, say what the other editor saved, and
        take the stored values as the new base so that saving again overwrites."""
        labels = {"quantity_" + name: name for name in services.QUANTITY_FIELDS}
        for field, theirs in stale.conflicts.items():
            name = labels.get(field, field)
            if name not in self.fields:
                name = "wording"
            shown = theirs or "(empty)"
            self.add_error(
                name,
                f"Someone else saved “{shown}” here since you opened the claim. "
                "Your text is kept: save again to keep yours, or take theirs.",
            )
        data = self.data.copy()
        data["base"] = json.dumps(stale.current)
        self.data = data


class AttributionForm(forms.Form):
    role = forms.CharField(
        required=False,
        max_length=300,
        help_text="The role the source spoke in: “German Defense Minister”.",
    )
    mode = forms.ChoiceField(
        choices=models.AttributionMode.choices, initial=models.AttributionMode.PARAPHRASE
    )
    source = forms.ModelChoiceField(
        queryset=models.Source.objects.all(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "That source no longer exists; search again."},
    )
    new_source_name = forms.CharField(required=False, max_length=200, label="New source")
    new_source_kind = forms.ChoiceField(
        required=False, choices=models.SourceKind.choices, initial=models.SourceKind.PERSON
    )

    # What the search box held when the form was sent: a source is created
    # under the name the editor sees in the box, never under an older one.
    q = forms.CharField(required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        new_name = (cleaned.get("new_source_name") or "").strip()
        if not cleaned.get("source") and not new_name:
            self.add_error("source", "Choose a source from the search, or create a new one.")
        typed = " ".join((cleaned.get("q") or "").split())
        if not cleaned.get("source") and new_name and typed and typed != " ".join(new_name.split()):
            self.add_error(
                "new_source_name",
                f"The choices shown were for “{new_name}”, but the box now says “{typed}”. "
                "Nothing was created: choose again from the matches for what you typed.",
            )
        return cleaned


class AttributionChangeForm(forms.ModelForm):
    class Meta:
        model = models.Attribution
        fields = ["role", "mode"]


class ConduitForm(forms.Form):
    label = forms.CharField(
        max_length=300,
        help_text="As the article puts it: “told The War Zone”, “Axios, quoting”.",
    )
    source = forms.ModelChoiceField(
        queryset=models.Source.objects.all(), required=False, widget=forms.HiddenInput
    )


class NoteForm(forms.ModelForm):
    class Meta:
        model = models.Note
        fields = ["body"]
        labels = {"body": "Add a note"}
        error_messages = {"body": {"required": "Write something first."}}
        widgets = {"body": forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX_LENGTH})}

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError("Write something first.")
        if len(body) > NOTE_MAX_LENGTH:
            raise ValidationError(f"Keep a note under {NOTE_MAX_LENGTH:,} characters.")
        return body


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=models.ClaimStatus.choices)


def _evidence_urls(text: str) -> list[str]:
    validate = URLValidator(schemes=["http", "https"])
    urls, bad = [], []
    for line in text.splitlines():
        url = line.strip()
        if not url:
            continue
        try:
            # Stored in normal form, so that links compare and show as they should.
            url = weburls.normalise(url)
            validate(url)
        except (ValidationError, weburls.NotAWebAddress):
            bad.append(url)
        else:
            if url not in urls:
                urls.append(url)
    if bad:
        raise ValidationError(
            "Not a web address: %(bad)s. Give one http(s) link per line.",
            params={"bad": ", ".join(bad[:3])},
        )
    return urls


class VerdictForm(forms.ModelForm):
    evidence = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Evidence links",
        help_text="One web address per line.",
    )

    class Meta:
        model = models.Verdict
        fields = ["rating", "reasoning"]
        widgets = {"reasoning": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].empty_label = "Choose a rating"
        if self.instance.pk and not self.is_bound:
            self.initial["evidence"] = "\n".join(e.url for e in self.instance.evidence.all())

    def clean_evidence(self) -> list[str]:
        return _evidence_urls(self.cleaned_data["evidence"])


class LinkForm(forms.Form):
    type = forms.ChoiceField(choices=models.LinkType.choices, label="This claim")
    to_claim = forms.ModelChoiceField(
        queryset=models.Claim.objects.all(),
        widget=forms.HiddenInput,
        error_messages={
            "required": "Find the other claim and pick it from the list.",
            "invalid_choice": "That claim no longer exists.",
        },
    )
    reason = forms.CharField(required=False, max_length=1000)


class QuestionForm(forms.Form):
    question = forms.ModelChoiceField(
        queryset=models.Question.objects.all(), required=False, widget=forms.HiddenInput
    )
    new_text = forms.CharField(required=False, max_length=300, label="New question")
    new_counted = forms.CharField(required=False, max_length=200, label="What is counted")

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("new_text") or "").strip()
        cleaned["new_text"] = text
        if text and models.Question.objects.filter(text__iexact=text).exists():
            self.add_error("new_text", "This question exists already: pick it from the list.")
        return cleaned


def outlet_filter() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        # Only what the options show: a newsroom follows a hundred outlets or more.
        queryset=models.Source.objects.filter(kind=models.SourceKind.OUTLET).only("pk", "name"),
        required=False,
        empty_label="Any outlet",
    )


class ArticleFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Title or address")
    outlet = outlet_filter()
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def apply(self, articles):
        data = self.cleaned_data
        if data["q"]:
            articles = articles.filter(
                models.Q(title__icontains=data["q"]) | models.Q(url__icontains=data["q"])
            )
        if data["outlet"]:
            articles = articles.filter(outlet=data["outlet"])
        if data["since"]:
            articles = articles.filter(published_on__gte=data["since"])
        if data["until"]:
            articles = articles.filter(published_on__lte=data["until"])
        return articles


def _people_to_filter_by() -> list[tuple[str, str]]:
    """The queue's named assignees: "@username", by name."""
    return [(f"@{user.username}", label) for user, label in assignments.people_to_filter_by()]


class QueueFilterForm(forms.Form):
    ASSIGNED = [
        ("", "Anyone or no one"),
        ("me", "Assigned to me"),
        ("anyone", "Assigned to someone"),
        ("nobody", "Unassigned"),
    ]
    # Each order ends with the primary key, for keyset pagination; claims
    # nobody holds come last in the assignment orders.
    ORDERINGS = {
        "": ["-updated_at", "-id"],
        "assigned_newest": ["-assigned_at", "-id"],
        "assigned_oldest": ["assigned_at", "id"],
    }
    SORTS = [
        ("", "Recently changed first"),
        ("assigned_newest", "Assigned most recently first"),
        ("assigned_oldest", "Assigned longest ago first"),
    ]

    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *models.ClaimStatus.choices]
    )
    q = forms.CharField(required=False, max_length=200, label="Text")
    source = forms.CharField(required=False, max_length=200, label="Source")
    outlet = outlet_filter()
    question = forms.CharField(
        required=False,
        max_length=300,
        label="Question",
        help_text="Words of the question, or its number.",
    )
    article = forms.ModelChoiceField(
        queryset=models.Article.objects.all(), required=False, widget=forms.HiddenInput
    )
    assigned = forms.ChoiceField(
        required=False,
        choices=lambda: [*QueueFilterForm.ASSIGNED, ("People", _people_to_filter_by())],
        label="Assigned",
    )
    open = forms.BooleanField(required=False, label="Not published yet")
    sort = forms.ChoiceField(required=False, choices=SORTS, label="Order")

    # Work done, as the dashboard's figures link here: claims assigned to, rated
    # or published by someone (a username), since a day.
    done = forms.ChoiceField(
        required=False, choices=[("", "Any work"), *Work.choices], widget=forms.HiddenInput
    )
    by = forms.CharField(required=False, max_length=150, widget=forms.HiddenInput)
    since = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.person = None

    def clean_assigned(self) -> str:
        value = self.cleaned_data["assigned"]
        # The person "@username" stands for; anyone who ever held a claim may be named.
        self.person = None
        if value.startswith("@"):
            self.person = User.objects.filter(username=value[1:]).first()
            if self.person is None:
                raise ValidationError("Nobody has that name.")
        return value

    def ordering(self) -> list[str]:
        return self.ORDERINGS[self.cleaned_data.get("sort") or ""]

    def apply(self, claims, *, skip_status: bool = False):
        data = self.cleaned_data
        if data["status"] and not skip_status:
            claims = claims.filter(status=data["status"])
        if data["q"]:
            claims = claims.filter(pk__in=search.matching_claims(data["q"]).values("pk"))
        if data["source"]:
            value = data["source"].strip()
            number = models.record_id(value)
            if number is not None:
                sources = models.Source.objects.filter(pk=number)
            else:
                sources = search.matching_sources(value)
            # Exists, not a join: a claim with two matching sources is listed once
            # and the page needs no DISTINCT.
            claims = claims.filter(
                Exists(
                    models.Attribution.objects.filter(
                        claim=OuterRef("pk"), source__in=sources.values("pk")
                    )
                )
            )
        if data["outlet"]:
            claims = claims.filter(article__outlet=data["outlet"])
        if data["question"]:
            value = data["question"].strip()
            number = models.record_id(value)
            if number is not None:
                claims = claims.filter(question_id=number)
            else:
                claims = claims.filter(question__text__icontains=value)
        if data["article"]:
            claims = claims.filter(article=data["article"])
        if data["assigned"] == "me":
            claims = claims.filter(assignee=self.user)
        elif data["assigned"] == "nobody":
            claims = claims.filter(assignee__isnull=True)
        elif data["assigned"] == "anyone":
            claims = claims.filter(assignee__isnull=False)
        elif self.person is not None:
            claims = claims.filter(assignee=self.person)
        if data["open"]:
            claims = claims.exclude(status=models.ClaimStatus.PUBLISHED)
        if data["done"]:
            claims = claims_worked(claims, data["done"], by=data["by"], since=self.work_since())
        return claims

    def clean_by(self):
        username = self.cleaned_data["by"].strip()
        if not username:
            return None
        person = get_user_model().objects.filter(username=username).first()
        if person is None:
            raise ValidationError("Nobody has that name.")
        return person

    def work_since(self) -> dt.datetime | None:
        since = self.cleaned_data.get("since")
        return timezone.make_aware(dt.datetime.combine(since, dt.time.min)) if since else None

    def work_notice(self) -> str:
        """The work filter in words: "Rated by Eddie Editor since Monday 7 December"."""
        data = getattr(self, "cleaned_data", {})
        if not data.get("done"):
            return ""
        words = {
            Work.ASSIGNED: "Assigned to",
            Work.RATED: "Rated by",
            Work.PUBLISHED: "Published by",
        }
        by = data.get("by")
        notice = f"{words[data['done']]} {(by.get_full_name() or by.username) if by else 'anyone'}"
        if data.get("since"):
            notice += " since " + dateformat.format(data["since"], "l j F")
        return notice


class ConflictDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", "Confirm"), ("dismiss", "Dismiss"), ("reopen", "Reopen")]
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        label="Why",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, as Django's documentation shows."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ImportForm(forms.Form):
    files = MultipleFileField(
        required=False,
        label="Files",
        help_text="Plain text, web pages saved from news sites (.html), ClaimReview (.json). "
        f"Up to {MAX_FILE_BYTES // 1_048_576} MB each, "
        f"{settings.MAX_REQUEST_BYTES // 1_048_576} MB in all.",
    )
    text = forms.CharField(
        required=False,
        strip=False,
        max_length=MAX_FILE_BYTES,
        label="Or paste an article",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="The title on the first line, then the article. "
        "Several articles: separate them with two blank lines.",
    )
    kind = forms.ChoiceField(choices=list(FORMATS.items()), label="Format", initial="auto")
    outlet = forms.ModelChoiceField(
        queryset=models.Source.objects.filter(kind=models.SourceKind.OUTLET).order_by("name"),
        required=False,
        empty_label="Choose an outlet",
        help_text="For articles whose file does not name their outlet.",
    )
    new_outlet = forms.CharField(required=False, max_length=200, label="Or a new outlet")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("files") and not (cleaned.get("text") or "").strip():
            raise ValidationError("Choose files to import, or paste an article.")
        return cleaned


class AddressesForm(forms.Form):
    """Addresses to bring in, worked in the background as one batch."""

    addresses = forms.CharField(
        strip=False,
        max_length=PAGE_MAX_ADDRESSES * 2100,
        label="Web addresses",
        widget=forms.Textarea(
            attrs={"rows": 6, "spellcheck": "false", "placeholder": "https://…\nhttps://…"}
        ),
        help_text=f"One or many web addresses of articles, one per line; up to "
        f"{PAGE_MAX_ADDRESSES} at a time. They are fetched in the background: you may leave "
        "the page and come back.",
    )
    outlet = forms.ModelChoiceField(
        queryset=models.Source.objects.filter(kind=models.SourceKind.OUTLET).order_by("name"),
        required=False,
        label="Outlet of sites not known yet",
        empty_label="Find out from each page",
        help_text="Pages from a site no outlet is known by are given this outlet.",
    )

    def clean_addresses(self) -> list[str]:
        addresses = addresses_in(self.cleaned_data["addresses"])
        if not addresses:
            raise ValidationError("Paste at least one web address.")
        if len(addresses) > PAGE_MAX_ADDRESSES:
            raise ValidationError(
                f"That is {len(addresses):,} addresses; one batch takes at most "
                f"{PAGE_MAX_ADDRESSES}. Split them, or ask an administrator to run "
                "`python manage.py import_articles`, which takes any number."
            )
        return addresses


class CorrectionForm(forms.Form):
    body = forms.CharField(
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        label="Corrected text",
        help_text="The article as it now stands. Claims are moved to their passages in it; "
        "a claim whose passage is gone is listed for editors, never dropped.",
    )
    note = forms.CharField(
        max_length=500, label="What was corrected", help_text="Shown with the revision."
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].replace("\r\n", "\n")
        if not body.strip():
            raise ValidationError("The text cannot be empty.")
        if "\x00" in body:
            raise ValidationError("The text holds a NUL character, which no article has.")
        return body


class ReanchorForm(forms.Form):
    passage = forms.CharField(strip=False, max_length=5000, label="Passage in the current text")


class PublishUpdateForm(forms.Form):
    correction_note = forms.CharField(
        required=False,
        max_length=2000,
        label="Correction note (optional, shown on the public page)",
        error_messages={"max_length": "Keep the correction note under 2000 characters."},
    )


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        max_length=2000,
        label="Why take the public page down? (required, kept with the claim)",
        error_messages={"required": "Say why the fact check is taken down: the reason is kept."},
    )
