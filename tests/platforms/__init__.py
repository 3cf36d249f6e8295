"""Tests of reviewer/platforms."""
