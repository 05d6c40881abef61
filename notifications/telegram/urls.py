"""/telegram/: the bot's webhook (outside the language prefixes: Telegram posts here)."""

from django.urls import path

from notifications.telegram import views

app_name = "telegram"

urlpatterns = [
    path("webhook/", views.webhook, name="webhook"),
]
