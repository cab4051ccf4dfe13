package dev.walnut.ml.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT's uncased tokenizer as described by a Hugging Face {@code tokenizer.json} (BertNormalizer
 * with lowercasing and accent stripping, BertPreTokenizer, WordPiece with {@code ##}
 * continuations), producing {@code [CLS] … [SEP]} ids.
 */
public final class WordPieceTokenizer {
  private static final int MAX_CHARS_PER_WORD = 100;

  private final Map<String, Integer> vocab;
  private final int cls;
  private final int sep;
  private final int unk;
  private final int maxTokens;

  private WordPieceTokenizer(Map<String, Integer> vocab, int maxTokens) {
    this.vocab = vocab;
    this.cls = id(vocab, "[CLS]");
    this.sep = id(vocab, "[SEP]");
    this.unk = id(vocab, "[UNK]");
    this.maxTokens = maxTokens;
  }

  private static int id(Map<String, Integer> vocab, String token) {
    Integer id = vocab.get(token);
    if (id == null) {
      throw new IllegalArgumentException("the tokenizer's vocabulary has no " + token);
    }
    return id;
  }

  /** Reads the WordPiece vocabulary of a {@code tokenizer.json}; sequences are cut at maxTokens. */
  public static WordPieceTokenizer fromTokenizerJson(InputStream json, int maxTokens)
      throws IOException {
    JsonNode model = new ObjectMapper().readTree(json).path("model");
    if (!"WordPiece".equals(model.path("type").asText())) {
      throw new IllegalArgumentException(
          "tokenizer.json model is `" + model.path("type").asText() + "`, expected WordPiece");
    }
    Map<String, Integer> vocab = new HashMap<>();
    model.path("vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
    return new WordPieceTokenizer(vocab, maxTokens);
  }

  /** The token ids of one text, with {@code [CLS]} first and {@code [SEP]} last. */
  public long[] encode(String text) {
    List<Integer> ids = new ArrayList<>();
    ids.add(cls);
    for (String word : preTokenize(normalize(text))) {
      wordPiece(word, ids);
      if (ids.size() >= maxTokens - 1) {
        break;
      }
    }
    List<Integer> cut = ids.size() > maxTokens - 1 ? ids.subList(0, maxTokens - 1) : ids;
    long[] out = new long[cut.size() + 1];
    for (int i = 0; i < cut.size(); i++) {
      out[i] = cut.get(i);
    }
    out[out.length - 1] = sep;
    return out;
  }

  private static String normalize(String text) {
    StringBuilder b = new StringBuilder(text.length() + 8);
    text.codePoints()
        .forEach(
            cp -> {
              if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
              }
              if (isWhitespace(cp)) {
                b.append(' ');
              } else if (isChinese(cp)) {
                b.append(' ').appendCodePoint(cp).append(' ');
              } else {
                b.appendCodePoint(cp);
              }
            });
    // lowercase, then strip accents (BertNormalizer with strip_accents unset follows lowercase)
    String lower = b.toString().toLowerCase(java.util.Locale.ROOT);
    String nfd = Normalizer.normalize(lower, Normalizer.Form.NFD);
    StringBuilder s = new StringBuilder(nfd.length());
    nfd.codePoints()
        .filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
        .forEach(s::appendCodePoint);
    return s.toString();
  }

  private static List<String> preTokenize(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    text.codePoints()
        .forEach(
            cp -> {
              if (isWhitespace(cp)) {
                flush(cur, words);
              } else if (isPunctuation(cp)) {
                flush(cur, words);
                words.add(new String(Character.toChars(cp)));
              } else {
                cur.appendCodePoint(cp);
              }
            });
    flush(cur, words);
    return words;
  }

  private static void flush(StringBuilder cur, List<String> words) {
    if (cur.length() > 0) {
      words.add(cur.toString());
      cur.setLength(0);
    }
  }

  private void wordPiece(String word, List<Integer> out) {
    if (word.codePointCount(0, word.length()) > MAX_CHARS_PER_WORD) {
      out.add(unk);
      return;
    }
    List<Integer> pieces = new ArrayList<>();
    int start = 0;
    while (start < word.length()) {
      int end = word.length();
      Integer found = null;
      while (start < end) {
        String sub = (start > 0 ? "##" : "") + word.substring(start, end);
        found = vocab.get(sub);
        if (found != null) {
          break;
        }
        end = word.offsetByCodePoints(end, -1);
      }
      if (found == null) {
        out.add(unk);
        return;
      }
      pieces.add(found);
      start = end;
    }
    out.addAll(pieces);
  }

  private static boolean isWhitespace(int cp) {
    return cp == ' '
        || cp == '\t'
        || cp == '\n'
        || cp == '\r'
        || Character.getType(cp) == Character.SPACE_SEPARATOR;
  }

  private static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    int t = Character.getType(cp);
    return t == Character.CONTROL
        || t == Character.FORMAT
        || t == Character.PRIVATE_USE
        || t == Character.SURROGATE
        || t == Character.UNASSIGNED;
  }

  private static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47)
        || (cp >= 58 && cp <= 64)
        || (cp >= 91 && cp <= 96)
        || (cp >= 123 && cp <= 126)) {
      return true;
    }
    int t = Character.getType(cp);
    return t == Character.CONNECTOR_PUNCTUATION
        || t == Character.DASH_PUNCTUATION
        || t == Character.START_PUNCTUATION
        || t == Character.END_PUNCTUATION
        || t == Character.INITIAL_QUOTE_PUNCTUATION
        || t == Character.FINAL_QUOTE_PUNCTUATION
        || t == Character.OTHER_PUNCTUATION;
  }

  private static boolean isChinese(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F)
        || (cp >= 0x2B740 && cp <= 0x2B81F)
        || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }
}
