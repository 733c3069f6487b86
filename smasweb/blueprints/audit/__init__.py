from . import exports  # noqa: F401  (adds routes to bp)
from .views import bp  # noqa: F401
