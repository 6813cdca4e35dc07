package dev.dlm.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RangeBodyTest {

  private static final byte[] FILE = "0123456789abcdefghij".getBytes();

  private final Owner owner = new Owner();

  private RangeBody body(InputStream data, long expectedBytes) {
    RangeBody body =
        new RangeBody(
            data,
            "ftp://host/f",
            "the file ended",
            expectedBytes,
            (cause, readBytes) ->
                new TransferException(ErrorKind.NETWORK, "broke after " + readBytes, cause),
            owner);
    owner.body = body;
    return body;
  }

  @Test
  void handsOutExactlyTheRangeThoughTheStreamGoesOn() throws IOException {
    RangeBody body = body(new ByteArrayInputStream(FILE), 7);

    assertThat(body.readAllBytes()).isEqualTo(Arrays.copyOf(FILE, 7));
    assertThat(body.ended()).isTrue();
    assertThat(body.failed()).isFalse();
  }

  @Test
  void saysHowManyBytesAreReadyWithinTheRangeOnly() throws IOException {
    RangeBody body = body(new ByteArrayInputStream(FILE), 7);

    assertThat(body.available()).isEqualTo(7);
    assertThat(body.read(new byte[5], 0, 5)).isEqualTo(5);
    assertThat(body.available()).isEqualTo(2);
    body.readAllBytes();
    assertThat(body.available()).isZero();
    assertThat(body(new ByteArrayInputStream(FILE), -1).available()).isEqualTo(FILE.length);
  }

  @Test
  void aStreamEndingBeforeTheRangeIsTruncated() {
    RangeBody body = body(new ByteArrayInputStream(FILE), 30);

    assertThatThrownBy(body::readAllBytes)
        .isInstanceOfSatisfying(
            TransferException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.TRUNCATED);
              assertThat(e.getMessage())
                  .isEqualTo("ftp://host/f: the file ended after 20 of 30 bytes");
            });
    assertThat(body.failed()).isTrue();
  }

  @Test
  void anUnknownLengthEndsWithTheStream() throws IOException {
    RangeBody body = body(new ByteArrayInputStream(FILE), -1);

    assertThat(body.readAllBytes()).isEqualTo(FILE);
    assertThat(body.ended()).isTrue();
  }

  @Test
  void aFailedReadIsMappedByTheProtocolAndCountsTheBytesBefore() throws IOException {
    InputStream breaking =
        new InputStream() {
          private int left = 5;

          @Override
          public int read() throws IOException {
            if (left == 0) {
              throw new IOException("reset");
            }
            left--;
            return 'x';
          }
        };
    RangeBody body = body(breaking, 10);
    byte[] buffer = new byte[10];

    assertThat(body.read(buffer, 0, 10)).isEqualTo(5);
    assertThatThrownBy(() -> body.read(buffer, 0, 10))
        .isInstanceOfSatisfying(
            TransferException.class, e -> assertThat(e).hasMessage("broke after 5"));
    assertThat(body.failed()).isTrue();
    assertThat(body.ended()).isFalse();
  }

  @Test
  void closingTheBodyClosesItsOwnerAndStopsReads() throws IOException {
    RangeBody body = body(new ByteArrayInputStream(FILE), 7);

    body.close();

    assertThat(owner.closed).isTrue();
    assertThatThrownBy(body::read).isInstanceOf(IOException.class);
  }

  private static final class Owner implements RangeStream {
    RangeBody body;
    boolean closed;

    @Override
    public InputStream body() {
      return body;
    }

    @Override
    public void close() {
      closed = true;
      body.markClosed();
    }
  }
}
