"""Channel connectors: authenticate → parse → build sender id → normalise → hand off to Rasa."""
