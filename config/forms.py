"""Site-wide form rendering: every form gets an error summary and fields whose errors are tied to them.

RGAA 11.10/11.11 ask that errors be announced and linked to their field; doing it once in the renderer means
no form can forget it.
"""

from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting


class AccessibleBoundField(BoundField):
    """Adds aria-invalid and points aria-describedby at the field's error list when it has errors."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.form.is_bound and self.errors:
            attrs["aria-invalid"] = "true"
            described = [attrs.get("aria-describedby", ""), f"{self.auto_id}_errors"]
            attrs["aria-describedby"] = " ".join(part for part in described if part)
        return attrs


class EssaimFormRenderer(TemplatesSetting):
    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"
    bound_field_class = AccessibleBoundField
