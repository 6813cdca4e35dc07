package dev.dlm.cli.progress;

import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.DownloadState;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a view remembers of one download between events. Guarded by its view's lock. */
final class Tracked {

  final String id;
  URI url;
  String label;
  DownloadSnapshot snapshot;
  Instant lastPrinted = Instant.MIN;

  Tracked(String id) {
    this.id = id;
    this.label = id;
    this.snapshot =
        new DownloadSnapshot(
            id, DownloadState.QUEUED, Optional.empty(), -1, 0, 0, Optional.empty(), 0, List.of(),
            Optional.empty());
  }

  /**
   * Takes download {@code id} out of a view's {@code downloads} when it finishes; one that never
   * had an event is new, labelled from its {@code url}.
   */
  static Tracked remove(Map<String, Tracked> downloads, String id, URI url) {
    Tracked download = downloads.remove(id);
    if (download == null) {
      download = new Tracked(id);
      download.url(url);
    }
    return download;
  }

  void url(URI newUrl) {
    if (url == null) {
      url = newUrl;
      label = DisplayUrl.lastSegment(newUrl);
    }
  }

  void planned(Path target, long totalBytes, long resumedBytes) {
    label = target.getFileName() == null ? target.toString() : target.getFileName().toString();
    DownloadSnapshot s = snapshot;
    snapshot =
        new DownloadSnapshot(
            id, s.state(), Optional.of(target), totalBytes, Math.max(resumedBytes, s.completedBytes()),
            s.speedBytesPerSecond(), s.eta(), s.connections(), s.parts(), s.error());
  }
}
