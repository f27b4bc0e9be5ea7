"""Channel contacts: where a conversation can be sent to, STOP / START, delivery statuses."""
