"""Records: reading the YAML files, the record model, site settings, loading a content folder."""
