package dev.dlm.core.transfer;

import dev.dlm.spi.TransferException;

/**
 * A write to the local file failed. Kept apart from the stream's {@link TransferException}s so a
 * full disk stops the download instead of counting against a mirror or being retried.
 */
final class LocalWriteFailure extends Exception {

  private static final long serialVersionUID = 1L;

  LocalWriteFailure(TransferException cause) {
    super(cause.getMessage(), cause, false, false);
  }

  TransferException cause() {
    return (TransferException) getCause();
  }
}
