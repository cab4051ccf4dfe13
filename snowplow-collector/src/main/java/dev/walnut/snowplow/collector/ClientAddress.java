package dev.walnut.snowplow.collector;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's IP: the socket's address, unless that is a trusted proxy. Then {@code
 * X-Forwarded-For} is read from the right (each proxy appends the address it saw): the first
 * address that is not itself a trusted proxy is the client. Entries left of it were written by the
 * client and can say anything, so they are never used.
 */
final class ClientAddress {
  private ClientAddress() {}

  static String of(InetSocketAddress source, HeaderMap headers, List<Cidr> trustedProxies) {
    if (source == null || source.getAddress() == null) {
      return null;
    }
    String socketIp = source.getAddress().getHostAddress();
    if (trustedProxies.isEmpty() || !trusted(source.getAddress().getAddress(), trustedProxies)) {
      return socketIp;
    }
    HeaderValues forwarded = headers.get(Headers.X_FORWARDED_FOR);
    if (forwarded == null) {
      return socketIp;
    }
    List<String> hops = new ArrayList<>();
    for (String value : forwarded) {
      for (String hop : value.split(",", 64)) {
        hops.add(hop.trim());
      }
    }
    String client = socketIp;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      byte[] address = Cidr.literal(hop);
      if (address == null) {
        // a trusted proxy passed on something that is not an address: keep the last one we trust
        return client;
      }
      client = hop.startsWith("[") ? hop.substring(1, hop.length() - 1) : hop;
      if (!trusted(address, trustedProxies)) {
        return client;
      }
    }
    return client;
  }

  private static boolean trusted(byte[] address, List<Cidr> ranges) {
    for (Cidr range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
