package dev.walnut.designer.runtime;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;

/**
 * The states the designer reports for a scenario's job, and which of them mean it still runs — in
 * one place: the server decides, and the API's status answers {@code live} so the UI never keeps
 * its own list.
 */
public final class JobStates {
  /** No deployment of the scenario is known. */
  public static final String NOT_DEPLOYED = "NOT_DEPLOYED";

  /**
   * The cluster does not know the recorded job (the local cluster started anew with this designer,
   * or the remote one dropped it).
   */
  public static final String LOST = "LOST";

  /** Flink's terminal states: FINISHED, CANCELED, FAILED and SUSPENDED. */
  private static final Set<String> ENDED =
      Arrays.stream(JobStatus.values())
          .filter(JobStatus::isTerminalState)
          .map(JobStatus::name)
          .collect(Collectors.toUnmodifiableSet());

  private JobStates() {}

  /**
   * The state of a scenario this designer process follows no job of, from its recorded deploys and
   * cancels (newest first): {@code CANCELED} when it was cancelled last, {@link #LOST} when it was
   * deployed last (its job is gone), else {@link #NOT_DEPLOYED}.
   */
  public static String fromHistory(
      java.util.List<dev.walnut.designer.store.DeploymentRecord> history) {
    if (history.isEmpty()) {
      return NOT_DEPLOYED;
    }
    return "cancel".equals(history.get(0).action()) ? JobStatus.CANCELED.name() : LOST;
  }

  /** Whether a job in {@code state} may still process records (or is about to). */
  public static boolean live(String state) {
    return !ended(state);
  }

  /**
   * Whether a job in {@code state} runs no more: Flink's terminal states, lost or never deployed.
   */
  public static boolean ended(String state) {
    return ENDED.contains(state) || LOST.equals(state) || NOT_DEPLOYED.equals(state);
  }
}
