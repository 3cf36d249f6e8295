"""Tests of the modules of reviewer/model."""
