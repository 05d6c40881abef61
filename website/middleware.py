"""Request handling the whole site shares."""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

# Addresses that live outside the language prefixes: a 404 there stays a 404 rather
# than being redirected to /<language>/… (which Wagtail's catch-all would accept).
UNPREFIXED = ("/api/", "/admin/", "/documents/", "/static/", "/media/", "/calendar/")


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if request.path_info.startswith(UNPREFIXED):
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)
