package dev.walnut.ml.serving;

import java.io.Serializable;
import java.net.URI;
import java.util.Objects;

/**
 * Which registered model to serve: a fixed {@code version}, or whatever {@code alias} points to
 * (then watched for changes).
 */
public record ModelRef(URI trackingUri, String name, String alias, String version)
    implements Serializable {

  public ModelRef {
    Objects.requireNonNull(trackingUri, "trackingUri");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("the registered model name must not be empty");
    }
    if ((alias == null || alias.isBlank()) == (version == null || version.isBlank())) {
      throw new IllegalArgumentException(
          "give either an alias or a version of model `" + name + "`, not both and not neither");
    }
  }

  public static ModelRef alias(URI trackingUri, String name, String alias) {
    return new ModelRef(trackingUri, name, alias, null);
  }

  public static ModelRef version(URI trackingUri, String name, String version) {
    return new ModelRef(trackingUri, name, null, version);
  }

  public boolean followsAlias() {
    return alias != null && !alias.isBlank();
  }

  @Override
  public String toString() {
    return name + (followsAlias() ? "@" + alias : "/" + version) + " at " + trackingUri;
  }
}
