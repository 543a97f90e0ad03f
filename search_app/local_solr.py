"""A SolrCloud on this machine, for development, tests and benchmarks (not part of the Solr backend: a
deployment points the backend at its own SolrCloud): one ZooKeeper and N Solr nodes, each its own process.

The launcher (``solr/pom.xml`` and one Java class) is built with Maven on first use (in the checkout's
``solr/target/``, or in a per-user cache folder from an installed package: :mod:`search_app.solr_files`);
Solr and ZooKeeper come from Maven Central. State (pids, ports, data, logs) lives in a git-ignored folder.

``state = up(Path(".solr"), nodes=2); print(state.url); down(Path(".solr"))``
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import solr_files
from .solr.http import SolrError, SolrHttp

log = logging.getLogger(__name__)

INSTALL_HINT = ("install Java 17 and Maven (Debian: apt-get install -y openjdk-17-jdk-headless maven); "
                "Solr's jars then come from Maven Central on first use")

SOLR_XML = """<?xml version="1.0" encoding="UTF-8" ?>
<solr>
  <int name="maxBooleanClauses">${solr.max.booleanClauses:16384}</int>
  <solrcloud>
    <str name="host">127.0.0.1</str>
    <int name="hostPort">${hostPort:8983}</int>
    <str name="hostContext">solr</str>
    <int name="zkClientTimeout">${zkClientTimeout:15000}</int>
    <bool name="genericCoreNodeNames">true</bool>
    <int name="distribUpdateSoTimeout">60000</int>
    <int name="distribUpdateConnTimeout">5000</int>
  </solrcloud>
  <shardHandlerFactory name="shardHandlerFactory" class="HttpShardHandlerFactory">
    <int name="socketTimeout">30000</int>
    <int name="connTimeout">2000</int>
  </shardHandlerFactory>
</solr>
"""


class ClusterError(SolrError):
    """The local cluster cannot be built, started or reached; the message says what to do."""


@dataclass
class NodeState:
    port: int
    home: str
    pid: int | None = None


@dataclass
class ClusterState:
    zk_port: int
    zk_pid: int | None
    nodes: list[NodeState] = field(default_factory=list)
    heap: str = "448m"

    @property
    def hosts(self) -> list[str]:
        return [f"127.0.0.1:{n.port}" for n in self.nodes]

    def url(self, collection: str = "profiles") -> str:
        return f"solr://{','.join(self.hosts)}/{collection}"

    def save(self, state_dir: Path) -> None:
        tmp = state_dir / "cluster.json.tmp"
        tmp.write_text(json.dumps(asdict(self), indent=2))
        tmp.replace(state_dir / "cluster.json")

    @classmethod
    def load(cls, state_dir: Path) -> "ClusterState | None":
        path = Path(state_dir) / "cluster.json"
        if not path.exists():
            return None
        d = json.loads(path.read_text())
        return cls(d["zk_port"], d.get("zk_pid"), [NodeState(**n) for n in d.get("nodes", [])], d.get("heap", "448m"))


# ---------------------------------------------------------------------------------------------
# building the launcher


def ensure_launcher() -> str:
    """The Java classpath of the launcher, built with Maven when missing. Raises ClusterError with what to install."""
    project = solr_files.launcher_project()
    if shutil.which("java") is None or (not project.built() and shutil.which("mvn") is None):
        raise ClusterError(f"The Solr backend needs Java and Maven: {INSTALL_HINT}")
    if not project.built():
        log.warning("building the Solr launcher with Maven into %s (first use downloads Solr from Maven Central)…",
                    project.path)
        build_in = project.path if project.in_checkout else solr_files.stage(project)
        proc = subprocess.run(["mvn", "-q", "-B", "-f", str(build_in / "pom.xml"), "package", "-DskipTests"],
                              capture_output=True, text=True)
        if proc.returncode != 0 or not (build_in / "target" / solr_files.JAR_NAME).exists():
            if not project.in_checkout:
                shutil.rmtree(build_in, ignore_errors=True)
            tail = (proc.stdout + proc.stderr).strip().splitlines()[-15:]
            raise ClusterError("building the Solr launcher failed:\n" + "\n".join(tail))
        if not project.in_checkout:
            try:
                solr_files.publish(build_in, project)
            except OSError as exc:
                raise ClusterError(f"could not put the built launcher in {project.path} ({exc}): "
                                   "remove that folder and try again") from exc
    return project.classpath()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:  # a zombie child of ours counts as dead
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True


def _spawn(args: list[str], log_path: Path) -> int:
    out = open(log_path, "ab")
    proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    out.close()
    return proc.pid


def _java(cp: str, heap: str, extra: list[str]) -> list[str]:
    return ["java", f"-Xmx{heap}", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Djava.awt.headless=true", *extra, "-cp", cp, "profilesearch.Launcher"]


def start_zk(state_dir: Path, port: int, cp: str) -> int:
    data = state_dir / "zk"
    data.mkdir(parents=True, exist_ok=True)
    args = _java(cp, "128m", ["-Dzookeeper.admin.enableServer=false", "-Dzookeeper.4lw.commands.whitelist=ruok"])
    return _spawn(args + ["zk", str(port), str(data)], state_dir / "zk.log")


def start_node(state_dir: Path, state: ClusterState, index: int, cp: str | None = None) -> int:
    """(Re)start node `index` of the recorded cluster; returns its pid and records it."""
    cp = cp or ensure_launcher()
    node = state.nodes[index]
    home = Path(node.home)
    home.mkdir(parents=True, exist_ok=True)
    (home / "solr.xml").write_text(SOLR_XML)
    extra = [f"-Dsolr.log.dir={home}", "-Dsolr.log.level=WARN", f"-Dsolr.solr.home={home}",
             "-Dsolr.disableConfigSetsCreateAuthChecks=true", "-Dsolr.jetty.inetaccess.includes=127.0.0.1",
             "-Dsolr.max.booleanClauses=4096"]
    args = _java(cp, state.heap, extra) + ["node", str(node.port), str(home), f"127.0.0.1:{state.zk_port}"]
    node.pid = _spawn(args, state_dir / f"node{index + 1}.log")
    state.save(state_dir)
    return node.pid


def _wait_zk(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"ruok")
                if s.recv(4) == b"imok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise ClusterError(f"ZooKeeper did not start on port {port} within {timeout:.0f} s")


def live_nodes(hosts: list[str]) -> list[str]:
    try:
        state = SolrHttp(hosts, timeout=5, attempts=1).get("/admin/collections", {"action": "CLUSTERSTATUS"}, discover=False)
    except SolrError:
        return []
    return state.get("cluster", {}).get("live_nodes", [])


def node_healthy(host: str) -> bool:
    """Whether this node itself answers and is connected to ZooKeeper (a killed node stays listed in
    live_nodes until its ZooKeeper session expires; its port does not answer)."""
    try:
        r = SolrHttp([host], timeout=5, attempts=1).get("/admin/info/health", discover=False)
    except SolrError:
        return False
    return r.get("status") == "OK"


def wait_live(state: ClusterState, n: int, timeout: float = 120.0, state_dir: Path | None = None) -> None:
    """Wait until `n` nodes are live in ZooKeeper and each recorded node answers its health check."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(live_nodes(state.hosts)) >= n and all(node_healthy(h) for h in state.hosts):
            return
        dead = [i for i, node in enumerate(state.nodes) if node.pid and not _alive(node.pid)]
        if dead and state_dir is not None:
            logf = state_dir / f"node{dead[0] + 1}.log"
            tail = logf.read_text(errors="replace").strip().splitlines()[-10:] if logf.exists() else []
            raise ClusterError(f"Solr node {dead[0] + 1} exited while starting:\n" + "\n".join(tail))
        time.sleep(0.5)
    raise ClusterError(f"{n} Solr nodes were not live within {timeout:.0f} s (see the logs in {state_dir})")


def up(state_dir: str | Path = ".solr", nodes: int = 2, *, base_port: int | None = None, zk_port: int | None = None,
       heap: str = "448m", timeout: float = 180.0) -> ClusterState:
    """Start ZooKeeper and `nodes` Solr nodes on loopback (or return the running cluster). Waits until all are live."""
    state_dir = Path(state_dir).resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    old = ClusterState.load(state_dir)
    if old and _alive(old.zk_pid) and all(_alive(n.pid) for n in old.nodes) and len(old.nodes) >= nodes:
        wait_live(old, len(old.nodes), timeout, state_dir)
        return old
    if old:
        down(state_dir)
    cp = ensure_launcher()
    zk = zk_port or free_port()
    ports = [base_port + i for i in range(nodes)] if base_port else [free_port() for _ in range(nodes)]
    state = ClusterState(zk, None, [NodeState(p, str(state_dir / f"node{i + 1}")) for i, p in enumerate(ports)], heap)
    state.zk_pid = start_zk(state_dir, zk, cp)
    state.save(state_dir)
    try:
        _wait_zk(zk, 60)
        for i in range(nodes):
            start_node(state_dir, state, i, cp)
        wait_live(state, nodes, timeout, state_dir)
    except BaseException:
        down(state_dir)
        raise
    return state


def _stop(pid: int | None, grace: float = 20.0) -> None:
    if not _alive(pid):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.2)
    if _alive(pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def kill_node(state_dir: str | Path, index: int) -> None:
    """SIGKILL one node (for fault tests)."""
    state = ClusterState.load(Path(state_dir))
    pid = state.nodes[index].pid if state else None
    if pid and _alive(pid):
        os.kill(pid, signal.SIGKILL)
        for _ in range(50):
            if not _alive(pid):
                break
            time.sleep(0.1)


def down(state_dir: str | Path = ".solr") -> int:
    """Stop every recorded process (nodes first, then ZooKeeper); returns how many were running."""
    state_dir = Path(state_dir)
    state = ClusterState.load(state_dir)
    if state is None:
        return 0
    running = [n.pid for n in state.nodes if _alive(n.pid)] + ([state.zk_pid] if _alive(state.zk_pid) else [])
    for n in state.nodes:
        _stop(n.pid)
    _stop(state.zk_pid)
    (state_dir / "cluster.json").unlink(missing_ok=True)
    return len(running)


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
    raise ClusterError(f"the replicas of {collection} were not all active within {timeout:.0f} s")
