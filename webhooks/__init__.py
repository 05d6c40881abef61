"""Outgoing webhooks: the domain events, signed and delivered to the systems staff register
(the company's CRM), retried, logged and replayable."""
