"""Form rendering: Django's, with select boxes written in Python.

Django renders each option of a select through two template includes. A
filter listing a newsroom's hundred outlets then cost some 40 ms a page,
more than the rest of the page. The markup here is character for character
what Django's templates give (tests/test_widgets.py compares them).
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: False leaves an attribute out, True writes its name alone."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            parts.append(f'="{conditional_escape(str(value))}"')
    return "".join(parts)


def render_select(widget: dict) -> SafeString:
    """django/forms/widgets/select.html and select_option.html, in Python."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )  # the option template's file ends in a newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


class FormRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: selects in Python, everything else as Django does."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name == SELECT and all(
            option["template_name"] == OPTION
            for _, group_choices, _ in widget["optgroups"]
            for option in group_choices
        ):
            return render_select(widget)
        return super().render(template_name, context, request)
