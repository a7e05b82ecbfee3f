"""Site-wide form rendering: every form gets an error summary and fields whose errors are tied to them.

RGAA 11.10/11.11 ask that errors be announced and linked to their field. Django 5.2 already marks an invalid
widget with ``aria-invalid`` and points its ``aria-describedby`` at ``<id>_error``; our field template
renders the error list under that id, and the form template adds the summary with links to the fields.
"""

from django.forms.renderers import TemplatesSetting


class EssaimFormRenderer(TemplatesSetting):
    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"
