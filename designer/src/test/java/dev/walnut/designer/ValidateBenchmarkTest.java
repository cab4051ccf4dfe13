package dev.walnut.designer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.designer.bench.ValidateBenchmark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ValidateBenchmarkTest {
  @Test
  void theBenchmarkPrintsBothSystemsForAValidHundredNodeScenario() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    int exit;
    try {
      // the benchmark prints to System.out as it is when the command is created
      exit = new CommandLine(new ValidateBenchmark()).execute("--runs", "5", "--warmup", "1");
    } finally {
      System.setOut(previous);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(out).isZero();
    assertThat(out)
        .contains("Validating a 100-node scenario")
        .contains("walnut designer POST /api/validate")
        .contains("engine ScenarioValidator (direct)");
  }
}
