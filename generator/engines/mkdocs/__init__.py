"""MkDocs adapter: hands the generator's page tree to MkDocs. The only package that imports mkdocs."""
