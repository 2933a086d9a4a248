"""Work between coders: agreement (agreement.py) and merging projects; `project.team` (face.py) is the face."""
