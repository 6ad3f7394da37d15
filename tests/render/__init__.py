"""Tests of afweging.render."""
