package dev.walnut.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Only allow-listed {@code kafka.*} settings reach the clients of the designer and of jobs. */
class KafkaSettingsTest {
  @Test
  void safeSettingsArePassedWithoutThePrefix() {
    assertThat(
            KafkaSettings.clientProperties(
                Map.of(
                    "kafka.bootstrap.servers", "broker:9092",
                    "kafka.compression.type", "zstd",
                    "kafka.acks", "all",
                    "checkpointInterval", "PT10S")))
        .containsOnly(Map.entry("compression.type", "zstd"), Map.entry("acks", "all"));
  }

  @Test
  void settingsThatLoadCodeCallUrlsOrLoseDataAreRefused() {
    assertThatThrownBy(
            () ->
                KafkaSettings.clientProperties(
                    Map.of("kafka.sasl.oauthbearer.token.endpoint.url", "http://169.254.169.254")))
        .hasMessageStartingWith(
            "scenario property `kafka.sasl.oauthbearer.token.endpoint.url`: Kafka client setting"
                + " `sasl.oauthbearer.token.endpoint.url` may not be set from a scenario; allowed:"
                + " acks, batch.size,");
    assertThatThrownBy(
            () -> KafkaSettings.clientProperties(Map.of("kafka.sasl.jaas.config", "x required;")))
        .hasMessageContaining("`sasl.jaas.config` may not be set from a scenario");
    assertThatThrownBy(() -> KafkaSettings.clientProperties(Map.of("kafka.acks", "0")))
        .hasMessage(
            "scenario property `kafka.acks`: Kafka client setting `acks` must be one of all, -1,"
                + " got `0`");
    assertThatThrownBy(
            () -> KafkaSettings.clientProperties(Map.of("kafka.interceptor.classes", "x.Evil")))
        .hasMessageContaining("`interceptor.classes` may not be set");
  }
}
