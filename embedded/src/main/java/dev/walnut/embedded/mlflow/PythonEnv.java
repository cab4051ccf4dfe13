package dev.walnut.embedded.mlflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's Python virtualenv ({@code .walnut/venv}, pinned {@code models/requirements.txt}),
 * created on first use by {@code scripts/python-env.sh}. MLflow's server and the model-building
 * scripts run from it.
 */
public final class PythonEnv {
  private static final String SCRIPT = "scripts/python-env.sh";

  private final Path projectRoot;
  private final Path python;

  private PythonEnv(Path projectRoot, Path python) {
    this.projectRoot = projectRoot;
    this.python = python;
  }

  /**
   * Finds the project (env {@code WALNUT_HOME}, else the nearest directory above the working
   * directory that holds {@code scripts/python-env.sh}) and prepares its virtualenv.
   */
  public static PythonEnv locate() {
    Path root = findProjectRoot();
    Path script = root.resolve(SCRIPT);
    try {
      Process p =
          new ProcessBuilder("bash", script.toString())
              .directory(root.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException(
            SCRIPT + " failed (exit " + p.exitValue() + "); run scripts/setup.sh");
      }
      List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
      if (lines.isEmpty()) {
        throw new IllegalStateException(SCRIPT + " printed no python path; run scripts/setup.sh");
      }
      Path python = Path.of(lines.get(lines.size() - 1).trim());
      if (!Files.isExecutable(python)) {
        throw new IllegalStateException(
            "the project python " + python + " is not executable; run scripts/setup.sh");
      }
      return new PythonEnv(root, python);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preparing the python env", e);
    }
  }

  /** The project root (the directory with {@code scripts/} and {@code models/}). */
  public static Path findProjectRoot() {
    String home = System.getenv("WALNUT_HOME");
    if (home != null && !home.isBlank()) {
      Path root = Path.of(home).toAbsolutePath();
      if (!Files.isRegularFile(root.resolve(SCRIPT))) {
        throw new IllegalStateException("WALNUT_HOME=" + home + " has no " + SCRIPT);
      }
      return root;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(SCRIPT))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the Walnut project (no "
            + SCRIPT
            + " above "
            + Path.of("").toAbsolutePath()
            + "); run from the project or set WALNUT_HOME");
  }

  public Path projectRoot() {
    return projectRoot;
  }

  public Path python() {
    return python;
  }

  /**
   * Runs a Python script to completion and returns its stdout; a non-zero exit or a timeout becomes
   * an exception carrying the tail of stderr.
   */
  public String run(Path script, List<String> args, java.time.Duration timeout) {
    return run(script, args, timeout, line -> {});
  }

  /**
   * The same, handing each line the script prints to {@code lines} as it comes (a long step's
   * progress); stdout is still returned whole.
   */
  public String run(
      Path script,
      List<String> args,
      java.time.Duration timeout,
      java.util.function.Consumer<String> lines) {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(python.toString());
    cmd.add(script.toString());
    cmd.addAll(args);
    try {
      Path err = Files.createTempFile("walnut-python-", ".log");
      try {
        Process p =
            new ProcessBuilder(cmd)
                .directory(projectRoot.toFile())
                .redirectError(err.toFile())
                .start();
        StringBuilder collected = new StringBuilder();
        try (java.io.BufferedReader r =
            new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            collected.append(line).append('\n');
            lines.accept(line);
          }
        }
        String out = collected.toString();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          throw new IllegalStateException(script.getFileName() + " timed out after " + timeout);
        }
        if (p.exitValue() != 0) {
          String log = Files.readString(err);
          throw new IllegalStateException(
              script.getFileName()
                  + " failed (exit "
                  + p.exitValue()
                  + "): "
                  + log.substring(Math.max(0, log.length() - 3000)));
        }
        return out;
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script, e);
    }
  }
}
