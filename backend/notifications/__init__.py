"""Notifications: an outbox of emails telling staff something needs them, sent after commit."""
