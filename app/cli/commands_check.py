"""The `check` command: the vault health check, with optional repair."""

from __future__ import annotations

import argparse

from app.cli.display import escape_line, json_dumps, quote_name
from app.cli.progress import Progress
from app.cli.session import unlocked_keys
from vaultengine.health import check_vault
from vaultengine.health.report import HealthProgress, HealthReport, Problem


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "check",
        help="check a vault's structure (and with --deep, every file's content)",
        description="Exit status 0 when no error remains (warnings allowed), 1 otherwise.",
    )
    p.add_argument("vault")
    p.add_argument("--fix", action="store_true", help="repair what can be repaired safely")
    p.add_argument("--deep", action="store_true", help="also authenticate every file's content")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    progress = Progress("checked")

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
    mode = "deep check" if report.deep else "check"
    print(
        f"{mode}: {report.directories} folders, {report.files} files, {report.symlinks} symlinks;"
        f" {errors} errors, {warnings} warnings, {fixed} fixed"
    )


def _problem_line(problem: Problem) -> str:
    where = quote_name(problem.cleartext_path or problem.ciphertext_path)
    status = " [fixed]" if problem.fixed else " [fixable with --fix]" if problem.fixable else ""
    chunks = f" (chunks {', '.join(map(str, problem.chunks))})" if problem.chunks else ""
    # The message may name cleartext paths too: escape_line keeps every line one line.
    line = f"{problem.severity}: {problem.kind}: {where}: {problem.message}{chunks}{status}"
    return escape_line(line)
