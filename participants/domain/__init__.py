"""Participants rules as plain verb_noun functions, one module per part of the lifecycle."""
