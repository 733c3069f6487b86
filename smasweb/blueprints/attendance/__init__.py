"""The attendance blueprint: the user's classes and a class's roll call of a day."""

from .views import bp

__all__ = ["bp"]
