"""IMS settings: one file, every value from the environment (see .env.example and the README)."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False, parse_comments=True)

# Where the embedded defaults keep their state (SQLite file, file cache, broker folder, mail).
VAR_DIR = Path(env("IMS_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production-0123456789")
else:
    # No default: a production deployment without a secret must not start.
    SECRET_KEY = env("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_celery_beat",
    "ims.core",
    "ims.accounts",
    "ims.jobs",
    "ims.interviews",
    "ims.notifications",
    "ims.privacy",
    "ims.reports",
]

# Sessions, the cookie user, messages and the CSP are the web pages' and the admin's: the ims.core.middleware
# subclasses step aside for /api/ (bearer tokens, no cookies), see ims/core/middleware.py.
MIDDLEWARE = [
    "ims.core.middleware.RequestIDMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files (admin, Swagger UI) in every mode, before anything else touches the request.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "ims.core.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "ims.core.middleware.AuthenticationMiddleware",
    "ims.core.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Oversized bodies are a JSON 413 before any parser reads them (DRF's parsers read the stream directly,
    # so DATA_UPLOAD_MAX_MEMORY_SIZE alone does not bound a JSON body). Inside the security, CORS and
    # clickjacking middleware so the 413 carries their headers too.
    "ims.core.middleware.RequestBodyLimitMiddleware",
    "ims.core.throttling.RateLimitHeadersMiddleware",
    "ims.core.middleware.DatabaseUnavailableMiddleware",
    "ims.privacy.audit.AuditContextMiddleware",
]

ROOT_URLCONF = "ims.urls"
WSGI_APPLICATION = "ims.wsgi.application"
ASGI_APPLICATION = "ims.asgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
# DATABASE_URL unset: an SQLite file under var/ so a fresh clone runs with nothing installed.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'ims.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL + a busy timeout let web, worker and beat share the file without "database is locked".
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    if env.bool("DB_POOL", default=False):
        # Django 5.2's psycopg pool (a pool per process, shared by its threads); excludes CONN_MAX_AGE.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        _pg_options["pool"] = {
            "min_size": env.int("DB_POOL_MIN", default=2),
            "max_size": env.int("DB_POOL_MAX", default=8),
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    _prepare_threshold = env.int("DB_PREPARE_THRESHOLD", default=5)
    if _prepare_threshold:
        # Server-side parameters + prepared statements: a query run this many times on a connection keeps its plan.
        _pg_options.update({"server_side_binding": True, "prepare_threshold": _prepare_threshold})
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if IS_POSTGRES:
    # Django's backend, with the per-request health check answered by the socket instead of a SELECT 1 round trip
    # (ims/core/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "ims.core.postgresql"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Cache and broker ----------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # File-based: shared by every process on this machine (web workers, Celery), unlike locmem.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            # Past MAX_ENTRIES files Django deletes a random third, live rate-limit counters included (the
            # default 300 is reached by 150 client IPs trying to log in). Each write lists the folder, ~1 ms
            # per 1,000 files, so this bounds that cost too.
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

# --- Auth ----------------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- I18n / time ---------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(VAR_DIR / "static"))
# WhiteNoise serves /static/ from gunicorn. In production from STATIC_ROOT, filled by `manage.py collectstatic`
# with hashed, compressed copies (cached forever by browsers); under DEBUG straight from the apps' static folders,
# re-read on every request, so `make run` needs no collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))

# Request bodies: JSON stays small; uploads (resumes) are bounded separately.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
RESUME_MAX_BYTES = env.int("RESUME_MAX_BYTES", default=5 * 1024 * 1024)

# --- REST framework ------------------------------------------------------------------------------
THROTTLE_RATES = {
    "admin": env("THROTTLE_RATE_ADMIN", default="100/min"),
    "interviewer": env("THROTTLE_RATE_INTERVIEWER", default="50/min"),
    "candidate": env("THROTTLE_RATE_CANDIDATE", default="10/min"),
    "anon": env("THROTTLE_RATE_ANON", default="10/min"),
    "login": env("THROTTLE_RATE_LOGIN", default="10/min"),
    "login_account_ip": env("THROTTLE_RATE_LOGIN_ACCOUNT_IP", default="10/hour"),
    "login_account": env("THROTTLE_RATE_LOGIN_ACCOUNT", default="100/hour"),
}
# The login rule is in ims/core/throttling.py and the README ("Rate limits").
LOGIN_TRUSTED_DAYS = env.int("LOGIN_TRUSTED_DAYS", default=30)
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# List totals are exact up to this many rows and a lower bound above it ("1,001" reads "more than 1,000"): counting
# is an index scan as long as the rows it counts (ims/core/pagination.py).
PAGINATION_COUNT_CAP = env.int("PAGINATION_COUNT_CAP", default=1_000)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["ims.accounts.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["ims.core.permissions.IsAuthenticated"],
    # OPTIONS answers the Allow header from the view class, never by introspecting serializers or objects.
    "DEFAULT_METADATA_CLASS": "ims.core.api.metadata.MethodsMetadata",
    "DEFAULT_THROTTLE_CLASSES": ["ims.core.throttling.RoleRateThrottle"],
    "DEFAULT_THROTTLE_RATES": THROTTLE_RATES,
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_PAGINATION_CLASS": "ims.core.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "ims.core.filters.FilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # An Accept header that names nothing a view renders gets JSON (or the ?format= asked for), never a 406.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "ims.core.api.negotiation.ContentNegotiation",
    # JSON bodies only (refusing deep nesting, issue 11); the one upload (apply with a resume) adds multipart on its
    # view. The schema lists these as each operation's request content types, and any other body is a 415 naming them.
    "DEFAULT_PARSER_CLASSES": ["ims.core.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "ims.core.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append("rest_framework.renderers.BrowsableAPIRenderer")

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,
    "ALGORITHM": "HS256",
    "SIGNING_KEY": env("JWT_SIGNING_KEY", default=SECRET_KEY),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    "TOKEN_OBTAIN_SERIALIZER": "ims.accounts.api.serializers.TokenObtainSerializer",
    "TOKEN_REFRESH_SERIALIZER": "ims.accounts.api.serializers.TokenRefreshSerializer",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "IMS — Interview Management System API",
    "DESCRIPTION": "Jobs, applications, multi-round interviews, feedback and notifications.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The errors every endpoint can give whatever its view says (401, 404, 413, 429, 503) and one Error body
    # schema for all of them, so the schema holds under fuzzing (tests/contract).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ims.core.api.schema.document_standard_errors",
        "ims.core.api.schema.optional_body_with_several_media_types",
    ],
    # One stable schema name per choice set, so fields named alike (`status` on applications, interviews and
    # notifications) never collide into hashed names like "Status997Enum" that change with the code.
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "ims.accounts.models.Role",
        "EmploymentTypeEnum": "ims.jobs.models.EmploymentType",
        "ApplicationStatusEnum": "ims.jobs.models.ApplicationStatus",
        "RejectionReasonEnum": "ims.jobs.models.RejectionReason",
        "InterviewStatusEnum": "ims.interviews.models.InterviewStatus",
        "RecommendationEnum": "ims.interviews.models.Recommendation",
        "NotificationStatusEnum": "ims.notifications.models.NotificationStatus",
        "NotificationKindEnum": "ims.notifications.models.NotificationKind",
    },
}

# --- CORS and security ---------------------------------------------------------------------------
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^api/health/"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if NUM_PROXIES else None
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Email ---------------------------------------------------------------------------------------
# Unset EMAIL_URL in development: every mail is written as its own .eml file under var/mail, which any mail client
# opens (ims/notifications/backends.py).
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="ims.notifications.backends.EmlFileBackend")
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="IMS <no-reply@ims.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Notifications -------------------------------------------------------------------------------
REMINDER_OFFSETS = env.list("REMINDER_OFFSETS", default=["24h", "1h"])
FEEDBACK_REMINDER_MAX = env.int("FEEDBACK_REMINDER_MAX", default=5)
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=5)
NOTIFICATION_SWEEP_AFTER_SECONDS = env.int("NOTIFICATION_SWEEP_AFTER_SECONDS", default=300)

# --- Celery --------------------------------------------------------------------------------------
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 3600}
else:
    # The filesystem transport: a folder of messages every process on this machine can read.
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        # Broadcast/pidbox exchanges; kombu's default is a "control" folder in the working directory.
        "control_folder": str(_broker_dir / "control"),
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"
CELERY_TASK_TIME_LIMIT = 300

# --- Logging -------------------------------------------------------------------------------------
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ims.core.log.RequestIDFilter"}},
    "formatters": {
        "text": {
            "class": "ims.core.log.TextFormatter",  # one line per record: control characters escaped
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {"()": "ims.core.log.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Privacy -------------------------------------------------------------------------------------
# Candidates whose every application was rejected / withdrawn longer ago than this are anonymised by the
# hourly retention task (ims/privacy, README "Privacy"). 0 turns a rule off.
RETENTION_REJECTED_DAYS = env.int("RETENTION_REJECTED_DAYS", default=365)
RETENTION_WITHDRAWN_DAYS = env.int("RETENTION_WITHDRAWN_DAYS", default=365)
# --- Web pages (issue 13): the shell, accounts, CSP -------------------------------------------------
INSTALLED_APPS += [
    # Before allauth: the shell's templates override allauth's layout and elements.
    "ims.ui",
    "django_htmx",
    "template_partials",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]
MIDDLEWARE += [
    "ims.core.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]
TEMPLATES[0]["OPTIONS"]["context_processors"].append("ims.ui.context.shell")
TEMPLATES[0]["OPTIONS"].setdefault("builtins", []).append("template_partials.templatetags.partials")

# The organisation whose careers site this is (header, page titles, emails), and the address links point to.
ORG_NAME = env("ORG_NAME", default="IMS Careers")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# No inline script or style anywhere on the pages; the API (JSON, Swagger UI) is outside this policy.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Bootstrap draws form controls' arrows and checks as data: SVG images.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# htmx sends the token from the page (hx-headers), so no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/app/"
ACCOUNT_ADAPTER = "ims.accounts.pages.adapters.AccountAdapter"
MFA_ADAPTER = "ims.accounts.pages.adapters.MFAAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# Signing in works before the address is confirmed; applying through the pages needs it (ims.jobs.pages).
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{ORG_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_SESSION_REMEMBER = None
# Page limits, in the shared cache. The login is NOT here: it is the API's and the admin's rule
# (ims.core.throttling.login_attempt_check), called by the adapter, so one counter covers all three doors.
ACCOUNT_RATE_LIMITS = {
    "login": None,
    "login_failed": None,
    "signup": env("PAGE_RATE_SIGNUP", default="20/m/ip"),
    "reset_password": env("PAGE_RATE_PASSWORD_RESET", default="20/m/ip,5/m/key"),
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = ORG_NAME
# Applying through the page (the API keeps its role rates under /api/).
THROTTLE_RATES["page_apply"] = env("PAGE_RATE_APPLY", default="20/hour")
# Anonymous careers pages are cached this long; any job change clears them (ims.jobs.services).
CAREERS_CACHE_SECONDS = env.int("CAREERS_CACHE_SECONDS", default=300)
# The recruiter's dashboard and board flag an application that has stayed this many days in one stage.
PIPELINE_STALE_DAYS = env.int("PIPELINE_STALE_DAYS", default=5)
