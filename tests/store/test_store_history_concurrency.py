"""Two inspectors save a risk assessment of the same unit at the same moment, each from
their own process (as each Voilà page has its own kernel): both rows are kept, none is
lost, and each inspector's rows stay in the order they were saved, on SQLite and on
PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import select

from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.store import Store, schema

UNIT = "T-001"
SAVES = 30
INSPECTORS = {"a": "Tilsynsførende A", "b": "Tilsynsførende B"}

# One inspector's page: for every prepared assessment, meet the other inspector (a file
# each for the save's number), then save it stamped with the moment of saving, and print
# what was saved. Save i+1 starts only when both have finished save i.
WORKER = """
import json, sys, time
from datetime import UTC, datetime
from pathlib import Path
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.store import Store

url, me, other, folder = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
prepared = json.loads((folder / f"{me}.json").read_text())
with Store.open(url) as store:
    for i, fields in enumerate(prepared):
        (folder / f"{me}-{i}").touch()
        deadline = time.monotonic() + 60
        while not (folder / f"{other}-{i}").exists():
            if time.monotonic() > deadline:
                sys.exit(f"the other inspector never reached save {i}")
            time.sleep(0.0005)
        assessment = RiskAssessment.model_validate({**fields, "assessed_at": datetime.now(UTC)})
        store.append_assessment(assessment)
        print(assessment.model_dump_json(), flush=True)
"""


def test_two_inspectors_saving_at_once_keep_both_rows_in_order(
    store: Store, engine_url: str, tmp_path: Path, build: SimpleNamespace
) -> None:
    store.upsert_units([build.unit(UNIT)])
    for key, name in INSPECTORS.items():
        prepared = [
            build.assessment(
                UNIT, i, assessor=name, justification=f"{name}s vurdering nr. {i} af tilbuddet."
            ).model_dump(mode="json")
            for i in range(SAVES)
        ]
        (tmp_path / f"{key}.json").write_text(json.dumps(prepared))
    workers = {
        key: subprocess.Popen(
            [sys.executable, "-c", WORKER, engine_url, key, other, str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for key, other in (("a", "b"), ("b", "a"))
    }
    try:
        results = {key: w.communicate(timeout=120) for key, w in workers.items()}
    finally:
        for worker in workers.values():
            if worker.poll() is None:
                worker.kill()
                worker.communicate()
    assert {key: w.returncode for key, w in workers.items()} == {"a": 0, "b": 0}, results
    saved = {
        INSPECTORS[key]: [RiskAssessment.model_validate_json(line) for line in out.splitlines()]
        for key, (out, _) in results.items()
    }
    assert [len(mine) for mine in saved.values()] == [SAVES, SAVES]

    table = schema.assessments
    with store.connection() as conn:
        models = conn.execute(select(table.c.model).order_by(table.c.id)).scalars().all()
    by_id = [RiskAssessment.model_validate(m) for m in models]
    by_time = store.assessments(UNIT)  # by assessed_at, then id
    for stored in (by_time, by_id):
        assert len(stored) == 2 * SAVES
        for name, mine in saved.items():
            assert [a for a in stored if a.assessor == name] == mine
        # Save i+1 began after both had finished save i: the rows come in pairs.
        pairs = [sorted(a.assessor for a in stored[i : i + 2]) for i in range(0, 2 * SAVES, 2)]
        assert pairs == [sorted(INSPECTORS.values())] * SAVES
    assert store.current_choices().to_dict() == {UNIT: by_time[-1].chosen.value}
