from ims.accounts.api import views
from ims.core.routing import PK, route

# /users/me and /users/create come before /users/<id> so they are never read as an id.
urlpatterns = [
    route(r"auth/token", views.TokenObtainView.as_view(), name="token-obtain"),
    route(r"auth/token/refresh", views.TokenRefreshView.as_view(), name="token-refresh"),
    route(r"auth/logout", views.LogoutView.as_view(), name="logout"),
    route(r"auth/password", views.PasswordChangeView.as_view(), name="password-change"),
    route(r"users", views.UserListView.as_view(), name="user-list"),
    route(r"users/me", views.MeView.as_view(), name="user-me"),
    route(r"users/create", views.UserCreateView.as_view(), name="user-create"),
    route(rf"users/{PK}", views.UserDetailView.as_view(), name="user-detail"),
]
