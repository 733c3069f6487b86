"""Pupils' Excel: exports, the C1-HocSinh import (stub, being built)."""

from .blueprint import bp  # noqa: F401
