package dev.walnut.engine.validation;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The known name an analyst most likely meant by an unknown one: the closest by edit distance
 * (insertions, deletions, substitutions and swaps of neighbours, ignoring case), when it is close
 * enough to be a slip rather than another name.
 */
final class DidYouMean {
  private DidYouMean() {}

  /** The closest of {@code known} to {@code given}, if it is within a slip's distance of it. */
  static Optional<String> closest(String given, Collection<String> known) {
    String g = given.toLowerCase(Locale.ROOT);
    // one slip per three characters, at most three; names too short to tell slips from others get
    // none
    int allowed = Math.min(3, g.length() / 3);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(g, k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best != null && allowed > 0 && bestDistance <= allowed && !best.equals(given)
        ? Optional.of(best)
        : Optional.empty();
  }

  /** {@code " (did you mean `x`?)"} for the closest known name, or empty text. */
  static String hint(String given, Collection<String> known, String prefix) {
    return closest(given, known).map(k -> " (did you mean `" + prefix + k + "`?)").orElse("");
  }

  /** Optimal string alignment distance (Levenshtein plus swaps of two neighbours). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** {@code "a sink"}, {@code "an enricher"}: the noun with its indefinite article. */
  static String withArticle(String noun) {
    boolean vowel = !noun.isEmpty() && "aeiouAEIOU".indexOf(noun.charAt(0)) >= 0;
    return (vowel ? "an " : "a ") + noun;
  }
}
