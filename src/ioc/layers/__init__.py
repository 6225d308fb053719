"""Map layers: files of features admins upload (GeoJSON, Shapefile, GeoPackage, KML), served by bbox and zoom."""
