package dev.dlm.testing.http2;

/**
 * A misbehaviour of one HTTP/2 stream. Unlike HTTP/1.1 faults, none of them touches the
 * connection: the other streams on it go on, which is what a client must survive on HTTP/2.
 */
public sealed interface H2Fault {

  /** Sends {@code bodyBytes} of the body, then resets the stream (RST_STREAM). */
  record ResetAfter(long bodyBytes) implements H2Fault {}

  /** Declares the full length, sends {@code bodyBytes}, then ends the stream (END_STREAM). */
  record Truncate(long bodyBytes) implements H2Fault {}

  /** Answers a ranged request with 200 and the whole body. */
  record IgnoreRange() implements H2Fault {}

  /** Sends {@code afterBytes} of the body, then nothing more on this stream. */
  record Stall(long afterBytes) implements H2Fault {}
}
