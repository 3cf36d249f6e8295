"""Tests of the pure renderers in reviewer/render."""
