"""Online patrons: a profile beside Django's User, and their softcopy requests."""

from patrons.models.accounts import Patron
from patrons.models.requests import SoftcopyRequest

__all__ = ["Patron", "SoftcopyRequest"]
