package dev.walnut.designer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.api.DataType;
import dev.walnut.api.Suggestion;
import dev.walnut.designer.auth.LoginThrottle;
import dev.walnut.designer.auth.PasswordHasher;
import dev.walnut.designer.auth.Sessions;
import dev.walnut.designer.http.ApiException;
import dev.walnut.designer.http.ApiRouter;
import dev.walnut.designer.http.Request;
import dev.walnut.designer.http.Route;
import dev.walnut.designer.http.StreamPermits;
import dev.walnut.designer.runtime.CollectTail;
import dev.walnut.designer.runtime.JobStates;
import dev.walnut.designer.runtime.ScenarioRuntime;
import dev.walnut.designer.store.DeploymentRecord;
import dev.walnut.designer.store.DesignerDatabase;
import dev.walnut.designer.store.ScenarioVersion;
import dev.walnut.engine.design.ComponentCallException;
import dev.walnut.engine.design.NodeQueries;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioFormatException;
import dev.walnut.engine.scenario.ScenarioJson;
import dev.walnut.engine.testrun.TestRunResult;
import dev.walnut.engine.validation.NodeError;
import dev.walnut.engine.validation.ScenarioValidator;
import dev.walnut.engine.validation.ValidationResult;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The designer's HTTP API: its route table and the handlers behind it. */
final class DesignerApi {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final String SCENARIO_BODY = "a Nussknacker scenario (JSON)";
  static final int DEFAULT_CAPTURE = 100;
  static final int MAX_CAPTURE = 10_000;

  /** How long a live tail stays quiet before it writes a comment (which notices a gone client). */
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final DesignerDatabase db;
  private final Sessions sessions;
  private final ScenarioValidator validator;
  private final ScenarioRuntime runtime;
  private final NodeQueries queries;
  private final Map<String, String> properties;
  private final SecretReferences secrets;
  private final ObjectMapper mapper;
  private final Map<String, Object> palette;
  private final List<Route> routes;
  private final LoginThrottle logins;
  private final StreamPermits liveStreams;

  DesignerApi(
      DesignerDatabase db,
      Sessions sessions,
      ComponentRegistry registry,
      ScenarioRuntime runtime,
      Map<String, String> properties,
      ObjectMapper mapper,
      LoginThrottle logins,
      StreamPermits liveStreams) {
    this.logins = logins;
    this.liveStreams = liveStreams;
    this.db = db;
    this.sessions = sessions;
    this.validator = new ScenarioValidator(registry);
    this.runtime = runtime;
    this.queries = new NodeQueries(registry);
    this.properties = Map.copyOf(properties);
    this.secrets = new SecretReferences(registry);
    this.mapper = mapper;
    this.palette = Palette.of(registry);
    this.routes = buildRoutes();
  }

  List<Route> routes() {
    return routes;
  }

  private List<Route> buildRoutes() {
    List<Route> r = new ArrayList<>();
    r.add(
        open(
            "POST",
            "/api/login",
            "Log in; answers a bearer token",
            "{user, password}",
            this::login));
    r.add(
        new Route(
            "GET",
            "/api/openapi.json",
            "This API's OpenAPI 3 description",
            false,
            Route.Kind.JSON,
            null,
            req -> OpenApiDocument.of(routes)));
    r.add(json("POST", "/api/logout", "End this token's session", null, this::logout));
    r.add(
        json(
            "GET",
            "/api/palette",
            "Every component, grouped, with its parameter schema",
            null,
            req -> palette));
    r.add(
        json(
            "GET",
            "/api/scenario-properties",
            "Every scenario property Walnut reads: name, type, default, what is valid, docs",
            null,
            req -> ScenarioPropertyList.of()));
    r.add(
        json(
            "GET",
            "/api/scenarios",
            "List scenarios (?archived=true includes archived ones)",
            null,
            this::list));
    r.add(
        json(
            "POST",
            "/api/scenarios",
            "Create an empty scenario",
            "{name, description?}",
            this::create));
    r.add(
        json(
            "POST",
            "/api/scenarios/import",
            "Import a Nussknacker scenario as a new scenario or its next version (?comment=)",
            SCENARIO_BODY,
            this::importScenario));
    r.add(
        json(
            "GET",
            "/api/scenarios/{name}",
            "A scenario's latest version, or ?version=N",
            null,
            this::get));
    r.add(
        json(
            "PUT",
            "/api/scenarios/{name}",
            "Save a new version; 409 when baseVersion is not the latest",
            "{baseVersion, comment, scenario}",
            this::save));
    r.add(
        json(
            "GET",
            "/api/scenarios/{name}/history",
            "Every version, newest first",
            null,
            req -> db.history(req.path("name")).stream().map(DesignerApi::versionInfo).toList()));
    r.add(
        json(
            "GET",
            "/api/scenarios/{name}/compare",
            "Node differences between ?from=N and ?to=M (moves are not differences)",
            null,
            this::compare));
    r.add(
        json(
            "POST",
            "/api/scenarios/{name}/archive",
            "Archive a scenario",
            null,
            req -> archive(req, true)));
    r.add(
        json(
            "POST",
            "/api/scenarios/{name}/unarchive",
            "Bring an archived scenario back",
            null,
            req -> archive(req, false)));
    r.add(
        json(
            "GET",
            "/api/scenarios/{name}/export",
            "The Nussknacker JSON of the latest version or ?version=N",
            null,
            this::export));
    r.add(
        json(
            "POST",
            "/api/validate",
            "Validate a scenario: errors per node and parameter, variables per node",
            SCENARIO_BODY,
            req -> validation(validate(req.json()))));
    r.add(
        json(
            "POST",
            "/api/test-run",
            "Run a scenario on sample records per source",
            "{scenario, inputs: {sourceNodeId: JSON lines}}",
            this::testRun));
    r.add(
        json(
            "POST",
            "/api/suggestions",
            "Values a node's component suggests for a parameter (e.g. the broker's Kafka topics);"
                + " 502 when the outside service fails",
            "{scenario, nodeId, parameter}",
            this::suggestions));
    r.add(
        json(
            "POST",
            "/api/capture",
            "The newest records of a source node's input (e.g. its Kafka topic) as test-run"
                + " JSON lines; 502 when the outside service fails",
            "{scenario, nodeId, limit?}",
            this::capture));
    r.add(
        json(
            "POST",
            "/api/scenarios/{name}/deploy",
            "Deploy the latest (or {version}) saved version on the local Flink cluster",
            "{version?}",
            this::deploy));
    r.add(
        json(
            "POST",
            "/api/scenarios/{name}/cancel",
            "Cancel the running deployment",
            null,
            this::cancel));
    r.add(
        json(
            "GET",
            "/api/scenarios/{name}/status",
            "Deployment state, deployed version and deployment history",
            null,
            this::status));
    r.add(
        json(
            "GET",
            "/api/scenarios/{name}/counts",
            "Records in/out per node of the deployment",
            null,
            this::counts));
    r.add(
        new Route(
            "GET",
            "/api/scenarios/{name}/tail/{node}",
            "Live tail of a collect sink (Server-Sent Events; ?limit=N ends after N records)",
            true,
            Route.Kind.EVENTS,
            null,
            this::tail));
    return List.copyOf(r);
  }

  private static Route json(
      String method, String path, String summary, String body, Route.Handler h) {
    return new Route(method, path, summary, true, Route.Kind.JSON, body, h);
  }

  private static Route open(
      String method, String path, String summary, String body, Route.Handler h) {
    return new Route(method, path, summary, false, Route.Kind.JSON, body, h);
  }

  // ---------------------------------------------------------------- login

  private Object login(Request req) {
    JsonNode body = req.json();
    String user = body.path("user").asText("");
    String password = body.path("password").asText("");
    String address = req.clientAddress();
    logins
        .waitBefore(user, address)
        .ifPresent(
            wait -> {
              long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
              throw ApiException.tooManyRequests(
                  "too many failed logins; try again in " + seconds + " s", seconds);
            });
    // an unknown user costs the same hashing as a known one
    if (!PasswordHasher.matchesOrDummy(password, db.passwordHash(user))) {
      logins.failed(user, address);
      throw new ApiException(401, "unknown user or wrong password");
    }
    logins.succeeded(user, address);
    return Map.of("token", sessions.open(user), "user", user);
  }

  private Object logout(Request req) {
    String header = req.exchange().getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    sessions.close(header.substring("Bearer ".length()).trim());
    return null;
  }

  // ---------------------------------------------------------------- scenarios

  private Object list(Request req) {
    boolean archived = req.query("archived").map(Boolean::parseBoolean).orElse(false);
    return db.list(archived);
  }

  private Object create(Request req) {
    JsonNode body = req.json();
    String name = checkName(body.path("name").asText(""));
    ObjectNode tree = mapper.createObjectNode();
    ObjectNode meta = tree.putObject("metaData");
    meta.put("id", name);
    ObjectNode af = meta.putObject("additionalFields");
    af.put("description", body.path("description").asText(null));
    af.putObject("properties").put("parallelism", "1");
    af.put("metaDataType", "StreamMetaData");
    tree.putArray("nodes");
    tree.putArray("additionalBranches");
    String json = ScenarioJson.write(ScenarioJson.fromTree(tree));
    return versionInfo(db.create(name, json, "created", req.user()));
  }

  private Object importScenario(Request req) {
    Scenario s = parse(req.json());
    String name = checkName(s.id());
    secrets.check(s);
    String json = ScenarioJson.write(s);
    String comment = req.query("comment").orElse("imported");
    ScenarioVersion saved;
    if (db.list(true).stream().anyMatch(x -> x.name().equals(name))) {
      int latest = db.get(name, Optional.empty()).version();
      saved = db.save(name, latest, json, comment, req.user());
    } else {
      saved = db.create(name, json, comment, req.user());
    }
    return versionInfo(saved);
  }

  private Object get(Request req) throws IOException {
    String name = req.path("name");
    ScenarioVersion v = db.get(name, req.queryInt("version"));
    Map<String, Object> out = versionInfo(v);
    out.put("archived", db.isArchived(name));
    out.put("scenario", mapper.readTree(v.json()));
    return out;
  }

  private Object save(Request req) {
    String name = req.path("name");
    JsonNode body = req.json();
    if (!body.path("baseVersion").canConvertToInt()) {
      throw ApiException.badRequest(
          "`baseVersion` (the version this edit started from) is required");
    }
    Scenario s = parse(body.path("scenario"));
    if (!name.equals(s.id())) {
      throw ApiException.badRequest(
          "the scenario's metaData.id is `" + s.id() + "`, but it is saved as `" + name + "`");
    }
    secrets.check(s);
    if (db.isArchived(name)) {
      throw ApiException.conflict("scenario `" + name + "` is archived; unarchive it to edit it");
    }
    String comment = body.path("comment").asText("");
    return versionInfo(
        db.save(name, body.get("baseVersion").asInt(), ScenarioJson.write(s), comment, req.user()));
  }

  private Object compare(Request req) {
    String name = req.path("name");
    int from =
        req.queryInt("from").orElseThrow(() -> ApiException.badRequest("?from=N is required"));
    int to = req.queryInt("to").orElseThrow(() -> ApiException.badRequest("?to=M is required"));
    Scenario a = ScenarioJson.read(db.get(name, Optional.of(from)).json());
    Scenario b = ScenarioJson.read(db.get(name, Optional.of(to)).json());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("from", from);
    out.put("to", to);
    out.putAll(ScenarioCompare.compare(a, b));
    return out;
  }

  private Object archive(Request req, boolean archived) {
    db.setArchived(req.path("name"), archived);
    return Map.of("name", req.path("name"), "archived", archived);
  }

  private Object export(Request req) {
    ScenarioVersion v = db.get(req.path("name"), req.queryInt("version"));
    return new ApiRouter.RawJson(v.json(), v.name() + ".json");
  }

  // ---------------------------------------------------------------- validate, test-run

  private ValidationResult validate(JsonNode tree) {
    return validator.validate(parse(tree));
  }

  private Map<String, Object> validation(ValidationResult result) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("valid", result.isValid());
    out.put("errors", result.errors().stream().map(DesignerApi::error).toList());
    Map<String, Object> vars = new LinkedHashMap<>();
    result
        .variablesByNode()
        .forEach(
            (node, byName) -> {
              Map<String, Object> v = new LinkedHashMap<>();
              byName.forEach((n, t) -> v.put(n, type(t)));
              vars.put(node, v);
            });
    out.put("variables", vars);
    // parameters a component adds from the values of others (e.g. one per model input), in the
    // palette's schema, so the node form can show them
    Map<String, Object> dynamic = new LinkedHashMap<>();
    result
        .dynamicParametersByNode()
        .forEach(
            (node, params) -> dynamic.put(node, params.stream().map(Palette::parameter).toList()));
    out.put("dynamicParameters", dynamic);
    return out;
  }

  private static Map<String, Object> error(NodeError e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nodeId", e.nodeId());
    m.put("parameter", e.parameter());
    m.put("message", e.message());
    return m;
  }

  /** A type for autocompletion: its display name and, for records, its fields. */
  private static Map<String, Object> type(DataType t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", t.display());
    if (t.kind() == DataType.Kind.RECORD) {
      Map<String, Object> fields = new LinkedHashMap<>();
      t.fields().forEach((n, ft) -> fields.put(n, type(ft)));
      m.put("fields", fields);
    }
    return m;
  }

  private Object testRun(Request req) throws Exception {
    JsonNode body = req.json();
    ValidationResult validated = validate(body.path("scenario"));
    if (!validated.isValid()) {
      throw ApiException.badRequest("the scenario is not valid: " + validated.describe());
    }
    Map<String, String> inputs = new LinkedHashMap<>();
    JsonNode in = body.path("inputs");
    for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw ApiException.badRequest(
            "inputs." + e.getKey() + " must be the JSON lines of that source as one string");
      }
      inputs.put(e.getKey(), e.getValue().asText());
    }
    if (inputs.isEmpty()) {
      throw ApiException.badRequest("`inputs` needs JSON lines for at least one source node");
    }
    TestRunResult result = runtime.testRun(validated, inputs);
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> sinks = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : result.sinkOutputs().entrySet()) {
      List<JsonNode> records = new ArrayList<>();
      for (String line : e.getValue()) {
        records.add(mapper.readTree(line));
      }
      sinks.put(e.getKey(), records);
    }
    out.put("sinkOutputs", sinks);
    out.put("errors", result.errors());
    Map<String, Object> counts = new LinkedHashMap<>();
    result.counts().forEach((id, c) -> counts.put(id, Map.of("in", c.in(), "out", c.out())));
    out.put("counts", counts);
    Map<String, Object> records = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : result.records().entrySet()) {
      List<JsonNode> parsed = new ArrayList<>();
      for (String json : e.getValue()) {
        parsed.add(mapper.readTree(json));
      }
      records.put(e.getKey(), parsed);
    }
    out.put("records", records);
    return out;
  }

  // ---------------------------------------------------------------- suggestions, capture

  private Object suggestions(Request req) {
    JsonNode body = req.json();
    Scenario s = parse(body.path("scenario"));
    String nodeId = requiredText(body, "nodeId");
    String parameter = requiredText(body, "parameter");
    List<Suggestion> found;
    try {
      found = queries.suggest(s, nodeId, parameter, properties);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    } catch (ComponentCallException e) {
      throw ApiException.badGateway(e.getMessage());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Suggestion x : found) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("expression", x.expression());
      m.put("label", x.label());
      m.put("description", x.description());
      out.add(m);
    }
    return Map.of("nodeId", nodeId, "parameter", parameter, "suggestions", out);
  }

  private Object capture(Request req) {
    JsonNode body = req.json();
    Scenario s = parse(body.path("scenario"));
    String nodeId = requiredText(body, "nodeId");
    JsonNode limitNode = body.path("limit");
    int limit = DEFAULT_CAPTURE;
    if (!limitNode.isMissingNode() && !limitNode.isNull()) {
      if (!limitNode.canConvertToInt()
          || limitNode.asInt() < 1
          || limitNode.asInt() > MAX_CAPTURE
          || !limitNode.isIntegralNumber()) {
        throw ApiException.badRequest(
            "`limit` must be a whole number from 1 to " + MAX_CAPTURE + ", got " + limitNode);
      }
      limit = limitNode.asInt();
    }
    List<String> records;
    try {
      records = queries.capture(s, nodeId, limit, properties);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    } catch (ComponentCallException e) {
      throw ApiException.badGateway(e.getMessage());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodeId", nodeId);
    out.put("limit", limit);
    out.put("records", records);
    return out;
  }

  private static String requiredText(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw ApiException.badRequest("`" + field + "` (a string) is required");
    }
    return v.asText();
  }

  // ---------------------------------------------------------------- deployments

  private Object deploy(Request req) throws Exception {
    String name = req.path("name");
    Optional<Integer> version =
        req.bodyText().isBlank() || !req.json().has("version")
            ? Optional.empty()
            : Optional.of(req.json().get("version").asInt());
    ScenarioVersion v = db.get(name, version);
    ValidationResult validated = validator.validate(ScenarioJson.read(v.json()));
    if (!validated.isValid()) {
      throw ApiException.badRequest(
          "version " + v.version() + " is not valid, fix it first: " + validated.describe());
    }
    ScenarioRuntime.Deployment d = runtime.deploy(validated, v.version());
    String jobId = d.jobId();
    db.recordDeployment(
        new DeploymentRecord(name, v.version(), "deploy", jobId, req.user(), Instant.now()));
    return Map.of("name", name, "version", v.version(), "jobId", jobId);
  }

  private Object cancel(Request req) throws Exception {
    String name = req.path("name");
    ScenarioRuntime.Deployment d = runtime.cancel(name);
    String jobId = d.jobId();
    db.recordDeployment(
        new DeploymentRecord(name, d.version(), "cancel", jobId, req.user(), Instant.now()));
    return Map.of("name", name, "version", d.version(), "jobId", jobId);
  }

  private Object status(Request req) throws Exception {
    String name = req.path("name");
    db.isArchived(name); // 404 for unknown scenarios
    Map<String, Object> out = new LinkedHashMap<>();
    Optional<ScenarioRuntime.Deployment> d = runtime.deployment(name);
    List<DeploymentRecord> history = db.deployments(name);
    String state = d.isPresent() ? runtime.state(d.get()) : JobStates.fromHistory(history);
    out.put("state", state);
    out.put("live", JobStates.live(state));
    out.put(
        "version",
        d.map(ScenarioRuntime.Deployment::version)
            .orElse(history.isEmpty() ? null : history.get(0).version()));
    out.put(
        "jobId",
        d.map(ScenarioRuntime.Deployment::jobId)
            .orElse(history.isEmpty() ? null : history.get(0).jobId()));
    out.put("target", runtime.target());
    out.put("flinkUrl", runtime.flinkWebUrl().orElse(null));
    out.put("flinkJobUrl", d.isPresent() ? runtime.flinkJobUrl(d.get()).orElse(null) : null);
    out.put("failure", d.isPresent() ? runtime.failure(d.get()).orElse(null) : null);
    out.put("history", history);
    return out;
  }

  private Object counts(Request req) throws Exception {
    String name = req.path("name");
    ScenarioRuntime.Deployment d =
        runtime
            .deployment(name)
            .orElseThrow(() -> ApiException.notFound("scenario `" + name + "` was not deployed"));
    return runtime.counts(d);
  }

  /** Streams the records a collect sink keeps: first those it holds, then new ones as they come. */
  private Object tail(Request req) throws IOException, InterruptedException {
    String name = req.path("name");
    String node = req.path("node");
    db.isArchived(name);
    int limit = req.queryInt("limit").orElse(Integer.MAX_VALUE);
    StreamPermits.Permit permit = liveStreams.acquire(req.token());
    try {
      return tail(req, name, node, limit);
    } finally {
      permit.close();
    }
  }

  private Object tail(Request req, String name, String node, int limit)
      throws InterruptedException {
    Optional<Scenario> deployed =
        runtime
            .deployment(name)
            .map(d -> ScenarioJson.read(db.get(name, Optional.of(d.version())).json()));
    CollectTail records;
    try {
      records = runtime.tail(name, node, deployed, limit);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw ApiException.conflict("no live view of `" + node + "` now: " + e.getMessage());
    }
    var exchange = req.exchange();
    exchange.setStatusCode(200);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    int sent = 0;
    try (records;
        OutputStream out = exchange.getOutputStream()) {
      for (String record : records.kept()) {
        if (sent++ >= limit) {
          return null;
        }
        event(out, record);
      }
      out.write(": live\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      long quietSince = System.nanoTime();
      while (sent < limit) {
        List<String> next = records.next(Duration.ofSeconds(1));
        for (Iterator<String> it = next.iterator(); it.hasNext() && sent < limit; sent++) {
          event(out, it.next());
        }
        if (!next.isEmpty()) {
          quietSince = System.nanoTime();
        } else if (System.nanoTime() - quietSince > KEEP_ALIVE.toNanos()) {
          // also how a client that went away is noticed
          out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          quietSince = System.nanoTime();
        }
      }
    } catch (IOException e) {
      // the client went away: nothing to answer
    }
    return null;
  }

  private static void event(OutputStream out, String json) throws IOException {
    out.write(("data: " + json.replace("\n", " ") + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  // ---------------------------------------------------------------- helpers

  private static Scenario parse(JsonNode tree) {
    if (tree == null || tree.isMissingNode() || !tree.isObject()) {
      throw ApiException.badRequest("a scenario JSON object is required");
    }
    try {
      return ScenarioJson.fromTree(tree);
    } catch (ScenarioFormatException e) {
      throw ApiException.badRequest("not a valid scenario: " + e.getMessage());
    }
  }

  private static String checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw ApiException.badRequest(
          "scenario name must be 1-100 letters, digits, `.`, `_` or `-`, got `" + name + "`");
    }
    return name;
  }

  private static Map<String, Object> versionInfo(ScenarioVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", v.name());
    m.put("version", v.version());
    m.put("comment", v.comment());
    m.put("author", v.author());
    m.put("createdAt", v.createdAt().toString());
    return m;
  }
}
