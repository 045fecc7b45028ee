package nl.stroomlijn.jobs.testing;

import nl.stroomlijn.jobs.kpi.KpiJobDeployment;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** A MiniCluster for tests: 2 slots, small managed memory, every server on 127.0.0.1. */
public final class LocalCluster {

  public static final int PARALLELISM = 2;

  private LocalCluster() {
  }

  public static MiniClusterExtension extension() {
    return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
        .setNumberTaskManagers(1)
        .setNumberSlotsPerTaskManager(PARALLELISM)
        .setConfiguration(KpiJobDeployment.onLoopback(new Configuration()))
        .build());
  }
}
