"""The collections of a SolrCloud, through its admin API: the configset (facet fields generated from
the registry of :mod:`indexer.fields`), collections, aliases and their properties.

``init(SolrHttp(["127.0.0.1:8983"]), "profiles")`` → the collection behind the alias
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

from indexer.fields import FACETS

from .http import SolrError, SolrHttp

CONFIGSET_DIR = Path(__file__).resolve().parents[2] / "solr" / "configset"
CONFIGSET_NAME = "profiles"
#: where the schema file receives one field per facet of the registry
FACET_MARK = "<!-- facet fields: generated from indexer/fields.py -->"


def facet_fields() -> str:
    """The schema's facet fields, one per registry facet: exact strings (years: whole numbers), with docValues."""
    return "\n".join(
        f'  <field name="{f.name}" type="{"pint" if f.numeric else "string"}" indexed="true" stored="true"'
        + (' multiValued="true"' if f.numeric else "") + "/>" for f in FACETS)




def configset_zip() -> bytes:
    """The configset (solr/configset) as the zip the Configsets API uploads."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(CONFIGSET_DIR.rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                if FACET_MARK.encode() in data:
                    data = data.replace(FACET_MARK.encode(), facet_fields().encode())
                z.writestr(path.relative_to(CONFIGSET_DIR).as_posix(), data)
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


def init(http: SolrHttp, alias: str = "profiles", *, shards: int = 2, replicas: int = 2) -> str:
    """Upload the configset and create an empty collection behind `alias` (kept when one exists). Returns the collection."""
    upload_configset(http)
    current = aliases(http).get(alias)
    if current and current in collections(http):
        return current
    name = new_collection_name(alias)
    create_collection(http, name, shards=shards, replicas=replicas)
    set_alias(http, alias, name)
    return name


def alias_properties(http: SolrHttp) -> dict[str, dict]:
    return http.get("/admin/collections", {"action": "LISTALIASES"}).get("properties", {})


def set_alias_properties(http: SolrHttp, alias: str, props: dict[str, str]) -> None:
    params = {"action": "ALIASPROP", "name": alias}
    params.update({f"property.{k}": v for k, v in props.items()})
    http.get("/admin/collections", params)


def wait_active(http: SolrHttp, collection: str, timeout: float = 90.0) -> None:
    """Wait until every replica of a collection is active on a live node, answers a local query itself,
    and holds as many documents as the other replicas of its shard."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            st = http.get("/admin/collections", {"action": "CLUSTERSTATUS", "collection": collection})
            live = set(st["cluster"]["live_nodes"])
            shards = st["cluster"]["collections"][collection]["shards"].values()
            ok = all(r["state"] == "active" and r["node_name"] in live for s in shards for r in s["replicas"].values())
            for shard in shards if ok else ():
                counts = set()
                for r in shard["replicas"].values():
                    host = r["base_url"].split("//", 1)[1].split("/", 1)[0]
                    resp = SolrHttp([host], timeout=5, attempts=1).get(
                        f"/{r['core']}/select", {"q": "*:*", "rows": "0", "distrib": "false"}, discover=False)
                    counts.add(resp["response"]["numFound"])
                ok = ok and len(counts) == 1
            if ok:
                return
        except (SolrError, KeyError):
            pass
        time.sleep(0.5)
    raise SolrError(f"the replicas of {collection} were not all active within {timeout:.0f} s")


def alias_target(http: SolrHttp, alias: str) -> tuple[str | None, dict]:
    """(the collection an alias names — or the collection of that name —, the alias's properties)."""
    r = http.get("/admin/collections", {"action": "LISTALIASES"})
    target = r.get("aliases", {}).get(alias)
    props = r.get("properties", {}).get(alias, {})
    if target is None and alias in collections(http):
        target = alias
    return target, props
