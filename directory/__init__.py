"""The public read side: directory search, map, actor and project pages, exports, API."""
