"""The `studio` command: a thin layer over the services (Typer + rich)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from studio.core.errors import StudioError

app = typer.Typer(help="Localisation content studio: brief -> generate -> check -> review -> export.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
models_app = typer.Typer(help="Model profiles and which of their models are present here.", no_args_is_help=True)
locales_app = typer.Typer(help="Locale profiles.", no_args_is_help=True)
app.add_typer(models_app, name="models")
app.add_typer(locales_app, name="locales")

out = Console()
err = Console(stderr=True)

DbOption = typer.Option(None, "--db", help="SQLite file or database URL (default: DATABASE_URL, else var/studio.db)")


def _split(value: Optional[str]) -> Optional[list[str]]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def fail(exc: StudioError) -> None:
    err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)


@app.command()
def generate(
    brief_path: Path = typer.Argument(..., metavar="BRIEF", help="campaign brief (YAML or JSON)"),
    locales: Optional[str] = typer.Option(None, "--locales", help="only these locales, comma-separated"),
    kinds: Optional[str] = typer.Option(None, "--kinds", help="only these kinds: copy,image,video_script"),
    profile: Optional[str] = typer.Option(None, "--profile", help="model profile (models/NAME.yaml); default tiny"),
    db: Optional[str] = DbOption,
    challengers: int = typer.Option(0, "--challengers", min=0, help="also draft N new variants against each current "
                                    "A/B winner of the campaign (docs/experiments.md)"),
    executor: str = typer.Option("local", "--executor", help="local (this process) | ray (Ray workers, "
                                 "docs/scale.md)"),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster address (with --executor ray); "
                                          "default: a local Ray on this machine"),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Ray workers (with --executor ray); "
                                          "default: one per GPU, else one per CPU"),
    gpus_per_worker: float = typer.Option(0, "--gpus-per-worker", min=0, help="GPUs each Ray worker holds"),
) -> None:
    """Generate, check and queue for review every asset the brief asks for (resumes a killed run)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from studio.core.config import get_settings
    from studio.plan.brief import load_brief
    from studio.runs.pipeline import execute, submit

    try:
        if executor not in ("local", "ray"):
            raise StudioError(f"unknown executor {executor!r}", where="--executor", fix="use local or ray")
        if executor == "local" and (address or workers):
            raise StudioError("--address and --workers need --executor ray", where="--executor")
        brief = load_brief(brief_path)
        settings = get_settings()
        campaign_id, run_id = submit(brief, db_url=settings.db_url(db), profile=profile,
                                     locales=_split(locales), kinds=_split(kinds))
        err.print(f"campaign {brief.campaign!r} (id {campaign_id}), run {run_id}, profile {profile or settings.profile}")
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, transient=False) as bar:
            task = bar.add_task("generating", total=None)

            def progress(done: int, total: int, key: str) -> None:
                bar.update(task, completed=done, total=total, description=f"generating {key}")

            if executor == "ray":
                from studio.runs.executors import execute_ray

                summary = execute_ray(run_id, db_url=settings.db_url(db), progress=progress, address=address,
                                      workers=workers, gpus_per_worker=gpus_per_worker)
            else:
                summary = execute(run_id, db_url=settings.db_url(db), progress=progress)
    except StudioError as exc:
        fail(exc)
    table = Table(title=f"{brief.campaign}: assets made in this run")
    table.add_column("locale")
    for kind in ("copy", "video_script", "image"):
        table.add_column(kind, justify="right")
    for locale in sorted({loc for loc, _ in summary.counts}):
        table.add_row(locale, *(str(summary.counts.get((locale, k), 0)) for k in ("copy", "video_script", "image")))
    out.print(table)
    sev = summary.findings
    out.print(f"findings: [red]{sev.get('block', 0)} block[/], [yellow]{sev.get('warn', 0)} warn[/], "
              f"{sev.get('info', 0)} info; {summary.skipped} job(s) already done were skipped; run {summary.state}")
    if summary.problems:
        out.print(f"{len(summary.problems)} generation problem(s) recorded on the assets (see `studio export`).")
    if challengers:
        from studio.cli.results import challenge

        challenge(brief, campaign_id, challengers, profile=profile or settings.profile, db_url=settings.db_url(db),
                  locales=_split(locales), kinds=_split(kinds))


@app.command()
def export(
    db: Optional[str] = DbOption,
    campaign: Optional[str] = typer.Option(None, "--campaign", help="campaign name or id (default: all)"),
    status: str = typer.Option("approved", "--status", help="approved | any"),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl | csv | xliff | srt | vtt"),
    out_dir: str = typer.Option("-", "--out", help="folder to write into, or - for standard output"),
) -> None:
    """Export assets (approved by default) for the CMS or translators."""
    from studio.core.config import get_settings
    from studio.deliver.export import nothing_reason, render, select_records, write
    from studio.store.database import session_scope

    try:
        with session_scope(get_settings().db_url(db)) as session:
            records = select_records(session, campaign=campaign, status=status)
        files = render(records, fmt)
        if not files or not records:
            err.print(f"nothing exported: {nothing_reason(records, fmt, status)}", highlight=False)
            if not files:
                return
        if out_dir == "-":
            if len(files) > 1:
                raise StudioError(f"{fmt} export makes {len(files)} files", where="--out",
                                  fix="give a folder with --out DIR")
            for content in files.values():
                sys.stdout.write(content.decode("utf-8"))
            return
        for path in write(files, out_dir):
            err.print(f"wrote {path}")
    except StudioError as exc:
        fail(exc)


@models_app.command("list")
def models_list(profile: Optional[str] = typer.Argument(None, help="one profile (default: all)")) -> None:
    """Which models each profile names, whether they are present here, and why not."""
    from studio.generate.profiles import load_profile, profile_names, profile_status

    try:
        names = [profile] if profile else profile_names()
        for name in names:
            prof = load_profile(name)
            out.print(f"[bold]{name}[/]  {prof.description}", highlight=False, soft_wrap=True)
            for st in profile_status(name):  # every role, a missing one included, with why
                mark = "[green]present[/]" if st.present else "[red]missing[/]"
                via = f"  (backend {st.backend})" if st.backend != "-" else ""
                out.print(f"  {st.role:<10} {mark:<7}  {st.id}{via}\n             {st.reason}",
                          highlight=False, soft_wrap=True)
    except StudioError as exc:
        fail(exc)


@locales_app.command("list")
def locales_list() -> None:
    """One locale code a line, first on the line, with its language and direction."""
    from studio.market.locales import get_locale, list_locales

    for code in list_locales():
        loc = get_locale(code)
        print(f"{code}\t{loc.language_name}\t{loc.direction}")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(7860, "--port"),
    db: Optional[str] = DbOption,
) -> None:
    """Start the review UI and the REST API on one server (Ctrl-C to stop)."""
    import uvicorn

    from studio.core.config import get_settings
    from studio.server import create_app

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    url = get_settings().db_url(db)
    err.print(f"review studio on http://{host}:{port}/  (database {url}; Ctrl-C to stop)")
    uvicorn.run(create_app(url), host=host, port=port, log_level="warning")


def _register_subapps() -> None:
    from studio.accounts.apikeys import apikeys_app
    from studio.accounts.users import users_app
    from studio.cli.check import check_command, rules_app
    from studio.store.audit import audit_app
    from studio.store.migrate import db_app

    app.command("check")(check_command)
    app.add_typer(rules_app, name="rules", help="Rule packs: validate, list, test their examples.")
    app.add_typer(users_app, name="users", help="Reviewer accounts.")
    app.add_typer(apikeys_app, name="apikeys", help="API keys for the CMS.")
    app.add_typer(db_app, name="db", help="Database migrations and backups.")
    app.add_typer(audit_app, name="audit", help="The audit log: verify its hash chain.")
    from studio.cli.results import results_app  # A/B results (docs/experiments.md)
    app.add_typer(results_app, name="results", help="A/B results: import them, see the experiments.")


_register_subapps()

if __name__ == "__main__":
    app()
