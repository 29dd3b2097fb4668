"""Plumbing every floor may use: the task pool, interrupts, atomic file writes."""
