"""Speaker names as strings: keys, casing, role words split from names, variants within a document."""
