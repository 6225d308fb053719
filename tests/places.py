"""Real points of the demo province (Đà Nẵng, 48) that tests place things at.

Each is checked in tests/areas/test_real_wards.py to fall in the ward named beside it, on the ward
shapes the demo ships (src/ioc/areas/data/wards-48.geojson).
"""

HAI_CHAU = (16.0678, 108.2208)  # (lat, lon) by Đà Nẵng's city hall, Phường Hải Châu (20242)
HAI_CHAU_CODE = "20242"
HAI_CHAU_NEAR = (16.0691, 108.2208)  # 145 m north of HAI_CHAU, still in Phường Hải Châu
SON_TRA = (16.1003, 108.2530)  # Phường Sơn Trà, across the Hàn river from Hải Châu
SEA = (16.0000, 108.4000)  # the East Sea off Ngũ Hành Sơn: in no ward
