"""Rasa NLU graph components of our own (the only bot code besides actions and channels that imports Rasa)."""
