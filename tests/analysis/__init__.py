"""Tests of kg.analysis: `kg stats`, `kg who`, `kg export graphml|gexf`."""
