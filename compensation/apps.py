from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompensationConfig(AppConfig):
    name = "compensation"
    verbose_name = _("Compensation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connect the receivers (clawbacks on refunds, the report card's cache on orders) and
        # word the transactions compensation posts in the wallet and the ranks the network
        # shows.
        from compensation import clawbacks, ledger_texts, ranks, report_card  # noqa: F401
        from network.ranks import name_ranks_with
        from wallet import ledger_descriptions

        ledger_descriptions.add_describer(ledger_texts.describe)
        name_ranks_with(ranks.rank_label)
