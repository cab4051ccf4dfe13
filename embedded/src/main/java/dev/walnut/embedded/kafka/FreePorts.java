package dev.walnut.embedded.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;

/** Free TCP ports on the loopback address the embedded broker listens on. */
final class FreePorts {

  private static final int ATTEMPTS = 20;

  private FreePorts() {}

  /** A port free right now on {@code host}, different from every port in {@code avoid}. */
  static int pick(String host, int... avoid) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int candidate = bind(host, 0);
      if (candidate > 0 && Arrays.stream(avoid).noneMatch(port -> port == candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("could not find a free port on " + host);
  }

  /**
   * Fails with {@code message} if something listens on the port. Checked up front because Kafka
   * reports a taken port deep inside its startup, after formatting and half the threads are up.
   */
  static void requireFree(String host, int port, String message) {
    if (bind(host, port) < 0) {
      throw new IllegalStateException(message);
    }
  }

  /** Binds and releases the port; returns the bound port, or -1 if it is in use. */
  private static int bind(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // Like Kafka's acceptor: a port left in TIME_WAIT by our own stop() counts as free.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      return socket.getLocalPort();
    } catch (IOException e) {
      return -1;
    }
  }
}
