"""Transcripts that change: align the old text with the new, carry every span over, rebuild what derives."""
