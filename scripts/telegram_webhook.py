"""Register MySay's Telegram webhook (setWebhook) with its secret token; run by `make telegram-webhook`.

Reads TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET and PUBLIC_URL (and TELEGRAM_API_BASE_URL for a local
stub). Telegram then sends the secret in X-Telegram-Bot-Api-Secret-Token on every update
(https://core.telegram.org/bots/api#setwebhook). Not run on start: once per deployment or URL change.
"""
from __future__ import annotations

import asyncio
import os
import sys

from telegram import Bot

from bot.channels.common import is_configured
from bot.channels.telegram import DEFAULT_API_BASE_URL

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


async def register(token: str, secret: str, public_url: str, api_base_url: str) -> str:
    """Call setWebhook; return the URL registered."""
    url = f"{public_url.rstrip('/')}/webhooks/telegram/webhook"
    async with Bot(token, base_url=f"{api_base_url.rstrip('/')}/bot") as bot:
        await bot.set_webhook(url=url, secret_token=secret, allowed_updates=ALLOWED_UPDATES,
                              drop_pending_updates=False)
    return url


def main() -> int:
    token, secret = os.environ.get("TELEGRAM_BOT_TOKEN", ""), os.environ.get("TELEGRAM_WEBHOOK_SECRET", "")
    public_url = os.environ.get("PUBLIC_URL", "")
    if not is_configured(token, secret, public_url) or not public_url.startswith("https://"):
        print("Set TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET and PUBLIC_URL (https://...) first.", file=sys.stderr)
        return 2
    url = asyncio.run(register(token, secret, public_url,
                               os.environ.get("TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE_URL))
    print(f"Telegram webhook registered: {url}")  # never print the token
    return 0


if __name__ == "__main__":
    sys.exit(main())
