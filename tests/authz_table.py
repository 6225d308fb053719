"""Who may call what: every route of the app (method, path pattern) → the roles allowed, or PUBLIC.

tests/test_authz_matrix.py calls each route as anonymous, citizen, an agency officer of another
agency, leader, operator, admin and an integrator's API key, and checks the answer against this table.
A new route must be declared here; an agency officer allowed by role still sees only their agency's
objects (the matrix's officer belongs to another agency, so a 404 for them is expected on scoped routes).
"""

from __future__ import annotations

PUBLIC = "public"
ROLES = ("citizen", "agency_officer", "leader", "operator", "admin", "integrator")
STAFF = ("admin", "leader", "operator")
SIGNED_IN = ROLES  # any credential: a user of any role or an API key
DESK = STAFF + ("agency_officer",)  # the staff pages and the agencies' own screens
ADMIN = ("admin",)
SENSOR_READERS = DESK + ("integrator",)
MACHINE_WRITERS = ("admin", "operator", "integrator")  # stations, observations, NGSI-LD, one-stop-shop data
NGSI_READERS = ("admin", "leader", "operator", "integrator")
FEEDBACK_ACTORS = ("admin", "operator", "agency_officer")
KPI_WRITERS = ("admin", "operator", "agency_officer", "integrator")
KPI_PAGE_WRITERS = ("admin", "operator", "agency_officer")  # the import page needs a signed-in person

ACCESS: dict[tuple[str, str], str | tuple[str, ...]] = {
    # Operations and the API documents (open outside production; closed there by default, see tests/auth).
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/metrics"): PUBLIC,
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
    ("GET", "/docs/oauth2-redirect"): PUBLIC,
    # Areas: published reference data; boundaries are replaced by admins.
    ("GET", "/api/v1/areas"): PUBLIC,
    ("GET", "/api/v1/areas/geojson"): PUBLIC,
    ("GET", "/api/v1/areas/locate"): PUBLIC,
    ("GET", "/api/v1/areas/{code}"): PUBLIC,
    ("POST", "/api/v1/areas/boundaries"): ADMIN,
    # Auth.
    ("POST", "/api/v1/auth/token"): PUBLIC,
    ("GET", "/api/v1/auth/me"): SIGNED_IN,
    ("GET", "/api/v1/users"): ADMIN,
    ("POST", "/api/v1/users"): ADMIN,
    ("PATCH", "/api/v1/users/{user_id}"): ADMIN,
    ("GET", "/api/v1/agencies"): DESK,
    ("GET", "/api/v1/agencies/{code}"): DESK,
    ("PUT", "/api/v1/agencies/{code}"): ADMIN,
    ("GET", "/api/v1/apikeys"): ADMIN,
    ("POST", "/api/v1/apikeys"): ADMIN,
    ("DELETE", "/api/v1/apikeys/{name}"): ADMIN,
    ("GET", "/api/v1/audit"): ADMIN,
    # The shell: live stream, wall screen, sign-in pages.
    ("GET", "/stream"): DESK,
    ("GET", "/wall"): STAFF,
    ("GET", "/"): DESK,
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): PUBLIC,
    ("GET", "/lang/{code}"): PUBLIC,
    ("GET", "/map"): DESK,
    # Sensors.
    ("GET", "/api/v1/stations"): SENSOR_READERS,
    ("POST", "/api/v1/stations"): MACHINE_WRITERS,
    ("GET", "/api/v1/stations/{code}"): SENSOR_READERS,
    ("PUT", "/api/v1/stations/{code}"): MACHINE_WRITERS,
    ("PATCH", "/api/v1/stations/{code}"): MACHINE_WRITERS,
    ("DELETE", "/api/v1/stations/{code}"): MACHINE_WRITERS,
    ("POST", "/api/v1/observations"): MACHINE_WRITERS,
    ("GET", "/api/v1/observations/latest"): SENSOR_READERS,
    ("GET", "/api/v1/stations/{code}/series"): SENSOR_READERS,
    # Environment: AQI and WQI are published information (Decision 1459).
    ("GET", "/api/v1/environment/aqi/current"): PUBLIC,
    ("GET", "/api/v1/environment/wqi/current"): PUBLIC,
    ("GET", "/api/v1/environment/map"): PUBLIC,
    ("GET", "/api/v1/environment/stations/{code}/history"): PUBLIC,
    ("GET", "/environment"): DESK,
    ("GET", "/environment/_stations"): DESK,
    ("GET", "/environment/stations/{code}"): DESK,
    # NGSI-LD (reads open to anyone only with IOC_NGSI_LD_PUBLIC_READS=1).
    ("POST", "/ngsi-ld/v1/entities"): MACHINE_WRITERS,
    ("GET", "/ngsi-ld/v1/entities"): NGSI_READERS,
    ("GET", "/ngsi-ld/v1/entities/{entity_id}"): NGSI_READERS,
    ("DELETE", "/ngsi-ld/v1/entities/{entity_id}"): MACHINE_WRITERS,
    ("POST", "/ngsi-ld/v1/entities/{entity_id}/attrs"): MACHINE_WRITERS,
    ("PATCH", "/ngsi-ld/v1/entities/{entity_id}/attrs"): MACHINE_WRITERS,
    ("POST", "/ngsi-ld/v1/entityOperations/{operation}"): MACHINE_WRITERS,
    ("POST", "/ngsi-ld/v1/entityOperations/{operation}/"): MACHINE_WRITERS,
    ("POST", "/ngsi-ld/v1/subscriptions"): MACHINE_WRITERS,
    ("GET", "/ngsi-ld/v1/subscriptions"): NGSI_READERS,
    ("GET", "/ngsi-ld/v1/subscriptions/{sub_id}"): NGSI_READERS,
    ("DELETE", "/ngsi-ld/v1/subscriptions/{sub_id}"): MACHINE_WRITERS,
    ("GET", "/ngsi-ld/v1/temporal/entities"): NGSI_READERS,
    ("GET", "/ngsi-ld/v1/temporal/entities/{entity_id}"): NGSI_READERS,
    # Feedback for IOC staff and agencies (an officer: their agency's reports only).
    ("GET", "/api/v1/feedback/reports"): DESK,
    ("GET", "/api/v1/feedback/reports/{report_id}"): DESK,
    ("POST", "/api/v1/feedback/reports/{report_id}/actions"): FEEDBACK_ACTORS,
    ("POST", "/api/v1/feedback/reports/{report_id}/notes"): FEEDBACK_ACTORS,
    ("GET", "/api/v1/feedback/map"): DESK,
    ("GET", "/api/v1/feedback/categories"): PUBLIC,
    ("PUT", "/api/v1/feedback/categories/{code}"): ADMIN,
    ("GET", "/api/v1/feedback/rules"): STAFF,
    ("PUT", "/api/v1/feedback/rules"): ADMIN,
    ("DELETE", "/api/v1/feedback/rules/{category_code}/{area_code}"): ADMIN,
    ("GET", "/api/v1/feedback/stats"): DESK,
    ("GET", "/api/v1/feedback/stats/export.{fmt}"): DESK,
    ("GET", "/feedback"): DESK,
    ("GET", "/feedback/{report_id:int}"): DESK,
    ("GET", "/stats/feedback"): DESK,
    ("GET", "/admin/feedback-categories"): ADMIN,
    # Feedback for citizens, no account needed (rate limited per address; photos shown per report).
    ("POST", "/api/v1/feedback/reports"): PUBLIC,
    ("GET", "/api/v1/feedback/duplicates"): PUBLIC,
    ("GET", "/api/v1/feedback/track/{code}"): PUBLIC,
    ("POST", "/api/v1/feedback/track/{code}/actions"): PUBLIC,
    ("GET", "/api/v1/feedback/public/reports"): PUBLIC,
    ("GET", "/api/v1/feedback/public/geojson"): PUBLIC,
    ("GET", "/api/v1/feedback/photos/{photo_id}/{variant}"): PUBLIC,
    ("GET", "/phan-anh"): PUBLIC,
    ("GET", "/phan-anh/theo-doi"): PUBLIC,
    ("GET", "/phan-anh/theo-doi/{code}"): PUBLIC,
    ("GET", "/phan-anh/cong-khai"): PUBLIC,
    # Open311 GeoReport v2: reads are public; a request is filed with an app's api_key.
    ("GET", "/open311/v2/discovery.{fmt}"): PUBLIC,
    ("GET", "/open311/v2/services.{fmt}"): PUBLIC,
    ("GET", "/open311/v2/services/{service_code}.{fmt}"): PUBLIC,
    ("POST", "/open311/v2/requests.{fmt}"): ("integrator",),
    ("GET", "/open311/v2/tokens/{token}.{fmt}"): PUBLIC,
    ("GET", "/open311/v2/requests.{fmt}"): PUBLIC,
    ("GET", "/open311/v2/requests/{request_id}.{fmt}"): PUBLIC,
    ("GET", "/open311/v2/servicerequestupdates.{fmt}"): PUBLIC,
    # KPI.
    ("GET", "/api/v1/kpi/indicators"): DESK,
    ("POST", "/api/v1/kpi/indicators"): ADMIN,
    ("GET", "/api/v1/kpi/indicators/{code}"): DESK,
    ("PATCH", "/api/v1/kpi/indicators/{code}"): ADMIN,
    ("POST", "/api/v1/kpi/values"): KPI_WRITERS,
    ("POST", "/api/v1/kpi/targets"): KPI_WRITERS,
    ("GET", "/api/v1/kpi/overview"): DESK,
    ("GET", "/api/v1/kpi/indicators/{code}/series"): DESK,
    ("GET", "/api/v1/kpi/indicators/{code}/wards"): DESK,
    ("GET", "/api/v1/kpi/indicators/{code}/compare"): DESK,
    ("GET", "/api/v1/kpi/indicators/{code}/revisions"): DESK,
    ("POST", "/api/v1/kpi/imports"): KPI_WRITERS,
    ("GET", "/api/v1/kpi/template.xlsx"): DESK,
    ("GET", "/api/v1/kpi/template.csv"): DESK,
    ("GET", "/overview"): DESK,
    ("GET", "/overview/{code}"): DESK,
    ("GET", "/kpi/import"): KPI_PAGE_WRITERS,
    ("POST", "/kpi/import"): KPI_PAGE_WRITERS,
    # Government performance.
    ("POST", "/api/v1/govperf/dossiers"): MACHINE_WRITERS,
    ("POST", "/api/v1/govperf/dossiers/import"): MACHINE_WRITERS,
    ("GET", "/api/v1/govperf/figures"): DESK,
    ("POST", "/api/v1/govperf/scores"): MACHINE_WRITERS,
    ("POST", "/api/v1/govperf/scores/import"): MACHINE_WRITERS,
    ("GET", "/api/v1/govperf/scores"): DESK,
    ("GET", "/govperf"): DESK,
    # Alerts: rules written by operators and admins; alerts read and acknowledged by the staff.
    ("GET", "/api/v1/alert-rules"): STAFF,
    ("POST", "/api/v1/alert-rules"): ("admin", "operator"),
    ("GET", "/api/v1/alert-rules/{rule_id}"): STAFF,
    ("PUT", "/api/v1/alert-rules/{rule_id}"): ("admin", "operator"),
    ("DELETE", "/api/v1/alert-rules/{rule_id}"): ("admin", "operator"),
    ("GET", "/api/v1/alerts"): STAFF,
    ("GET", "/api/v1/alerts/{alert_id}"): STAFF,
    ("POST", "/api/v1/alerts/{alert_id}/ack"): STAFF,
    ("GET", "/alerts"): STAFF,
    ("GET", "/alerts/{alert_id}"): STAFF,
    # Public warnings: operators and admins write; the CAP feed and the public page are open.
    ("GET", "/api/v1/warnings"): DESK,
    ("POST", "/api/v1/warnings"): ("admin", "operator"),
    ("GET", "/api/v1/warnings/export.csv"): DESK,
    ("GET", "/api/v1/warnings/{warning_id}"): DESK,
    ("PATCH", "/api/v1/warnings/{warning_id}"): ("admin", "operator"),
    ("POST", "/api/v1/warnings/{warning_id}/publish"): ("admin", "operator"),
    ("POST", "/api/v1/warnings/{warning_id}/cancel"): ("admin", "operator"),
    ("GET", "/cap/alerts.atom"): PUBLIC,
    ("GET", "/cap/{identifier}.xml"): PUBLIC,
    ("GET", "/warnings"): PUBLIC,
    ("GET", "/warnings/_banner"): PUBLIC,
    ("GET", "/warnings/manage"): STAFF,
}
