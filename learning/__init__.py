"""Learning and the first 90 days: courses of staged lessons with gated progress, quizzes,
the knowledge base, every newcomer's 90-day journey with its first goal, certificates and
the sponsor's mentor view.

Training is company content, so courses, stages, lessons and knowledge-base articles are
Wagtail pages (translated with wagtail-localize) and the journey is a snippet; progress is
the partner's own and is keyed by each page's `translation_key`, so a partner who switches
language keeps it. The cabinet shows it (cabinet/ is above this app); the app tells the rest
of Downline what happened through learning/signals.py.
"""
