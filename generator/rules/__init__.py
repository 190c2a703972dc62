"""Rules: score recomputation and the audit of a loaded record."""
