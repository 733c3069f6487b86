from . import imports, summary  # noqa: F401  (route modules add their routes)
from .views import bp  # noqa: F401
