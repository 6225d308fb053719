"""NGSI-LD (ETSI GS CIM 009) context broker subset at /ngsi-ld/v1."""
