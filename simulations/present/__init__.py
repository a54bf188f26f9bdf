"""How results are shown: one number formatter, the standard figures, the report."""
