"""postcheck's JSON API (django-ninja), OpenAPI at /api/v1/openapi.json."""
