"""The demo's main menus (one per language): a seeded index page added as an item of each
once, however often the demo is seeded."""

from wagtail.models import Page

from website.models import NavigationMenu


def add_to_menus(index, titles=None):
    """`index` (any of its translations) as an item of each language's main menu, once;
    `titles` ({language: title}) names the item where the page's own title is too long
    for a menu (else the page's title in the menu's language is shown)."""
    group = set(Page.objects.filter(translation_key=index.translation_key)
                .values_list("pk", flat=True))
    for menu in NavigationMenu.objects.select_related("locale"):
        if any(item.block_type == "item" and item.value.get("page") is not None
               and item.value["page"].pk in group for item in menu.items):
            continue
        title = (titles or {}).get(menu.locale.language_code, "")
        menu.items.append(("item", {"page": index, "url": "", "title": title}))
        menu.save()
