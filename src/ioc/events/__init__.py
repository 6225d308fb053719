"""Events from outside systems: camera analytics, hotlines, sensors, NGSI-LD alerts, CAP messages."""
