"""postcheck's Django project: settings, URLs, templates, vendored GC Design System."""
