"""The collections of a SolrCloud, through its admin API: the configset (facet fields generated from
the registry of :mod:`indexer.fields`), collections, aliases and their properties.

``init(SolrHttp(["127.0.0.1:8983"]), "profiles")`` → the collection behind the alias
"""

from __future__ import annotations

import io
import json
import re
import time
import zipfile

from indexer.fields import KEYWORD_FIELDS, MULTI_VALUED, NAMES_FIELD, NUMBER_FIELDS, SPELL_FIELDS, TEXT_FIELDS

from ..solr_files import configset_dir
from .http import SolrError, SolrHttp

CONFIGSET_NAME = "profiles"
#: where the schema file receives the fields of the registry (:mod:`indexer.fields`)
GENERATED = {
    "<!-- facet fields: generated from indexer/fields.py -->": lambda: facet_fields(),
    "<!-- text fields: generated from indexer/fields.py -->": lambda: text_fields(),
}


def facet_fields() -> str:
    """The schema's exact-valued fields of the registry (facets and the facts they filter on): strings
    (years and the population: whole numbers), with docValues; the names and the vocabularies by language."""
    out = [f'  <field name="{name}" type="{"pint" if name == "year" else "string"}" indexed="true" stored="true"'
           + (' multiValued="true"' if name in MULTI_VALUED else "") + "/>" for name in KEYWORD_FIELDS]
    out += [f'  <field name="{name}" type="pint" indexed="true" stored="false"/>' for name in NUMBER_FIELDS]
    out += [f'  <field name="{f.name}" type="text_ws" indexed="true" stored="false"/>' for f in SPELL_FIELDS.values()
            if f.name != "spell"]
    out.append(f'  <field name="{NAMES_FIELD.name}" type="text_names" indexed="true" stored="false"/>')
    return "\n".join(out)


def text_fields() -> str:
    """One type and field per searchable text field of the registry: the shared analysis's terms split on
    spaces, scored by the product's ranking rule with the field's weight."""
    out = []
    for f in TEXT_FIELDS:
        out.append(f'  <fieldType name="t_{f.name}" class="solr.TextField" positionIncrementGap="100">\n'
                   '    <analyzer><tokenizer class="solr.WhitespaceTokenizerFactory"/></analyzer>\n'
                   '    <similarity class="profilesearch.ProfileSimilarityFactory">'
                   f'<float name="weight">{f.weight:g}</float></similarity>\n  </fieldType>\n'
                   f'  <field name="{f.name}" type="t_{f.name}" indexed="true" stored="false"/>')
    return "\n".join(out)


def configset_zip() -> bytes:
    """The configset (solr/configset, or its copy in the installed package) as the zip the Configsets API uploads."""
    folder = configset_dir()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                for mark, make in GENERATED.items():
                    data = data.replace(mark.encode(), make().encode())
                z.writestr(path.relative_to(folder).as_posix(), data)
    return buf.getvalue()


def upload_configset(http: SolrHttp, name: str = CONFIGSET_NAME) -> None:
    http.post_bytes("/admin/configs", configset_zip(), "application/octet-stream",
                    {"action": "UPLOAD", "name": name, "overwrite": "true", "cleanup": "true"})


def create_collection(http: SolrHttp, name: str, *, shards: int = 2, replicas: int = 2,
                      configset: str = CONFIGSET_NAME) -> None:
    http.get("/admin/collections", {"action": "CREATE", "name": name, "collection.configName": configset,
                                     "numShards": shards, "replicationFactor": replicas, "waitForFinalState": "true"})


def aliases(http: SolrHttp) -> dict[str, str]:
    return http.get("/admin/collections", {"action": "LISTALIASES"}).get("aliases", {})


def collections(http: SolrHttp) -> list[str]:
    return http.get("/admin/collections", {"action": "LIST"}).get("collections", [])


def set_alias(http: SolrHttp, alias: str, collection: str) -> None:
    http.get("/admin/collections", {"action": "CREATEALIAS", "name": alias, "collections": collection})


def delete_collection(http: SolrHttp, name: str) -> None:
    http.get("/admin/collections", {"action": "DELETE", "name": name})


def new_collection_name(alias: str) -> str:
    """A fresh collection for an alias's next generation: ``profiles_20261204T120000_123``."""
    return f"{alias}_{time.strftime('%Y%m%dT%H%M%S')}_{int(time.time() * 1000) % 1000:03d}"


def is_generation_of(name: str, alias: str) -> bool:
    """Whether a collection was made for an alias by :func:`new_collection_name`."""
    return re.fullmatch(re.escape(alias) + r"_\d{8}T\d{6}_\d{3}", name) is not None


def init(http: SolrHttp, alias: str = "profiles", *, shards: int | None = None, replicas: int | None = None) -> str:
    """Upload the configset and create an empty collection behind `alias` (kept when one exists), recording the
    layout asked for (the builds keep it; without one they choose by the corpus's size). Returns the collection."""
    upload_configset(http)
    chosen = {k: str(v) for k, v in (("shards", shards), ("replicas", replicas)) if v}
    current = aliases(http).get(alias)
    if current and current in collections(http):
        if chosen:
            set_alias_properties(http, alias, chosen)
        return current
    name = new_collection_name(alias)
    create_collection(http, name, shards=shards or 1, replicas=replicas or 2)
    set_alias(http, alias, name)
    if chosen:
        set_alias_properties(http, alias, chosen)
    return name


def set_alias_properties(http: SolrHttp, alias: str, props: dict[str, str]) -> None:
    params = {"action": "ALIASPROP", "name": alias}
    params.update({f"property.{k}": v for k, v in props.items()})
    http.get("/admin/collections", params)


def ensure_collection(http: SolrHttp, name: str) -> None:
    """A small collection (one shard, two copies where the cluster has two nodes), created if missing."""
    if name in collections(http):
        return
    upload_configset(http)
    nodes = len(http.get("/admin/collections", {"action": "CLUSTERSTATUS"})["cluster"].get("live_nodes", [])) or 1
    try:
        create_collection(http, name, shards=1, replicas=min(2, nodes))
    except SolrError:
        if name not in collections(http):  # another run created it meanwhile: fine
            raise


def alias_target(http: SolrHttp, alias: str) -> tuple[str | None, dict]:
    """(the collection an alias names — or the collection of that name —, the alias's properties, the
    versions its index was written with decoded: a dict, or None)."""
    r = http.get("/admin/collections", {"action": "LISTALIASES"})
    target = r.get("aliases", {}).get(alias)
    props = dict(r.get("properties", {}).get(alias, {}))
    try:
        props["versions"] = json.loads(props["versions"]) if props.get("versions") else None
    except ValueError:
        props["versions"] = None
    if target is None and alias in collections(http):
        target = alias
    return target, props
