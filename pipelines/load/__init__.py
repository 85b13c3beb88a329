"""Loading a municipality's delivery: reading files as they come (read), the contract check (contract), the
all-or-nothing load into the landing database (delivery)."""
