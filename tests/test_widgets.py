"""claims.widgets writes selects exactly as Django's templates do, only faster."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from claims import models
from claims.factories import SourceFactory
from claims.forms import QueueFilterForm
from claims.widgets import FormRenderer


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("a", "A"), ("b", "B & <b>")], initial="b")
    empty = forms.ChoiceField(choices=[("", "---"), ("x", 'Say "x"')], required=False)
    grouped = forms.ChoiceField(
        choices=[("Europe", [("de", "Germany"), ("fr", "France")]), ("us", "United States")],
        initial="fr",
    )
    several = forms.MultipleChoiceField(choices=[(1, "one"), (2, "two"), (3, "three")])
    numbers = forms.TypedChoiceField(choices=[(1, 1), (2, mark_safe("<i>two</i>"))], coerce=int)
    flagged = forms.ChoiceField(
        choices=[("a", "A")],
        widget=forms.Select(attrs={"disabled": True, "hidden": False, "data-x": '"><script>'}),
        help_text="With help, so Django adds aria-describedby.",
    )


@pytest.mark.parametrize("data", [None, {"plain": "a", "several": ["1", "3"], "numbers": "2"}])
def test_selects_are_written_as_djangos_templates_write_them(data):
    ours = Everything(data, renderer=FormRenderer())
    django = Everything(data, renderer=DjangoTemplates())
    for name in ours.fields:
        assert str(ours[name]) == str(django[name]), name
    assert "&lt;b&gt;" in str(ours["plain"]) and "<script>" not in str(ours["flagged"])


@pytest.mark.django_db
def test_a_model_choice_select_matches_too_and_is_the_apps_renderer(editor):
    for name in ("Reuters", "Le Monde <Paris>", "Asharq Al-Awsat"):
        SourceFactory(name=name, kind=models.SourceKind.OUTLET)
    outlet = models.Source.objects.get(name="Reuters")
    data = {"outlet": str(outlet.pk), "status": "new"}
    ours = QueueFilterForm(data, user=editor)
    django = QueueFilterForm(data, user=editor, renderer=DjangoTemplates())
    assert isinstance(ours.renderer, FormRenderer)
    for name in ("outlet", "status", "assigned"):
        assert str(ours[name]) == str(django[name]), name
    assert f'<option value="{outlet.pk}" selected>Reuters</option>' in str(ours["outlet"])
