package dev.dlm.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdleSessionsTest {

  private final IdleSessions<String, String> idle = new IdleSessions<>(2);

  @Test
  void theMostRecentlyKeptSessionOfAnEndpointComesBackFirst() {
    idle.offer("a", "a1");
    idle.offer("a", "a2");
    idle.offer("b", "b1");

    assertThat(idle.poll("a")).isEqualTo("a2");
    assertThat(idle.poll("a")).isEqualTo("a1");
    assertThat(idle.poll("a")).isNull();
    assertThat(idle.count("b")).isEqualTo(1);
  }

  @Test
  void anEndpointKeepsNoMoreThanItsShare() {
    assertThat(idle.offer("a", "a1")).isTrue();
    assertThat(idle.offer("a", "a2")).isTrue();

    assertThat(idle.offer("a", "a3")).isFalse();
    assertThat(idle.count("a")).isEqualTo(2);
  }

  @Test
  void drainingHandsOverEverySessionAndKeepsNoneAfterwards() {
    idle.offer("a", "a1");
    idle.offer("b", "b1");

    assertThat(idle.drain()).containsExactlyInAnyOrder("a1", "b1");
    assertThat(idle.offer("a", "a2")).isFalse();
    assertThat(idle.count("a")).isZero();
  }
}
