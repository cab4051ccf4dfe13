package dev.walnut.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.embedded.postgres.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API over a real PostgreSQL, through real HTTP, with read-only credentials. */
class ServingApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static EmbeddedPostgres postgres;
  private static ServingServer server;

  @BeforeAll
  static void start() throws SQLException {
    postgres = EmbeddedPostgres.builder().build().start();
    try (Connection c = postgres.superuserConnection();
        Statement s = c.createStatement()) {
      // the tables as the `table` sink creates them for the main flow and for DataSQRL's co-visits
      s.execute(
          "CREATE TABLE shopper_recommendations (shopper text PRIMARY KEY, products jsonb,"
              + " scores jsonb, model_version text, updated_at timestamptz)");
      s.execute(
          "INSERT INTO shopper_recommendations VALUES ('s-1', '[\"p3\", \"p1\", \"p2\"]',"
              + " '[0.9, 0.5, 0.25]', 'sasrec@7', '2026-01-02T03:04:05Z')");
      s.execute(
          "CREATE TABLE recommendations (url text, recommendation text, frequency bigint,"
              + " PRIMARY KEY (url, recommendation))");
      StringBuilder rows = new StringBuilder();
      for (int i = 1; i <= 120; i++) {
        rows.append(i > 1 ? "," : "")
            .append("('a', 'r")
            .append(i)
            .append("', ")
            .append(i)
            .append(")");
      }
      s.execute("INSERT INTO recommendations VALUES " + rows);
    }
    postgres.createReadOnlyRole("walnut_api", "api-secret");
    server =
        ServingServer.builder()
            .port(0)
            .database(postgres.jdbcUrl(), "walnut_api", "api-secret")
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static JsonNode graphql(ServingServer on, String query) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(on.baseUrl() + "/graphql"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("query", query))))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return ((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(r.body()))
        .put("status", r.statusCode());
  }

  private static HttpResponse<String> get(ServingServer on, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(on.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void recommendationsForAShopperComeFromItsRow() throws Exception {
    JsonNode r =
        graphql(
            server,
            "{ RecommendationsFor(shopper: \"s-1\") { shopper products scores modelVersion updatedAt } }");
    assertThat(r.get("errors")).isNull();
    assertThat(r.at("/data/RecommendationsFor"))
        .isEqualTo(
            JSON.readTree(
                "{\"shopper\":\"s-1\",\"products\":[\"p3\",\"p1\",\"p2\"],\"scores\":[0.9,0.5,0.25],"
                    + "\"modelVersion\":\"sasrec@7\",\"updatedAt\":\"2026-01-02T03:04:05Z\"}"));
    HttpResponse<String> rest = get(server, "/api/recommendations-for/s-1");
    assertThat(rest.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(rest.body())).isEqualTo(r.at("/data/RecommendationsFor"));
  }

  @Test
  void anUnknownShopperIsNullInGraphqlAndNotFoundInRest() throws Exception {
    assertThat(
            graphql(server, "{ RecommendationsFor(shopper: \"nobody\") { shopper } }")
                .at("/data/RecommendationsFor")
                .isNull())
        .isTrue();
    HttpResponse<String> rest = get(server, "/api/recommendations-for/nobody");
    assertThat(rest.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(rest.body()).at("/error/code").asText()).isEqualTo("NOT_FOUND");
  }

  @Test
  void recommendationIsOrderedByFrequencyAndLimitedTenByDefault() throws Exception {
    JsonNode r = graphql(server, "{ Recommendation(url: \"a\") { url recommendation frequency } }");
    JsonNode list = r.at("/data/Recommendation");
    assertThat(list.size()).isEqualTo(10);
    assertThat(list.get(0).toString())
        .isEqualTo("{\"url\":\"a\",\"recommendation\":\"r120\",\"frequency\":120}");
    assertThat(list.get(9).get("frequency").asInt()).isEqualTo(111);
    JsonNode hundred = JSON.readTree(get(server, "/api/recommendation?url=a&limit=100").body());
    assertThat(hundred.size()).isEqualTo(100);
    assertThat(hundred.get(99).get("frequency").asInt()).isEqualTo(21);
  }

  @Test
  void aLimitOutsideOneToAHundredIsATypedError() throws Exception {
    for (int limit : new int[] {0, -1, 101}) {
      JsonNode r =
          graphql(server, "{ Recommendation(url: \"a\", limit: " + limit + ") { frequency } }");
      assertThat(r.at("/errors/0/extensions/code").asText()).isEqualTo("BAD_REQUEST");
      assertThat(r.at("/errors/0/message").asText())
          .isEqualTo("limit must be from 1 to 100, got " + limit);
      HttpResponse<String> rest = get(server, "/api/recommendation?url=a&limit=" + limit);
      assertThat(rest.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(rest.body()).at("/error/message").asText())
          .isEqualTo("limit must be from 1 to 100, got " + limit);
    }
  }

  @Test
  void eachClientHasARequestBudget() throws Exception {
    AtomicLong now = new AtomicLong();
    try (ServingServer limited =
        ServingServer.builder()
            .port(0)
            .database(postgres.jdbcUrl(), "walnut_api", "api-secret")
            .rateLimit(2, 3)
            .nanoClock(now::get)
            .build()
            .start()) {
      for (int i = 0; i < 3; i++) {
        assertThat(get(limited, "/api/recommendations-for/s-1").statusCode()).isEqualTo(200);
      }
      HttpResponse<String> refused = get(limited, "/api/recommendations-for/s-1");
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).contains("1");
      assertThat(JSON.readTree(refused.body()).at("/error/code").asText())
          .isEqualTo("RATE_LIMITED");
      JsonNode gql = graphql(limited, "{ RecommendationsFor(shopper: \"s-1\") { shopper } }");
      assertThat(gql.at("/errors/0/extensions/code").asText()).isEqualTo("RATE_LIMITED");
      // half a second later: one more request (2 a second)
      now.addAndGet(500_000_000L);
      assertThat(get(limited, "/api/recommendations-for/s-1").statusCode()).isEqualTo(200);
      assertThat(get(limited, "/api/recommendations-for/s-1").statusCode()).isEqualTo(429);
    }
  }

  @Test
  void theApiReadsWithCredentialsThatCannotWrite() {
    assertThatThrownBy(
            () -> {
              try (Connection c = server.dataSource().getConnection();
                  Statement s = c.createStatement()) {
                s.execute("DELETE FROM recommendations");
              }
            })
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("read-only transaction");
  }

  @Test
  void graphiqlIsServedFromTheJarWithoutACdn() throws Exception {
    HttpResponse<String> page = get(server, "/graphiql");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("/graphiql/graphiql.min.js")
        .doesNotContain("src=\"http", "href=\"http");
    for (String asset :
        new String[] {
          "graphiql.min.js",
          "graphiql.min.css",
          "react.production.min.js",
          "react-dom.production.min.js"
        }) {
      HttpResponse<String> r = get(server, "/graphiql/" + asset);
      assertThat(r.statusCode()).as(asset).isEqualTo(200);
      assertThat(r.body().length()).as(asset).isGreaterThan(5_000);
    }
  }

  @Test
  void theServerListensOnLoopbackByDefault() {
    assertThat(server.baseUrl()).startsWith("http://127.0.0.1:");
  }
}
