"""Tests of the graph page (kg.viewer) and `kg view`."""
