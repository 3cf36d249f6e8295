"""Tests of reviewer/platforms/github."""
