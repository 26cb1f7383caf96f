"""Settings for the test suite: the real settings with background tasks run inline."""

from config.settings import *  # noqa: F403
from config.settings import HUEY

HUEY = {**HUEY, "immediate": True}
# Argon2 with production cost makes thousands of test sign-ups slow; one test
# checks that production settings hash with Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Staff 2FA is on in production; the suite's force_login(administrator)
# tests of admin pages would all stop at it. security/tests turn it on.
SECURITY_REQUIRE_2FA = False

# WhiteNoise warns on every request when the collected-static folder is absent;
# tests serve static files from the finders and never run collectstatic.
STATIC_ROOT.mkdir(exist_ok=True)  # noqa: F405
