"""Write and send notification emails over SMTP; they name a flag by id, never the child or their words."""
from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from backend.config import Settings
from backend.notifications.models import NotificationKind

SMTP_TIMEOUT_SECONDS = 10

_HEADLINES = {
    NotificationKind.FLAG_ROUTED: "A {type} flag in MySay needs you.",
    NotificationKind.FLAG_ESCALATED: "A {type} flag in MySay was not acknowledged in time and has been escalated to you.",
    NotificationKind.FLAG_MESSAGE_ADDED: "There is a new message on a {type} flag you acknowledged in MySay.",
}


@dataclass(frozen=True)
class About:
    """What a notification points at: a flag id, its type and deadline; nothing the child said."""

    kind: str
    flag_id: int
    flag_type: str
    deadline: datetime


def compose(*, about: About, to: str, settings: Settings) -> EmailMessage:
    """Return the email for a notification: what needs doing, by when, and a link; no name, no words."""
    base = settings.public_url.rstrip("/")
    label = about.flag_type
    lines = ["Hello,", "", _HEADLINES[NotificationKind(about.kind)].format(type=label), ""]
    local = about.deadline.astimezone(ZoneInfo(settings.timezone))
    lines += [f"Flag: {about.flag_id}", f"Act by: {local:%A %d %B %Y, %H:%M} ({settings.timezone})"]
    lines += ["", f"Open it: {base}/api/flags/{about.flag_id}", "",
              "To protect the child, this email does not say who they are or what they wrote.",
              "Sign in to MySay to read it; every read is recorded.", ""]
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = f"MySay: {label} flag {about.flag_id} needs you"
    message.set_content("\n".join(lines))
    return message


def send(*, message: EmailMessage, settings: Settings) -> None:
    """Send one email through the configured SMTP server; raises smtplib.SMTPException or OSError."""
    assert settings.smtp_host is not None  # callers check email is on
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username and settings.smtp_password is not None:
            smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
        smtp.send_message(message)


def describe(exc: BaseException) -> str:
    """Return an error worth storing: the class and SMTP code, never the server's text (it may echo addresses)."""
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__} {code}" if code is not None else type(exc).__name__
