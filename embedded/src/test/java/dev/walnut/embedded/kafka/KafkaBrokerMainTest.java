package dev.walnut.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.embedded.kafka.KafkaBrokerMain.Options;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KafkaBrokerMainTest {

  @Test
  void defaultsToPort9092AndALogDirKeptUnderDotWalnut() {
    Options options = Options.parse();

    assertThat(options.port()).isEqualTo(9092);
    assertThat(options.logDir()).isEqualTo(Path.of(".walnut", "kafka").toAbsolutePath());
    assertThat(options.help()).isFalse();
  }

  @Test
  void takesThePortAndLogDirFromTheCommandLine() {
    Options options = Options.parse("--port", "0", "--log-dir", "/tmp/walnut-kafka");

    assertThat(options.port()).isZero();
    assertThat(options.logDir()).isEqualTo(Path.of("/tmp/walnut-kafka"));
  }

  @Test
  void explainsWhatIsWrongWithTheCommandLine() {
    assertThatThrownBy(() -> Options.parse("--port", "ninety"))
        .hasMessage(
            "--port must be a number between 0 and 65535 (0 picks a free port), got `ninety`");
    assertThatThrownBy(() -> Options.parse("--port", "70000"))
        .hasMessage(
            "--port must be a number between 0 and 65535 (0 picks a free port), got `70000`");
    assertThatThrownBy(() -> Options.parse("--port")).hasMessage("option --port needs a value");
    assertThatThrownBy(() -> Options.parse("--log-dir", "--port", "1"))
        .hasMessage("option --log-dir needs a value");
    assertThatThrownBy(() -> Options.parse("--verbose")).hasMessage("unknown option `--verbose`");
  }
}
