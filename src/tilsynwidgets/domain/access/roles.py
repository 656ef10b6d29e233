"""Roles and the JupyterHub groups that give them, as data (``data/roles.yaml``)."""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tilsynwidgets.domain.core.datafiles import load_packaged
from tilsynwidgets.domain.core.units import Socialtilsyn

__all__ = [
    "FRONT_PAGE",
    "SOCIALTILSYN_PLACEHOLDER",
    "GroupRule",
    "Permission",
    "Role",
    "Roles",
    "roles",
]

SOCIALTILSYN_PLACEHOLDER = "{socialtilsyn}"


class Permission(StrEnum):
    """What a role may do; each is checked by the kernel on every action."""

    SE_ENHEDER = "se_enheder"
    REDIGERE_ENHEDER = "redigere_enheder"
    SE_PLEJEFAMILIENAVNE = "se_plejefamilienavne"
    EKSPORTERE_NAVNE = "eksportere_navne"
    SELVEVALUERE = "selvevaluere"
    SAETTE_I_KRAFT = "saette_i_kraft"


FRONT_PAGE = "Forside.ipynb"
"""The apps' front page: where a person lands unless their role says otherwise."""


class Role(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z_]+$", title="Id")
    label: str = Field(min_length=1, title="Navn")
    apps: tuple[str, ...] = Field(title="Apps")
    permissions: tuple[Permission, ...] = Field(title="Tilladelser")
    jupyterlab: bool = Field(
        default=False,
        title="JupyterLab",
        description="Må starte sin egen JupyterLab-server (kører vilkårlig kode).",
    )
    landing: str | None = Field(
        default=None,
        title="Første side",
        description="Den app, rollen lander i efter login (en af rollens apps); uden den forsiden.",
    )

    @model_validator(mode="after")
    def _lands_in_own_app(self) -> Role:
        if self.landing is not None and self.landing not in self.apps:
            raise ValueError(
                f"Rollen {self.id} lander i {self.landing}, som ikke er blandt dens apps."
            )
        return self


class GroupRule(BaseModel):
    """A JupyterHub group (or a pattern with ``{socialtilsyn}``) and the role it gives."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    group: str = Field(pattern=r"^[a-z0-9_{}-]+$", title="Gruppe")
    role: str = Field(title="Rolle")

    @property
    def per_socialtilsyn(self) -> bool:
        return SOCIALTILSYN_PLACEHOLDER in self.group

    def expanded(self) -> tuple[tuple[str, Socialtilsyn | None], ...]:
        """Each group this rule names, with the socialtilsyn it holds in (``None``:
        national)."""
        if not self.per_socialtilsyn:
            return ((self.group, None),)
        return tuple(
            (self.group.replace(SOCIALTILSYN_PLACEHOLDER, s.value), s) for s in Socialtilsyn
        )


class Roles(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    roles: tuple[Role, ...] = Field(min_length=1, title="Roller")
    groups: tuple[GroupRule, ...] = Field(min_length=1, title="Grupper")

    @model_validator(mode="after")
    def _consistent(self) -> Roles:
        ids = [role.id for role in self.roles]
        if len(set(ids)) != len(ids):
            raise ValueError("En rolle står to gange i rollefilen.")
        unknown = sorted({rule.role for rule in self.groups} - set(ids))
        if unknown:
            raise ValueError(f"Grupperne nævner roller, der ikke findes: {', '.join(unknown)}.")
        return self

    def role(self, role_id: str) -> Role:
        return next(role for role in self.roles if role.id == role_id)

    def grants_of(self, group: str) -> tuple[tuple[Role, Socialtilsyn | None], ...]:
        """The roles the JupyterHub group ``group`` gives, each with where it holds."""
        return tuple(
            (self.role(rule.role), where)
            for rule in self.groups
            for name, where in rule.expanded()
            if name == group
        )

    def group_names(self) -> tuple[str, ...]:
        """Every JupyterHub group that gives a role, in the file's order."""
        return tuple(dict.fromkeys(name for rule in self.groups for name, _ in rule.expanded()))

    def lab_groups(self) -> tuple[str, ...]:
        """The groups whose role may start JupyterLab."""
        return tuple(
            dict.fromkeys(
                name
                for rule in self.groups
                if self.role(rule.role).jupyterlab
                for name, _ in rule.expanded()
            )
        )


@cache
def roles() -> Roles:
    """The packaged roles file."""
    return load_packaged(Roles, "roles.yaml")
