package dev.dlm.core.transfer;

import dev.dlm.core.DownloadRequest;
import dev.dlm.core.event.DownloadEvent;
import dev.dlm.spi.Protocol;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.Resource;
import dev.dlm.spi.Source;
import dev.dlm.spi.TransferException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probe stage: finds out what the primary source is (retrying transient errors like a part, and
 * giving up quietly on stop), and which mirrors serve the same bytes with ranges.
 */
final class Prober {

  private static final Logger LOG = LoggerFactory.getLogger(Prober.class);

  private final Downloads downloads;
  private final RunningDownload handle;
  private final DownloadRequest request;

  Prober(Downloads downloads, RunningDownload handle) {
    this.downloads = downloads;
    this.handle = handle;
    this.request = handle.request();
  }

  /** What {@code source} names; empty when the download was stopped meanwhile. */
  Optional<Resource> probe(Source source, Protocol protocol) throws TransferException {
    for (int attempt = 1; ; attempt++) {
      if (handle.stopRequested()) {
        return Optional.empty();
      }
      try {
        return Optional.of(protocol.probe(source));
      } catch (TransferException e) {
        if (!e.retryable() || attempt >= downloads.config().retry().maxAttempts()) {
          throw e;
        }
        Duration delay = Backoff.delay(downloads.config().retry(), attempt, e.retryAfter());
        downloads.bus().publish(new DownloadEvent.Retrying(handle.id(), attempt, delay, e.kind(), e.getMessage()));
        if (!handle.pause(delay)) {
          return Optional.empty();
        }
      }
    }
  }

  List<Origin> mirrors(Origin primary) {
    List<Origin> origins = new ArrayList<>(List.of(primary));
    RangedResource main = primary.resource();
    if (!main.rangeable() || !main.lengthKnown()) {
      return origins;
    }
    for (URI uri : request.sources().subList(1, request.sources().size())) {
      Source source = new Source(uri, request.headers(), false);
      try {
        Protocol protocol = downloads.protocols().forScheme(source.scheme());
        if (protocol.probe(source) instanceof RangedResource mirror
            && mirror.rangeable()
            && mirror.lengthBytes() == main.lengthBytes()) {
          origins.add(new Origin(source, protocol, mirror));
        } else {
          LOG.info("{}: mirror on {} skipped: it does not serve the same file with ranges", handle.id(), uri.getHost());
        }
      } catch (TransferException e) {
        LOG.info("{}: mirror on {} skipped: {}", handle.id(), uri.getHost(), e.getMessage());
      }
    }
    return origins;
  }
}
