"""Public warnings to citizens, published as CAP 1.2 messages and an Atom feed."""
