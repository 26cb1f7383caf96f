"""Settings for every environment, read from the environment.

A fresh checkout runs with safe defaults on the embedded SQLite database; a
production deployment sets DATABASE_URL, REDIS_URL, SECRET_KEY (or
SECRET_KEY_FILE) and DEBUG=false. Nothing here exists only in production.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
# SQLite files and the task queue live here; they cannot be created in a missing folder.
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# The default key only serves a local checkout; production sets SECRET_KEY_FILE.
SECRET_KEY = env_str("SECRET_KEY", "insecure-local-key-set-SECRET_KEY-in-production")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "huey.contrib.djhuey",
    # security: staff 2FA, sign-in throttling, audit trail, CSP checks
    "django_otp",
    "security.package_apps.TotpDevicesConfig",
    "security.package_apps.RecoveryCodesConfig",
    "security.package_apps.SignInAttemptsConfig",
    "auditlog",
    "csp",
    # ground
    "core",
    "classifiers",
    "workdays",
    # identity
    "accounts",
    "incidents",
    "security",
    # features
    "employers",
    "vacancies",
    "resumes",
    "applications",
    "content",
    "helpdesk",
    "operations",
    # interfaces
    "api",
    "config.apps.PortalConfig",
]

MIDDLEWARE = [
    # operations: first, so that every log line and the metrics of a request
    # include everything below (an id per request; counts and durations).
    "operations.requestid.RequestIdMiddleware",
    "operations.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # security: the second factor of staff, idle staff sessions, the
    # audit trail's actor and address (Rules 4.2).
    "django_otp.middleware.OTPMiddleware",
    "security.middleware.StaffGuardMiddleware",
    "security.middleware.TrustedProxyAuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # accounts: a form sent after its session ended is shown back, not lost.
    "accounts.signed_out_forms.SignedOutFormMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers locked-out sign-ins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.language_links",
                "content.context_processors.notice",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:cabinet"
LOGOUT_REDIRECT_URL = "home"
# A mailed link to set a new password works once, for 24 hours (the email and
# the pages of accounts say so: change them together).
PASSWORD_RESET_TIMEOUT = 24 * 3600
# Requests for that link per client address, and per email typed.
PASSWORD_RESET_RATE_LIMIT = env_str("PASSWORD_RESET_RATE_LIMIT", "5/h")
# Wrong current passwords on the cabinet's change form, per user; beyond it the
# form is locked until the window ends (someone at an unattended session).
PASSWORD_CHANGE_RATE_LIMIT = env_str("PASSWORD_CHANGE_RATE_LIMIT", "5/15m")
# django-axes first: it refuses sign-ins of a locked username+address pair.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": (
            "django.contrib.auth.password_validation."
            "UserAttributeSimilarityValidator"
        ),
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Kazakh is the state language: the default, and complete on its own.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Almaty"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@enbek.example.kz")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool(
    "SECURE_COOKIES", not DEBUG and env_bool("HTTPS", False)
)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# security: HTTPS everywhere once the site is served over HTTPS (HTTPS=true);
# behind a TLS-terminating proxy, SECURE_PROXY_SSL_HEADER=true trusts its
# X-Forwarded-Proto (only trusted proxies can reach the server then).
_HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _HTTPS)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Probes and Prometheus speak plain HTTP inside the host.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
# Staff sessions end after this idle time (security.middleware).
SECURITY_STAFF_SESSION_SECONDS = env_int("SECURITY_STAFF_SESSION_SECONDS", 1800)
# A Content Security Policy without inline scripts or styles: every script and
# stylesheet comes from the portal itself (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Refused cross-site requests enter the security journal (malicious_csrf).
CSRF_FAILURE_VIEW = "security.views.csrf_failure"
# Staff pass a TOTP check before the admin (django-otp); tests turn it off.
SECURITY_REQUIRE_2FA = env_bool("SECURITY_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Enbek")
# django-axes: a username is locked only from the address that failed, so
# an attacker cannot lock everybody out from a shared address, nor one
# person out from everywhere. The address follows core.clientaddr.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.clientaddr.client_address"
AXES_USERNAME_CALLABLE = "security.throttling.login_of_request"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
# django-auditlog: the address comes from the trusted-proxy rule instead.
AUDITLOG_DISABLE_REMOTE_ADDR = False

# One cache shared by every web worker and the task worker (rate limits and
# counters must not be per process): Redis in production, a database table
# (`createcachetable`, run by `make run`) on a single machine.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }

# Background work: Huey on SQLite for a single machine, on Redis in production.
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "labor-exchange",
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": env_int("WORKER_THREADS", 2), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "labor-exchange",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": env_int("WORKER_THREADS", 2), "worker_type": "thread"},
    }

# End of the administrator's working day: the three-working-day term of a
# feedback request (Rules, paragraph 7) ends at this local time.
WORKDAY_END = env_str("WORKDAY_END", "18:00")

# helpdesk (Rules, paragraph 7): limits of attachments, the rate limit of the
# form, who hears of requests about to miss the term. Each value is checked by
# its reader in helpdesk/conf.py; docs/helpdesk.md lists them.
HELPDESK_MAX_FILE_SIZE = env_int("HELPDESK_MAX_FILE_SIZE", 10 * 1024 * 1024)
HELPDESK_MAX_REQUEST_SIZE = env_int("HELPDESK_MAX_REQUEST_SIZE", 25 * 1024 * 1024)
HELPDESK_MAX_FILES = env_int("HELPDESK_MAX_FILES", 10)
HELPDESK_ATTACHMENTS_ROOT = env_str("HELPDESK_ATTACHMENTS_ROOT", "")
HELPDESK_RATE_LIMIT = env_str("HELPDESK_RATE_LIMIT", "3/5m")
HELPDESK_LEAD_EMAILS = env_list("HELPDESK_LEAD_EMAILS", [])
HELPDESK_WORKDAY_START = env_str("HELPDESK_WORKDAY_START", "09:00")
# Reverse proxies whose X-Forwarded-For is believed (core/clientaddr.py):
# addresses or networks, e.g. "10.0.0.0/8,127.0.0.1". Empty: none.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])

# security (Rules 4.2 and 4.7): the event journal and its SOC link; see
# docs/security.md. Forwarding is off until SECURITY_SOC_HOST is set.
SECURITY_JOURNAL_RETENTION_DAYS = env_int("SECURITY_JOURNAL_RETENTION_DAYS", 1096)
SECURITY_PII_KEY = env_str("SECURITY_PII_KEY", "")
SECURITY_SOC_HOST = env_str("SECURITY_SOC_HOST", "")
SECURITY_SOC_TLS = env_bool("SECURITY_SOC_TLS", True)
SECURITY_SOC_PORT = env_int("SECURITY_SOC_PORT", 6514 if SECURITY_SOC_TLS else 601)
SECURITY_SOC_FORMAT = env_str("SECURITY_SOC_FORMAT", "cef")
SECURITY_SOC_CA_FILE = env_str("SECURITY_SOC_CA_FILE", "")
SECURITY_SOC_CERT_FILE = env_str("SECURITY_SOC_CERT_FILE", "")
SECURITY_SOC_KEY_FILE = env_str("SECURITY_SOC_KEY_FILE", "")
SECURITY_SOC_HOSTNAME = env_str("SECURITY_SOC_HOSTNAME", "")
SECURITY_SOC_SD_ID = env_str("SECURITY_SOC_SD_ID", "")
# Senders of SOC alerts: "name:token:secret" triples (SECURITY_SOC_SENDERS_FILE).
SECURITY_SOC_SENDERS = env_str("SECURITY_SOC_SENDERS", "")

# Where `make run` looks for the real data set when DATA_DIR is not given.
DATA_DIR = env_str("DATA_DIR", str(BASE_DIR.parent / "shared" / "data"))

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
# operations: "json" writes one JSON object a line; every line names its
# request id; errors in the log open incidents (Rules, 6.4) unless
# LOG_INCIDENTS=false.
LOG_FORMAT = env_str("LOG_FORMAT", "plain")
LOG_INCIDENTS = env_bool("LOG_INCIDENTS", True)
LOG_INCIDENTS_PER_MINUTE = env_int("LOG_INCIDENTS_PER_MINUTE", 20)

# operations (Rules, 4.1 and 4.2): probes, backups, timely updating. Each value
# is checked by its reader in operations/conf.py; docs/operations.md lists them.
HEALTH_TOKEN = env_str("HEALTH_TOKEN", "")
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
METRICS_ALLOW_STAFF = env_bool("METRICS_ALLOW_STAFF", True)
WORKER_HEARTBEAT_MAX_AGE = env_int("WORKER_HEARTBEAT_MAX_AGE", 180)
HEALTH_DISK_MIN_FREE_MB = env_int("HEALTH_DISK_MIN_FREE_MB", 1024)
HEALTH_SOC_MAX_LAG_MINUTES = env_int("HEALTH_SOC_MAX_LAG_MINUTES", 15)
BACKUP_DIR = env_str("BACKUP_DIR", str(VAR_DIR / "backups"))
BACKUP_MAX_AGE_HOURS = env_int("BACKUP_MAX_AGE_HOURS", 26)
BACKUP_VERIFY_MAX_AGE_DAYS = env_int("BACKUP_VERIFY_MAX_AGE_DAYS", 8)
BACKUP_TIME = env_str("BACKUP_TIME", "02:00")
BACKUP_VERIFY_WEEKDAY = env_int("BACKUP_VERIFY_WEEKDAY", 6)
BACKUP_VERIFY_TIME = env_str("BACKUP_VERIFY_TIME", "04:00")
BACKUP_KEEP_DAILY = env_int("BACKUP_KEEP_DAILY", 7)
BACKUP_KEEP_WEEKLY = env_int("BACKUP_KEEP_WEEKLY", 4)
BACKUP_KEEP_MONTHLY = env_int("BACKUP_KEEP_MONTHLY", 12)
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000")
SITE_URL = env_str("SITE_URL", "")
PROBE_TIMEOUT = env_int("PROBE_TIMEOUT", 10)
PROBE_INTERVAL = env_int("PROBE_INTERVAL", 60)
PROBE_RETRY_DELAY = env_int("PROBE_RETRY_DELAY", 3)
PROBE_FAILURES_FOR_INCIDENT = env_int("PROBE_FAILURES_FOR_INCIDENT", 3)
PROBE_RETENTION_DAYS = env_int("PROBE_RETENTION_DAYS", 400)
REFERENCE_WARN_DAYS = env_int("REFERENCE_WARN_DAYS", 45)
# "kato=2026-12-31,isco=2030-12-31": when each loaded classifier edition must
# be reviewed; the readiness check warns REFERENCE_WARN_DAYS before.
CLASSIFIERS_VALID_UNTIL = env_list("CLASSIFIERS_VALID_UNTIL", [])
VACANCY_STALE_DAYS = env_int("VACANCY_STALE_DAYS", 30)
VACANCY_RECONFIRM_DAYS = env_int("VACANCY_RECONFIRM_DAYS", 14)
RESUME_STALE_DAYS = env_int("RESUME_STALE_DAYS", 365)
RESUME_HIDE_NOTICE_DAYS = env_int("RESUME_HIDE_NOTICE_DAYS", 30)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "operations.logs.RequestIdFilter"},
        "refusal": {"()": "operations.logs.RefusalFilter"},
    },
    "formatters": {
        "plain": {
            "()": "operations.logs.PlainFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {"()": "operations.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id", "refusal"],
        },
        "incidents": {
            "class": "operations.logs.IncidentLogHandler",
            "level": "ERROR",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console", "incidents"], "level": LOG_LEVEL},
}
