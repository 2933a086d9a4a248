"""Pseudonymisation: find what may identify someone, replace it everywhere, keep the key outside the project."""
