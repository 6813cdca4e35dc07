package dev.dlm.daemon.observe;

import dev.dlm.core.DownloadState;
import dev.dlm.core.store.JobRecord;
import dev.dlm.daemon.queue.QueueListener;
import dev.dlm.daemon.settings.Setting;
import dev.dlm.daemon.settings.Settings;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@code onDownloadComplete} / {@code onDownloadError} program after a download completes
 * or fails, with the download id and the file path as its two arguments (as aria2's {@code
 * --on-download-complete} does). The program runs directly, not through a shell, on its own virtual
 * thread; its output goes to the daemon's log, and it is killed after {@link #TIMEOUT_SECONDS}.
 */
public final class CommandHooks implements QueueListener {

  static final long TIMEOUT_SECONDS = 300;
  private static final Logger log = LoggerFactory.getLogger(CommandHooks.class);

  private final Settings settings;

  public CommandHooks(Settings settings) {
    this.settings = settings;
  }

  @Override
  public void stateChanged(JobRecord job, DownloadState from) {
    if (job.state() == DownloadState.COMPLETE) {
      run(Settings.ON_DOWNLOAD_COMPLETE, job);
    } else if (job.state() == DownloadState.FAILED) {
      run(Settings.ON_DOWNLOAD_ERROR, job);
    }
  }

  private void run(Setting<String> setting, JobRecord job) {
    String program = settings.get(setting);
    if (program.isBlank()) {
      return;
    }
    String path = job.target().map(Object::toString).orElse(job.request().directory().toString());
    List<String> command = List.of(program, job.id(), path);
    Thread.ofVirtual()
        .name("dlm-hook-" + job.id())
        .start(() -> execute(setting.name(), command, job.id()));
  }

  private static void execute(String hook, List<String> command, String id) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output =
          new String(
                  process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .strip();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        log.warn("{} for {} ran longer than {} s and was killed", hook, id, TIMEOUT_SECONDS);
        return;
      }
      if (process.exitValue() != 0) {
        log.warn("{} for {} exited with {}: {}", hook, id, process.exitValue(), output);
      } else {
        log.info("{} for {} done{}", hook, id, output.isEmpty() ? "" : ": " + output);
      }
    } catch (IOException e) {
      log.warn("{} for {} could not run: {}", hook, id, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
