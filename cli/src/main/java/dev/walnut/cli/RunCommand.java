package dev.walnut.cli;

import dev.walnut.api.debug.CollectedRecords;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.engine.deploy.Deployer;
import dev.walnut.engine.deploy.LocalFlinkCluster;
import dev.walnut.engine.scenario.NodeData;
import dev.walnut.engine.validation.ValidationResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "run",
    description =
        "Deploys a scenario on a local Flink MiniCluster (web UI on) and runs it until stopped;"
            + " records reaching `collect` sinks are printed.")
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SCENARIO.json")
  Path scenario;

  @Mixin KafkaChoice kafka;

  @Option(
      names = "--flink-port",
      defaultValue = "8081",
      description = "Port of the Flink REST API and web UI. Default: ${DEFAULT-VALUE}.")
  int flinkPort;

  @Option(
      names = "--remote",
      paramLabel = "HOST:PORT",
      description = "Submit to this Flink session cluster's REST endpoint instead.")
  String remote;

  @Option(
      names = "--job-jar",
      paramLabel = "JAR",
      description = "Job jar for --remote. Default: this launcher's jar.")
  Path jobJar;

  @Option(
      names = "--property",
      paramLabel = "KEY=VALUE",
      description = "Overrides a scenario property; repeatable.")
  Map<String, String> properties = new LinkedHashMap<>();

  @Option(names = "--quiet", description = "Do not print what reaches collect sinks.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    Optional<ValidationResult> result = Scenarios.load(scenario, properties, System.out);
    if (result.isEmpty()) {
      return 1;
    }
    if (!result.get().isValid()) {
      Scenarios.printErrors(result.get(), System.out);
      return 1;
    }
    EmbeddedKafka broker = kafka.startIfEmbedded();
    Map<String, String> props = new LinkedHashMap<>(properties);
    String bootstrap = kafka.bootstrap(broker);
    if (bootstrap != null) {
      props.put("kafka.bootstrap.servers", bootstrap);
    }
    if (!quiet) {
      tailCollectSinks(result.get());
    }
    Deployer deployer = new Deployer();
    if (remote != null) {
      String[] hp = remote.split(":");
      Path jar = jobJar != null ? jobJar : Launcher.ownJar();
      JobClient job =
          deployer.deployRemote(result.get(), props, hp[0], Integer.parseInt(hp[1]), jar);
      System.out.println("submitted job " + job.getJobID() + " to http://" + remote);
      return 0;
    }
    LocalFlinkCluster cluster = LocalFlinkCluster.start(flinkPort, 8);
    JobClient job = deployer.deploy(result.get(), props, cluster);
    System.out.println(
        "scenario `"
            + result.get().scenario().id()
            + "` runs as job "
            + job.getJobID()
            + "; Flink web UI: "
            + cluster.webUrl()
            + " (Ctrl-C stops)");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    job.cancel().get();
                    cluster.close();
                  } catch (Exception e) {
                    // the JVM is stopping anyway; nothing more to do
                  }
                  if (broker != null) {
                    broker.close();
                  }
                }));
    job.getJobExecutionResult().get();
    return 0;
  }

  static void tailCollectSinks(ValidationResult result) {
    String id = result.scenario().id();
    for (NodeData n : result.scenario().allNodes()) {
      if (n instanceof NodeData.Sink s && s.ref().component().equals("collect")) {
        CollectedRecords.listen(id, s.id(), json -> System.out.println("[" + s.id() + "] " + json));
      }
    }
  }
}
