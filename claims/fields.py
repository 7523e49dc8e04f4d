"""A web address field: http or https only, stored in normal form (see
claims.domain.weburls), in the models, their admin forms and any ModelForm."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from claims.domain.weburls import NotAWebAddress, normalise


def validate_web_url(value: str) -> None:
    """Refuse what is not an http(s) address, or not in normal form."""
    if not value:
        return
    try:
        normal = normalise(value)
    except NotAWebAddress as error:
        raise ValidationError(str(error), code="invalid") from error
    if normal != value:
        raise ValidationError(f"Write this address as {normal}.", code="invalid")


class WebURLFormField(forms.URLField):
    """Normalises what was typed before checking it, so an editor is not
    refused for a space or a capital letter the app can put right."""

    default_validators = [validate_web_url]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            return normalise(value)
        except NotAWebAddress as error:
            raise ValidationError(str(error), code="invalid") from error


class WebURLField(models.URLField):
    default_validators = [validate_web_url]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WebURLFormField, **kwargs})
