"""Tests of the pure modules of reviewer/source."""
