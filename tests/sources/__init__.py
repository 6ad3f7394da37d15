"""Tests of afweging.sources."""
