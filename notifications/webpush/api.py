"""/api/v1/notifications/push-subscriptions/: the signed-in user's browser push
subscriptions (list, save, remove). Only the caller's own are listed or removed; saving
checks the endpoint and keys (subscriptions.py) and answers 400 with the field at fault."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import StrictJSONInput
from notifications.webpush import subscriptions, vapid
from notifications.webpush.models import PushSubscription

TAGS = ["notifications"]
KEYS = ("p256dh", "auth")


class KeysSerializer(StrictJSONInput, serializers.Serializer):
    p256dh = serializers.CharField(max_length=200, help_text=_(
        "The browser's P-256 public key, base64url (PushSubscription.toJSON().keys.p256dh)."))
    auth = serializers.CharField(max_length=100, help_text=_(
        "The browser's 16-byte authentication secret, base64url."))


class SubscriptionInputSerializer(StrictJSONInput, serializers.Serializer):
    endpoint = serializers.CharField(max_length=1000, help_text=_(
        "The push service address of the browser (https)."))
    keys = KeysSerializer()
    expirationTime = serializers.IntegerField(  # noqa: N815 - the browser's own name
        required=False, allow_null=True, help_text=_("Ignored; sent by browsers."))


class EndpointInputSerializer(StrictJSONInput, serializers.Serializer):
    endpoint = serializers.CharField(max_length=1000)


class SubscriptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PushSubscription
        fields = ["id", "endpoint", "user_agent", "created", "last_success"]


class SubscriptionListSerializer(serializers.Serializer):
    public_key = serializers.CharField(help_text=_(
        "The VAPID application server key to subscribe with (base64url)."))
    results = SubscriptionSerializer(many=True)


def read_body(serializer_class, request):
    form = serializer_class(data=request.data)
    form.is_valid(raise_exception=True)
    return form.validated_data


@extend_schema(tags=TAGS)
class PushSubscriptionsView(APIView):
    @extend_schema(responses={200: SubscriptionListSerializer})
    def get(self, request):
        """Your browsers' push subscriptions, and the key a browser subscribes with."""
        found = subscriptions.of(request.user)
        return Response({"public_key": vapid.public_key(),
                         "results": SubscriptionSerializer(found, many=True).data})

    @extend_schema(request=SubscriptionInputSerializer, responses={
        201: SubscriptionSerializer,
        200: OpenApiResponse(SubscriptionSerializer,
                             description=_("The browser was subscribed already: updated.")),
    })
    def post(self, request):
        """Save this browser's push subscription (the JSON of PushSubscription)."""
        body = read_body(SubscriptionInputSerializer, request)
        try:
            subscription, created = subscriptions.save(
                request.user, body["endpoint"], body["keys"]["p256dh"], body["keys"]["auth"],
                user_agent=request.headers.get("User-Agent", ""))
        except subscriptions.SubscriptionError as error:
            message = [str(error.message)]
            raise ValidationError({"keys": {error.field: message}} if error.field in KEYS
                                  else {error.field: message}) from None
        return Response(SubscriptionSerializer(subscription).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@extend_schema(tags=TAGS, request=EndpointInputSerializer, responses={
    204: OpenApiResponse(description=_("Unsubscribed (or it was not subscribed).")),
})
class PushUnsubscribeView(APIView):
    def post(self, request):
        """Forget this browser's subscription, by its endpoint."""
        body = read_body(EndpointInputSerializer, request)
        subscriptions.remove(request.user, body["endpoint"])
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=TAGS, parameters=[OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description=_("The subscription's id."))])
class PushSubscriptionView(APIView):
    @extend_schema(responses={204: OpenApiResponse(description=_("Removed."))})
    def delete(self, request, pk):
        """Remove one of your subscriptions."""
        if not subscriptions.remove_by_id(request.user, pk):
            raise NotFound(_("No such push subscription of yours."))
        return Response(status=status.HTTP_204_NO_CONTENT)
