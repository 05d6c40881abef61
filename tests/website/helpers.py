"""The company's site settings as tests set them up: a name and address in the default
language, and the languages given."""

from wagtail.models import Site

from website.models import SiteSettings, SiteSettingsTranslation


def company_settings(translations=(), **fields):
    """The default site's settings with `fields` ("Downline Naturals", an address in Kyiv
    unless given) and a SiteSettingsTranslation per dict of `translations`."""
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    fields = {"company_name": "Downline Naturals", "address": "12 Khreshchatyk St, Kyiv",
              **fields}
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()
    for translation in translations:
        SiteSettingsTranslation.objects.create(site_settings=settings, **translation)
    return settings
