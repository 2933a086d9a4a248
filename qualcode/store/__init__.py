"""The store: the only place that talks SQL. It owns the SQLite file, schema, transactions and audit log."""
