package dev.walnut.designer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.api.DataType;
import dev.walnut.api.Suggestion;
import dev.walnut.designer.auth.LoginThrottle;
import dev.walnut.designer.auth.PasswordHasher;
import dev.walnut.designer.auth.Role;
import dev.walnut.designer.auth.Sessions;
import dev.walnut.designer.http.ApiException;
import dev.walnut.designer.http.ApiRouter;
import dev.walnut.designer.http.Request;
import dev.walnut.designer.http.Route;
import dev.walnut.designer.http.StreamPermits;
import dev.walnut.designer.runtime.CollectTail;
import dev.walnut.designer.runtime.JobStates;
import dev.walnut.designer.runtime.ScenarioRuntime;
import dev.walnut.designer.store.AuditEntry;
import dev.walnut.designer.store.DeploymentRecord;
import dev.walnut.designer.store.DesignerDatabase;
import dev.walnut.designer.store.ScenarioVersion;
import dev.walnut.engine.design.ComponentCallException;
import dev.walnut.engine.design.NodeQueries;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioFormatException;
import dev.walnut.engine.scenario.ScenarioJson;
import dev.walnut.engine.testrun.TestCase;
import dev.walnut.engine.testrun.TestCaseResult;
import dev.walnut.engine.testrun.TestCaseRunner;
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
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The designer's HTTP API: its route table and the handlers behind it. */
final class DesignerApi {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._:-]{0,49}");
  private static final String SCENARIO_BODY = "a Nussknacker scenario (JSON)";
  static final int DEFAULT_CAPTURE = 100;
  static final int MAX_CAPTURE = 10_000;
  static final int MAX_AUDIT = 1000;
  static final int MIN_PASSWORD = 12;

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
  private final TestCaseRunner testCaseRunner;

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
    this.testCaseRunner = new TestCaseRunner(registry);
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
            null,
            Route.Kind.JSON,
            null,
            req -> OpenApiDocument.of(routes)));
    r.add(json(null, "POST", "/api/logout", "End this token's session", null, this::logout));
    r.add(
        json(
            Role.VIEWER,
            "GET",
            "/api/palette",
            "Every component, grouped, with its parameter schema",
            null,
            req -> palette));
    r.add(
        json(
            Role.VIEWER,
            "GET",
            "/api/scenario-properties",
            "Every scenario property Walnut reads: name, type, default, what is valid, docs",
            null,
            req -> ScenarioPropertyList.of()));
    r.add(
        json(
            Role.VIEWER,
            "GET",
            "/api/scenarios",
            "List scenarios (?archived=true includes archived ones)",
            null,
            this::list));
    r.add(
        json(
            Role.EDITOR,
            "POST",
            "/api/scenarios",
            "Create an empty scenario",
            "{name, description?}",
            this::create));
    r.add(
        json(
            Role.EDITOR,
            "POST",
            "/api/scenarios/import",
            "Import a Nussknacker scenario as a new scenario or its next version (?comment=)",
            SCENARIO_BODY,
            this::importScenario));
    r.add(
        json(
            Role.VIEWER,
            "GET",
            "/api/scenarios/{name}",
            "A scenario's latest version, or ?version=N",
            null,
            this::get));
    r.add(
        json(
            Role.EDITOR,
            "PUT",
            "/api/scenarios/{name}",
            "Save a new version; 409 when baseVersion is not the latest",
            "{baseVersion, comment, scenario}",
            this::save));
    r.add(
        json(
            Role.VIEWER,
            "GET",
            "/api/scenarios/{name}/history",
            "Every version, newest first",
            null,
            req -> db.history(req.path("name")).stream().map(DesignerApi::versionInfo).toList()));
    r.add(
        json(
            Role.VIEWER,
            "GET",
            "/api/scenarios/{name}/compare",
            "Node differences between ?from=N and ?to=M (moves are not differences)",
            null,
            this::compare));
    r.add(
        json(
            Role.EDITOR,
            "POST",
            "/api/scenarios/{name}/archive",
            "Archive a scenario",
            null,
            req -> archive(req, true)));
    r.add(
        json(
            Role.EDITOR,
            "POST",
            "/api/scenarios/{name}/unarchive",
            "Bring an archived scenario back",
            null,
            req -> archive(req, false)));
    r.add(
        json(
            Role.VIEWER,
            "GET",
            "/api/scenarios/{name}/export",
            "The Nussknacker JSON of the latest version or ?version=N",
            null,
            this::export));
    r.add(
        json(
            Role.VIEWER,
            "POST",
            "/api/validate",
            "Validate a scenario: errors per node and parameter, variables per node",
            SCENARIO_BODY,
            req -> validation(validate(req.json()))));
    r.add(
        json(
            Role.EDITOR,
            "POST",
            "/api/test-run",
            "Run a scenario on sample records per source",
            "{scenario, inputs: {sourceNodeId: JSON lines}}",
            this::testRun));
    r.add(
        json(
            Role.VIEWER,
            "POST",
            "/api/suggestions",
            "Values a node's component suggests for a parameter (e.g. the broker's Kafka topics);"
                + " 502 when the outside service fails",
            "{scenario, nodeId, parameter}",
            this::suggestions));
    r.add(
        json(
            Role.EDITOR,
            "POST",
            "/api/capture",
            "The newest records of a source node's input (e.g. its Kafka topic) as test-run"
                + " JSON lines; 502 when the outside service fails",
            "{scenario, nodeId, limit?}",
            this::capture));
    r.add(
        json(
            Role.DEPLOYER,
            "POST",
            "/api/scenarios/{name}/deploy",
            "Deploy the latest (or {version}) saved version on the local Flink cluster",
            "{version?}",
            this::deploy));
    r.add(
        json(
            Role.DEPLOYER,
            "POST",
            "/api/scenarios/{name}/cancel",
            "Cancel the running deployment",
            null,
            this::cancel));
    r.add(
        json(
            Role.VIEWER,
            "GET",
            "/api/scenarios/{name}/status",
            "Deployment state, deployed version and deployment history",
            null,
            this::status));
    r.add(
        json(
            Role.VIEWER,
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
            Role.VIEWER,
            Route.Kind.EVENTS,
            null,
            this::tail));
    r.add(json(null, "GET", "/api/me", "The logged-in user and its roles", null, this::me));
    r.add(
        json(
            Role.EDITOR,
            "PUT",
            "/api/scenarios/{name}/labels",
            "Replace the scenario's labels (not versioned)",
            "{labels}",
            this::setLabels));
    r.add(
        json(
            Role.VIEWER,
            "GET",
            "/api/search",
            "Scenarios whose name, label, component or expression text contains ?q= (ignoring"
                + " case), latest versions, archived ones with ?archived=true",
            null,
            this::search));
    r.add(
        json(
            Role.ADMIN,
            "GET",
            "/api/users",
            "Every user with its roles (admin only)",
            null,
            req -> users()));
    r.add(
        json(
            Role.ADMIN,
            "PUT",
            "/api/users/{name}",
            "Create a user, or change its roles and password (admin only); roles: viewer, editor,"
                + " deployer, admin",
            "{password?, roles}",
            this::putUser));
    r.add(
        json(
            Role.VIEWER,
            "GET",
            "/api/audit",
            "Who created, saved, archived, deployed or cancelled what, and when; newest first"
                + " (?scenario=NAME, ?limit=N up to "
                + MAX_AUDIT
                + ")",
            null,
            this::auditLog));
    r.add(
        json(
            Role.VIEWER,
            "GET",
            "/api/scenarios/{name}/test-cases",
            "The test cases stored in the latest version (or ?version=N)",
            null,
            this::testCases));
    r.add(
        json(
            Role.EDITOR,
            "PUT",
            "/api/scenarios/{name}/test-cases",
            "Save the scenario's test cases as its next version; 400 saying what is malformed, 409"
                + " when baseVersion is not the latest",
            "{baseVersion, comment?, testCases}",
            this::saveTestCases));
    r.add(
        json(
            Role.EDITOR,
            "POST",
            "/api/scenarios/{name}/test-cases/run",
            "Run the test cases of the latest (or {version}) saved version, all or {case}:"
                + " pass/fail per case, check and node",
            "{version?, case?}",
            this::runSavedTestCases));
    r.add(
        json(
            Role.EDITOR,
            "POST",
            "/api/test-cases/run",
            "Run the test cases of a scenario as sent (unsaved edits), all or {case}",
            "{scenario, case?}",
            this::runTestCases));
    return List.copyOf(r);
  }

  /** A route for logged-in users holding {@code role} (null: any logged-in user). */
  private static Route json(
      Role role, String method, String path, String summary, String body, Route.Handler h) {
    return new Route(method, path, summary, true, role, Route.Kind.JSON, body, h);
  }

  private static Route open(
      String method, String path, String summary, String body, Route.Handler h) {
    return new Route(method, path, summary, false, null, Route.Kind.JSON, body, h);
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
    Optional<String> label = req.query("label");
    return db.list(archived).stream()
        .filter(s -> label.isEmpty() || s.labels().contains(label.get()))
        .toList();
  }

  private Object setLabels(Request req) {
    String name = req.path("name");
    JsonNode labels = req.json().path("labels");
    if (!labels.isArray()) {
      throw ApiException.badRequest("`labels` (a list of strings) is required");
    }
    Set<String> out = new TreeSet<>();
    for (JsonNode l : labels) {
      if (!l.isTextual() || !LABEL.matcher(l.asText()).matches()) {
        throw ApiException.badRequest(
            "a label is 1-50 letters, digits, spaces, `.`, `_`, `:` or `-`, got " + l);
      }
      out.add(l.asText());
    }
    db.setLabels(name, out);
    audit(req, "labels", name, null, String.join(", ", out));
    return Map.of("name", name, "labels", List.copyOf(out));
  }

  private Object search(Request req) {
    String q = req.query("q").map(String::trim).orElse("");
    if (q.isEmpty()) {
      throw ApiException.badRequest("?q= (the text to find) is required");
    }
    boolean archived = req.query("archived").map(Boolean::parseBoolean).orElse(false);
    List<Object> hits = new ArrayList<>();
    for (var summary : db.list(archived)) {
      Scenario s;
      try {
        s = ScenarioJson.read(db.get(summary.name(), Optional.empty()).json());
      } catch (ScenarioFormatException e) {
        continue; // a version this engine cannot read has nothing to find in
      }
      ScenarioSearch.find(q, summary.name(), summary.labels(), s).forEach(h -> hits.add(h.json()));
    }
    return Map.of("query", q, "hits", hits);
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
    ScenarioVersion created = db.create(name, json, "created", req.user());
    audit(req, "create", name, created.version(), null);
    return versionInfo(created);
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
    audit(req, "import", name, saved.version(), comment);
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
    ScenarioVersion saved =
        db.save(name, body.get("baseVersion").asInt(), ScenarioJson.write(s), comment, req.user());
    audit(req, "save", name, saved.version(), comment);
    return versionInfo(saved);
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
    audit(req, archived ? "archive" : "unarchive", req.path("name"), null, null);
    return Map.of("name", req.path("name"), "archived", archived);
  }

  private Object export(Request req) {
    ScenarioVersion v = db.get(req.path("name"), req.queryInt("version"));
    return new ApiRouter.RawJson(v.json(), v.name() + ".json");
  }

  // ---------------------------------------------------------------- validate, test-run

  /** Validated as it would deploy: with the designer's scenario property overrides. */
  private ValidationResult validate(JsonNode tree) {
    return validator.validate(parse(tree), properties);
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
    ValidationResult validated = validator.validate(ScenarioJson.read(v.json()), properties);
    if (!validated.isValid()) {
      throw ApiException.badRequest(
          "version " + v.version() + " is not valid, fix it first: " + validated.describe());
    }
    ScenarioRuntime.Deployment d = runtime.deploy(validated, v.version());
    String jobId = d.jobId();
    db.recordDeployment(
        new DeploymentRecord(name, v.version(), "deploy", jobId, req.user(), Instant.now()));
    audit(req, "deploy", name, v.version(), "job " + jobId);
    return Map.of("name", name, "version", v.version(), "jobId", jobId);
  }

  private Object cancel(Request req) throws Exception {
    String name = req.path("name");
    ScenarioRuntime.Deployment d = runtime.cancel(name);
    String jobId = d.jobId();
    db.recordDeployment(
        new DeploymentRecord(name, d.version(), "cancel", jobId, req.user(), Instant.now()));
    audit(req, "cancel", name, d.version(), "job " + jobId);
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

  // ---------------------------------------------------------------- test cases

  private Object testCases(Request req) {
    String name = req.path("name");
    ScenarioVersion v = db.get(name, req.queryInt("version"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    out.put("version", v.version());
    out.put("testCases", TestCase.casesNode(ScenarioJson.read(v.json())));
    return out;
  }

  private Object saveTestCases(Request req) {
    String name = req.path("name");
    JsonNode body = req.json();
    if (!body.path("baseVersion").canConvertToInt()) {
      throw ApiException.badRequest(
          "`baseVersion` (the version these test cases were edited on) is required");
    }
    JsonNode cases = body.path("testCases");
    if (!cases.isArray()) {
      throw ApiException.badRequest("`testCases` (a list of test cases) is required");
    }
    int base = body.get("baseVersion").asInt();
    if (db.isArchived(name)) {
      throw ApiException.conflict("scenario `" + name + "` is archived; unarchive it to edit it");
    }
    Scenario withCases;
    try {
      withCases =
          TestCase.withCases(ScenarioJson.read(db.get(name, Optional.of(base)).json()), cases);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    String comment = body.path("comment").asText("test cases");
    ScenarioVersion saved = db.save(name, base, ScenarioJson.write(withCases), comment, req.user());
    audit(req, "save", name, saved.version(), comment);
    return versionInfo(saved);
  }

  private Object runSavedTestCases(Request req) throws Exception {
    String name = req.path("name");
    JsonNode body = req.bodyText().isBlank() ? mapper.createObjectNode() : req.json();
    Optional<Integer> version =
        body.path("version").canConvertToInt()
            ? Optional.of(body.get("version").asInt())
            : Optional.empty();
    Scenario s = ScenarioJson.read(db.get(name, version).json());
    return testCaseResults(runtime.testCases(testCaseRunner, s, caseName(body)));
  }

  private Object runTestCases(Request req) throws Exception {
    JsonNode body = req.json();
    Scenario s = parse(body.path("scenario"));
    return testCaseResults(runtime.testCases(testCaseRunner, s, caseName(body)));
  }

  private static Optional<String> caseName(JsonNode body) {
    JsonNode c = body.path("case");
    if (c.isMissingNode() || c.isNull()) {
      return Optional.empty();
    }
    if (!c.isTextual()) {
      throw ApiException.badRequest("`case` must be the name of a test case, got " + c);
    }
    return Optional.of(c.asText());
  }

  /**
   * Per case its checks, and per node whether every check of every case on it passed, with the
   * failed checks' messages (what the canvas marks).
   */
  private static Map<String, Object> testCaseResults(List<TestCaseResult> results) {
    List<Object> cases = new ArrayList<>();
    Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
    for (TestCaseResult r : results) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("name", r.name());
      c.put("passed", r.passed());
      c.put("millis", r.millis());
      c.put("problems", r.problems());
      List<Object> checks = new ArrayList<>();
      for (TestCaseResult.Check check : r.checks()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", check.node());
        m.put("kind", check.kind());
        m.put("passed", check.passed());
        m.put("message", check.message());
        checks.add(m);
        if (check.node() != null) {
          Map<String, Object> n =
              nodes.computeIfAbsent(
                  check.node(),
                  k ->
                      new LinkedHashMap<>(
                          Map.of("passed", true, "messages", new ArrayList<String>())));
          if (!check.passed()) {
            n.put("passed", false);
            @SuppressWarnings("unchecked")
            List<String> messages = (List<String>) n.get("messages");
            messages.add(r.name() + ": " + check.kind() + ": " + check.message());
          }
        }
      }
      c.put("checks", checks);
      c.put("nodes", r.nodes());
      Map<String, Object> counts = new LinkedHashMap<>();
      r.counts().forEach((id, n) -> counts.put(id, Map.of("in", n.in(), "out", n.out())));
      c.put("counts", counts);
      cases.add(c);
    }
    long failed = results.stream().filter(r -> !r.passed()).count();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("passed", failed == 0);
    out.put("total", results.size());
    out.put("failed", failed);
    out.put("cases", cases);
    out.put("nodes", nodes);
    return out;
  }

  // ---------------------------------------------------------------- users, audit log

  private Object me(Request req) {
    return Map.of(
        "user",
        req.user(),
        "roles",
        db.roles(req.user()).stream().sorted().map(Role::json).toList());
  }

  private List<Map<String, Object>> users() {
    List<Map<String, Object>> out = new ArrayList<>();
    db.users().forEach((name, roles) -> out.add(userInfo(name, roles)));
    return out;
  }

  private static Map<String, Object> userInfo(String name, Set<Role> roles) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("roles", roles.stream().sorted().map(Role::json).toList());
    return m;
  }

  private Object putUser(Request req) {
    String name = req.path("name");
    if (!NAME.matcher(name).matches()) {
      throw ApiException.badRequest(
          "a user name must be 1-100 letters, digits, `.`, `_` or `-`, got `" + name + "`");
    }
    JsonNode body = req.json();
    JsonNode rolesNode = body.path("roles");
    if (!rolesNode.isArray()) {
      throw ApiException.badRequest(
          "`roles` (a list of viewer, editor, deployer, admin) is required");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (JsonNode r : rolesNode) {
      try {
        roles.add(Role.of(r.asText()));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
    }
    if (name.equals(req.user()) && !roles.contains(Role.ADMIN)) {
      throw ApiException.badRequest(
          "you cannot take the `admin` role from yourself; another admin can");
    }
    String hash = null;
    JsonNode password = body.path("password");
    if (!password.isMissingNode() && !password.isNull()) {
      if (!password.isTextual() || password.asText().length() < MIN_PASSWORD) {
        throw ApiException.badRequest(
            "`password` must be a string of at least " + MIN_PASSWORD + " characters");
      }
      hash = PasswordHasher.hash(password.asText());
    }
    db.putUser(name, hash, roles);
    String shown = roles.stream().sorted().map(Role::json).toList().toString();
    audit(req, "user", null, null, "user `" + name + "` has roles " + shown);
    return userInfo(name, roles);
  }

  private Object auditLog(Request req) {
    int limit = req.queryInt("limit").orElse(100);
    if (limit < 1 || limit > MAX_AUDIT) {
      throw ApiException.badRequest("`limit` must be from 1 to " + MAX_AUDIT + ", got " + limit);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (AuditEntry e : db.auditLog(req.query("scenario"), limit)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", e.at().toString());
      m.put("user", e.user());
      m.put("action", e.action());
      m.put("scenario", e.scenario());
      m.put("version", e.version());
      m.put("detail", e.detail());
      out.add(m);
    }
    return out;
  }

  private void audit(Request req, String action, String scenario, Integer version, String detail) {
    db.audit(new AuditEntry(Instant.now(), req.user(), action, scenario, version, detail));
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
