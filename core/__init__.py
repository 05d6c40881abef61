"""The plumbing every app shares and no business lives in (a plain package, not an app):
upload checks (`uploads.py`) and the API's plumbing (`api.py`: the error shape every
endpoint answers with and its place in the schema, strict JSON input, the health probe).

Kept apart from `config/` (the project that wires the apps) and from `website/` (the
company's pages), so an app can use it without depending on either."""
