package dev.walnut.designer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.designer.runtime.JobStates;
import org.junit.jupiter.api.Test;

class JobStatesTest {
  @Test
  void onlyAJobThatMayStillProcessRecordsIsLive() {
    assertThat(JobStates.live("RUNNING")).isTrue();
    assertThat(JobStates.live("CREATED")).isTrue();
    assertThat(JobStates.live("RESTARTING")).as("restarting jobs come back").isTrue();
    assertThat(JobStates.live("CANCELLING")).isTrue();
    for (String ended :
        new String[] {"FINISHED", "CANCELED", "FAILED", "SUSPENDED", "LOST", "NOT_DEPLOYED"}) {
      assertThat(JobStates.ended(ended)).as(ended).isTrue();
    }
  }
}
