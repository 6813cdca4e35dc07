package dev.dlm.cli.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {

  @TempDir Path work;

  /** A command that stops behaving as trained would leave ./dlm without its start-up cache. */
  @Test
  void everyTrainingCommandEndsAsExpected() throws Exception {
    try (SampleServer server = SampleServer.start()) {
      assertThat(Training.run(server, work)).isTrue();
    }
  }

  @Test
  void theDaemonStartsServesItsClientAndStops() throws Exception {
    try (SampleServer server = SampleServer.start()) {
      assertThat(Training.runDaemon(server, work)).isTrue();
    }
  }
}
