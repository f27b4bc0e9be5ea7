"""Triage flags: safeguarding, complaint and advocacy messages, routed to a person and escalated in time."""
