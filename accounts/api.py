"""The signed-in user's profile and API tokens."""

from allauth.mfa.utils import is_mfa_enabled
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.api import StrictJSONInput

from . import api_tokens
from .models import User


class MeSerializer(StrictJSONInput, serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    mfa_enabled = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id", "email", "first_name", "last_name", "display_name", "language",
            "mfa_enabled", "date_joined",
        ]
        read_only_fields = ["id", "email", "display_name", "mfa_enabled", "date_joined"]

    def get_mfa_enabled(self, user) -> bool:
        return is_mfa_enabled(user)


class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in user's profile; names and language can be changed."""

    serializer_class = MeSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return self.request.user


class TokenRequestSerializer(StrictJSONInput, serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(
        trim_whitespace=False, min_length=1, style={"input_type": "password"}
    )
    code = serializers.CharField(
        required=False, allow_blank=True,
        help_text=_("The current authenticator code; required when MFA is on."),
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenView(APIView):
    """Exchanges email, password and (with MFA on) an authenticator code for an API token."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=TokenRequestSerializer, responses={
        200: TokenResponseSerializer,
        401: OpenApiResponse(description=_(
            "The email address, password or authenticator code is not correct.")),
        403: OpenApiResponse(description=_("This account may not have a token this way.")),
        429: OpenApiResponse(description=_(
            "Too many failed attempts for this account or from this address.")),
    })
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        token = api_tokens.issue(
            request, form.validated_data["email"].lower(), form.validated_data["password"],
            form.validated_data.get("code", ""),
        )
        return Response({"token": token.key})

    def get_authenticate_header(self, request):
        # Wrong credentials answer 401 naming the API's token scheme (DRF would answer 403
        # for a view without authenticators).
        return "Token"
