"""The content guard: sensitive terms, classified markings, customer personal data,
secrets and unsafe HTML are kept off the public site (see docs/administrator.md)."""
