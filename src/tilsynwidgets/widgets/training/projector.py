"""The facilitator's projector view: the session code, who has answered the open round and
the discussion of one vignette, in large type and always without names.

The view draws the figures the facilitator's :class:`DiscussionView` has computed (it
computes nothing) with names hidden whatever «Skjul navne» says: participants are
«Deltager 1», «Deltager 2», … on the wall. The large type is the template's
(``static/training.css``, class ``tw-projector``).
"""

from __future__ import annotations

import ipywidgets as widgets

from tilsynwidgets.domain.training.discussion import SessionFigures
from tilsynwidgets.domain.training.sessions import TrainingSession
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.widgets.training.discussion import progress_html, vignette_discussion_html

__all__ = ["ProjectorView", "code_html"]


def code_html(session: TrainingSession) -> str:
    """The session's title and code as participants read them from the wall."""
    return (
        f'<div class="tw-session-code"><h2>{escape(session.title)}</h2>'
        "<p>Deltagerne åbner appen «Deltager» og skriver koden:</p>"
        f'<div class="tw-code">{escape(session.code)}</div></div>'
    )


class ProjectorView(widgets.VBox):
    """``vignette``: the facilitator's choice of vignette to discuss (the discussion view's
    own dropdown, shown here too, so both views discuss the same vignette)."""

    def __init__(self, vignette: widgets.Dropdown) -> None:
        self.close_button = widgets.Button(
            description="Luk projektorvisning", icon="times", layout=widgets.Layout(width="auto")
        )
        self.code = widgets.HTML()
        self.progress = widgets.HTML()
        self.discussion = widgets.HTML()
        super().__init__(
            [
                widgets.HBox([self.close_button]),  # as wide as its words, not the page
                self.code,
                widgets.HTML("<h2>Svar i den åbne runde</h2>"),
                self.progress,
                widgets.HTML("<h2>Drøftelse af vignetten</h2>"),
                vignette,
                self.discussion,
            ],
            layout=widgets.Layout(display="none"),
        )
        self.add_class("tw-projector")

    def draw(
        self, session: TrainingSession, figures: SessionFigures | None, chosen: str | None
    ) -> None:
        """Redraw from the figures as they stand (names hidden, always)."""
        self.code.value = code_html(session)
        if figures is None:
            self.progress.value = "<p>Venter på forløbets svar.</p>"
            self.discussion.value = ""
            return
        self.progress.value = progress_html(figures, hide_names=True)
        self.discussion.value = (
            vignette_discussion_html(figures, chosen, hide_names=True)
            if chosen is not None
            else "<p>Ingen runde er lukket endnu.</p>"
        )
