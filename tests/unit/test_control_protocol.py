"""The control protocol's pieces without an app: where the socket goes, what a line may say."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from app.services import control_protocol as proto


def test_socket_lives_in_a_private_folder_per_config(tmp_path: Path) -> None:
    runtime = Path(tempfile.mkdtemp(prefix="sr", dir="/tmp"))
    try:
        env = {"XDG_RUNTIME_DIR": str(runtime)}
        a = proto.socket_path(tmp_path / "a", env=env)
        assert a != proto.socket_path(tmp_path / "b", env=env)
        assert Path(a).parent == runtime / "strongroom"
        assert os.stat(runtime / "strongroom").st_mode & 0o777 == 0o700
        (runtime / "strongroom").chmod(0o755)  # loosened: tightened again on the next use
        proto.socket_path(tmp_path / "a", env=env)
        assert os.stat(runtime / "strongroom").st_mode & 0o777 == 0o700
    finally:
        shutil.rmtree(runtime)


def test_a_too_long_runtime_path_falls_back_to_the_temp_folder(tmp_path: Path) -> None:
    deep = tmp_path / ("x" * 90)
    deep.mkdir()
    path = proto.socket_path(tmp_path / "cfg", env={"XDG_RUNTIME_DIR": str(deep)})
    assert len(path.encode()) <= 100
    assert Path(path).parent == Path(tempfile.gettempdir()) / f"strongroom-{os.getuid()}"


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to plant another user's folder")
def test_a_folder_planted_by_another_user_is_refused(tmp_path: Path) -> None:
    runtime = Path(tempfile.mkdtemp(prefix="sr", dir="/tmp"))
    try:
        (runtime / "strongroom").mkdir(mode=0o777)
        os.chown(runtime / "strongroom", 65534, 65534)
        with pytest.raises(PermissionError):
            proto.socket_path(tmp_path, env={"XDG_RUNTIME_DIR": str(runtime)})
        (runtime / "strongroom").rmdir()
        (runtime / "strongroom").symlink_to(tmp_path)  # ours, but a symlink
        with pytest.raises((PermissionError, FileExistsError)):
            proto.socket_path(tmp_path, env={"XDG_RUNTIME_DIR": str(runtime)})
    finally:
        shutil.rmtree(runtime)


def test_requests_round_trip_and_the_legacy_show_line() -> None:
    assert proto.parse_request(b"show") == proto.Request("show")
    line = proto.request("lock", vault="Taxes", force=True)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert proto.parse_request(line.strip()) == proto.Request(
        "lock", {"vault": "Taxes", "force": True}
    )
    # Non-ASCII names travel as JSON escapes: one line whatever the name holds.
    line = proto.request("unlock", vault="Ünïcode\nname", password="pässword")
    assert line.count(b"\n") == 1
    assert proto.parse_request(line.strip()).args["vault"] == "Ünïcode\nname"


@pytest.mark.parametrize(
    "line",
    [
        b'{"v": 1, "cmd": "unlock"}',
        b'{"v": 1, "cmd": "unlock", "vault": ""}',
        b'{"v": 1, "cmd": "lock", "vault": "a", "all": true}',
        b'{"v": 1, "cmd": "lock", "all": 1}',
        b'{"v": "1", "cmd": "status"}',
        b'{"v": true, "cmd": "status"}',
        b'{"v": 1, "cmd": "status", "x": 1}',
    ],
)
def test_bad_requests(line: bytes) -> None:
    with pytest.raises(proto.ProtocolError) as caught:
        proto.parse_request(line)
    assert caught.value.code == proto.BAD_REQUEST


def test_responses_are_checked() -> None:
    assert proto.parse_response(proto.ok({"a": 1}).strip())["result"] == {"a": 1}
    assert proto.parse_response(proto.error("busy", "m").strip())["error"]["code"] == "busy"
    for bad in (b"nope", b'{"v": 2, "ok": true}', b'{"v": 1, "ok": false}', b'{"v": 1}'):
        with pytest.raises(proto.ProtocolError):
            proto.parse_response(bad)


def test_no_app_is_told_apart_from_a_broken_one(tmp_path: Path) -> None:
    with pytest.raises(proto.AppNotRunning):
        proto.call(str(tmp_path / "none.sock"), proto.request("status"))
