"""The audit trail of changes to users, roles, vacancies and the calendar.

django-auditlog stores each change with its before and after values and the
person who made it (Rules 4.2; paragraph 4.6 audits the system's state).
Models of other rooms are named by label, not imported: security sits below
them and must not depend on their code.
"""

from django.apps import apps

# label: (fields left out, many-to-many fields followed)
AUDITED = {
    "accounts.User": (["password", "last_login"], ["groups", "user_permissions"]),
    "auth.Group": ([], ["permissions"]),
    "vacancies.Vacancy": ([], []),
    "workdays.CalendarDay": ([], []),
}


def audit_register() -> None:
    from auditlog.registry import auditlog

    for label, (excluded, many) in AUDITED.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=excluded, m2m_fields=set(many))


def audit_pause_for_migrations() -> None:
    """Record nothing while migrations run.

    Data migrations (the role groups of accounts) change audited models
    before the audit trail's own table exists; they are not staff changes.
    """
    from django.db.models.signals import post_migrate, pre_migrate

    pre_migrate.connect(_pause, dispatch_uid="security.audit_pause")
    post_migrate.connect(_resume, dispatch_uid="security.audit_resume")


def _pause(**kwargs: object) -> None:
    from auditlog.context import auditlog_disabled

    auditlog_disabled.set(True)


def _resume(**kwargs: object) -> None:
    from auditlog.context import auditlog_disabled

    auditlog_disabled.set(False)
