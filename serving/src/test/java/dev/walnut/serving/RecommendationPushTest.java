package dev.walnut.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.embedded.postgres.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A shopper's new recommendations reach a Server-Sent Events subscriber, from a real database. */
class RecommendationPushTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSubscriberGetsTheCurrentRowAndThenEveryChange() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().build().start()) {
      try (Connection c = postgres.superuserConnection();
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE shopper_recommendations (shopper text PRIMARY KEY, products jsonb,"
                + " scores jsonb, model_version text, updated_at timestamptz)");
        s.execute(
            "INSERT INTO shopper_recommendations VALUES ('s 1', '[\"p1\"]', '[0.5]', 'v1',"
                + " '2026-01-01T00:00:00Z')");
      }
      postgres.createReadOnlyRole("walnut_api", "api-secret");
      try (ServingServer server =
          ServingServer.builder()
              .port(0)
              .database(postgres.jdbcUrl(), "walnut_api", "api-secret")
              .push(Duration.ofMillis(50), 10)
              .build()
              .start()) {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> stream =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(server.baseUrl() + "/api/recommendations-for/s%201/events"))
                        .header("Accept", "text/event-stream")
                        .build(),
                    HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Thread reader =
            new Thread(
                () ->
                    stream
                        .body()
                        .filter(l -> l.startsWith("data:"))
                        .forEach(l -> events.add(l.substring(5).trim())));
        reader.setDaemon(true);
        reader.start();

        JsonNode first = JSON.readTree(events.poll(10, TimeUnit.SECONDS));
        assertThat(first.get("products").toString()).isEqualTo("[\"p1\"]");
        assertThat(first.get("shopper").asText()).isEqualTo("s 1");

        try (Connection c = postgres.superuserConnection();
            Statement s = c.createStatement()) {
          s.execute(
              "UPDATE shopper_recommendations SET products = '[\"p9\", \"p1\"]', scores ="
                  + " '[0.9, 0.4]', model_version = 'v2', updated_at = '2026-01-01T00:00:01Z'"
                  + " WHERE shopper = 's 1'");
        }
        JsonNode next = JSON.readTree(events.poll(10, TimeUnit.SECONDS));
        assertThat(next.get("products").toString()).isEqualTo("[\"p9\",\"p1\"]");
        assertThat(next.get("modelVersion").asText()).isEqualTo("v2");
        // nothing changed since: nothing more is sent
        assertThat(events.poll(500, TimeUnit.MILLISECONDS)).isNull();
      }
    }
  }
}
