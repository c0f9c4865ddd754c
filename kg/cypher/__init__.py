"""Cypher stores: the embedded engine (FalkorDBLite) and Neo4j, one graph model for both.

- `statements`: the graph model as Cypher — schema statements per engine, the
  parameterised `UNWIND $rows AS row MERGE …` statements and the rows they take;
- `loader`: `load_graph()`, the one loader both engines run (batches, counts);
- `embedded_engine`: start, load and query the embedded engine (FalkorDBLite) under `exports/`;
- `neo4j_loader`: `kg load neo4j` through the official driver;
- `script`: a self-contained `.cypher` script for `cypher-shell -f`;
- `neo4j_import`: CSV files for `neo4j-admin database import full`.

The model is documented in docs/cypher.md.
"""

from __future__ import annotations

__all__: list[str] = []
