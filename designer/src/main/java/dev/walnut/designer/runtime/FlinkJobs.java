package dev.walnut.designer.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Jobs on a Flink cluster through its REST API, by job id alone, so that the designer can follow a
 * deployment it did not submit in this process (after a restart) and the local and remote clusters
 * are driven the same way.
 */
final class FlinkJobs {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private FlinkJobs() {}

  /**
   * The job's state ({@code RUNNING}, {@code CANCELED}, ...); empty when the cluster has no such
   * job.
   */
  static Optional<String> state(String restUrl, String jobId)
      throws IOException, InterruptedException {
    HttpResponse<String> r = send(restUrl + "/jobs/" + jobId, "GET");
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(json(restUrl + "/jobs/" + jobId, r).path("state").asText());
  }

  /** Asks the cluster to cancel the job (answered at once; the job then goes to CANCELED). */
  static void cancel(String restUrl, String jobId) throws IOException, InterruptedException {
    String url = restUrl + "/jobs/" + jobId + "?mode=cancel";
    HttpResponse<String> r = send(url, "PATCH");
    if (r.statusCode() != 202 && r.statusCode() != 200) {
      throw new IOException("Flink REST " + url + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  static JsonNode get(String url) throws IOException, InterruptedException {
    return json(url, send(url, "GET"));
  }

  private static HttpResponse<String> send(String url, String method)
      throws IOException, InterruptedException {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(30))
              .method(method, HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException e) {
      throw new IOException("the Flink cluster at " + url + " does not answer: " + e, e);
    }
  }

  private static JsonNode json(String url, HttpResponse<String> r) throws IOException {
    if (r.statusCode() != 200) {
      throw new IOException("Flink REST " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return MAPPER.readTree(r.body());
  }
}
