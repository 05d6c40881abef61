"""The compensation engine: pure Python, no Django. Arrays in, results out.

It reads the reference plan's CSV formats (see ../shared/reference-plan/README.md);
`inputs` holds the readers and their validation, shared with the network's CSV import.
"""
