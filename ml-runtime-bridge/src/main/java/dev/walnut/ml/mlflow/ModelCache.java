package dev.walnut.ml.mlflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A local copy of model versions' files, keyed by model name + version (+ a hash of the server and
 * artifact URI, so two servers' "version 1" never mix). A version is downloaded into a temporary
 * directory, checked against the listing's sizes, and renamed into place atomically; later calls
 * verify the manifest and reuse it.
 */
public final class ModelCache {
  private static final String MANIFEST = ".walnut-manifest";
  private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

  private final Path root;

  public ModelCache(Path root) {
    this.root = root.toAbsolutePath();
  }

  /** The cache at env {@code WALNUT_MODEL_CACHE}, else {@code <tmp>/walnut-model-cache}. */
  public static ModelCache defaultCache() {
    String dir = System.getenv("WALNUT_MODEL_CACHE");
    return new ModelCache(
        dir == null || dir.isBlank()
            ? Path.of(System.getProperty("java.io.tmpdir"), "walnut-model-cache")
            : Path.of(dir));
  }

  public Path root() {
    return root;
  }

  /** The local directory with the files of {@code name} version {@code version}. */
  public Path fetch(MlflowClient client, String name, String version) {
    String artifactUri = client.downloadUri(name, version);
    Path dir =
        root.resolve(safe(name))
            .resolve("v" + version + "-" + hash(client.trackingUri() + "|" + artifactUri));
    synchronized (LOCKS.computeIfAbsent(dir, d -> new Object())) {
      if (isComplete(dir)) {
        return dir;
      }
      try {
        Files.createDirectories(dir.getParent());
        if (Files.exists(dir)) {
          deleteTree(dir); // a broken copy: fetch it again
        }
        Path tmp = Files.createTempDirectory(dir.getParent(), ".download-");
        try {
          List<String> manifest = new ArrayList<>();
          download(client, MlflowClient.artifactPath(artifactUri), tmp, "", manifest);
          if (manifest.isEmpty()) {
            throw new MlflowException(
                "model `" + name + "` version " + version + " has no files at " + artifactUri,
                0,
                "EMPTY_MODEL",
                null);
          }
          Files.write(tmp.resolve(MANIFEST), manifest, StandardCharsets.UTF_8);
          try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
          } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
            // another process finished the same version first
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir);
          }
        } finally {
          if (Files.exists(tmp)) {
            deleteTree(tmp);
          }
        }
        if (!isComplete(dir)) {
          throw new MlflowException(
              "the downloaded files of `"
                  + name
                  + "` version "
                  + version
                  + " in "
                  + dir
                  + " do not match the listing",
              0,
              "CORRUPT_DOWNLOAD",
              null);
        }
        return dir;
      } catch (IOException e) {
        throw new MlflowException(
            "cannot store `"
                + name
                + "` version "
                + version
                + " under "
                + root
                + ": "
                + e.getMessage(),
            0,
            "CACHE_IO",
            e);
      }
    }
  }

  private static void download(
      MlflowClient client, String remote, Path local, String relative, List<String> manifest)
      throws IOException {
    for (ArtifactFile f : client.listArtifacts(remote)) {
      String name = f.path();
      if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("\\")) {
        throw new IOException("refusing artifact with unsafe name `" + name + "`");
      }
      String rel = relative.isEmpty() ? name : relative + "/" + name;
      Path target = local.resolve(name);
      if (f.isDir()) {
        Files.createDirectories(target);
        download(client, remote + "/" + name, target, rel, manifest);
      } else {
        long size = client.downloadArtifact(remote + "/" + name, target);
        if (f.size() >= 0 && size != f.size()) {
          throw new IOException(
              "artifact " + rel + " has " + size + " bytes, the listing says " + f.size());
        }
        manifest.add(size + " " + rel);
      }
    }
  }

  private static boolean isComplete(Path dir) {
    Path manifest = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      return false;
    }
    try {
      for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
        int space = line.indexOf(' ');
        long size = Long.parseLong(line.substring(0, space));
        Path file = dir.resolve(line.substring(space + 1));
        if (!Files.isRegularFile(file) || Files.size(file) != size) {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
