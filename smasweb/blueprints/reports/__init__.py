from . import approvals, board, documents, views  # noqa: F401  (routes register on bp)
from .blueprint import bp  # noqa: F401
