"""Namespaces, the IRIs of nodes and facts, and how the graph model maps onto the ontology.

Standard library only: the CLI imports this to list prefixes without loading an RDF library.
Terms live in the fixed ontology namespace `KG` (see `schema/kg.ttl`); data IRIs are minted
under a configurable base, `<base><type>/<rest of the node id>`:

    >>> node_iri("person:51096eaea1005557", "Person")
    'https://example.org/kg/person/51096eaea1005557'
    >>> node_iri("article:web 01/\\"x\\"", "Article", "http://localhost/g/")
    'http://localhost/g/article/web%2001%2F%22x%22'
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, urlsplit

from kg.errors import ConfigError
from kg.resources import data_path

__all__ = [
    "DEFAULT_BASE",
    "KG",
    "ONTOLOGY_PATH",
    "SHAPES_PATH",
    "NODE_CLASSES",
    "PREDICATE_IRIS",
    "PREFIXES",
    "check_base",
    "data_prefixes",
    "node_iri",
    "sentence_iri",
    "statement_iri",
]

DEFAULT_BASE = "https://example.org/kg/"
KG = "https://example.org/kg/ontology#"
ONTOLOGY_PATH = data_path("kg.ttl")  # linked as schema/kg.ttl in the repository
SHAPES_PATH = data_path("shapes.ttl")

ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
TIME = "http://www.w3.org/2006/time#"

# The vocabularies every export and every `kg sparql` query may use without declaring them.
PREFIXES = {
    "kg": KG,
    "org": ORG,
    "prov": PROV,
    "schema": SCHEMA,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "void": VOID,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "time": TIME,
}

# node type → its kg class and the class it is aligned with (both asserted, so that
# `?x a org:Post` works without a reasoner)
NODE_CLASSES = {
    "Person": (KG + "Person", SCHEMA + "Person"),
    "Position": (KG + "Position", ORG + "Post"),
    "Organization": (KG + "Organization", ORG + "Organization"),
    "Region": (KG + "Region", SCHEMA + "AdministrativeArea"),
    "Meeting": (KG + "Meeting", SCHEMA + "Event"),
    "Document": (KG + "Document", SCHEMA + "CreativeWork"),
    "Article": (KG + "Article", SCHEMA + "NewsArticle"),
}

# graph-model predicate → the property of the direct triple
PREDICATE_IRIS = {
    "HOLDS": ORG + "holds",
    "HELD_FORMERLY": KG + "heldFormerly",
    "POST_IN": ORG + "postIn",
    "LOCATED_IN": KG + "locatedIn",
    "PART_OF": KG + "partOf",
    "HELD": KG + "held",
    "PRESIDED_BY": KG + "presidedBy",
    "ATTENDED_BY": KG + "attendedBy",
    "ADOPTED": KG + "adopted",
    "STUDIED": KG + "studied",
    "ISSUED": KG + "issued",
    "CITED": KG + "cited",
    "AUTHORED_BY": KG + "authoredBy",
    "MENTIONS": KG + "mentions",
    "POSSIBLY_SAME_AS": KG + "possiblySameAs",
}

# Path segments under the base that are not node types.
_OTHER_SEGMENTS = ("statement", "sentence", "gbt2260", "graph", "membership")
_TYPE_SEGMENT = re.compile(r"^[a-z]+$")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`]')


def check_base(base: str) -> str:
    """The base IRI, checked: absolute, no characters an IRI cannot hold, ending in `/` or `#`.

    >>> check_base("http://localhost:7878/kg/")
    'http://localhost:7878/kg/'
    >>> check_base("kg/")
    Traceback (most recent call last):
    kg.errors.ConfigError: --base 'kg/' is not an absolute IRI; pass one like https://example.org/kg/
    """
    parts = urlsplit(base)
    if not parts.scheme or not (parts.netloc or parts.scheme == "urn"):
        raise ConfigError(f"--base {base!r} is not an absolute IRI; pass one like {DEFAULT_BASE}")
    if _IRI_FORBIDDEN.search(base):
        raise ConfigError(f'--base {base!r} holds a space or one of <>"{{}}|\\^`; percent-encode it')
    if not base.endswith(("/", "#")):
        raise ConfigError(f"--base {base!r} must end with '/' or '#', e.g. {base}/")
    return base


def _local(text: str) -> str:
    # unreserved characters stay; everything else (':', '/', spaces, CJK) is percent-encoded
    return quote(text, safe="-._~")


def node_iri(node_id: str, node_type: str, base: str = DEFAULT_BASE) -> str:
    """`<base><type>/<rest>` for a node id `type:rest`; the same id always gives the same IRI."""
    prefix, sep, rest = node_id.partition(":")
    segment = (
        prefix if sep and _TYPE_SEGMENT.match(prefix) and prefix not in _OTHER_SEGMENTS else node_type.lower()
    )
    return f"{base}{segment}/{_local(rest if sep and segment == prefix else node_id)}"


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def statement_iri(base: str, *key: object) -> str:
    """The IRI of one piece of evidence: a digest of the fact and its evidence.

    >>> statement_iri("https://example.org/kg/", "person:a", "HOLDS", "position:b", "art1", 3, 6, "positions.v1")
    'https://example.org/kg/statement/1cf73f3b4afc7a32'
    """
    return f"{base}statement/{_digest(*key)}"


def sentence_iri(base: str, article_id: str, sentence: str) -> str:
    """The IRI of a sentence of an article: one node however many facts come from it."""
    return f"{base}sentence/{_digest(article_id, sentence)}"


def data_prefixes(base: str) -> dict[str, str]:
    """Prefixes for data IRIs under `base`, so that `person:51096eaea1005557` is a node id and a prefixed name.

    >>> data_prefixes("https://example.org/kg/")["region"]
    'https://example.org/kg/region/'
    """
    names = [t.lower() for t in NODE_CLASSES] + list(_OTHER_SEGMENTS)
    return {name: f"{base}{name}/" for name in names}
