"""gunicorn.conf.py: `make run` serves 127.0.0.1:8000 unless PORT says otherwise, and a port that another process
already listens on is refused with one line naming it, per-worker SO_REUSEPORT sockets notwithstanding."""

import os
import runpy
import socket
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from honcho import environ as honcho_environ

ROOT = Path(__file__).resolve().parents[3]
CONFIG = ROOT / "gunicorn.conf.py"
BIND_VARIABLES = ("GUNICORN_BIND", "HOST", "PORT")


def load_config(monkeypatch, **env) -> dict:
    for name in BIND_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def listening_socket(*, reuse_port: bool) -> socket.socket:
    """A listener like one of gunicorn's workers (SO_REUSEPORT) or like any other server."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_with_port_unset_gunicorn_binds_127_0_0_1_8000(monkeypatch):
    assert load_config(monkeypatch)["bind"] == "127.0.0.1:8000"


def test_port_picks_the_port_and_gunicorn_bind_overrides_both(monkeypatch):
    assert load_config(monkeypatch, PORT="8123")["bind"] == "127.0.0.1:8123"
    assert load_config(monkeypatch, PORT="8123", GUNICORN_BIND="0.0.0.0:9000")["bind"] == "0.0.0.0:9000"


def test_the_application_is_preloaded_unless_gunicorn_preload_says_false(monkeypatch):
    monkeypatch.delenv("GUNICORN_PRELOAD", raising=False)
    assert load_config(monkeypatch)["preload_app"] is True
    assert load_config(monkeypatch, GUNICORN_PRELOAD="false")["preload_app"] is False


@pytest.mark.parametrize("port", ["8000", "8123"])
def test_honcho_hands_make_runs_port_to_the_web_process_of_procfile_dev(monkeypatch, port):
    # What `make run` does: PORT exported (8000 by default), then `honcho start`, which gives the first process
    # $PORT and every later one $PORT+100, +200.
    procfile = honcho_environ.parse_procfile((ROOT / "Procfile.dev").read_text())
    processes = honcho_environ.expand_processes(procfile.processes, port=int(port))
    web = next(process for process in processes if process.name == "web.1")
    assert "gunicorn.conf.py" in web.cmd
    assert load_config(monkeypatch, PORT=web.env["PORT"])["bind"] == f"127.0.0.1:{port}"


def test_the_makefile_defaults_port_to_8000():
    makefile = (ROOT / "Makefile").read_text()
    assert "export PORT ?= 8000" in makefile.splitlines()


@pytest.mark.parametrize("reuse_port", [True, False], ids=["another-gunicorn", "any-server"])
def test_a_port_with_a_listener_is_refused_with_one_line_naming_it(monkeypatch, reuse_port):
    config = load_config(monkeypatch)
    with listening_socket(reuse_port=reuse_port) as taken:
        port = taken.getsockname()[1]
        assert (
            config["port_taken_message"](("127.0.0.1", port))
            == f"IMS: port {port} is already in use by another process"
        )


def test_a_free_port_and_a_unix_socket_are_not_refused(monkeypatch):
    config = load_config(monkeypatch)
    assert config["port_taken_message"](("127.0.0.1", free_port())) is None
    assert config["port_taken_message"]("/tmp/ims.sock") is None


def test_on_starting_exits_non_zero_when_the_port_is_taken(monkeypatch, capsys):
    config = load_config(monkeypatch)
    monkeypatch.delenv("GUNICORN_FD", raising=False)
    monkeypatch.delenv("LISTEN_FDS", raising=False)

    with listening_socket(reuse_port=True) as taken:
        port = taken.getsockname()[1]
        server = SimpleNamespace(cfg=SimpleNamespace(address=[("127.0.0.1", port)]))
        with pytest.raises(SystemExit) as exit_info:
            config["on_starting"](server)
    assert exit_info.value.code == 1
    assert capsys.readouterr().err.strip() == f"IMS: port {port} is already in use by another process"


def test_a_real_gunicorn_refuses_to_share_a_taken_port_and_says_so(tmp_path):
    with listening_socket(reuse_port=True) as taken:
        port = taken.getsockname()[1]
        env = {**os.environ, "PORT": str(port), "GUNICORN_REUSE_PORT": "true", "IMS_VAR_DIR": str(tmp_path)}
        env.pop("GUNICORN_BIND", None)
        result = subprocess.run(  # noqa: S603 - our own interpreter and config
            [sys.executable, "-m", "gunicorn", "ims.wsgi", "--config", str(CONFIG)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode != 0
    assert f"IMS: port {port} is already in use by another process" in result.stderr.splitlines()


def test_the_served_url_is_printed_when_gunicorn_is_ready(monkeypatch):
    config = load_config(monkeypatch)
    assert config["served_urls"]([("127.0.0.1", 8000), "/tmp/ims.sock", ("::1", 8001)]) == [
        "http://127.0.0.1:8000/",
        "http://[::1]:8001/",
    ]
