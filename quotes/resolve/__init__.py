"""Speakers within one document: pronouns to their antecedents, mentions to display names."""
