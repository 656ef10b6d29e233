"""The apps' widgets, one package an app; they bind the domain's figures to controls.

- ``inspector``: the inspector's app (unit picker, checklist);
- ``leadership``: the leadership review (drill-down, self-assessment, exports);
- ``overview``: the portfolio overview;
- ``training``: the participant's and the facilitator's apps;
- ``workshop``: the criteria workshop;
- ``landing``: the landing page listing the apps;
- ``unit``: one unit's card and its assessment, plan and quality forms, which the
  inspector's app and the training share;
- ``common``: status line, drafts, choices and the refusal notice every app uses.

``tilsynwidgets.apps`` builds each app in one call.
"""
