"""The local PostgreSQL and Redis servers of distributed-mode tests: a fresh schema or key prefix per
test, cleaned up after. Locally a test skips with the reason when a server is absent; under
``CI=true`` it fails instead, since CI must have both (``.ci/run`` starts them)."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

HOST = "127.0.0.1"
PG_PORT = int(os.environ.get("NEWSBOT_TEST_PG_PORT", "5432"))
REDIS_PORT = int(os.environ.get("NEWSBOT_TEST_REDIS_PORT", "6379"))
#: The database the tests make their schemas in (trust authentication on 127.0.0.1).
PG_BASE = f"host={HOST} port={PG_PORT} dbname=test user=postgres"


def answers(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1):
            return True
    except OSError:
        return False


def require(name: str, port: int) -> None:
    if answers(port):
        return
    message = f"{name} does not answer on {HOST}:{port}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI must run it: .ci/run starts it)")
    pytest.skip(message)


def schema_dsn(schema: str) -> str:
    return f"{PG_BASE} options='-c search_path={schema}'"


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A DSN whose tables live in a new, empty schema, dropped afterwards."""
    require("PostgreSQL", PG_PORT)
    import psycopg

    schema = f"newsbot_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_BASE, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")  # type: ignore[arg-type]
    try:
        yield schema_dsn(schema)
    finally:
        with psycopg.connect(PG_BASE, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")  # type: ignore[arg-type]


@contextmanager
def fresh_redis() -> Iterator[tuple[str, str]]:
    """A Redis URL and a key prefix of its own; every key under the prefix is deleted afterwards."""
    require("Redis", REDIS_PORT)
    import redis

    url = f"redis://{HOST}:{REDIS_PORT}/0"
    prefix = f"newsbot-test-{uuid.uuid4().hex[:12]}"
    try:
        yield url, prefix
    finally:
        client = redis.Redis.from_url(url)
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)
        client.close()
