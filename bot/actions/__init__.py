"""Rasa SDK actions: thin wrappers over bot.core and the backend client."""
