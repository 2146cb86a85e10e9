"""OpenAPI: describe our JWT authentication (a SimpleJWT subclass) as the bearer scheme."""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme


class IMSJWTScheme(SimpleJWTScheme):
    target_class = "ims.accounts.authentication.JWTAuthentication"
    match_subclasses = True
