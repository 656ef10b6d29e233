"""The apps listed on the landing page, as data (``data/apps.yaml``)."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from tilsynwidgets.domain.core.datafiles import load_packaged

__all__ = ["AppEntry", "AppIndex", "app_index"]


class AppEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    notebook: str = Field(pattern=r"^[A-Za-z0-9_-]+\.ipynb$")
    title: str = Field(min_length=1)
    audience: str = Field(min_length=1)
    description: str = Field(min_length=1)


class AppIndex(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    title: str
    intro: str
    apps: tuple[AppEntry, ...] = Field(min_length=1)


@cache
def app_index() -> AppIndex:
    return load_packaged(AppIndex, "apps.yaml")
