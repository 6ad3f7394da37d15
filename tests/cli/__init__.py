"""Tests of afweging.cli."""
