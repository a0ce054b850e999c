"""Unit tests of the CLI's own parts that need no vault: paths, secrets, progress, exit codes."""

from __future__ import annotations

import errno
import io
import sys

import pytest

from app.cli import main as cli_main
from app.cli.errors import CliError, CliUsageError, describe
from app.cli.passwords import SecretReader
from app.cli.paths import is_safe_component, vault_path
from app.cli.progress import Progress, human_size, imported
from vaultengine.errors import (
    AuthenticationFailedError,
    ConfigSignatureError,
    InvalidRecoveryKeyError,
    NotAVaultError,
    WrongPasswordError,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "/"),
        ("/", "/"),
        ("a/b", "/a/b"),
        ("//a//b/", "/a/b"),
        ("/a/./b", "/a/b"),
        ("../../etc", "/etc"),
        ("/a/../../b", "/b"),
    ],
)
def test_vault_path_is_absolute_and_cannot_climb_above_the_root(typed: str, expected: str) -> None:
    assert vault_path(typed) == expected


@pytest.mark.parametrize("name", ["", ".", "..", "a/b", "a\0b", "/"])
def test_unsafe_component_names_are_refused(name: str) -> None:
    assert not is_safe_component(name)


@pytest.mark.parametrize("name", ["a", "..a", "a..", ".hidden", "ünï ☂", "a b"])
def test_ordinary_names_are_safe(name: str) -> None:
    assert is_safe_component(name)


def test_stdin_secrets_strip_only_the_line_ending(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("  old pw \n new\r\n"))
    reader = SecretReader(from_stdin=True)
    assert reader.existing() == "  old pw "
    assert reader.new_password() == " new"
    with pytest.raises(CliUsageError):
        reader.existing()


def test_stdin_secret_without_trailing_newline_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("last"))
    assert SecretReader(from_stdin=True).existing() == "last"


def test_prompted_new_password_is_asked_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    # A fake terminal: getpass needs a tty that tests do not have.
    answers = iter(["secret1", "secret2"])
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    with pytest.raises(CliError, match="do not match"):
        SecretReader(from_stdin=False).new_password()
    assert len(prompts) == 2


def test_empty_new_password_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))
    with pytest.raises(CliError, match="empty"):
        SecretReader(from_stdin=True).new_password()


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_only_on_a_terminal() -> None:
    tty = _Tty()
    shown = Progress(imported, tty)
    shown.add_file()
    shown.add_bytes(3 * 1024 * 1024)
    shown.finish()
    assert "\rimported 1 file," in tty.getvalue()
    assert "3.0 MiB" in tty.getvalue()
    assert tty.getvalue().endswith("\n")

    pipe = io.StringIO()
    hidden = Progress(imported, pipe)
    hidden.add_file()
    hidden.finish()
    assert pipe.getvalue() == ""


def test_human_size() -> None:
    assert human_size(0) == "0 B"
    assert human_size(1023) == "1023 B"
    assert human_size(1536) == "1.5 KiB"


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (CliUsageError("x"), 2),
        (WrongPasswordError(), 3),
        (InvalidRecoveryKeyError(), 3),
        (NotAVaultError(), 4),
        (ConfigSignatureError(), 4),
        (AuthenticationFailedError("chunk 1 of d/AB/x.c9r"), 1),
        (FileNotFoundError(errno.ENOENT, "No such file or directory", "/x"), 1),
        (CliError("x"), 1),
        (KeyboardInterrupt(), 130),
        (RuntimeError("bug"), 1),
    ],
)
def test_exit_code_table(exc: BaseException, code: int) -> None:
    assert cli_main.exit_code_for(exc)[0] == code


def test_describe_names_the_path_and_the_reason() -> None:
    exc = AuthenticationFailedError("auth failed chunk 1 of d/AB/CD/x.c9r")
    exc.filename = "/big.bin"
    assert describe(exc) == "/big.bin: auth failed chunk 1 of d/AB/CD/x.c9r"
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory", "/nope")
    assert describe(missing) == "/nope: No such file or directory"


def test_usage_error_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main.main(["no-such-command"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("strongroom: ")


def test_missing_argument_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main.main(["cat", "vault-only"]) == 2
    assert capsys.readouterr().err.startswith("strongroom: ")


def test_scrypt_cost_must_be_a_power_of_two(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    assert cli_main.main(["create", str(tmp_path / "v"), "--scrypt-cost", "1000"]) == 2
    assert "power of two" in capsys.readouterr().err
    assert not (tmp_path / "v").exists()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == "strongroom 0.1.0"


def test_common_flags_work_before_and_after_the_command() -> None:
    parser = cli_main.build_parser()
    before = parser.parse_args(["--password-stdin", "ls", "v"])
    after = parser.parse_args(["ls", "v", "--password-stdin"])
    neither = parser.parse_args(["ls", "v"])
    assert before.password_stdin and after.password_stdin and not neither.password_stdin
    nested = parser.parse_args(["recovery-key", "reset", "v", "--password-stdin", "--debug"])
    assert nested.password_stdin and nested.debug


def test_optional_command_module_can_register(monkeypatch: pytest.MonkeyPatch) -> None:
    # A stand-in for app/cli/mount_commands.py, which another part owns.
    module = type(sys)("fake_mount_commands")

    def register(subparsers) -> None:  # type: ignore[no-untyped-def]
        p = subparsers.add_parser("mount")
        p.add_argument("vault")
        p.set_defaults(func=lambda args: 7 if args.password_stdin else 8)

    module.register = register  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_mount_commands", module)
    monkeypatch.setattr(cli_main, "OPTIONAL_COMMAND_MODULES", ("fake_mount_commands",))
    assert cli_main.main(["mount", "v", "--password-stdin"]) == 7


def test_broken_optional_module_does_not_break_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    module = type(sys)("broken_mount_commands")

    def register(subparsers) -> None:  # type: ignore[no-untyped-def]
        raise OSError("libfuse not found")

    module.register = register  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "broken_mount_commands", module)
    monkeypatch.setattr(cli_main, "OPTIONAL_COMMAND_MODULES", ("broken_mount_commands",))
    assert cli_main.main(["--version"]) == 0
