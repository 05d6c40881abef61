"""The footer names each social network as it spells itself."""

import pytest

from tests.website.helpers import company_settings

pytestmark = pytest.mark.django_db


def test_the_footer_spells_youtube_and_linkedin_as_they_do(client, home):
    company_settings(social_links=[
        ("link", {"network": "youtube", "url": "https://www.youtube.com/@downline"}),
        ("link", {"network": "linkedin", "url": "https://www.linkedin.com/company/downline"}),
    ])
    html = client.get("/en/").content.decode()
    assert ">YouTube</a>" in html and ">LinkedIn</a>" in html
    assert "Youtube" not in html and "Linkedin" not in html
