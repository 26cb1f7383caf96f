"""Forms of the feedback desk: shapes of input only; the rules are services'."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from helpdesk import selectors
from helpdesk.models import Status, Topic
from incidents.models import Function, Severity

OTHER = "other"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files of one <input type=file multiple>."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, (list, tuple)) else [data]
        return [item for item in files if item]


class FeedbackForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"), max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"), max_length=254,
        help_text=_("The answer and a link to follow your request come here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # The label already says "optional"; the help only shows the format.
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False,
        help_text=_("Enter a phone number, for example +7 701 123 45 67."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    topic = forms.ChoiceField(label=_("Topic"))
    text = forms.CharField(
        label=_("Your message"), max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    attachments = MultipleFileField(
        label=_("Files"), required=False,
        help_text=_("PDF, PNG, JPEG, DOCX, XLSX, ODT or TXT."),
    )
    # The honeypot: hidden from people and from screen readers; a program
    # that fills every field fills this one too.
    website = forms.CharField(
        label=_("Leave this field empty"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._topics = {str(topic.pk): topic for topic in selectors.topics_offered()}
        self.fields["topic"].choices = [
            ("", _("Choose a topic")),
            *[(key, topic.name()) for key, topic in self._topics.items()],
            (OTHER, _("Other")),
        ]
        self.fields["attachments"].widget.attrs.update({
            "accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt,.txt",
        })

    def clean_topic(self) -> Topic | None:
        value = self.cleaned_data["topic"]
        return None if value == OTHER else self._topics[value]


class FollowUpForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"), max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = MultipleFileField(
        label=_("Files"), required=False,
        help_text=_("PDF, PNG, JPEG, DOCX, XLSX, ODT or TXT."),
    )


def _with_any(
    choices: list[tuple[str, Any]], label: Any = None
) -> list[tuple[str, Any]]:
    return [("", label or _("Any")), *choices]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    due = forms.ChoiceField(
        label=_("Term"), required=False,
        choices=_with_any([
            (selectors.DUE_TODAY, _("Due today")),
            (selectors.DUE_SOON, _("Due within one working day")),
            (selectors.OVERDUE, _("Overdue")),
        ]),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _with_any(
            [*Status.choices, (selectors.ALL_STATUSES, _("All"))],
            _("Waiting for an answer"),
        )
        self.fields["topic"].choices = _with_any([
            *[(str(topic.pk), topic.name()) for topic in Topic.objects.all()],
            (selectors.OTHER_TOPIC, _("Other")),
        ])
        self.fields["assignee"].choices = _with_any([
            (selectors.ASSIGNED_TO_ME, _("Me")),
            (selectors.UNASSIGNED, _("Nobody")),
            *[(str(user.pk), user.email) for user in selectors.desk_staff()],
        ])


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assignee"), queryset=selectors.desk_staff(), required=False,
        empty_label=_("Nobody"),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"), max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only staff see notes."),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Answer"), max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Emailed to the requester and shown on their private page."),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False,
        help_text=_("Required when the request has no answer."),
    )


class IncidentOpenForm(forms.Form):
    title = forms.CharField(label=_("Incident title"), max_length=200, required=False)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Severity.choices, initial=Severity.MEDIUM
    )
    function = forms.ChoiceField(
        label=_("Affected function"), choices=Function.choices,
        initial=Function.OTHER,
    )


class IncidentLinkForm(forms.Form):
    number = forms.CharField(
        label=_("Incident number"), max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "INC-2026-000001"}),
    )


class MonthForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12)
