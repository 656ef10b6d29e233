"""The pure domain: models and rules, no widgets and no I/O beyond packaged data.

One package a concept, from the bottom up (a package imports only from those below it):

- ``core``: categories, units and their kinds, risk signals, data files, fields, errors and
  Danish messages, numbers and time;
- ``risk``: criteria, the aggregation rule, portfolio evaluation, risk assessments;
- ``intensity``: intensity plans, their templates and the legal rule sets;
- ``quality``: the quality model and quality assessments;
- ``support``: organisational support (measures, checklists) and leaders' self-assessment;
- ``portfolio``: the current picture of the portfolio and the leadership review's figures;
- ``training``: vignettes, training sessions, agreement and the discussion after a round;
- ``workshop``: a criteria catalogue's effect, threshold sweeps and catalogue versions;
- ``labels``: the Danish label of every code of every concept (so it sits above them all).
"""
