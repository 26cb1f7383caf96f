"""Forms of the application pages: they read input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from applications.selectors import employers_of, open_vacancies_of
from resumes.models import Resume
from resumes.selectors import resume_list_for_owner
from vacancies.models import Vacancy


class ResumeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Resume) -> str:
        return obj.title


class VacancyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Vacancy) -> str:
        return obj.title


class ApplyForm(forms.Form):
    resume = ResumeChoiceField(
        label=_("Resume"), queryset=Resume.objects.none(), required=False,
        empty_label=_("Without a resume"),
    )
    cover_letter = forms.CharField(
        label=_("Cover letter (optional)"), required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, applicant: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        resumes = resume_list_for_owner(owner=applicant)
        self.fields["resume"].queryset = resumes
        self.fields["resume"].initial = resumes.first()


class InviteForm(forms.Form):
    employer = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=None, empty_label=None
    )
    vacancy = VacancyChoiceField(
        label=_("Vacancy"), queryset=None, required=False,
        empty_label=_("No particular vacancy"),
    )
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        employers = employers_of(user=user)
        self.fields["employer"].queryset = employers
        # Most employer accounts serve one company: no need to ask.
        if len(employers) == 1:
            self.fields["employer"].widget = forms.HiddenInput()
            self.fields["employer"].initial = employers[0].pk
        self.fields["vacancy"].queryset = open_vacancies_of(user=user)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("reject", _("Reject"))]
    )
