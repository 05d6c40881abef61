"""The signed-in user's profile and API tokens."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from .models import User


class MeSerializer(serializers.ModelSerializer):
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


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})
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

    @extend_schema(request=TokenRequestSerializer, responses=TokenResponseSerializer)
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = authenticate(
            request, email=form.validated_data["email"].lower(),
            password=form.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise AuthenticationFailed(_("The email address or password is not correct."))
        if is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
            code = form.validated_data.get("code", "")
            if not code or not TOTP(authenticator).validate_code(code):
                raise AuthenticationFailed(_("A valid authenticator code is required."))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
