import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.accounts.helpers import enable_totp, totp_code
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_me_requires_authentication_with_a_json_error(api):
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_authenticated"
    assert "WWW-Authenticate" in response


def test_me_with_a_session(client, user):
    client.force_login(user)
    data = client.get("/api/v1/me/").json()
    assert data["email"] == user.email
    assert data["mfa_enabled"] is False
    assert data["language"] == "en"


def test_me_with_a_token(api, user):
    token = Token.objects.create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").json()["id"] == user.id
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/v1/me/").status_code == 401


def test_me_can_change_names_and_language_but_not_email(api, user):
    api.force_authenticate(user)
    response = api.patch("/api/v1/me/", {"first_name": "Oksana", "language": "uk",
                                         "email": "other@example.com"}, format="json")
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.first_name, user.language, user.email) == ("Oksana", "uk", user.email)


def test_invalid_input_names_the_field_and_changes_nothing(api, user):
    api.force_authenticate(user)
    response = api.patch("/api/v1/me/", {"language": "klingon", "first_name": "X"},
                         format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "language" in body["errors"]
    user.refresh_from_db()
    assert user.language == "en" and user.first_name != "X"


def test_token_endpoint_needs_the_second_factor_when_mfa_is_on(api, user):
    response = api.post("/api/v1/auth/token/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 200 and len(response.json()["token"]) == 40
    bad = api.post("/api/v1/auth/token/", {"email": user.email, "password": "nope"})
    assert bad.status_code in (401, 403) and bad.json()["detail"]
    enable_totp(user)
    no_code = api.post("/api/v1/auth/token/", {"email": user.email, "password": PASSWORD})
    assert no_code.status_code in (401, 403)
    with_code = api.post("/api/v1/auth/token/", {
        "email": user.email, "password": PASSWORD, "code": totp_code()})
    assert with_code.status_code == 200


def test_unknown_api_address_is_a_json_404(api):
    response = api.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_health_reports_database_and_cache(api):
    assert api.get("/api/v1/health/").json() == {"status": "ok", "database": True, "cache": True}


def test_openapi_schema_lists_the_endpoints(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/me/", "/api/v1/auth/token/", "/api/v1/health/"} <= set(schema["paths"])
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_swagger_ui_is_served_from_local_static_files(client):
    html = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
