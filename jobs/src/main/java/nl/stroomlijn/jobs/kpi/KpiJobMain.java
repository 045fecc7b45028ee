package nl.stroomlijn.jobs.kpi;

import java.nio.file.Path;
import nl.stroomlijn.service.ServiceConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the job jar on a Flink cluster: {@code flink run stroomlijn-jobs-*-kpi-job.jar [config.properties]}.
 * Configuration from the file and the environment (see {@link KpiJobDeployment#from}).
 */
public final class KpiJobMain {

  private static final Logger LOG = LoggerFactory.getLogger(KpiJobMain.class);

  private KpiJobMain() {
  }

  public static void main(String[] args) throws Exception {
    ServiceConfig config = ServiceConfig.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv());
    KpiJobDeployment deployment = KpiJobDeployment.from(config);
    LOG.info("{}", config.describe());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(deployment.flinkConfiguration());
    deployment.job().execute(env);
  }
}
