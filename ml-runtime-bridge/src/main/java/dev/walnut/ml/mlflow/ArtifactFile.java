package dev.walnut.ml.mlflow;

/** One entry of an artifact directory listing; {@code path} is relative to the listed directory. */
public record ArtifactFile(String path, boolean isDir, long size) {}
