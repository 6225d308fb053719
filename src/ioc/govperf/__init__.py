"""Government performance: one-stop-shop dossiers, live on-time figures, the 766 service index."""
