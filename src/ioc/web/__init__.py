"""Server-rendered pages, live stream, static assets and translations."""
