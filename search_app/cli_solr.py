"""`profile-search solr …`: a SolrCloud on this machine (up, down) and the configset of any SolrCloud (init)."""

from __future__ import annotations

import click


@click.group("solr")
def solr_group() -> None:
    """A SolrCloud on this machine: ZooKeeper and Solr nodes as separate processes on 127.0.0.1.

    \b
    Examples:
      profile-search solr up --nodes 2          # prints the backend URL
      profile-search solr init --backend solr://127.0.0.1:8983/profiles
      profile-search solr down
    """


@solr_group.command("up")
@click.option("--nodes", default=2, show_default=True, type=click.IntRange(1, 6), help="Solr nodes (one process each).")
@click.option("--dir", "state_dir", default=".solr", show_default=True, type=click.Path(file_okay=False), help="Data, logs and pids.")
@click.option("--port", "base_port", default=None, type=int, help="Port of the first node (the next ones follow); free ports by default.")
@click.option("--heap", default="448m", show_default=True, help="Java heap of each node.")
@click.option("--init/--no-init", "do_init", default=True, show_default=True, help="Upload the configset and create the collection.")
def solr_up_cmd(nodes, state_dir, base_port, heap, do_init):
    """Start ZooKeeper and Solr nodes (built from Maven Central on first use), wait until live, print the URL.

    \b
    Examples:
      profile-search solr up --nodes 2
      profile-search solr up --port 8983 --heap 512m
    """
    from . import local_solr as cluster
    from .solr import admin
    from .solr.http import SolrHttp

    state = cluster.up(state_dir, nodes, base_port=base_port, heap=heap)
    if do_init:
        admin.init(SolrHttp(state.hosts))
    click.echo(f"SolrCloud with {len(state.nodes)} nodes (ZooKeeper on 127.0.0.1:{state.zk_port}); pids in {state_dir}/cluster.json", err=True)
    click.echo(state.url())


@solr_group.command("down")
@click.option("--dir", "state_dir", default=".solr", show_default=True, type=click.Path(file_okay=False))
def solr_down_cmd(state_dir):
    """Stop the nodes and ZooKeeper started by `solr up` (by their recorded pids).

    \b
    Example:
      profile-search solr down
    """
    from . import local_solr as cluster

    n = cluster.down(state_dir)
    click.echo(f"stopped {n} process(es)" if n else "no running SolrCloud recorded in " + state_dir)


@solr_group.command("init")
@click.option("--backend", "backend", envvar="PROFILE_SEARCH_BACKEND", required=True, help="solr://host:port[,host:port]/collection")
@click.option("--shards", default=None, type=click.IntRange(1, 64), help="Shards of the collection (default: one per 500,000 passages, chosen at each full build).")
@click.option("--replicas", default=None, type=click.IntRange(1, 16), help="Copies of each shard (default: 2).")
def solr_init_cmd(backend, shards, replicas):
    """Upload the configset and create the collection behind its alias (an existing one is kept).

    \b
    Example:
      profile-search solr init --backend solr://127.0.0.1:8983/profiles --shards 2 --replicas 2
    """
    from .solr import admin
    from .solr.engine import parse_url
    from .solr.http import SolrHttp

    hosts, alias = parse_url(backend)
    name = admin.init(SolrHttp(hosts), alias, shards=shards, replicas=replicas)
    click.echo(f"configset uploaded; alias {alias} → collection {name}")


