"""RDF for kg: the build as triples in the kg ontology, SPARQL over them, SHACL checks.

- `kg.rdf.vocab`: namespaces and IRIs (standard library only);
- `kg.rdf.mapping`: nodes and facts → quads → Turtle, N-Triples, JSON-LD or TriG;
- `kg.rdf.sparql`: SPARQL 1.1 over an export with rdflib or pyoxigraph, values as bindings;
- `kg.rdf.validate`: SHACL validation (pyshacl) against `schema/shapes.ttl`;
- `kg.rdf.server`: a read-only SPARQL protocol endpoint on 127.0.0.1.

Modules import rdflib, pyoxigraph and pyshacl inside their functions, so importing this
package costs nothing.
"""
