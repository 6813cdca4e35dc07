package dev.dlm.core.storage;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Maps local I/O failures to the error kinds users act on: free space, fix permissions, other. */
public final class StorageErrors {

  private StorageErrors() {}

  public static TransferException classify(IOException e, Path file) {
    if (e instanceof TransferException already) {
      return already;
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("No space left") || message.contains("Disk quota exceeded")) {
      return new TransferException(
          ErrorKind.DISK_FULL,
          "the disk is full while writing " + file + "; free some space and run the same command to resume",
          e);
    }
    if (e instanceof AccessDeniedException
        || e instanceof NotDirectoryException
        || e instanceof FileAlreadyExistsException
        || message.contains("Not a directory")
        || message.contains("Read-only file system")
        || message.contains("Permission denied")) {
      return new TransferException(
          ErrorKind.NOT_WRITABLE,
          "cannot write " + file + ": check that its directory exists as a directory and is writable",
          e);
    }
    return new TransferException(ErrorKind.LOCAL_IO, "cannot write " + file + ": " + message, e);
  }
}
