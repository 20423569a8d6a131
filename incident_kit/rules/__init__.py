"""Lint rules, one module per family (IK0 ... IK9)."""
