"""Output: JSON Lines with its JSON Schema (:mod:`quotes.export.jsonl`) and the HTML view (:mod:`quotes.export.render`)."""
