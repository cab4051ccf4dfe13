package dev.walnut.embedded.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft mode ({@code process.roles=broker,controller}), running
 * in this JVM from the Kafka 3.9 jars: no ZooKeeper, no Docker, no mocks.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
 *   kafka.start();
 *   kafka.createTopic("events", 2);
 *   KafkaRecords.of(kafka).produce("events", List.of("a", "b"));
 * }
 * }</pre>
 *
 * <p>The broker is restartable: {@link #stop()} then {@link #start()} reuses the same port and log
 * dir, so the records survive (as they would across a real broker outage). Broker threads keep the
 * JVM alive, so always {@link #stop()} or {@link #close()} it. Instances are thread-safe.
 */
public final class EmbeddedKafka implements AutoCloseable {

  static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  /** Keys EmbeddedKafka derives from its own settings; overriding them would break startup. */
  private static final Set<String> MANAGED_PROPERTIES =
      Set.of(
          "process.roles",
          "node.id",
          "broker.id",
          "listeners",
          "advertised.listeners",
          "listener.security.protocol.map",
          "controller.listener.names",
          "inter.broker.listener.name",
          "controller.quorum.voters",
          "controller.quorum.bootstrap.servers",
          "log.dir",
          "log.dirs",
          "metadata.log.dir",
          "zookeeper.connect");

  /** How often {@link #start()} tries a fresh port when an automatically chosen one is taken. */
  private static final int PORT_ATTEMPTS = 5;

  // not final: an automatically chosen port is replaced if another process takes it before the
  // broker binds it (see start())
  private volatile int port;
  private final boolean portChosen;
  private final Path logDir;
  private final boolean ownsLogDir;
  private final Map<String, String> extraProperties;
  private final Duration startupTimeout;
  private volatile int controllerPort;
  private boolean startedOnce;

  private KafkaRaftServer server;
  private Admin admin;
  private boolean closed;

  private EmbeddedKafka(Builder builder, int port, Path logDir, boolean ownsLogDir) {
    this.port = port;
    this.portChosen = builder.port == 0;
    this.logDir = logDir;
    this.ownsLogDir = ownsLogDir;
    this.extraProperties = Map.copyOf(builder.brokerProperties);
    this.startupTimeout = builder.startupTimeout;
    this.controllerPort = FreePorts.pick(HOST, port);
  }

  /** Fails at build time, not at start, on a broker property Kafka would reject. */
  private EmbeddedKafka validated() {
    try {
      KafkaConfig.fromProps(brokerProperties());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid broker properties: " + e.getMessage(), e);
    }
    return this;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Formats the log dir on first use, starts the broker and controller, and returns once the broker
   * answers an admin {@code describeCluster}. Does nothing if already running.
   *
   * <p>A port picked automatically (port 0 in the builder) is only reserved until {@link #build()}
   * returns, so another process may take it before the broker binds it; then the first start
   * retries on fresh ports (and {@link #bootstrapServers()} changes accordingly). A port given
   * explicitly, or a restart, never moves.
   *
   * @throws IllegalStateException if the port is taken, the broker fails to start, or it is not
   *     ready within the startup timeout
   */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException(
          "this EmbeddedKafka is closed; build a new one to start again");
    }
    if (server != null) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        startOnce();
        startedOnce = true;
        return;
      } catch (IllegalStateException e) {
        if (!portChosen || startedOnce || attempt >= PORT_ATTEMPTS || !portTaken(e)) {
          throw e;
        }
        System.getLogger(EmbeddedKafka.class.getName())
            .log(
                System.Logger.Level.WARNING,
                "port "
                    + port
                    + " or "
                    + controllerPort
                    + " was taken before the broker could bind it; trying fresh ports");
        port = FreePorts.pick(HOST);
        controllerPort = FreePorts.pick(HOST, port);
        if (ownsLogDir) {
          // nothing of ours is in it yet; start from a clean format for the new listeners
          KRaftLogDir.deleteRecursively(logDir);
        }
      }
    }
  }

  /** Whether a failed start is due to a taken port ("Address already in use"). */
  private static boolean portTaken(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PortInUseException
          || t instanceof java.net.BindException
          || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** Thrown (wrapped) when a port is found taken before starting. */
  private static final class PortInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortInUseException(String message) {
      super(message);
    }
  }

  private void startOnce() {
    requireFree(
        HOST,
        port,
        "port "
            + port
            + " on "
            + HOST
            + " is in use (is another Kafka broker running?); choose another port, or 0 for a"
            + " free one");
    requireFree(
        HOST,
        controllerPort,
        "the controller port "
            + controllerPort
            + " of the broker at "
            + bootstrapServers()
            + " is now in use by another process; build a new EmbeddedKafka");
    KRaftLogDir.formatIfNeeded(logDir, NODE_ID);
    KafkaRaftServer starting =
        new KafkaRaftServer(KafkaConfig.fromProps(brokerProperties()), Time.SYSTEM);
    try {
      starting.startup();
      server = starting;
      admin = Admin.create(adminProperties());
      awaitReady();
    } catch (RuntimeException e) {
      server = starting;
      stopQuietly(e);
      throw new IllegalStateException(
          "the Kafka broker at "
              + bootstrapServers()
              + " with log dir "
              + logDir
              + " failed to start: "
              + e.getMessage(),
          e);
    }
  }

  private static void requireFree(String host, int port, String message) {
    try {
      FreePorts.requireFree(host, port, message);
    } catch (IllegalStateException e) {
      throw new PortInUseException(e.getMessage());
    }
  }

  /** Shuts the broker down and waits until its threads are gone. Does nothing if not running. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
      }
    } finally {
      admin = null;
      KafkaRaftServer stopping = server;
      server = null;
      stopping.shutdown();
      stopping.awaitShutdown();
    }
  }

  /** Stops the broker and, if the builder created the log dir, deletes it. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stop();
    } finally {
      if (ownsLogDir) {
        KRaftLogDir.deleteRecursively(logDir);
      }
    }
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** {@code 127.0.0.1:PORT}; known before {@link #start()}, stable across restarts. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** The broker port; a port of 0 in the builder has been resolved to a free one. */
  public int port() {
    return port;
  }

  public Path logDir() {
    return logDir;
  }

  /**
   * Creates a topic with a replication factor of 1 and waits until every partition has a leader.
   * Idempotent: an existing topic with the same partition count is left as is.
   *
   * @throws IllegalStateException if the topic exists with a different partition count
   */
  public void createTopic(String name, int partitions) {
    requireTopicName(name);
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "topic `" + name + "` needs at least 1 partition, got " + partitions);
    }
    Admin client = runningAdmin();
    try {
      client
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "could not create topic `" + name + "`: " + e.getCause().getMessage(), e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "topic `" + name + "` was not created within " + startupTimeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic `" + name + "`", e);
    }
    awaitTopicReady(client, name, partitions);
  }

  /** Deletes a topic and waits until the broker no longer lists it; a missing topic is ignored. */
  public void deleteTopic(String name) {
    requireTopicName(name);
    Admin client = runningAdmin();
    try {
      client
          .deleteTopics(List.of(name))
          .all()
          .get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
        throw new IllegalStateException(
            "could not delete topic `" + name + "`: " + e.getCause().getMessage(), e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "topic `" + name + "` was not deleted within " + startupTimeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deleting topic `" + name + "`", e);
    }
    Deadline deadline = Deadline.after(startupTimeout);
    while (listTopics(client).contains(name)) {
      deadline.pauseOrFail(
          () -> "topic `" + name + "` is still listed " + startupTimeout + " after deletion");
    }
  }

  /** Names of the user topics (internal topics such as {@code __consumer_offsets} excluded). */
  public Set<String> topics() {
    return listTopics(runningAdmin());
  }

  @Override
  public String toString() {
    return "EmbeddedKafka[" + bootstrapServers() + ", logDir=" + logDir + "]";
  }

  private Properties brokerProperties() {
    Map<String, String> props = new LinkedHashMap<>();
    String controller = HOST + ":" + controllerPort;
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@" + controller);
    props.put(
        "listeners",
        BROKER_LISTENER
            + "://"
            + bootstrapServers()
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + controller);
    props.put("advertised.listeners", BROKER_LISTENER + "://" + bootstrapServers());
    props.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("inter.broker.listener.name", BROKER_LISTENER);
    props.put("log.dirs", logDir.toAbsolutePath().toString());

    // One node: every replication factor and min ISR must be 1, or internal topics never appear.
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    // One partition each instead of 50: creating 50 partitions dominates the first consumer's
    // start.
    props.put("offsets.topic.num.partitions", "1");
    props.put("transaction.state.log.num.partitions", "1");
    props.put("num.partitions", "1");
    props.put("auto.create.topics.enable", "true");
    // Consumer groups join at once instead of waiting 3 s for more members.
    props.put("group.initial.rebalance.delay.ms", "0");
    // Flink's exactly-once KafkaSink asks for 1 h transactions; the broker's default max is 15 min.
    props.put("transaction.max.timeout.ms", String.valueOf(TimeUnit.HOURS.toMillis(1)));

    // Tests and benchmarks replay old event times: time-based retention must never delete them.
    props.put("log.retention.ms", "-1");
    // 128 MiB segments: a 2,000,000-record benchmark (~240 MB) rolls a couple of segments, not 1
    // GiB
    // files. No forced flush (the default): the page cache is durable enough for a test broker and
    // an fsync per batch would make the benchmark measure the disk.
    props.put("log.segment.bytes", String.valueOf(128 * 1024 * 1024));
    // The cleaner (for __consumer_offsets) would otherwise take 128 MiB of heap per broker.
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    // Sized for small machines: the defaults (3 network, 8 I/O threads) only add contention.
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "4");

    props.putAll(extraProperties);
    Properties properties = new Properties();
    properties.putAll(props);
    return properties;
  }

  private Properties adminProperties() {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "walnut-embedded-kafka-admin");
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    return properties;
  }

  private void awaitReady() {
    Deadline deadline = Deadline.after(startupTimeout);
    while (true) {
      try {
        var nodes =
            admin.describeCluster().nodes().get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
        if (nodes.stream().map(Node::id).anyMatch(id -> id == NODE_ID)) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        // not answering yet: try again until the deadline
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the broker to start", e);
      }
      deadline.pauseOrFail(
          () ->
              "the broker did not answer describeCluster within "
                  + startupTimeout
                  + "; raise startupTimeout or check the broker logs");
    }
  }

  private void awaitTopicReady(Admin client, String name, int partitions) {
    Deadline deadline = Deadline.after(startupTimeout);
    while (true) {
      TopicDescription description = describeTopic(client, name);
      if (description != null) {
        int actual = description.partitions().size();
        if (actual != partitions) {
          throw new IllegalStateException(
              "topic `"
                  + name
                  + "` already exists with "
                  + actual
                  + " partitions, not "
                  + partitions
                  + "; delete it first or use "
                  + actual);
        }
        if (description.partitions().stream()
            .map(TopicPartitionInfo::leader)
            .allMatch(Objects::nonNull)) {
          PartitionLeaders.awaitServing(
              client,
              description.partitions().stream()
                  .map(partition -> new TopicPartition(name, partition.partition()))
                  .toList(),
              Duration.ofMillis(Math.max(1, deadline.remainingMillis())));
          return;
        }
      }
      deadline.pauseOrFail(
          () -> "topic `" + name + "` has no leader for every partition after " + startupTimeout);
    }
  }

  private TopicDescription describeTopic(Admin client, String name) {
    try {
      return client
          .describeTopics(List.of(name))
          .allTopicNames()
          .get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .get(name);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return null;
      }
      throw new IllegalStateException(
          "could not describe topic `" + name + "`: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing topic `" + name + "`", e);
    }
  }

  private Set<String> listTopics(Admin client) {
    try {
      return client.listTopics().names().get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not list topics of " + bootstrapServers(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing topics", e);
    }
  }

  private synchronized Admin runningAdmin() {
    if (admin == null) {
      throw new IllegalStateException(
          "the broker at " + bootstrapServers() + " is not running; call start() first");
    }
    return admin;
  }

  private void stopQuietly(RuntimeException cause) {
    try {
      stop();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private static void requireTopicName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank, got `" + name + "`");
    }
  }

  /**
   * Validating builder; {@link #build()} resolves port 0 to a free port and creates the temp dir.
   */
  public static final class Builder {

    private int port;
    private Path logDir;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private Duration startupTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /** The broker's port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException(
            "port must be between 0 and 65535 (0 picks a free port), got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Where the broker keeps its data. Kept on {@link EmbeddedKafka#close()}; reused, with its
     * records, if it was formatted before. Default: a new temp dir, deleted on close.
     */
    public Builder logDir(Path logDir) {
      if (logDir == null) {
        throw new IllegalArgumentException(
            "logDir must not be null; leave it unset for a temp dir deleted on close");
      }
      if (Files.exists(logDir) && !Files.isDirectory(logDir)) {
        throw new IllegalArgumentException("logDir " + logDir + " is a file, not a directory");
      }
      this.logDir = logDir;
      return this;
    }

    /** Any other broker setting, e.g. {@code brokerProperty("num.partitions", "4")}. */
    public Builder brokerProperty(String key, String value) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("broker property key must not be blank");
      }
      if (MANAGED_PROPERTIES.contains(key)) {
        throw new IllegalArgumentException(
            "broker property `"
                + key
                + "` is managed by EmbeddedKafka; use port(...) or logDir(...) instead");
      }
      if (value == null) {
        throw new IllegalArgumentException(
            "broker property `" + key + "` must have a value, got null");
      }
      brokerProperties.put(key, value);
      return this;
    }

    /** How long {@link EmbeddedKafka#start()} and topic operations may take; default 60 s. */
    public Builder startupTimeout(Duration startupTimeout) {
      if (startupTimeout == null || startupTimeout.isNegative() || startupTimeout.isZero()) {
        throw new IllegalArgumentException(
            "startupTimeout must be a positive duration, got " + startupTimeout);
      }
      this.startupTimeout = startupTimeout;
      return this;
    }

    public EmbeddedKafka build() {
      int resolvedPort = port == 0 ? FreePorts.pick(HOST) : port;
      if (logDir != null) {
        return new EmbeddedKafka(this, resolvedPort, logDir, false).validated();
      }
      try {
        Path tempDir = Files.createTempDirectory("walnut-kafka-");
        try {
          return new EmbeddedKafka(this, resolvedPort, tempDir, true).validated();
        } catch (RuntimeException e) {
          KRaftLogDir.deleteRecursively(tempDir);
          throw e;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not create a temp dir for the Kafka log", e);
      }
    }
  }
}
