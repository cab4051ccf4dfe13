package dev.walnut.snowplow.collector;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4) UUIDs for network user ids and record keys. {@link UUID#randomUUID()} draws
 * from one shared {@code SecureRandom}, which serialises the I/O threads; these ids identify
 * browsers, they are not secrets, so a thread-local generator is enough.
 */
final class Ids {
  private Ids() {}

  static String randomUuid() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & ~(0xC000000000000000L)) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
