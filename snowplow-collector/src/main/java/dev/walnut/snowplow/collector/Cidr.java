package dev.walnut.snowplow.collector;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address range ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address), and
 * the parsing of address literals from untrusted text. Parsing never resolves a name: only text
 * made of digits, hex digits, dots and colons reaches {@link InetAddress}, which treats such text
 * as a literal and does no DNS lookup.
 */
final class Cidr {
  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * @throws IllegalArgumentException naming {@code text} when it is not an address or CIDR
   */
  static Cidr parse(String text) {
    String t = text == null ? "" : text.trim();
    int slash = t.indexOf('/');
    byte[] address = literal(slash < 0 ? t : t.substring(0, slash));
    int bits = address == null ? 0 : address.length * 8;
    int prefix = bits;
    if (address != null && slash >= 0) {
      try {
        prefix = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
    }
    if (address == null || prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException(
          "trusted proxy must be an IP address or CIDR such as 10.0.0.0/8 or 2001:db8::/32, got `"
              + text
              + "`");
    }
    return new Cidr(mask(address, prefix), prefix, t);
  }

  /** The address of an IP literal ({@code 1.2.3.4}, {@code ::1}, {@code [::1]}), else null. */
  static byte[] literal(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    if (t.isEmpty() || t.length() > 45) {
      return null;
    }
    boolean colon = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (c == ':') {
        colon = true;
      } else if (!hex && c != '.') {
        return null;
      }
    }
    return colon ? ipv6(t) : ipv4(t);
  }

  boolean contains(byte[] address) {
    return address != null
        && address.length == network.length
        && Arrays.equals(mask(address, prefix), network);
  }

  @Override
  public String toString() {
    return text;
  }

  private static byte[] ipv4(String t) {
    String[] parts = t.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte[] ipv6(String t) {
    try {
      // only hex digits, dots and colons get here: a literal, never a DNS lookup
      return InetAddress.getByName(t).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & (0xFF << (8 - keep)));
    }
    return out;
  }
}
