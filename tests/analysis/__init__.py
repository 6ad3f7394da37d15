"""Tests of afweging.analysis."""
