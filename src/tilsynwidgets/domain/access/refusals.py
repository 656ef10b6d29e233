"""What a person is told when their roles do not allow an action (Danish, one class)."""

from __future__ import annotations

from tilsynwidgets.domain.access.person import Person

__all__ = ["AccessRefusedError", "app_refusal"]


class AccessRefusedError(PermissionError):
    """The signed-in person's roles do not allow this; nothing was done or saved."""


def app_refusal(person: Person, title: str) -> AccessRefusedError:
    """Why ``person`` cannot open the app called ``title``."""
    return AccessRefusedError(
        f"Du er logget ind som {person.name} ({person.role_text}), og din rolle giver ikke "
        f"adgang til «{title}». Forsiden viser de apps, du har adgang til."
    )
