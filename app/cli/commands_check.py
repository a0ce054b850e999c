"""The `check` command: the vault health check, with optional repair."""

from __future__ import annotations

import argparse

from app.cli.display import escape_line, json_dumps, quote_name
from app.cli.i18n import _, ngettext
from app.cli.progress import Progress, checked
from app.cli.vault_opening import unlocked_keys
from vaultengine.health import check_vault
from vaultengine.health.report import HealthProgress, HealthReport, Problem


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "check",
        help=_("check a vault's structure (and with --deep, every file's content)"),
        description=_("Exit status 0 when no error remains (warnings allowed), 1 otherwise."),
    )
    p.add_argument("vault")
    p.add_argument("--fix", action="store_true", help=_("repair what can be repaired safely"))
    p.add_argument("--deep", action="store_true", help=_("also authenticate every file's content"))
    p.add_argument("--json", action="store_true", help=_("print the report as JSON"))
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    progress = Progress(checked)

    def on_progress(state: HealthProgress) -> None:
        progress.set_counts(state.files_done, state.bytes_done)

    # The check walks the ciphertext tree itself: keys and config, no filesystem.
    keys, config = unlocked_keys(args)
    try:
        report = check_vault(
            args.vault, keys, config, deep=args.deep, fix=args.fix, progress=on_progress
        )
    finally:
        progress.finish()
    if args.json:
        print(json_dumps(report.to_json(), indent=2))
    else:
        _print_report(report)
    return 0 if report.ok else 1


def _print_report(report: HealthReport) -> None:
    for problem in report.problems:
        print(_problem_line(problem))
    errors = sum(1 for p in report.problems if p.severity == "error" and not p.fixed)
    warnings = sum(1 for p in report.problems if p.severity == "warning" and not p.fixed)
    fixed = sum(1 for p in report.problems if p.fixed)
    print(_summary(report, errors, warnings, fixed))


def _summary(report: HealthReport, errors: int, warnings: int, fixed: int) -> str:
    found = [
        ngettext("{count} folder", "{count} folders", report.directories).format(
            count=report.directories
        ),
        ngettext("{count} file", "{count} files", report.files).format(count=report.files),
        ngettext("{count} symlink", "{count} symlinks", report.symlinks).format(
            count=report.symlinks
        ),
    ]
    outcome = [
        ngettext("{count} error", "{count} errors", errors).format(count=errors),
        ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
        ngettext("{count} fixed", "{count} fixed", fixed).format(count=fixed),
    ]
    line = _("deep check: {found}; {outcome}") if report.deep else _("check: {found}; {outcome}")
    return line.format(found=", ".join(found), outcome=", ".join(outcome))


def _problem_line(problem: Problem) -> str:
    where = quote_name(problem.cleartext_path or problem.ciphertext_path)
    status = ""
    if problem.fixed:
        status = " " + _("[fixed]")
    elif problem.fixable:
        status = " " + _("[fixable with --fix]")
    chunks = ""
    if problem.chunks:
        chunks = " " + _("(chunks {numbers})").format(numbers=", ".join(map(str, problem.chunks)))
    severity = {"error": _("error"), "warning": _("warning")}.get(
        problem.severity, problem.severity
    )
    # The kind stays as it is (a name to search for); the message is the engine's.
    # The message may name cleartext paths too: escape_line keeps every line one line.
    line = f"{severity}: {problem.kind}: {where}: {problem.message}{chunks}{status}"
    return escape_line(line)
