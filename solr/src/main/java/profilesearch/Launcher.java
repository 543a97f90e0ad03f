package profilesearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;
import org.apache.zookeeper.server.ZooKeeperServerMain;

/**
 * One process of a loopback SolrCloud: {@code zk PORT DATA_DIR} runs a standalone ZooKeeper,
 * {@code node PORT SOLR_HOME ZK_HOST} runs one Solr node (Jetty, context /solr) that joins it.
 * Each runs until it is signalled; the Python side ({@code profile-search solr up}) starts them.
 */
public final class Launcher {
  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("zk")) {
      Files.createDirectories(Path.of(args[2]));
      ZooKeeperServerMain.main(new String[] {args[1], args[2]});
      return;
    }
    if (args.length == 4 && args[0].equals("node")) {
      Properties props = new Properties();
      props.setProperty("zkHost", args[3]);
      System.setProperty("zkHost", args[3]);
      System.setProperty("host", "127.0.0.1");
      JettyConfig config =
          JettyConfig.builder().setPort(Integer.parseInt(args[1])).stopAtShutdown(true).build();
      JettySolrRunner node = new JettySolrRunner(args[2], props, config);
      node.start();
      System.out.println("solr node up on port " + node.getLocalPort());
      Thread.currentThread().join();
      return;
    }
    System.err.println("usage: Launcher zk PORT DATA_DIR | node PORT SOLR_HOME ZK_HOST");
    System.exit(2);
  }
}
