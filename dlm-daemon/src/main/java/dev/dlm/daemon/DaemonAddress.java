package dev.dlm.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a running daemon records in its home ({@code daemon.json}, mode 0600) so that client
 * commands with the same home need no flags.
 *
 * @param url the base URL of the API, e.g. {@code http://127.0.0.1:6800}
 * @param token the bearer token in use
 * @param pid the daemon's process id
 */
public record DaemonAddress(String url, String token, long pid) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The record in {@code home}, if a daemon wrote one (it may have died since). */
  public static Optional<DaemonAddress> read(DaemonHome home) {
    Path file = home.addressFile();
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readValue(file.toFile(), DaemonAddress.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  void write(DaemonHome home) {
    try {
      DaemonHome.writeOwnerOnly(home.addressFile(), MAPPER.writeValueAsString(this) + "\n");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deletes the record if it is still this daemon's. */
  void erase(DaemonHome home) {
    if (read(home).filter(this::equals).isPresent()) {
      try {
        Files.deleteIfExists(home.addressFile());
      } catch (IOException e) {
        // Left behind: clients then fail to connect and say no daemon is running.
      }
    }
  }
}
