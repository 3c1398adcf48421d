"""xlsx wing."""
