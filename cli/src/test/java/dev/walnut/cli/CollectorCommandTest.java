package dev.walnut.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.snowplow.collector.CollectorConfig;
import dev.walnut.snowplow.collector.CookieSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Command-line options → collector configuration, and the errors that say what to fix. */
class CollectorCommandTest {

  static CollectorCommand parse(String... args) {
    CollectorCommand command = new CollectorCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void defaultsAreSnowplowsAndSafe() {
    CollectorConfig config = parse("--kafka", "k:9092").config("k:9092");
    assertThat(config.port()).isEqualTo(8090); // 8080 is the designer's
    assertThat(config.goodTopic()).isEqualTo("snowplow-good");
    assertThat(config.badTopic()).isEqualTo("snowplow-bad");
    assertThat(config.cookie()).isEqualTo(CookieSettings.snowplowDefaults());
    assertThat(config.maxBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.redirectEnabled()).isFalse();
  }

  @Test
  void optionsReachTheConfiguration() {
    CollectorConfig config =
        parse(
                "--embedded-kafka",
                "--port",
                "9000",
                "--local-dev",
                "--cookie-domain",
                ".shop.example",
                "--redirect-allow",
                "shop.example",
                "--path-alias",
                "/acme/t",
                "--good-topic",
                "g",
                "--bad-topic",
                "b",
                "--producer-property",
                "linger.ms=5",
                "--producer-property",
                "security.protocol=SASL_SSL",
                "--io-threads",
                "3")
            .config("k:9092");
    assertThat(config.producerProperties())
        .containsEntry("linger.ms", "5")
        .containsEntry("security.protocol", "SASL_SSL");
    assertThat(config.ioThreads()).isEqualTo(3);
    assertThat(config.port()).isEqualTo(9000);
    assertThat(config.cookie().secure()).isFalse();
    assertThat(config.cookie().sameSite()).isEqualTo("Lax");
    assertThat(config.cookie().domains()).containsExactly(".shop.example");
    assertThat(config.redirectEnabled()).isTrue();
    assertThat(config.pathAliases()).containsKey("/acme/t");
    assertThat(config.goodTopic()).isEqualTo("g");
  }

  @Test
  void producerPropertiesCannotWeakenDelivery() {
    assertThatThrownBy(
            () -> parse("--kafka", "k:9092", "--producer-property", "acks=1").config("k:9092"))
        .hasMessageContaining("acks=1")
        .hasMessageContaining("acks=all");
    assertThatThrownBy(
            () ->
                parse("--kafka", "k:9092", "--producer-property", "enable.idempotence=false")
                    .config("k:9092"))
        .hasMessageContaining("idempotent");
    assertThat(
            parse("--kafka", "k:9092", "--producer-property", "acks=all")
                .config("k:9092")
                .producerProperties())
        .containsEntry("acks", "all");
  }

  @Test
  void kafkaAndEmbeddedKafkaExcludeEachOther() {
    assertThatThrownBy(() -> parse("--kafka", "k:9092", "--embedded-kafka"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("mutually exclusive");
  }

  @Test
  void invalidSettingsSayWhatToFix() {
    assertThatThrownBy(() -> parse("--good-topic", "x", "--bad-topic", "x").config("k:9092"))
        .hasMessage("good and bad topics must differ, both are `x`");
    assertThatThrownBy(() -> CollectorConfig.builder().build())
        .hasMessageContaining("--kafka HOST:PORT or --embedded-kafka");
    assertThatThrownBy(
            () ->
                new CookieSettings(
                    true, "sp", java.util.List.of(), "/", Duration.ofDays(1), false, true, "None"))
        .hasMessageContaining("SameSite=None requires Secure");
  }
}
