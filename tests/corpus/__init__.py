"""Test corpora: files in the real formats, and the outcomes expected of them."""
