"""`studio results import FILE.csv`: channel results per asset and day into the experiments.

The CSV has a header row with ``asset_id, day, impressions, clicks`` and optionally ``channel``
(default: the asset's), ``conversions`` and ``spend``: aggregates only (docs/experiments.md). Every
problem names FILE:LINE and the field; a file with any bad row stores nothing (exit 2).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from studio.core.errors import InputError, StudioError
from studio.experiments.results import ResultsError

results_app = typer.Typer(help="A/B results from the channels: import them, see the experiments.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)
REQUIRED = ("asset_id", "day", "impressions", "clicks")


def read_csv(path: Path) -> tuple[dict[int, list], dict[tuple[int, int], int]]:
    """Rows grouped by asset id, and (asset id, index within its group) -> CSV line, validated."""
    from studio.experiments.results import validate_rows

    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", where=str(path), fix="check the path") from None
    with handle:
        try:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in reader.fieldnames or []]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise InputError(f"the header lacks column(s) {', '.join(missing)}", where=f"{path}:1",
                                 fix=f"first line: {','.join(REQUIRED)},channel,conversions,spend")
            records, lines = [], []
            for raw in reader:
                lines.append(reader.line_num)
                if None in raw:
                    records.append({"(row)": "more cells than header columns"})
                    continue
                records.append({(k or "").strip(): (v or "").strip() for k, v in raw.items()})
        except (UnicodeDecodeError, csv.Error) as exc:
            raise InputError(f"not a readable UTF-8 CSV file: {exc}", where=str(path),
                             fix="export the results as CSV (UTF-8, comma-separated, header row)") from None
    if not records:
        raise InputError("no result rows under the header", where=str(path), fix="add one row per asset, day and channel")
    where = lambda i: f"{path}:{lines[i]}"  # noqa: E731
    errors, ids, shaped = [], [], []
    for i, record in enumerate(records):
        if "(row)" in record:
            errors.append({"row": where(i), "field": where(i), "message": record["(row)"]})
            continue
        value = record.pop("asset_id", "")
        asset_id = int(value) if value.isdigit() else 0
        if asset_id < 1:
            errors.append({"row": where(i), "field": f"{where(i)}.asset_id",
                           "message": f"asset_id must be a positive whole number, got {value!r}"})
        ids.append(asset_id)
        shaped.append(i)
    rows = []
    try:
        rows = validate_rows([records[i] for i in shaped], where=lambda j: where(shaped[j]))
    except ResultsError as exc:
        errors += exc.errors
    if errors:
        errors.sort(key=lambda e: int(e["row"].rsplit(":", 1)[1]))
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ResultsError(f"{first['message']}{more}", errors, where=first["field"],
                           fix="correct the named lines and fields; nothing was stored")
    batches: dict[int, list] = defaultdict(list)
    line_of: dict[tuple[int, int], int] = {}
    for i, asset_id, row in zip(shaped, ids, rows):
        line_of[(asset_id, len(batches[asset_id]))] = lines[i]
        batches[asset_id].append(row)
    return dict(batches), line_of


@results_app.command("import")
def import_results(
    file: Path = typer.Argument(..., metavar="FILE.csv", help="asset_id,day,channel,impressions,clicks,conversions,spend"),
    db: Optional[str] = typer.Option(None, "--db", help="SQLite file or database URL (default: DATABASE_URL, else var/studio.db)"),
) -> None:
    """Import results (idempotent: a day already imported is replaced); decide the experiments they touch."""
    from studio.core.config import get_settings
    from studio.experiments import decisions
    from studio.experiments.results import store_results
    from studio.store.database import session_scope

    try:
        batches, line_of = read_csv(file)
        with session_scope(get_settings().db_url(db)) as session:
            summary = store_results(session, batches, source="cli",
                                    where=lambda asset_id, i: f"{file}:{line_of.get((asset_id, i), '?')}")
            session.flush()
            states = [decisions.refresh(session, cid, locale, channel, actor="cli")
                      for cid, locale, channel in sorted(summary.experiments)]
    except StudioError as exc:
        err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
        for problem in getattr(exc, "errors", [])[1:20]:
            err.print(f"  {problem['field']}: {problem['message']}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    total = summary.inserted + summary.updated
    out.print(f"imported {total} row(s) for {len(batches)} asset(s): {summary.inserted} new, "
              f"{summary.updated} replaced", highlight=False)
    print_experiments(states)


def print_experiments(states) -> None:
    """One line per experiment: where, state, and the winner or why there is none yet."""
    for s in states:
        winner = next((v for v in s.variants if v.asset_id == s.winner_asset_id), None)
        head = f"{s.campaign} · {s.locale} · {s.channel} · {s.metric}: {s.state}"
        if winner:
            out.print(f"{head}: winner #{winner.asset_id} (variant {winner.variant}), lift {s.decided_lift or 0:+.1%}, "
                      f"P(best) {s.decided_probability or 0:.3f}", highlight=False, soft_wrap=True)
        else:
            out.print(f"{head}: {s.reason}", highlight=False, soft_wrap=True)


@results_app.command("show")
def show(campaign: int = typer.Argument(..., metavar="CAMPAIGN_ID"),
         db: Optional[str] = typer.Option(None, "--db", help="SQLite file or database URL")) -> None:
    """The campaign's experiments: state, winner and each variant's interval."""
    from studio.core.config import get_settings
    from studio.experiments import decisions
    from studio.store.database import session_scope

    try:
        with session_scope(get_settings().db_url(db)) as session:
            states = decisions.campaign_experiments(session, campaign)
    except StudioError as exc:
        err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    print_experiments(states)
    for s in states:
        for v in s.variants:
            out.print(f"  {s.locale} {s.channel} #{v.asset_id} v{v.variant}: {v.successes}/{v.trials} "
                      f"rate {v.mean:.3%} [{v.low:.3%}, {v.high:.3%}] P(best) {v.p_best:.3f}", highlight=False)


def challenge(brief, campaign_id: int, n: int, *, profile: str, db_url: str | None, locales=None, kinds=None) -> None:
    """`studio generate --challengers N`: draft challengers of every current winner and say what was made."""
    from studio.runs.challengers import generate_challengers

    try:
        summary = generate_challengers(brief, campaign_id, n, profile=profile, db_url=db_url, locales=locales,
                                       kinds=kinds)
    except StudioError as exc:
        err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    if not summary.winners:
        out.print("challengers: no A/B winner is recorded for this campaign yet (import results first: "
                  "`studio results import FILE.csv`)", highlight=False)
        return
    out.print(f"challengers: {len(summary.made)} new draft(s) against {summary.winners} winner(s) "
              f"({summary.already} existed): {', '.join(f'#{i}' for i in summary.made) or '-'}", highlight=False)
