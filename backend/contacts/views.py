"""Routes for the bot's channel connectors: contact events, contact lookup, delivery statuses."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, StringConstraints, model_validator

from backend.auth.deps import SessionDep, require_bot_service
from backend.contacts import service
from backend.schemas import ChannelName, SenderId

bot_router = APIRouter(prefix="/api/bot", tags=["bot"], dependencies=[Depends(require_bot_service)])

Address = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^\+?[0-9]{1,20}$|^-?[0-9]{1,20}$")]
Code = Annotated[str, StringConstraints(min_length=1, max_length=32, pattern=r"^[a-z0-9_]+$")]


class _InChannel(BaseModel):
    channel: ChannelName
    sender_id: SenderId

    @model_validator(mode="after")
    def _sender_in_channel(self):
        """Refuse a sender_id not namespaced by its channel."""
        if not self.sender_id.startswith(f"{self.channel}-"):
            raise ValueError("sender_id must start with '<channel>-'")
        return self


class ContactEventIn(_InChannel):
    """A conversation was seen, said STOP (or blocked the bot), or said START."""

    event: Literal["seen", "stop", "start"]
    address: Address | None = None
    reason: Code | None = None


class ContactStateOut(BaseModel):
    """Whether the conversation may be sent to, and the child's language if it is enrolled."""

    stopped: bool
    language: str | None = None


class ContactOut(BaseModel):
    """Where to send a message for a conversation (the channel connector's own lookup)."""

    address: str | None
    stopped: bool


class DeliveryIn(_InChannel):
    """A provider's status report for one outbound message."""

    status: Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,32}$")]
    error_code: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z_]{1,16}$")] | None = None


@bot_router.post("/contacts", response_model=ContactStateOut)
def contact_event(body: ContactEventIn, db_session: SessionDep) -> ContactStateOut:
    """Record a contact event and say whether the conversation is stopped."""
    contact = service.record(db_session=db_session, channel=body.channel, sender_id=body.sender_id,
                             event=body.event, address=body.address, reason=body.reason)
    return ContactStateOut(stopped=contact.stopped_at is not None,
                           language=service.language(db_session=db_session, sender_id=body.sender_id))


@bot_router.get("/contacts/{sender_id}", response_model=ContactOut)
def contact(sender_id: str, db_session: SessionDep) -> ContactOut:
    """Return a conversation's address and whether it is stopped; 404 if never seen."""
    found = service.get(db_session=db_session, sender_id=sender_id)
    return ContactOut(address=found.address, stopped=found.stopped_at is not None)


@bot_router.put("/deliveries/{provider_message_id}")
def delivery(provider_message_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")],
             body: DeliveryIn, db_session: SessionDep) -> dict[str, bool]:
    """Record the latest delivery status of an outbound message."""
    service.record_delivery(db_session=db_session, provider_message_id=provider_message_id, channel=body.channel,
                            sender_id=body.sender_id, status=body.status, error_code=body.error_code)
    return {"stored": True}
