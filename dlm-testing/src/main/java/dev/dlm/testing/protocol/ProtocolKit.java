package dev.dlm.testing.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlm.spi.ByteRange;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.Protocol;
import dev.dlm.spi.RangeStream;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.Source;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.net.URI;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Calls and checks every protocol module's tests make against its {@link Protocol}: reading a range
 * to its end, and failing with the {@link ErrorKind} the engine acts on. One place, so every
 * protocol is held to the same reading of the SPI.
 */
public final class ProtocolKit {

  private ProtocolKit() {}

  /** A plain (not recursive, no headers) source for {@code url}. */
  public static Source source(String url) {
    return Source.of(URI.create(url));
  }

  /** Opens {@code range} of {@code resource}, reads it to its end and closes the stream. */
  public static byte[] read(
      Protocol protocol, Source source, RangedResource resource, ByteRange range)
      throws IOException {
    try (RangeStream stream = protocol.open(source, resource, range)) {
      return stream.body().readAllBytes();
    }
  }

  /** Asserts that {@code call} throws a {@link TransferException} of {@code kind}. */
  public static void assertFailsWith(ErrorKind kind, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            TransferException.class, e -> assertThat(e.kind()).isEqualTo(kind));
  }

  /**
   * Asserts that {@code call} fails with {@link ErrorKind#AUTH_FAILED}, is not retried, and does not
   * repeat the wrong {@code password} in its message.
   */
  public static void assertAuthFailedWithout(String password, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            TransferException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.AUTH_FAILED);
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).doesNotContain(password);
            });
  }
}
