package dev.walnut.ml.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A client of MLflow's REST API: the model registry (models, versions, aliases, download URIs) and
 * the artifact proxy ({@code /api/2.0/mlflow-artifacts}). Thread-safe; close it to release its
 * connection pool. Every failure is an {@link MlflowException} whose message names the model and
 * says what to check.
 */
public final class MlflowClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final String REGISTRY = "api/2.0/mlflow/";
  private static final String ARTIFACTS = "api/2.0/mlflow-artifacts/artifacts";

  private final HttpUrl base;
  private final OkHttpClient http;

  private MlflowClient(HttpUrl base, OkHttpClient http) {
    this.base = base;
    this.http = http;
  }

  /** A client of the tracking server at {@code trackingUri}, e.g. {@code http://127.0.0.1:5000}. */
  public static MlflowClient create(URI trackingUri) {
    return create(trackingUri, Duration.ofSeconds(30));
  }

  public static MlflowClient create(URI trackingUri, Duration timeout) {
    HttpUrl base = HttpUrl.parse(trackingUri.toString());
    if (base == null) {
      throw new IllegalArgumentException(
          "MLflow tracking URI must be an http(s) URL like http://127.0.0.1:5000, got `"
              + trackingUri
              + "`");
    }
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(timeout)
            .callTimeout(timeout.multipliedBy(4))
            .build();
    return new MlflowClient(base, http);
  }

  public URI trackingUri() {
    return base.uri();
  }

  /** The registered model with all its aliases. */
  public RegisteredModel registeredModel(String name) {
    return registered(
        get(REGISTRY + "registered-models/get", Map.of("name", name), name)
            .path("registered_model"));
  }

  private static RegisteredModel registered(JsonNode m) {
    Map<String, String> aliases = new LinkedHashMap<>();
    m.path("aliases")
        .forEach(a -> aliases.put(a.path("alias").asText(), a.path("version").asText()));
    List<ModelVersion> latest = new ArrayList<>();
    m.path("latest_versions").forEach(v -> latest.add(version(v)));
    return new RegisteredModel(
        m.path("name").asText(), m.path("description").asText(""), aliases, latest);
  }

  /** The names of all registered models, sorted. */
  public List<String> registeredModelNames() {
    return registeredModels().stream().map(RegisteredModel::name).toList();
  }

  /** All registered models with their aliases and latest versions, by name. */
  public List<RegisteredModel> registeredModels() {
    List<RegisteredModel> models = new ArrayList<>();
    String token = "";
    do {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("max_results", "1000");
      if (!token.isEmpty()) {
        q.put("page_token", token);
      }
      JsonNode r = get(REGISTRY + "registered-models/search", q, "*");
      r.path("registered_models").forEach(m -> models.add(registered(m)));
      token = r.path("next_page_token").asText("");
    } while (!token.isEmpty());
    models.sort(java.util.Comparator.comparing(RegisteredModel::name));
    return models;
  }

  /** Every version of model {@code name}, newest first. */
  public List<ModelVersion> versions(String name) {
    List<ModelVersion> versions = new ArrayList<>();
    String token = "";
    do {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("filter", "name='" + name.replace("'", "\\'") + "'");
      q.put("max_results", "1000");
      if (!token.isEmpty()) {
        q.put("page_token", token);
      }
      JsonNode r = get(REGISTRY + "model-versions/search", q, name);
      r.path("model_versions").forEach(v -> versions.add(version(v)));
      token = r.path("next_page_token").asText("");
    } while (!token.isEmpty());
    versions.sort(
        java.util.Comparator.comparing(
                (ModelVersion v) -> {
                  try {
                    return Long.parseLong(v.version());
                  } catch (NumberFormatException e) {
                    return Long.MIN_VALUE;
                  }
                })
            .reversed());
    return versions;
  }

  public ModelVersion modelVersion(String name, String version) {
    return version(
        get(REGISTRY + "model-versions/get", Map.of("name", name, "version", version), name)
            .path("model_version"));
  }

  /** The version an alias points to. A missing alias is an error naming the model's aliases. */
  public ModelVersion versionByAlias(String name, String alias) {
    try {
      return version(
          get(REGISTRY + "registered-models/alias", Map.of("name", name, "alias", alias), name)
              .path("model_version"));
    } catch (MlflowException e) {
      if ("INVALID_PARAMETER_VALUE".equals(e.errorCode())) {
        throw new MlflowException(
            "registered model `"
                + name
                + "` has no alias `"
                + alias
                + "`; set it in MLflow (e.g. client.set_registered_model_alias(\""
                + name
                + "\", \""
                + alias
                + "\", <version>)) or choose a version ("
                + e.getMessage()
                + ")",
            e.httpStatus(),
            e.errorCode(),
            e);
      }
      throw e;
    }
  }

  /**
   * The latest version of model {@code name} in {@code stage} (MLflow's stages are deprecated but
   * still served: {@code None}, {@code Staging}, {@code Production}, {@code Archived}).
   */
  public ModelVersion latestVersionInStage(String name, String stage) {
    ObjectNode body = JSON.createObjectNode().put("name", name);
    body.putArray("stages").add(stage);
    JsonNode versions = post(REGISTRY + "registered-models/get-latest-versions", body, name);
    JsonNode first = versions.path("model_versions").path(0);
    if (first.isMissingNode()) {
      throw new MlflowException(
          "registered model `"
              + name
              + "` has no version in stage `"
              + stage
              + "`; transition one in MLflow or choose an alias or a version",
          0,
          "NO_VERSION_IN_STAGE",
          null);
    }
    return version(first);
  }

  /** Moves {@code version} of model {@code name} to {@code stage} (deprecated in MLflow). */
  public void transitionStage(String name, String version, String stage) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("name", name)
            .put("version", version)
            .put("stage", stage)
            .put("archive_existing_versions", false);
    post(REGISTRY + "model-versions/transition-stage", body, name);
  }

  /** Points {@code alias} of model {@code name} at {@code version}. */
  public void setAlias(String name, String alias, String version) {
    ObjectNode body =
        JSON.createObjectNode().put("name", name).put("alias", alias).put("version", version);
    post(REGISTRY + "registered-models/alias", body, name);
  }

  /** Removes {@code alias} from model {@code name}. */
  public void deleteAlias(String name, String alias) {
    ObjectNode body = JSON.createObjectNode().put("name", name).put("alias", alias);
    HttpUrl url = base.newBuilder().addPathSegments(REGISTRY + "registered-models/alias").build();
    call(
        new Request.Builder()
            .url(url)
            .delete(RequestBody.create(body.toString(), JSON_TYPE))
            .build(),
        name);
  }

  /**
   * Where the files of a version are, e.g. {@code mlflow-artifacts:/1/models/m-…/artifacts}. Always
   * use this rather than {@link ModelVersion#source()}, which in MLflow 3 is a {@code models:/}
   * URI.
   */
  public String downloadUri(String name, String version) {
    return get(
            REGISTRY + "model-versions/get-download-uri",
            Map.of("name", name, "version", version),
            name)
        .path("artifact_uri")
        .asText();
  }

  /** The entries directly inside an artifact directory (the listing is one level deep). */
  public List<ArtifactFile> listArtifacts(String path) {
    JsonNode r = get(ARTIFACTS, Map.of("path", path), path);
    List<ArtifactFile> files = new ArrayList<>();
    r.path("files")
        .forEach(
            f -> {
              String p = f.path("path").asText();
              files.add(
                  new ArtifactFile(
                      p.substring(p.lastIndexOf('/') + 1),
                      f.path("is_dir").asBoolean(),
                      f.path("file_size").asLong(-1)));
            });
    return files;
  }

  /** Downloads one artifact file to {@code target} and returns its size. */
  public long downloadArtifact(String path, Path target) {
    HttpUrl.Builder url = base.newBuilder().addPathSegments(ARTIFACTS);
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        url.addPathSegment(segment);
      }
    }
    Request request = new Request.Builder().url(url.build()).build();
    try (Response r = http.newCall(request).execute()) {
      if (!r.isSuccessful()) {
        throw failure(r, path);
      }
      try (InputStream in = r.body().byteStream()) {
        return Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /** The text of one small artifact file, e.g. a model's {@code MLmodel}. */
  public String artifactText(String path) {
    HttpUrl.Builder url = base.newBuilder().addPathSegments(ARTIFACTS);
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        url.addPathSegment(segment);
      }
    }
    try (Response r = http.newCall(new Request.Builder().url(url.build()).build()).execute()) {
      if (!r.isSuccessful()) {
        throw failure(r, path);
      }
      return r.body().string();
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /** The parsed {@code MLmodel} of a version, without downloading the model's other files. */
  public MlModel mlModel(String name, String version) {
    return MlModel.parse(artifactText(artifactPath(downloadUri(name, version)) + "/MLmodel"));
  }

  /**
   * The artifact-proxy path of an artifact URI: {@code mlflow-artifacts:/1/models/x} and {@code
   * mlflow-artifacts://host:port/1/models/x} both give {@code 1/models/x}.
   */
  public static String artifactPath(String artifactUri) {
    URI uri = URI.create(artifactUri);
    if (!"mlflow-artifacts".equals(uri.getScheme())) {
      throw new MlflowException(
          "artifact URI `"
              + artifactUri
              + "` is not served by the tracking server; start `mlflow server` with"
              + " --serve-artifacts (./walnut mlflow does)",
          0,
          "UNSUPPORTED_ARTIFACT_URI",
          null);
    }
    String p = uri.getPath();
    return p.startsWith("/") ? p.substring(1) : p;
  }

  private static ModelVersion version(JsonNode v) {
    List<String> aliases = new ArrayList<>();
    v.path("aliases").forEach(a -> aliases.add(a.asText()));
    return new ModelVersion(
        v.path("name").asText(),
        v.path("version").asText(),
        v.path("source").asText(),
        v.path("status").asText(),
        v.path("current_stage").asText("None"),
        aliases);
  }

  private JsonNode get(String path, Map<String, String> query, String subject) {
    HttpUrl.Builder url = base.newBuilder().addPathSegments(path);
    query.forEach(url::addQueryParameter);
    return call(new Request.Builder().url(url.build()).build(), subject);
  }

  private JsonNode post(String path, JsonNode body, String subject) {
    HttpUrl url = base.newBuilder().addPathSegments(path).build();
    return call(
        new Request.Builder().url(url).post(RequestBody.create(body.toString(), JSON_TYPE)).build(),
        subject);
  }

  private JsonNode call(Request request, String subject) {
    try (Response r = http.newCall(request).execute()) {
      if (!r.isSuccessful()) {
        throw failure(r, subject);
      }
      return JSON.readTree(r.body().string());
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  private MlflowException unreachable(IOException e) {
    return new MlflowException(
        "MLflow at "
            + base
            + " is unreachable ("
            + e.getMessage()
            + "); start it with `./walnut mlflow` or check MLFLOW_TRACKING_URI",
        0,
        MlflowException.UNREACHABLE,
        e);
  }

  private static MlflowException failure(Response r, String subject) throws IOException {
    String body = r.body() == null ? "" : r.body().string();
    String code = "HTTP_" + r.code();
    String message = body;
    try {
      JsonNode err = JSON.readTree(body);
      code = err.path("error_code").asText(code);
      message = err.path("message").asText(body);
    } catch (IOException notJson) {
      // keep the raw body
    }
    String text =
        switch (code) {
          case "RESOURCE_DOES_NOT_EXIST" ->
              "`" + subject + "` does not exist in the MLflow registry: " + message;
          default ->
              "MLflow answered HTTP "
                  + r.code()
                  + " "
                  + code
                  + " for `"
                  + subject
                  + "`: "
                  + message;
        };
    return new MlflowException(text, r.code(), code, null);
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
