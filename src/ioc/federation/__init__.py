"""Federation: province deployments report signed snapshots to the national one, which compares them."""
