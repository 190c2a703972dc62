"""History: what changed in a record since it was first put online, read from git."""
