"""Settings for development and tests, read from the environment with safe local defaults.

Production uses ``config.production``, which imports this module and refuses unsafe values.
"""

from pathlib import Path

import environ
from celery.schedules import schedule

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

INSECURE_SECRET_KEY = "django-insecure-accord-local-development-only"
SECRET_KEY = env("SECRET_KEY", default=INSECURE_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The one base of every absolute link in mails and feeds. `make run` (scripts/run_dev.py) sets it to the address it
# serves; config.production refuses a loopback or missing value (course/checks.py).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# The platform's name in account mails (sign-up, verification, password reset) and their subjects.
SITE_NAME = env("SITE_NAME", default="Accord, the science-diplomacy course platform")
# bench/load.py only: adds /bench/ok/, a bare view to measure the poll endpoint against. Never set in deployments.
BENCHMARK_ENDPOINTS = env.bool("BENCHMARK_ENDPOINTS", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_countries",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "allauth",
    "allauth.account",
    "course",
    "participants",
    "simulations",
    "programme",
    "evaluation",
    "logistics",
    "overview",
]

MIDDLEWARE = [
    "config.middleware.BareEmptyAnswerMiddleware",  # first: strips the room's empty 204 last
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # the language cookie, then the browser's Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "course.middleware.RememberedLanguageMiddleware",  # a signed-in person's own choice wins
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "course.context_processors.roles",
            ],
        },
    },
]

# SQLite under var/ when DATABASE_URL is unset; PostgreSQL (or anything dj-database-url style) when set.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'accord.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Worker subprocesses in tests must share the test database, so it lives in a file.
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_SQLITE_NAME", default=str(VAR_DIR / "test.sqlite3"))}
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"})
elif env("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHE_BACKEND = env("CACHE_BACKEND", default="redis")
if CACHE_BACKEND == "redis":
    CACHES = {
        "default": {
            "BACKEND": "config.cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="accord"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The room's push path (simulations.room.push) publishes and listens on this Redis; "" turns it off (rooms poll).
ROOM_PUSH_REDIS_URL = env("ROOM_PUSH_REDIS_URL", default=REDIS_URL if CACHE_BACKEND == "redis" else "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's and allauth's backends, loading the user's staff roles with the user in one query
    "course.auth_backends.ModelBackend",
    "course.auth_backends.AllauthBackend",
]
# Sessions are read from the cache and kept in the database (cached_db), surviving a cache outage
SESSION_ENGINE = "course.sessions"

# Accounts: the email address is the login and must be verified before applying.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_ADAPTER = "participants.account_adapter.AccordAccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = env("ACCOUNT_EMAIL_SUBJECT_PREFIX", default="[Accord] ")
ACCOUNT_USER_DISPLAY = "participants.account_adapter.user_display"
# Logins: tight per account (key), generous per address, because a whole course venue shares one address
# (docs/security.md, "Throttles"). "login" counts every attempt, "login_failed" the failures only.
ACCOUNT_RATE_LIMITS = {
    "login": env("RATE_LIMIT_LOGIN", default="300/m/ip"),
    "login_failed": env("RATE_LIMIT_LOGIN_FAILED", default="100/m/ip,5/5m/key"),
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
# Every page an applicant, a referee or a participant sees ships in these languages (docs/i18n.md).
LANGUAGES = [
    ("en-gb", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("pt", "Português"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]  # templates/ and config/; each app keeps its own catalogue in <app>/locale
FORMAT_MODULE_PATH = [
    "config.formats"
]  # only what differs from Django's own formats (British dates in full, Arabic date-time)
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"  # stored and processed in UTC; each course displays in its own timezone
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
# Uploads (CVs) live outside static files and are never served by the web server directly.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "uploads")))
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 6_291_456

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Accord <course@accord.example>")

# Content-Security-Policy: everything from our own origin, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Celery: Redis broker; configured for reliability of timed work (see docs/architecture.md).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="accord")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
# Far above the longest round plus any ETA: an unacked ETA task is redelivered only after this.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 6 * 3600}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("in", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "in"),
        "data_folder_out": str(_broker_dir / "in"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }

# Evaluation: no report cell shows fewer answers than this, so that nobody can be singled out.
EVALUATION_MIN_CELL = env.int("EVALUATION_MIN_CELL", default=5)

SWEEP_INTERVAL_SECONDS = env.float("SWEEP_INTERVAL_SECONDS", default=3.0)
# Periodic triggers; each app adds its entries here (task name -> schedule).
CELERY_BEAT_SCHEDULE = {
    "participants-deadline-reminders": {
        "task": "participants.tasks.send_deadline_reminders",
        "schedule": schedule(15 * 60),
    },
    # Selection: expire unconfirmed places and offer them to the waitlist; resend anything left queued.
    "participants-promote-waitlist": {"task": "participants.tasks.promote_waitlist", "schedule": schedule(5 * 60)},
    "participants-send-outbox": {"task": "participants.tasks.send_outbox", "schedule": schedule(2 * 60)},
    # The outbox's retention rule: mail bodies emptied after a while (docs/security.md, "Mail").
    "participants-clear-old-mail-bodies": {
        "task": "participants.tasks.clear_old_mail_bodies",
        "schedule": schedule(24 * 3600),
    },
    # Logistics: the retention rule for passports, itineraries, visa letters and receipts (docs/data.md).
    "logistics-purge-personal-data": {"task": "logistics.tasks.purge_personal_data", "schedule": schedule(24 * 3600)},
    # Logistics: a batch of letters or certificates whose task was lost is sent again.
    "logistics-resend-stalled-jobs": {
        "task": "logistics.tasks.resend_stalled_document_jobs",
        "schedule": schedule(5 * 60),
    },
    # The course team's own forms: referee and follow-up reminders (idempotent), and the retention rule.
    "participants-referee-reminders": {
        "task": "participants.tasks.send_referee_reminders",
        "schedule": schedule(60 * 60),
    },
    "participants-followup-reminders": {
        "task": "participants.tasks.send_followup_reminders",
        "schedule": schedule(60 * 60),
    },
    "participants-purge-followup-data": {
        "task": "participants.tasks.purge_followup_data",
        "schedule": schedule(24 * 3600),
    },
    # Safety net for lost round timers (killed worker, flushed broker); see docs/engine.md.
    "simulations-sweep-overdue-runs": {
        "task": "simulations.tasks.sweep_overdue_runs",
        "schedule": schedule(SWEEP_INTERVAL_SECONDS),
        "options": {"expires": max(1.0, SWEEP_INTERVAL_SECONDS)},
    },
    # Evaluation: open follow-up waves, remind those who have not answered (idempotent; docs/evaluation.md).
    "evaluation-reminders": {"task": "evaluation.tasks.send_evaluation_reminders", "schedule": schedule(15 * 60)},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
