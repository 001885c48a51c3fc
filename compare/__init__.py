"""Comparing reports: who issued each one (bodies), and what changes across a body's years."""
