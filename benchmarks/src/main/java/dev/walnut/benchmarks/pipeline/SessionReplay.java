package dev.walnut.benchmarks.pipeline;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Diginetica sessions as storefront traffic: item ids mapped to the local shop's products
 * (8000000000000 + id, as the end-to-end test maps them), each session one shopper ({@code duid}),
 * {@value #CONCURRENT} sessions open at a time and their views interleaved round-robin, so a
 * shopper's views arrive in order among other shoppers' views.
 */
final class SessionReplay {
  static final long OFFSET = 8_000_000_000_000L;
  static final int CONCURRENT = 1000;

  /** One product view: the shopper's domain user id and the product id. */
  record Click(String shopper, String product) {}

  private SessionReplay() {}

  /** The first {@code n} views of the interleaved sessions, skipping the first {@code skip}. */
  static List<Click> clicks(Path sessions, String prefix, long skip, int n) throws IOException {
    List<Click> out = new ArrayList<>(n);
    Deque<ArrayDeque<Click>> open = new ArrayDeque<>();
    long skipped = 0;
    try (BufferedReader r = Files.newBufferedReader(sessions)) {
      int s = 0;
      String line = "";
      while (out.size() < n) {
        while (open.size() < CONCURRENT && line != null && (line = r.readLine()) != null) {
          ArrayDeque<Click> session = new ArrayDeque<>();
          String shopper = prefix + (s++);
          for (String id : line.trim().split("\\s+")) {
            if (!id.isEmpty()) {
              session.add(new Click(shopper, Long.toString(OFFSET + Long.parseLong(id))));
            }
          }
          if (!session.isEmpty()) {
            open.add(session);
          }
        }
        ArrayDeque<Click> next = open.poll();
        if (next == null) {
          break;
        }
        Click c = next.poll();
        if (skipped++ >= skip) {
          out.add(c);
        }
        if (!next.isEmpty()) {
          open.add(next);
        }
      }
    }
    return out;
  }

  /** The sessions file with ids mapped to product ids (the model's training input). */
  static void writeMapped(Path source, Path target, int maxLines, boolean cases)
      throws IOException {
    try (BufferedReader r = Files.newBufferedReader(source);
        BufferedWriter w = Files.newBufferedWriter(target)) {
      String line;
      int lines = 0;
      while ((line = r.readLine()) != null && (maxLines <= 0 || lines++ < maxLines)) {
        String[] parts = line.split("\t");
        List<String> fields = new ArrayList<>();
        for (String part : parts) {
          List<String> ids = new ArrayList<>();
          for (String id : part.trim().split("\\s+")) {
            if (!id.isEmpty()) {
              ids.add(Long.toString(OFFSET + Long.parseLong(id)));
            }
          }
          fields.add(String.join(" ", ids));
        }
        w.write(String.join(cases ? "\t" : " ", fields));
        w.newLine();
      }
    }
  }
}
