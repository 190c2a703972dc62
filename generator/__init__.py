"""jixiao: publishing generator for 决算公开绩效情况说明 (government performance disclosures).

Data flows one way: read (yaml_reader) → check (loading, model) → pages (pages, rendering) → site (an adapter).
"""
