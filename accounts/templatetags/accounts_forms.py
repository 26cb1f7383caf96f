"""Template filters for the forms of every app (templates/accounts/form_errors.html)."""

from django import forms, template
from django.forms.forms import NON_FIELD_ERRORS

register = template.Library()


@register.filter
def field_error_count(form: forms.BaseForm) -> int:
    """Count the refusals shown beside fields, not those above the form.

    The summary says "below" only of these; an error of the whole form (a
    wrong password at sign-in) is shown in the summary itself.
    """
    return sum(
        len(errors) for name, errors in form.errors.items()
        if name != NON_FIELD_ERRORS
    )
