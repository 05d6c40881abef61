"""The plumbing every app shares and no business lives in (a plain package, not an app):
upload checks (`uploads.py`). Kept apart from `config/` (the project that wires the apps)
and from `website/` (the company's pages), so an app can use it without depending on
either."""
