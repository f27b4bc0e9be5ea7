"""Shared test support: the real MySay stack started as processes."""
