package dev.walnut.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./walnut}: validate, test-run and run scenarios; start Kafka; run benchmarks. */
@Command(
    name = "walnut",
    mixinStandardHelpOptions = true,
    version = "walnut 0.1.0",
    description = "Real-time recommendation scenarios on Flink and Kafka.",
    subcommands = {
      ValidateCommand.class,
      TestRunCommand.class,
      TestCommand.class,
      RunCommand.class,
      DemoCommand.class,
      KafkaCommand.class,
      CollectorCommand.class,
      DesignerCommand.class,
      LocalShopifyCommand.class,
      MlflowCommand.class,
      ServeCommand.class,
      BenchCommand.class,
      ComponentsCommand.class
    })
public final class WalnutCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int code =
        new CommandLine(new WalnutCli())
            .setExecutionExceptionHandler(WalnutCli::reportBadArgument)
            .execute(args);
    // broker and Flink threads keep the JVM alive otherwise
    System.exit(code);
  }

  /** A wrong option value found while running (e.g. `--runs 0`) is one line, not a stack trace. */
  private static int reportBadArgument(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) throws Exception {
    if (e instanceof IllegalArgumentException) {
      commandLine.getErr().println("error: " + e.getMessage());
      return 1;
    }
    throw e;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
