"""Parsing with offsets into the text as read: paragraphs, the parse plan, the spaCy stream, entity islands."""
