from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ims.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Registers the OpenAPI security scheme for our JWT authentication.
        from ims.accounts import schema  # noqa: F401
