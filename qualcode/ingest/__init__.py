"""Import: one reader per format, each turning a file into canonical text with speaker turns."""
