package dev.walnut.designer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.walnut.designer.auth.LoginThrottle;
import dev.walnut.designer.auth.PasswordHasher;
import dev.walnut.designer.auth.Role;
import dev.walnut.designer.auth.Sessions;
import dev.walnut.designer.http.ApiRouter;
import dev.walnut.designer.http.Route;
import dev.walnut.designer.http.StreamPermits;
import dev.walnut.designer.runtime.ScenarioRuntime;
import dev.walnut.designer.store.DeploymentRecord;
import dev.walnut.designer.store.DesignerDatabase;
import dev.walnut.designer.store.ScenarioSummary;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.NodeData;
import dev.walnut.engine.scenario.ScenarioJson;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The designer: the JSON API under {@code /api} and the web UI (built into the jar under {@code
 * designer-ui/}) on one port.
 */
public final class DesignerServer implements AutoCloseable {
  private final Undertow undertow;
  private final DesignerDatabase db;
  private final ScenarioRuntime runtime;
  private final List<Route> routes;
  private final int port;

  private DesignerServer(
      Undertow undertow,
      DesignerDatabase db,
      ScenarioRuntime runtime,
      List<Route> routes,
      int port) {
    this.undertow = undertow;
    this.db = db;
    this.runtime = runtime;
    this.routes = routes;
    this.port = port;
  }

  /** Opens the database, stores the configured user's password hash and starts listening. */
  public static DesignerServer start(DesignerConfig config) {
    DesignerConfig.Limits limits = config.limits();
    DesignerDatabase db =
        DesignerDatabase.open(
            config.jdbcUrl(), config.dbUser(), config.dbPassword(), limits.databaseConnections());
    ScenarioRuntime runtime = null;
    try {
      // the configured login administers the others (PUT /api/users/{name})
      db.putUser(config.user(), PasswordHasher.hash(config.password()), EnumSet.of(Role.ADMIN));
      runtime =
          new ScenarioRuntime(
              config.flinkRestPort(),
              config.flinkSlots(),
              config.scenarioProperties(),
              Optional.ofNullable(config.flinkRemoteUrl())
                  .map(url -> new ScenarioRuntime.RemoteCluster(url, config.jobJar())));
      reattach(db, runtime);
      ObjectMapper mapper =
          new ObjectMapper()
              .registerModule(new JavaTimeModule())
              .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
      Sessions sessions = new Sessions(Duration.ofHours(12), Clock.systemUTC());
      DesignerApi api =
          new DesignerApi(
              db,
              sessions,
              ComponentRegistry.load(),
              runtime,
              config.scenarioProperties(),
              mapper,
              new LoginThrottle(
                  limits.loginFailuresPerUser(),
                  limits.loginFailuresPerAddress(),
                  limits.loginWindow(),
                  Clock.systemUTC()),
              new StreamPermits(limits.liveStreamsPerSession(), limits.liveStreamsTotal()));
      // the port must be known for the allowed origins: bind to a free one first when asked for 0
      int port = config.port() == 0 ? freePort(config.host()) : config.port();
      Set<String> origins = new LinkedHashSet<>();
      origins.add("http://127.0.0.1:" + port);
      origins.add("http://localhost:" + port);
      origins.addAll(config.extraOrigins());
      ApiRouter router =
          new ApiRouter(
              api.routes(), origins, config.maxBodyBytes(), sessions::userOf, db::roles, mapper);
      HttpHandler root = Handlers.path(ui()).addPrefixPath("/api", router);
      Undertow undertow =
          Undertow.builder().addHttpListener(port, config.host()).setHandler(root).build();
      undertow.start();
      return new DesignerServer(undertow, db, runtime, api.routes(), port);
    } catch (RuntimeException e) {
      if (runtime != null) {
        runtime.close();
      }
      db.close();
      throw e;
    }
  }

  /** Follows the jobs the database says are deployed (the last action of a scenario was deploy). */
  private static void reattach(DesignerDatabase db, ScenarioRuntime runtime) {
    for (ScenarioSummary summary : db.list(true)) {
      List<DeploymentRecord> history = db.deployments(summary.name());
      if (history.isEmpty() || !history.get(0).action().equals("deploy")) {
        continue;
      }
      DeploymentRecord last = history.get(0);
      List<String> nodeIds;
      try {
        nodeIds =
            ScenarioJson.read(db.get(summary.name(), Optional.of(last.version())).json())
                .allNodes()
                .stream()
                .map(NodeData::id)
                .toList();
      } catch (RuntimeException e) {
        nodeIds = List.of(); // a version this engine cannot read: state and cancel still work
      }
      runtime.reattach(
          summary.name(), new ScenarioRuntime.Deployment(last.version(), last.jobId(), nodeIds));
    }
  }

  private static HttpHandler ui() {
    ClassPathResourceManager resources =
        new ClassPathResourceManager(DesignerServer.class.getClassLoader(), "designer-ui");
    HttpHandler index =
        exchange -> {
          if (resources.getResource("index.html") == null) {
            exchange.setStatusCode(404);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange
                .getResponseSender()
                .send(
                    "The designer's web UI is not built into this jar: build it with"
                        + " `mvn -f designer/pom.xml package` after `npm ci` in designer/ui"
                        + " (run scripts/setup.sh).");
            return;
          }
          exchange.setRelativePath("/index.html");
          new ResourceHandler(resources).handleRequest(exchange);
        };
    return new ResourceHandler(resources, index).setWelcomeFiles("index.html");
  }

  private static int freePort(String host) {
    try (java.net.ServerSocket s = new java.net.ServerSocket()) {
      s.bind(new InetSocketAddress(host, 0));
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot find a free port on " + host, e);
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The API's routes (what the OpenAPI document describes). */
  public List<Route> routes() {
    return routes;
  }

  @Override
  public void close() {
    undertow.stop();
    runtime.close();
    db.close();
  }
}
