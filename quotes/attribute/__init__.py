"""Attribution on a parsed document: which quoted passage is reported speech, through which cue, by whom."""
