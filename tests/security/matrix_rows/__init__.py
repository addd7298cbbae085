"""Per-app rows of the permission matrix (see tests/security/matrix.py)."""
