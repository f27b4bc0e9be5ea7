"""Pure conversation logic for MySay: no Rasa import, testable alone."""
