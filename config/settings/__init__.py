"""Settings split by purpose: base (shared), dev (embedded default), test, production.

Every external service is chosen by an environment variable; when it is unset, the embedded default is used
(see README, "Configuration").
"""
