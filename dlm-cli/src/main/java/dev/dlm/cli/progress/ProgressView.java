package dev.dlm.cli.progress;

import dev.dlm.cli.Shell;
import dev.dlm.cli.TerminalScreen;
import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.event.DownloadEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Shows the downloads of one command while they run. Engine events arrive through {@link #accept}
 * on the event bus's subscriber thread (so drawing never slows a transfer); {@link #started} and
 * {@link #finished} come from the threads that start downloads and wait for them. Implementations
 * serialise all of it with a lock that only these threads share: the engine never waits on it.
 *
 * <p>Every view prints failures as one line on standard error; the views differ in everything
 * else.
 */
public sealed interface ProgressView extends Consumer<DownloadEvent>, AutoCloseable
    permits SerialisedView, QuietView {

  /** How often plain lines are printed while a download runs. */
  Duration PLAIN_INTERVAL = Duration.ofSeconds(3);

  /** A download was handed to the engine and has the job id {@code id}. */
  void started(String id, URI url, Path directory);

  /** A download ended with {@code outcome}. */
  void finished(String id, URI url, DownloadOutcome outcome);

  /**
   * A download that could not even start (its URL's protocol is not supported, its directory
   * cannot be created): {@code line} is the whole error, printed as {@code dlm: line}.
   */
  void rejected(String line);

  /** Removes the live lines, if any. */
  @Override
  void close();

  static ProgressView create(ProgressMode mode, Shell shell) {
    return switch (mode) {
      case BAR ->
          shell
              .terminal()
              .<ProgressView>map(screen -> new BarView(shell, screen))
              .orElseGet(() -> new BarView(shell, TerminalScreen.fixed(80, false, false)));
      case PLAIN -> new PlainView(shell, PLAIN_INTERVAL);
      case JSON -> new JsonView(shell);
      case QUIET -> new QuietView(shell);
    };
  }
}
