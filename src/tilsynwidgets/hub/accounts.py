"""The hub's groups, and the trial accounts in them (``deploy/hub/brugere.yaml``).

The groups are the ones the roles file (``data/roles.yaml``) gives roles: a pattern with
``{socialtilsyn}`` stands for one group per socialtilsyn. The hub creates every one of them,
empty or not, so an organisation that signs people in through its own identity provider
finds the same group names to fill.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tilsynwidgets.domain.access.roles import Roles, roles
from tilsynwidgets.domain.core.datafiles import load_model

__all__ = ["Account", "NumberedAccounts", "TrialAccounts", "hub_groups", "load_accounts"]

# JupyterHub's own user names are free text; these stay safe in a URL (/user/<name>/).
_NAME = r"^[a-z][a-z0-9-]{0,38}[a-z0-9]$"


def hub_groups(data: Roles | None = None) -> tuple[str, ...]:
    """Every JupyterHub group the roles file gives a role, in the file's order."""
    return (data or roles()).group_names()


class Account(BaseModel):
    """One trial account and its groups."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=_NAME, title="Brugernavn")
    groups: tuple[str, ...] = Field(min_length=1, title="Grupper")


class NumberedAccounts(BaseModel):
    """``prefix1`` … ``prefix<count>`` in the same groups (a course's participants)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prefix: str = Field(pattern=r"^[a-z][a-z0-9-]{0,29}$", title="Forstavelse")
    count: int = Field(ge=1, le=500, title="Antal")
    groups: tuple[str, ...] = Field(min_length=1, title="Grupper")

    def accounts(self) -> tuple[Account, ...]:
        return tuple(
            Account(name=f"{self.prefix}{n}", groups=self.groups) for n in range(1, self.count + 1)
        )


class TrialAccounts(BaseModel):
    """The accounts a trial hub lets sign in, each in groups the roles file knows."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    accounts: tuple[Account, ...] = Field(default=(), title="Brugere")
    numbered: tuple[NumberedAccounts, ...] = Field(default=(), title="Nummererede brugere")

    @model_validator(mode="after")
    def _consistent(self) -> TrialAccounts:
        names = [account.name for account in self.all_accounts]
        if not names:
            raise ValueError("Filen nævner ingen brugere.")
        doubles = sorted({name for name in names if names.count(name) > 1})
        if doubles:
            raise ValueError(f"Brugere står mere end én gang: {', '.join(doubles)}.")
        known = set(hub_groups())
        unknown = sorted({g for a in self.all_accounts for g in a.groups} - known)
        if unknown:
            raise ValueError(
                f"Grupper, som rollefilen ikke kender: {', '.join(unknown)} "
                f"(kendte: {', '.join(hub_groups())})."
            )
        return self

    @cached_property
    def all_accounts(self) -> tuple[Account, ...]:
        numbered = tuple(a for block in self.numbered for a in block.accounts())
        return (*self.accounts, *numbered)

    def groups_of(self) -> dict[str, tuple[str, ...]]:
        """User name → groups."""
        return {account.name: account.groups for account in self.all_accounts}

    def members(self) -> dict[str, list[str]]:
        """Every hub group → its trial members (empty groups included)."""
        found: dict[str, list[str]] = {group: [] for group in hub_groups()}
        for account in self.all_accounts:
            for group in account.groups:
                found[group].append(account.name)
        return found


def load_accounts(path: Path) -> TrialAccounts:
    """The trial accounts in ``path``; a Danish :class:`DataFileError` when invalid."""
    return load_model(TrialAccounts, path)
