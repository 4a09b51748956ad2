# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime
from typing import Literal

from pydantic import BaseModel


class DatabaseHealth(BaseModel):
    ok: bool
    latency_ms: float | None


class RedisHealth(BaseModel):
    configured: bool
    ok: bool | None
    latency_ms: float | None
    error: str | None


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    time: datetime
    database: DatabaseHealth
    redis: RedisHealth
