"""The manager and values-and-ethics side: guided cases about a post brought to a
manager's attention, support cases for employees harassed online, safeguards against
surveillance, retention, the append-only audit trail and manager readiness practice."""
