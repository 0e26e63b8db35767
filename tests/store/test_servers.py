"""A missing server skips the distributed-mode tests locally, with the reason, and fails them in CI."""

from __future__ import annotations

import socket

import pytest

from tests.support.servers import require


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_absent_server_skips_locally_and_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    port = closed_port()
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"does not answer on 127.0.0.1:{port}"):
        require("Redis", port)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run it"):
        require("Redis", port)
