"""The method, one module per step of Malterud's systematic text condensation, read in step order."""
