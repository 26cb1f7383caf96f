from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        # Django itself creates permissions after each migrate; refreshing the
        # role groups at the same moment gives them the permissions of models
        # that apps add later, as Django's own permission hook does.
        post_migrate.connect(_refresh_role_groups, sender=self)


def _refresh_role_groups(sender: AppConfig, using: str, **kwargs: object) -> None:
    from accounts.services import role_groups_sync

    role_groups_sync(using=using)
