package dev.dlm.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HostBudgetTest {

  private final HostBudget budget = new HostBudget(1);
  private final Object a = "download a";
  private final Object b = "download b";

  @Test
  void aDownloadWithNoConnectionGoesAheadOfAnotherDownloadsExtraOne() {
    assertThat(budget.acquire("h", a, () -> false)).isTrue();
    CompletableFuture<Boolean> extraOfA = async(() -> budget.acquire("h", a, () -> false));
    CompletableFuture<Boolean> firstOfB = async(() -> budget.acquire("h", b, () -> false));
    await().atMost(Duration.ofSeconds(2)).until(() -> budget.waiting() == 2);
    assertThat(extraOfA).isNotDone();
    assertThat(firstOfB).isNotDone();

    budget.release("h", a);

    await().atMost(Duration.ofSeconds(2)).until(firstOfB::isDone);
    assertThat(extraOfA).isNotDone();
    budget.release("h", b);
    await().atMost(Duration.ofSeconds(2)).until(extraOfA::isDone);
    budget.release("h", a);
  }

  @Test
  void hostsAreCountedApartAndAStoppedWaitGivesUp() {
    assertThat(budget.acquire("one.example", a, () -> false)).isTrue();
    assertThat(budget.acquire("two.example", a, () -> false)).isTrue();
    AtomicBoolean halted = new AtomicBoolean();
    CompletableFuture<Boolean> waiting = async(() -> budget.acquire("one.example", b, halted::get));

    halted.set(true);

    await().atMost(Duration.ofSeconds(2)).until(waiting::isDone);
    assertThat(waiting.join()).isFalse();
  }

  @Test
  void theGlobalBudgetCapsEveryHostTogetherAndLetsADownloadWithNoneGoFirst() {
    HostBudget global = new HostBudget(4, 2);
    Object c = "download c";
    assertThat(global.acquire("one.example", a, () -> false)).isTrue();
    assertThat(global.acquire("two.example", a, () -> false)).isTrue();
    CompletableFuture<Boolean> extraOfA = async(() -> global.acquire("three.example", a, () -> false));
    CompletableFuture<Boolean> firstOfB = async(() -> global.acquire("one.example", b, () -> false));
    await().atMost(Duration.ofSeconds(2)).until(() -> global.waiting() == 2);
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !extraOfA.isDone() && !firstOfB.isDone());

    global.release("two.example", a);

    await().atMost(Duration.ofSeconds(2)).until(firstOfB::isDone);
    assertThat(extraOfA).isNotDone();
    CompletableFuture<Boolean> firstOfC = async(() -> global.acquire("two.example", c, () -> false));
    await().atMost(Duration.ofSeconds(2)).until(() -> global.waiting() == 2);
    global.release("one.example", a);
    await().atMost(Duration.ofSeconds(2)).until(firstOfC::isDone);
    assertThat(extraOfA).isNotDone();
    global.release("one.example", b);
    await().atMost(Duration.ofSeconds(2)).until(extraOfA::isDone);
  }

  /** On its own virtual thread: a shared pool might run the waits one after the other. */
  private static CompletableFuture<Boolean> async(java.util.function.BooleanSupplier acquire) {
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> result.complete(acquire.getAsBoolean()));
    return result;
  }

  @Test
  void theHostIsTheCaseInsensitiveHostName() {
    assertThat(HostBudget.hostOf(URI.create("https://Mirror.Example:8443/a"))).isEqualTo("mirror.example");
    assertThat(HostBudget.hostOf(URI.create("https://mirror.example/b"))).isEqualTo("mirror.example");
  }
}
