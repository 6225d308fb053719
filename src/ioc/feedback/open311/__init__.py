"""Open311 GeoReport v2 endpoints and their JSON/XML serialisation."""
