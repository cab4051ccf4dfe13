package dev.walnut.embedded.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaProperties;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.properties.MetaPropertiesVersion;

/**
 * The on-disk side of a single-node KRaft broker: formatting (what {@code kafka-storage.sh format}
 * does) and deleting a log directory.
 */
final class KRaftLogDir {

  private KRaftLogDir() {}

  /**
   * Formats {@code dir} for a new cluster with a random id, unless it already holds a {@code
   * meta.properties}: a formatted directory is reused as is, which is what keeps the records across
   * a stop and start.
   *
   * @return whether the directory was formatted now
   */
  static boolean formatIfNeeded(Path dir, int nodeId) {
    try {
      Files.createDirectories(dir);
      if (Files.exists(dir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
        return false;
      }
      String logDir = dir.toAbsolutePath().toString();
      MetaPropertiesEnsemble.Copier copier =
          new MetaPropertiesEnsemble.Copier(MetaPropertiesEnsemble.EMPTY);
      MetaProperties properties =
          new MetaProperties.Builder()
              .setVersion(MetaPropertiesVersion.V1)
              .setClusterId(Uuid.randomUuid().toString())
              .setNodeId(nodeId)
              .setDirectoryId(copier.generateValidDirectoryId())
              .build();
      copier.setMetaLogDir(Optional.of(logDir)).setLogDirProps(logDir, properties);
      copier.writeLogDirChanges();
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not format the Kafka log dir " + dir + "; check that it is writable", e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the Kafka log dir " + dir, e);
    }
  }
}
