"""Engines: the site engines the page tree is handed to. Only engines/ knows MkDocs."""
