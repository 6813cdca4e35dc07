package dev.dlm.testing.http;

/**
 * A misbehaviour of the origin while it answers a GET. Faults are what a download manager exists to
 * survive, so each one is a value a test can attach to a file for all or only the first requests.
 */
public sealed interface Fault {

  /** Sends {@code bodyBytes} of the body, then resets the connection (RST). */
  record DropAfter(long bodyBytes) implements Fault {}

  /** Declares the full length, sends {@code bodyBytes}, then closes cleanly (FIN). */
  record Truncate(long bodyBytes) implements Fault {}

  /** Answers a ranged request with 200 and the whole body, as servers without range support do. */
  record IgnoreRange() implements Fault {}

  /** Answers 206 with a Content-Range one byte off from the requested range. */
  record WrongContentRange() implements Fault {}

  /**
   * Sends {@code extraBytes} past the requested range; Content-Length (when sent) counts them, so
   * the client can notice before reading, and without Content-Length the extras simply follow.
   */
  record OverSend(long extraBytes) implements Fault {}

  /** Sends the body at no more than {@code bytesPerSecond}. */
  record Throttle(long bytesPerSecond) implements Fault {}

  /** Sends {@code afterBytes} of the body, then sends nothing until the client gives up. */
  record Stall(long afterBytes) implements Fault {}

  static Fault dropAfter(long bodyBytes) {
    return new DropAfter(bodyBytes);
  }

  static Fault truncate(long bodyBytes) {
    return new Truncate(bodyBytes);
  }

  static Fault ignoreRange() {
    return new IgnoreRange();
  }

  static Fault wrongContentRange() {
    return new WrongContentRange();
  }

  static Fault overSend(long extraBytes) {
    return new OverSend(extraBytes);
  }

  static Fault throttle(long bytesPerSecond) {
    return new Throttle(bytesPerSecond);
  }

  static Fault stall(long afterBytes) {
    return new Stall(afterBytes);
  }
}
