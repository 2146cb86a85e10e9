from allauth.mfa.base import views as mfa_base_views
from allauth.mfa.totp import views as totp_views
from django.urls import include, path

from ims.accounts.pages import people, privacy, views

urlpatterns = [
    path("app/profile/", views.profile, name="profile"),
    path("app/profile/export/", privacy.export, name="profile-export"),
    path("app/profile/delete/", privacy.delete_account, name="profile-delete"),
    path("account-deleted/", privacy.account_deleted, name="account-deleted"),
    path("app/people/", people.people, name="people"),
    path("app/people/invite/", people.invite, name="people-invite"),
    path("app/people/<int:pk>/", people.person, name="person"),
    path("app/people/<int:pk>/role/", people.change_role, name="person-role"),
    path("app/people/<int:pk>/active/", people.set_active, name="person-set-active"),
    path("app/people/<int:pk>/invitation/", people.resend_invitation, name="person-resend-invitation"),
    # Before allauth's own routes, so these names resolve to the staff-only versions.
    path("accounts/2fa/", views.staff_only(mfa_base_views.index), name="mfa_index"),
    path("accounts/2fa/totp/activate/", views.staff_only(totp_views.activate_totp), name="mfa_activate_totp"),
    path("accounts/", include("allauth.urls")),
]
