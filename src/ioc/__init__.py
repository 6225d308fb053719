"""IOC: Intelligent Operations Center for Vietnamese provinces and cities."""

__version__ = "0.1.0"
