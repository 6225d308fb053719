"""The installable phone apps: the leader's summary (/lanh-dao/) and the citizen's app (/nguoi-dan/)."""
