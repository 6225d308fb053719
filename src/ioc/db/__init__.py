"""Database base classes, types and sessions."""
