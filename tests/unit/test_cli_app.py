"""`strongroom gui` and `python -m app`: the desktop app is started lazily, or help is shown."""

from __future__ import annotations

import importlib.util
import sys
import types

import pytest

from app.cli.main import main


def _without_pyside6(monkeypatch: pytest.MonkeyPatch) -> None:
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if name == "PySide6":
            return None
        return real_find_spec(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


def test_gui_without_pyside6_fails_with_a_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _without_pyside6(monkeypatch)
    assert main(["gui"]) == 1
    assert "PySide6" in capsys.readouterr().err


def test_python_m_app_without_pyside6_prints_help(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _without_pyside6(monkeypatch)
    monkeypatch.setattr(sys, "argv", ["app"])
    from app.__main__ import run

    assert run() == 0
    assert "usage: strongroom" in capsys.readouterr().out


def test_gui_passes_its_options_on_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    # Stand-in for app.gui.main: starting real Qt here would need a display and an event loop.
    seen: list[list[str]] = []
    fake = types.ModuleType("app.gui.main")
    fake.run = lambda argv: seen.append(argv) or 5  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "app.gui.main", fake)
    if importlib.util.find_spec("PySide6") is None:
        pytest.skip("PySide6 not installed")
    assert main(["--debug", "gui", "--hidden", "-style", "fusion"]) == 5
    assert seen == [["strongroom", "--hidden", "--debug", "-style", "fusion"]]
