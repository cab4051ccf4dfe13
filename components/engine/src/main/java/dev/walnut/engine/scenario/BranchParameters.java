package dev.walnut.engine.scenario;

import java.util.List;

/** The parameters a join node takes for one incoming branch. */
public record BranchParameters(String branchId, List<NodeParameter> parameters) {
  public BranchParameters {
    parameters = List.copyOf(parameters);
  }
}
