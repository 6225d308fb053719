"""Air (VN_AQI) and water (VN_WQI) quality indices for Vietnam."""
