"""Site: page views, URLs, rendering, exports and open data, writing and checking the output."""
