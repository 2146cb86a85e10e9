"""Names vulture cannot see being used: the frameworks reach them by a string, a declaration or a signature.

Run `.venv/bin/vulture` (configured in pyproject.toml). A name goes here only with the reason it is alive.
Bare names are enough: vulture counts any use in this file.
"""

# Serializer fields: DRF reads the declared fields by name.
access
application_count
screening
interviewing
rejected
withdrawn
last_error
at
id

# Model fields and choices used through the ORM, the admin, forms or string lookups.
date_joined
closed_at
next_attempt_at
sent_at
PART_TIME
CONTRACT
INTERNSHIP
CANDIDATE_DECLINED
is_staff  # Django's admin reads it
is_superuser
adding  # Model._state, set after the outbox's _insert as bulk_create does
db

# Referenced from settings (INSTALLED_APPS, MIDDLEWARE, LOGGING, REST_FRAMEWORK, SPECTACULAR_SETTINGS) or
# found by the framework (AppConfig, management commands, drf-spectacular's OpenApiAuthenticationExtension).
AccountsConfig
CoreConfig
InterviewsConfig
JobsConfig
NotificationsConfig
Command
RequestIDMiddleware
DatabaseUnavailableMiddleware
RequestBodyLimitMiddleware
RateLimitHeadersMiddleware
RoleRateThrottle
RequestIDFilter
JSONFormatter
TextFormatter
EmlFileBackend
PrivacyConfig
UiConfig
AccountAdapter  # ACCOUNT_ADAPTER
MFAAdapter  # MFA_ADAPTER
shell  # template context processor
AuditContextMiddleware
IMSJWTScheme
document_standard_errors
optional_body_with_several_media_types
MethodsMetadata  # DEFAULT_METADATA_CLASS
ContentNegotiation  # DEFAULT_CONTENT_NEGOTIATION_CLASS
determine_metadata  # DRF metadata API

# Admin options and framework hooks.
date_hierarchy
get_fields
get_page_number  # DRF PageNumberPagination
send_messages  # Django email backend API
# allauth adapter hooks
save_user
pre_authenticate
_rollback_login_failed_rl_usage
get_login_redirect_url
get_totp_issuer
q  # the careers search form's field, read by name
perform_content_negotiation  # DRF APIView hook
verbose_name_plural  # model Meta
erased_at  # model field, listed in the Django admin

# Arguments a framework signature requires (signal receivers, hooks, commands).
sender
formsets
generator
public
options
force  # DRF's perform_content_negotiation(request, force=False)

# The role trio (is_admin / is_interviewer / is_candidate): pages and templates ask it of request.user.
is_interviewer

# The one way views document their error responses (issue 12 item 3 moves every view onto it).
error_responses

# ims.reports: rollup model fields (read through values()/filters by name), report row serializer fields (the
# OpenAPI schema), the Django/DRF hooks its app, renderer, views and percentile aggregate declare.
ReportsConfig
applied_week
furthest_stage
hire_seconds
first_interview_at
first_interview_seconds
left_at
left_to
turnaround_seconds
job_title
conversion_to_next
median_days
p90_days
median_hours
p90_hours
interviewer_name
completed
scheduled
no_show
to
function  # an Aggregate's SQL function (PercentileDisc)
template
output_field
renderer_classes
renderer_context
accepted_media_type

# pygal reads a chart's labels from these attributes when it renders.
x_labels
x_labels_major
# The reports page's sections and tables: the template reads these fields.
caption
empty
# Page form fields: Django forms read the declared fields by name (the required confirmation tick box).
confirm
# ims.jobs.pages (issue 14): ModelForm Meta options, a form field hook, and card facts the board template reads.
labels
help_texts
widgets
valid_value
can_reject
is_stale
applied_on
days_label
interviews_label
rating_label
move_prefix
applied_iso
days_in_stage
# ims.jobs.pages.candidate / ims.interviews.pages (issue 14, candpage): Django's ModelChoiceField hook, and
# dataclass fields read by the templates only.
label_from_instance
chosen
tally
average
edited_at
saved_at
criterion_fields  # ScorecardForm, read by interviews/kit.html
needed_to_submit  # ui/components.html marks a draft form's field that submitting needs
# ims.core.postgresql: the Django database backend hook it overrides.
close_if_health_check_failed

# Query expression attributes Django's Func reads when it compiles the expression.
arg_joiner
