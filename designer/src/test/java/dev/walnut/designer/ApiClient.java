package dev.walnut.designer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client of the designer API for tests: JSON in, status and JSON out. */
final class ApiClient {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private String token;

  record Answer(int status, String body) {
    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (status " + status + "): " + body, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  ApiClient(String base) {
    this.base = base;
  }

  ApiClient login(String user, String password) throws Exception {
    Answer a = post("/api/login", "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}");
    if (a.status() != 200) {
      throw new AssertionError("login failed: " + a);
    }
    token = a.json().get("token").asText();
    return this;
  }

  Answer get(String path) throws Exception {
    return send(builder(path).GET());
  }

  Answer post(String path, String body) throws Exception {
    return send(builder(path).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Answer post(String path, Object body) throws Exception {
    return post(path, MAPPER.writeValueAsString(body));
  }

  Answer put(String path, Object body) throws Exception {
    return send(
        builder(path).PUT(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body))));
  }

  Answer send(HttpRequest.Builder b) throws Exception {
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }

  HttpRequest.Builder builder(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofMinutes(3))
            .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }
}
