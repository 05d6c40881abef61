from django.urls import path

from webhooks.receiver import demo_receiver

app_name = "webhooks"
urlpatterns = [path("demo-receiver/", demo_receiver, name="demo_receiver")]
