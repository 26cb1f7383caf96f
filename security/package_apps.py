"""Translated names for the security packages whose models staff see in the admin.

django-otp's device apps and django-axes name themselves in English only, so
the Kazakh and Russian admin would show "Otp_Totp" or "Axes"; these configs
keep each package's behaviour and give it a name in the reader's language.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpConfig


class TotpDevicesConfig(TotpConfig):
    verbose_name = _("Authenticator apps (TOTP)")


class RecoveryCodesConfig(StaticConfig):
    verbose_name = _("Recovery codes")


class SignInAttemptsConfig(AxesAppConfig):
    verbose_name = _("Sign-in attempts and lockouts")
