package dev.walnut.cli;

import dev.walnut.embedded.kafka.KafkaBrokerMain;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "kafka",
    description = "Starts the embedded single-node Kafka broker (KRaft) and waits until stopped.")
final class KafkaCommand implements Runnable {
  @Option(
      names = "--port",
      defaultValue = "9092",
      description = "Broker port on 127.0.0.1 (0: a free one). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--log-dir",
      defaultValue = ".walnut/kafka",
      description = "Where records are kept across runs. Default: ${DEFAULT-VALUE}.")
  Path logDir;

  @Override
  public void run() {
    KafkaBrokerMain.main(
        new String[] {"--port", String.valueOf(port), "--log-dir", logDir.toString()});
  }
}
