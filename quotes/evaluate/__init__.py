"""Evaluation against gold annotation: gold loading, scopes and matching, scoring, report tables, speaker and statement grouping, the textacy baseline; numbers only, nothing printed."""
