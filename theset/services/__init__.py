"""Use-cases as plain functions with explicit arguments; they own the transaction."""
