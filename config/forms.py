"""Site-wide form rendering: every form gets an error summary, fields whose errors are tied to them, and ISO dates.

RGAA 11.10/11.11 ask that errors be announced and linked to their field. Django 5.2 already marks an invalid
widget with ``aria-invalid`` and points its ``aria-describedby`` at ``<id>_error``; our field template
renders the error list under that id, and the form template adds the summary with links to the fields.

A browser reads only ISO values in ``<input type="date">`` and ``type="datetime-local"``, whatever the page's
language, while Django formats a date widget in the active language (« 06/12/2026 » in French, which the browser
shows as an empty field). The renderer's bound field gives every such widget of every form the ISO format, so
no form has to remember it.
"""

import copy

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import DateTimeBaseInput

# The value format the HTML standard requires for each date-like input type.
ISO_FORMATS = {
    "date": "%Y-%m-%d",
    "datetime-local": "%Y-%m-%dT%H:%M",
    "time": "%H:%M",
    "month": "%Y-%m",
}


def iso_widget(widget: forms.Widget) -> forms.Widget:
    """``widget``, or a copy formatting its value as its HTML input type requires when that is a date type."""
    if isinstance(widget, forms.MultiWidget):
        widgets = [iso_widget(w) for w in widget.widgets]
        if all(new is old for new, old in zip(widgets, widget.widgets, strict=True)):
            return widget
        widget = copy.copy(widget)
        widget.widgets = widgets
        return widget
    if not isinstance(widget, DateTimeBaseInput):
        return widget
    iso = ISO_FORMATS.get(widget.attrs.get("type", widget.input_type))
    if iso is None or widget.format == iso:
        return widget
    widget = copy.copy(widget)
    widget.format = iso
    return widget


class EssaimBoundField(BoundField):
    def as_widget(self, widget=None, attrs=None, only_initial=False):
        return super().as_widget(iso_widget(widget or self.field.widget), attrs, only_initial)


class EssaimFormRenderer(TemplatesSetting):
    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"
    bound_field_class = EssaimBoundField
