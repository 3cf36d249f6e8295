"""Tests of the pure modules of reviewer/trust."""
