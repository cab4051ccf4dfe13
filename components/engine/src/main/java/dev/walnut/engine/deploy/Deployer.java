package dev.walnut.engine.deploy;

import dev.walnut.api.debug.CollectedRecords;
import dev.walnut.engine.compile.CompileOptions;
import dev.walnut.engine.compile.CompiledJob;
import dev.walnut.engine.compile.FlinkCompiler;
import dev.walnut.engine.validation.ValidationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Deploys a validated scenario as a Flink job through a cluster's REST API: a {@link
 * LocalFlinkCluster} in this JVM, or a remote Flink 1.20 session cluster, to which Walnut's shaded
 * jar is shipped as the job jar.
 */
public final class Deployer {
  private final FlinkCompiler compiler = new FlinkCompiler();

  /** Submits to the local cluster; the job's classes come from this JVM's classpath. */
  public JobClient deploy(
      ValidationResult validated, Map<String, String> properties, LocalFlinkCluster cluster)
      throws Exception {
    // the collect buffers live in this JVM: a new deployment starts them afresh
    CollectedRecords.clear(validated.scenario().id());
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment("127.0.0.1", cluster.restPort());
    return submit(validated, properties, env);
  }

  /**
   * Submits to a remote session cluster ({@code host}:{@code restPort} is its REST endpoint);
   * {@code jobJar} must contain Walnut and the scenario's components (the CLI's shaded jar).
   */
  public JobClient deployRemote(
      ValidationResult validated,
      Map<String, String> properties,
      String host,
      int restPort,
      Path jobJar)
      throws Exception {
    if (!Files.isRegularFile(jobJar)) {
      throw new IllegalArgumentException(
          "job jar " + jobJar + " does not exist; build it with `mvn -pl cli -am package`");
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment(host, restPort, jobJar.toString());
    return submit(validated, properties, env);
  }

  private JobClient submit(
      ValidationResult validated, Map<String, String> properties, StreamExecutionEnvironment env)
      throws Exception {
    CompiledJob job = compiler.compile(validated, env, CompileOptions.production(properties));
    return env.executeAsync(job.jobName());
  }
}
