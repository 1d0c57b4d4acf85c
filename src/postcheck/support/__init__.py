"""Support for employees: organizations, roles, consultations, feedback, audit, figures."""
