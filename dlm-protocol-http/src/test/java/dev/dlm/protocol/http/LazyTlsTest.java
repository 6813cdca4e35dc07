package dev.dlm.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.junit.jupiter.api.Test;

class LazyTlsTest {

  @Test
  void theTlsContextIsBuiltOnFirstUseAndOnlyOnce() {
    AtomicInteger builds = new AtomicInteger();
    TlsSocketStrategy real = (socket, target, port, attachment, context) -> null;
    LazyTls lazy =
        new LazyTls(
            () -> {
              builds.incrementAndGet();
              return real;
            });

    assertThat(lazy.built()).isFalse();
    assertThat(builds).hasValue(0);

    assertThat(lazy.strategy()).isSameAs(real);
    assertThat(lazy.strategy()).isSameAs(real);
    assertThat(builds).hasValue(1);
    assertThat(lazy.built()).isTrue();
  }
}
