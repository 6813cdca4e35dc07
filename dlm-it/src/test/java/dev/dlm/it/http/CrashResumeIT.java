package dev.dlm.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.it.harness.Dlm;
import dev.dlm.it.harness.Nginx;
import dev.dlm.it.harness.SeededFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlm get} killed with SIGKILL at random moments, then run again to the end: the file is intact
 * and the bytes nginx served in total stay within the checkpoint bound.
 *
 * <p>The bound, per kill: the engine checkpoints at the latest once a connection has written
 * {@value #CHECKPOINT_BYTES_PER_CONNECTION} bytes since the last checkpoint (or after one second, which
 * at {@value #RATE_BYTES_PER_SECOND} B/s per connection is the same amount), so a kill loses at most
 * that much per connection; on top of it comes what was in flight — sent by nginx, not yet written by
 * dlm. nginx's {@code limit_rate} lets about one second's worth (one rate) through in a burst, so in
 * flight is at most {@value #RATE_BYTES_PER_SECOND} per connection. Hence
 *
 * <pre>served &lt;= size + kills x connections x (4 MiB checkpoint + 4 MiB in flight)
 *        = 96 MiB + 4 x 2 x 8 MiB = 160 MiB</pre>
 *
 * <p>The test can fail: each run is killed only after 12 to 20 MiB more have landed, so a client that
 * started over after each kill would fetch 96 MiB plus the 40 to 80 MiB it had before each kill — at
 * least 96 + 12 + 24 + 36 + 48 = 216 MiB.
 */
class CrashResumeIT {

  private static final long FILE_BYTES = 96L << 20;
  private static final int CONNECTIONS = 2;
  private static final int KILLS = 4;
  private static final long RATE_BYTES_PER_SECOND = 4L << 20;
  private static final long CHECKPOINT_BYTES_PER_CONNECTION = 4L << 20;
  private static final long MIN_LANDED_BEFORE_KILL_BYTES = 12L << 20;
  private static final long MAX_LANDED_BEFORE_KILL_BYTES = 20L << 20;

  @TempDir static Path serverDir;
  @AutoClose private static Nginx nginx;
  private static SeededFile file;

  @BeforeAll
  static void startNginx() {
    file = SeededFile.write(serverDir.resolve("www/archive.bin"), FILE_BYTES, 0xc4a5_4e5_0e1L);
    nginx =
        Nginx.serving(serverDir.resolve("www"))
            .throttled("/slow/", RATE_BYTES_PER_SECOND)
            .start(serverDir.resolve("nginx"));
  }

  @Test
  void resumesAfterRepeatedKillNineWithinCheckpointBound(@TempDir Path work) throws Exception {
    Path target = Files.createDirectories(work.resolve("downloads"));
    Dlm dlm = Dlm.withHome(work);
    String path = "/slow/" + file.name();
    String[] command = {"get", "-x", Integer.toString(CONNECTIONS), "-d", target.toString(), nginx.url(path).toString()};
    long seed = System.nanoTime();
    Random random = new Random(seed);

    for (int kill = 1; kill <= KILLS; kill++) {
      long landedBeforeKillBytes =
          random.nextLong(MIN_LANDED_BEFORE_KILL_BYTES, MAX_LANDED_BEFORE_KILL_BYTES);
      Dlm.Running running = dlm.start(target, command);
      Awaitility.await("run " + kill + " to write " + landedBeforeKillBytes + " bytes")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> !running.isAlive() || running.writtenBytes() >= landedBeforeKillBytes);
      assertThat(running.isAlive())
          .as("run %d (seed %d) still running when it was to be killed", kill, seed)
          .isTrue();
      assertThat(running.kill().exitCode()).isEqualTo(137);
    }
    Dlm.Result last = dlm.run(target, command);

    assertThat(last.exitCode()).as(last.describe()).isZero();
    Path downloaded = target.resolve(file.name());
    assertThat(SeededFile.sha256Of(downloaded)).as("seed %d", seed).isEqualTo(file.sha256());
    try (var left = Files.list(target)) {
      assertThat(left).as("resumed into the same file, nothing left behind").containsExactly(downloaded);
    }
    nginx.awaitIdle(Duration.ofSeconds(15));
    long servedBytes = nginx.accessLog().bodyBytesServed(path);
    long boundBytes =
        FILE_BYTES + KILLS * CONNECTIONS * (CHECKPOINT_BYTES_PER_CONNECTION + RATE_BYTES_PER_SECOND);
    assertThat(servedBytes)
        .as("bytes nginx served over %d kills (seed %d): %s", KILLS, seed, nginx.accessLog().requestsFor(path))
        .isBetween(FILE_BYTES, boundBytes);
  }
}
