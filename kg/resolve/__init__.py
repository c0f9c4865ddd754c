"""Resolution: one node per real-world thing (see persons.py for the same-name policy)."""
