"""The API's Swagger UI in real headless Chromium: it renders the schema from local files,
and the site's content security policy refuses nothing on it (it logged an inline-style
violation before its stylesheet became a file)."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_api_docs_render_without_a_content_security_policy_violation(page, live_server):
    violations, failures = [], []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: failures.append(str(error)))
    response = page.goto(f"{live_server.url}/api/docs/")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Downline API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-tag-section")  # the operations, from the schema
    page.click(".opblock-summary >> nth=0")  # an operation opened: its models and examples
    page.wait_for_selector(".opblock-body")
    assert violations == [] and failures == []
    # The page's own styles still apply (from the stylesheet, not an inline block).
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
