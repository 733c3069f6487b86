"""Staff Excel: exports, the import template, dry run and commit (stub, being built)."""

from .views import bp  # noqa: F401
