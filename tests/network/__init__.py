"""Tests of kg.network: `kg stats`, `kg who`, `kg export graphml|gexf`."""
