"""The addresses mail links to without a sign-in, under /<lang>/mail/ (namespace "mail"):
the signed one-click unsubscribe (notifications/unsubscribe.py) and the open pixel
(notifications/email.py)."""

from django.urls import path

from notifications import email, unsubscribe

app_name = "mail"

urlpatterns = [
    path("unsubscribe/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
    path("opened/<str:token>.gif", email.opened, name="opened"),
]
