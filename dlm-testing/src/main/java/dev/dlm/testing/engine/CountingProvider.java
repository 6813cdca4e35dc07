package dev.dlm.testing.engine;

import dev.dlm.spi.ByteRange;
import dev.dlm.spi.Protocol;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.spi.ProtocolProvider;
import dev.dlm.spi.RangeStream;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.Resource;
import dev.dlm.spi.Source;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a provider and records the most range streams its protocols had open at once. Caps such as
 * the engine's connections per host are only visible at this seam: a server counts idle pooled
 * connections and probes too, so its own count cannot show what the engine allowed.
 */
public final class CountingProvider implements ProtocolProvider {

  private final ProtocolProvider delegate;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();

  public CountingProvider(ProtocolProvider delegate) {
    this.delegate = delegate;
  }

  /** The most streams that were open at the same time so far. */
  public int peakOpenStreams() {
    return peak.get();
  }

  @Override
  public Set<String> schemes() {
    return delegate.schemes();
  }

  @Override
  public Protocol create(ProtocolContext context) {
    Protocol protocol = delegate.create(context);
    return new Protocol() {
      @Override
      public Resource probe(Source source) throws TransferException {
        return protocol.probe(source);
      }

      @Override
      public RangeStream open(Source source, RangedResource resource, ByteRange range)
          throws TransferException {
        RangeStream stream = protocol.open(source, resource, range);
        peak.accumulateAndGet(open.incrementAndGet(), Math::max);
        return new RangeStream() {
          private boolean closed;

          @Override
          public InputStream body() {
            return stream.body();
          }

          @Override
          public void close() throws IOException {
            if (!closed) {
              closed = true;
              open.decrementAndGet();
            }
            stream.close();
          }
        };
      }

      @Override
      public void close() {
        protocol.close();
      }
    };
  }
}
