"""``tilsynwidgets``: upgrade the store, load sample data, import a portfolio or information
about its units, and see what the store holds."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import suppress
from datetime import UTC, date, datetime
from pathlib import Path

from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.core.danish_numbers import danish_count
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.store.drafts import unconverted_count
from tilsynwidgets.store.errors import StoredRowError, StoreError, StoreNotEmptyError
from tilsynwidgets.store.migrate import SchemaState, head_revision, schema_status
from tilsynwidgets.store.provenance import read_provenance
from tilsynwidgets.store.shapes import UnreadableRow
from tilsynwidgets.store.store import Store

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except (DataFileError, StoreError) as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tilsynwidgets",
        description="Beslutningsstøtte til det risikobaserede socialtilsyn.",
    )
    commands = parser.add_subparsers(title="kommandoer", required=True, metavar="KOMMANDO")

    upgrade = commands.add_parser(
        "opgrader",
        help="opret lageret, eller opgradér det til denne udgaves skema (intet mistes)",
    )
    upgrade.add_argument(
        "--app-rolle",
        metavar="ROLLE",
        default=None,
        help="PostgreSQL: giv denne rolle de rettigheder, apps'ene skal bruge (læse og tilføje)",
    )
    upgrade.set_defaults(handler=_upgrade)

    sample = commands.add_parser(
        "indlaes-eksempel", help="indlæs den syntetiske nationale portefølje med historik"
    )
    sample.add_argument("--seed", type=int, default=None, help="frø til tilfældighederne")
    sample.add_argument(
        "--dato", type=date.fromisoformat, default=None, help="dataenes dato (ÅÅÅÅ-MM-DD)"
    )
    sample.add_argument(
        "--hvis-tom", action="store_true", help="gør intet, hvis lageret allerede har enheder"
    )
    sample.add_argument("--tilbud", type=int, default=None, help="antal tilbud")
    sample.add_argument("--plejefamilier", type=int, default=None, help="antal plejefamilier")
    sample.set_defaults(handler=_load_sample)

    importer = commands.add_parser("importer", help="importér en portefølje fra CSV eller Excel")
    importer.add_argument("fil", type=Path, help="en .csv- eller .xlsx-fil")
    importer.set_defaults(handler=_import)

    information = commands.add_parser(
        "importer-oplysninger",
        help="importér oplysninger om enhederne fra CSV eller Excel (se docs/import.md)",
    )
    information.add_argument("fil", type=Path, help="en .csv- eller .xlsx-fil")
    information.set_defaults(handler=_import_information)

    status = commands.add_parser(
        "status", help="vis hvad lageret indeholder, og om alle gemte rækker kan læses"
    )
    status.set_defaults(handler=_status)
    return parser


def _open() -> Store:
    """The configured store: created when the database is empty, else checked to be of
    this release's schema (an older store is upgraded only by ``opgrader``)."""
    store = Store.open(load_settings().database_url)
    try:
        if schema_status(store.engine).state is SchemaState.EMPTY:
            store.upgrade()
        else:
            store.check_schema()
    except BaseException:
        store.close()
        raise
    return store


def _upgrade(args: argparse.Namespace) -> int:
    with Store.open(load_settings().database_url) as store:
        result = store.upgrade(app_role=args.app_rolle)
    print(result.describe())
    return 0


def _load_sample(args: argparse.Namespace) -> int:
    from tilsynwidgets.sample.load import DEFAULT_SEED, load_sample

    already = "Lageret har allerede enheder; intet indlæst."
    with _open() as store:
        if args.hvis_tom and not store.is_empty():
            print(already)
            return 0
        try:
            counts = load_sample(
                store,
                args.dato or date.today(),
                seed=DEFAULT_SEED if args.seed is None else args.seed,
                n_tilbud=args.tilbud,
                n_plejefamilier=args.plejefamilier,
                report=lambda message: print(message, flush=True),
            )
        except StoreNotEmptyError:
            if not args.hvis_tom:
                raise
            print("Lageret fik enheder, mens eksempeldata blev dannet; intet indlæst.")
            return 0
    n = danish_count
    print(
        f"Indlæst: {n(counts.units)} enheder, {n(counts.information)} oplysninger, "
        f"{n(counts.assessments)} risikovurderinger, {n(counts.plans)} intensitetsplaner, "
        f"{n(counts.quality_assessments)} kvalitetsvurderinger, "
        f"{n(counts.checklist_changes)} tjeklisteændringer og {n(counts.self_assessments)} "
        "selvevalueringer af ledelsens tiltag."
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    from tilsynwidgets.importing import read_portfolio

    units = read_portfolio(args.fil)
    with _open() as store:
        written = store.import_units(units, f"Importeret fra {args.fil.name}", date.today())
    print(f"Importeret: {written} enheder fra {args.fil.name}.")
    return 0


def _import_information(args: argparse.Namespace) -> int:
    from tilsynwidgets.assessor import current_assessor
    from tilsynwidgets.importing import InformationContext, read_information

    settings = load_settings()
    assessor = current_assessor(configured=settings.assessor, team=settings.team)
    with _open() as store:
        context = InformationContext(
            units=store.unit_kinds(),
            records=store.record_units(),
            registered_by=assessor.name,
            registered_at=datetime.now(UTC),
        )
        items = read_information(args.fil, context)
        written = store.append_information_batch(items)
    print(
        f"Importeret: {danish_count(written)} oplysninger fra {args.fil.name}, "
        f"registreret af {assessor.name} ({assessor.source})."
    )
    return 0


def _status(_args: argparse.Namespace) -> int:
    with _open() as store:
        frame = store.units_frame()
        provenance = read_provenance(store)
        if provenance is not None:
            print(provenance.describe())
        print(f"Enheder: {len(frame)}")
        if len(frame):
            for kind, count in frame["kind"].value_counts().sort_index().items():
                print(f"  {kind}: {count}")
        print(f"Risikovurderinger: {len(store.assessments_frame())}")
        print(f"Intensitetsplaner: {len(store.plans_frame())}")
        print(f"Oplysninger: {danish_count(len(store.information_frame()))}")
        print(f"Skemaets version: {head_revision()}")
        kept = unconverted_count(store)
        if kept:
            print(
                f"Kladder fra før opgraderingen, som ikke kunne tolkes: {danish_count(kept)} "
                "(gemt uændret i tabellen unconverted_drafts; se docs/store.md)."
            )
        unreadable = _unreadable(store)
        if not unreadable:
            print("Alle gemte rækker kan læses.")
            return 0
        print(f"Rækker, der ikke kan læses ({len(unreadable)}):")
        for problem in unreadable[:_SHOWN]:
            print(f"  {problem.describe()}")
        if len(unreadable) > _SHOWN:
            print(f"  … og {len(unreadable) - _SHOWN} flere.")
    return 1


_SHOWN = 20


def _unreadable(store: Store) -> list[UnreadableRow]:
    """Read every stored model once; the rows that today's models cannot read."""
    from tilsynwidgets.store.catalogues import CatalogueStore
    from tilsynwidgets.store.information import information as every_record
    from tilsynwidgets.store.training import TrainingStore

    store.assessments()
    store.plans()
    store.checklist_changes()
    store.quality_assessments()
    store.self_assessments()
    every_record(store, None)
    CatalogueStore(store).versions()
    store.catalogue_in_force_history()
    store.export_log()
    training = TrainingStore(store)
    for session in training.sessions():
        with suppress(StoredRowError):  # noted in the store's unreadable rows
            training.events(session.code)
        training.participants(session.code)
        training.answers(session.code)
    return store.unreadable_rows


if __name__ == "__main__":
    raise SystemExit(main())
