"""Staff sign-in for the web app: who may upload, replace and delete reports.

The public app is read-only. Staff credentials come from the environment (``GOVQA_STAFF_USER``,
default ``staff``, and ``GOVQA_STAFF_PASSWORD``); with no password set nobody can sign in and every
write is refused. A signed-in session is a :class:`StaffSession` kept server-side (Gradio keeps
``gr.State`` values on the server; a client cannot send one), and every write handler checks it.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timezone

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REFUSED = "Staff sign-in required: the public app is read-only. · 需要工作人员登录，公众页面只读。"


class StaffSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GOVQA_STAFF_", extra="ignore")

    user: str = Field("staff", description="Staff user name for the web app's upload, replace and delete.")
    password: str | None = Field(None, description="Staff password; unset: nobody can sign in, the app is read-only.")


@dataclass(frozen=True)
class StaffSession:
    user: str
    since: str


def sign_in(user: str | None, password: str | None, settings: StaffSettings | None = None) -> StaffSession | None:
    """A session when ``user``/``password`` match the configured staff credentials (compared in
    constant time), else None."""
    s = settings or StaffSettings()
    if not s.password or not user or not password:
        return None
    ok_user = hmac.compare_digest(user.strip().encode(), s.user.encode())
    ok_password = hmac.compare_digest(password.encode(), s.password.encode())
    if not (ok_user and ok_password):
        return None
    return StaffSession(s.user, datetime.now(timezone.utc).isoformat(timespec="seconds"))


def is_staff(session: object) -> bool:
    """Only a :class:`StaffSession` made by :func:`sign_in` counts (never a value a client sent)."""
    return isinstance(session, StaffSession)


__all__ = ["StaffSettings", "StaffSession", "sign_in", "is_staff", "REFUSED"]
