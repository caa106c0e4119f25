"""Treatment-phase classification rule sets (which step of the treatment algorithm applies)."""
