"""HTTP clients for the upstream APIs; no Flask, no database."""
