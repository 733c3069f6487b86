from . import admin, inbox, rules  # noqa: F401  (their routes hang on bp)
from .views import bp  # noqa: F401
