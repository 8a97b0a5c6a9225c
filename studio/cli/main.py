"""The `studio` command: a thin layer over the services (Typer + rich)."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any, Optional

import typer
import typer.core

from studio.cli.console import LazyConsole
from studio.core.errors import StudioError

# Command groups whose modules pull in the database layer (sqlmodel, alembic, argon2): imported only
# when that group runs or a help page lists it, so `studio check` starts without them.
LAZY_GROUPS = {
    "users": ("studio.accounts.users", "users_app", "Reviewer accounts."),
    "apikeys": ("studio.accounts.apikeys", "apikeys_app", "API keys for the CMS."),
    "db": ("studio.store.migrate", "db_app", "Database migrations and backups."),
    "audit": ("studio.store.audit", "audit_app", "The audit log: verify its hash chain."),
    "results": ("studio.cli.results", "results_app", "A/B results: import them, see the experiments."),
}


class LazyGroup(typer.core.TyperGroup):
    """The top-level group: the groups of LAZY_GROUPS are built on first use."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in LAZY_GROUPS if n not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in LAZY_GROUPS and cmd_name not in self.commands:
            module, attr, help = LAZY_GROUPS[cmd_name]
            command = typer.main.get_group(getattr(importlib.import_module(module), attr))
            command.name, command.help = cmd_name, help
            self.commands[cmd_name] = command
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and args[0] not in LAZY_GROUPS:
            for name in LAZY_GROUPS:  # an unknown name: "did you mean" looks at every group
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)


app = typer.Typer(help="Localisation content studio: brief -> generate -> check -> review -> export.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False, cls=LazyGroup)
models_app = typer.Typer(help="Model profiles and which of their models are present here.", no_args_is_help=True)
locales_app = typer.Typer(help="Locale profiles.", no_args_is_help=True)
app.add_typer(models_app, name="models")
app.add_typer(locales_app, name="locales")

out = LazyConsole()
err = LazyConsole(stderr=True)

DbOption = typer.Option(None, "--db", help="SQLite file or database URL (default: DATABASE_URL, else var/studio.db)")


def _split(value: Optional[str]) -> Optional[list[str]]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def fail(exc: StudioError) -> None:
    from rich.markup import escape

    err.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)


@app.command()
def generate(
    brief_path: Path = typer.Argument(..., metavar="BRIEF", help="campaign brief (YAML or JSON)"),
    locales: Optional[str] = typer.Option(None, "--locales", help="only these locales, comma-separated"),
    kinds: Optional[str] = typer.Option(None, "--kinds", help="only these kinds: copy,image,video_script"),
    profile: Optional[str] = typer.Option(None, "--profile", help="model profile (models/NAME.yaml); default cpu (STUDIO_PROFILE)"),
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
    timings_path: Optional[Path] = typer.Option(None, "--timings", help="write where the time went (seconds per "
                                                "phase; prompts, tokens and seconds per model call) to this JSON "
                                                "file and print a summary (local executor only)"),
) -> None:
    """Generate, check and queue for review every asset the brief asks for (resumes a killed run)."""
    import contextlib

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from studio.core import timings
    from studio.core.config import get_settings
    from studio.plan.brief import load_brief
    from studio.runs.pipeline import execute, submit

    recorded = contextlib.ExitStack()
    try:
        if executor not in ("local", "ray"):
            raise StudioError(f"unknown executor {executor!r}", where="--executor", fix="use local or ray")
        if executor == "local" and (address or workers):
            raise StudioError("--address and --workers need --executor ray", where="--executor")
        if timings_path and executor != "local":
            raise StudioError("--timings records this process only", where="--timings", fix="use --executor local")
        rec = recorded.enter_context(timings.recording()) if timings_path else None
        brief = load_brief(brief_path)
        settings = get_settings()
        campaign_id, run_id = submit(brief, db_url=settings.db_url(db), profile=profile,
                                     locales=_split(locales), kinds=_split(kinds))
        err.print(f"campaign {brief.campaign!r} (id {campaign_id}), run {run_id}, profile {profile or settings.profile}")
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err.console, transient=False) as bar:
            task = bar.add_task("generating", total=None)

            def progress(done: int, total: int, key: str) -> None:
                bar.update(task, completed=done, total=total, description=f"generating {key}")

            if executor == "ray":
                from studio.runs.executors import execute_ray

                summary = execute_ray(run_id, db_url=settings.db_url(db), progress=progress, address=address,
                                      workers=workers, gpus_per_worker=gpus_per_worker)
            else:
                summary = execute(run_id, db_url=settings.db_url(db), progress=progress)
        recorded.close()
        if rec is not None and timings_path is not None:
            _write_timings(rec.summary(), timings_path)
    except StudioError as exc:
        fail(exc)
    finally:
        recorded.close()
    from rich.table import Table

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


def _write_timings(summary: dict[str, Any], path: Path) -> None:
    """The recording as JSON at ``path`` and a table of its phases on standard error."""
    import json

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise StudioError(f"cannot write the timings to {path}: {exc.strerror}", where="--timings",
                          fix="name a file in a folder you can write") from None
    # Plain fixed-width lines: they fit 80 columns (a log, a CI console) and keep each phase name whole. The number
    # of calls per phase is in the JSON; the table shows CPU seconds, which move far less with the load than wall.
    cols = ("prompts", "prompt_tokens", "cached_tokens", "generated_tokens", "stopped")
    fmt = "{:<30}{:>7}{:>7}{:>8}{:>7}{:>7}{:>8}{:>6}"
    lines = [f"where the time went: {summary['wall_s']:.0f} s, {summary.get('cpu_s', 0):.0f} CPU s",
             fmt.format("phase", "s", "cpu s", "prompts", "tok in", "cached", "tok out", "ended")]
    for name, row in summary["phases"].items():
        lines.append(fmt.format(name[:29], f"{row['seconds']:.1f}", f"{row.get('cpu_s', 0):.1f}",
                                *(str(row.get(k, "")) for k in cols)))
    lines.append(fmt.format("other", f"{summary['unaccounted_s']:.1f}", "", *[""] * len(cols)))
    lines.append("tok in: prompt tokens (cached: of them reused); tok out: generated; ended: replies that "
                 "stopped before the token budget")
    err.print("\n".join(line.rstrip() for line in lines), markup=False, highlight=False, soft_wrap=True)
    err.print(f"every model call: {path}")


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
            _print_locale_support(prof)
    except StudioError as exc:
        fail(exc)


def _print_locale_support(prof) -> None:
    """What the profile is good for, per locale, with the measured figure (models/NAME.yaml locale_support)."""
    support = prof.locale_support
    if support is None:
        out.print("  locales    not measured: every locale is drafted", highlight=False)
        return
    out.print(f"  locales    measured: {support.measured}", highlight=False, soft_wrap=True)
    for level in ("supported", "weak", "unsupported"):
        items = []
        for code in sorted(support.locales):
            m, whose = support.measure(code) or (None, code)
            if m is not None and m.support == level:
                items.append(f"{code} {m.writes}/{m.drafts} writes, {m.passed}/{m.drafts} pass"
                             + (f" (as {whose})" if whose != code else ""))
        if items:
            out.print(f"    {level:<12} " + "; ".join(items), highlight=False, soft_wrap=True)
    # A level that is not the figures' own says what a reader saw in the drafts (one line per reason).
    read: dict[str, list[str]] = {}
    for code in sorted(support.locales):
        m, _ = support.measure(code) or (None, code)
        if m is not None and m.why.strip():
            read.setdefault(m.why.strip(), []).append(code)
    for why, codes in read.items():
        out.print(f"    read by a person ({', '.join(codes)}): {why}", highlight=False, soft_wrap=True)
    out.print(f"    other locales: {support.default} (not measured)", highlight=False)


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
    executor: Optional[str] = typer.Option(None, "--executor", help="where queued runs execute: local (a child "
                                           "process) | ray (Ray workers, docs/scale.md); default STUDIO_EXECUTOR, "
                                           "else local"),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster address (with --executor ray; "
                                          "STUDIO_RAY_ADDRESS); default: a local Ray on this machine"),
    workers: Optional[int] = typer.Option(None, "--workers", help="Ray workers (with --executor ray; "
                                          "STUDIO_RAY_WORKERS); default: one per GPU, else one per CPU"),
    gpus_per_worker: Optional[float] = typer.Option(None, "--gpus-per-worker", help="GPUs each Ray worker holds "
                                                    "(STUDIO_RAY_GPUS_PER_WORKER)"),
) -> None:
    """Start the review UI and the REST API on one server (Ctrl-C to stop)."""
    import uvicorn

    from studio.core.config import get_settings
    from studio.runs.worker import ExecutorConfig

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    try:
        config = ExecutorConfig.resolve({"kind": executor, "address": address, "workers": workers,
                                         "gpus_per_worker": gpus_per_worker})
        if config.kind == "ray":
            from studio.runs.executors import require_ray

            require_ray()  # no Ray here: say so now, not at the first run
    except StudioError as exc:
        fail(exc)
    from studio.server import create_app

    url = get_settings().db_url(db)
    where = "this process's children" if config.kind == "local" else f"Ray ({config.address or 'local'})"
    err.print(f"review studio on http://{host}:{port}/  (database {url}; runs execute on {where}; Ctrl-C to stop)")
    uvicorn.run(create_app(url, executor=config), host=host, port=port, log_level="warning")


def _register_subapps() -> None:
    from studio.cli.check import check_command, rules_app

    app.command("check")(check_command)
    app.add_typer(rules_app, name="rules", help="Rule packs: validate, list, test their examples.")
    # users, apikeys, db, audit, results: LAZY_GROUPS


_register_subapps()


def main() -> None:
    """The `studio` script ([project.scripts]): ``app()``, then, once `studio check` has written and flushed its
    every line, the process ends without tearing the interpreter down (``end_without_teardown``)."""
    try:
        app()
    except SystemExit as exc:
        check = sys.modules.get("studio.cli.check")
        if check is not None and check.finished and (exc.code is None or isinstance(exc.code, int)):
            end_without_teardown(exc.code or 0)
        raise


def end_without_teardown(code: int) -> None:
    """End the process now: run the atexit handlers, flush stdout and stderr, then ``os._exit(code)``.

    Tearing down a `studio check` process frees what one draft's check loaded piece by piece (the rule packs'
    ~22,000 objects and regexes, a market's term index, lingua's and the encoders' models, numpy): ~0.25-0.3 s of
    CPU of a ~1 s one-draft check (engine59, de-DE, process CPU with and without), memory the operating system takes
    back whole anyway. Only from the script's own entry (``main``), never where ``app`` runs inside another
    program (tests, CliRunner), and only with no other thread running; otherwise (or if a flush fails: a closed
    pipe) the ordinary exit runs, which reports it."""
    import atexit
    import threading

    if threading.active_count() > 1:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        atexit._run_exitfuncs()  # logging.shutdown and the like, as the ordinary exit runs them
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - let the ordinary exit report it
        return
    os._exit(code)


if __name__ == "__main__":
    main()
