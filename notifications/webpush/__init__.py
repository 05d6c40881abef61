"""Web push: a partner's browsers subscribe from the cabinet (a service worker at the site's
root and VAPID keys); notifications go to each subscription through its push service
(pywebpush), and a subscription the push service says is gone is removed.
"""
