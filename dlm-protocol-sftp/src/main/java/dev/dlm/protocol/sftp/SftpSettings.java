package dev.dlm.protocol.sftp;

import dev.dlm.spi.ProtocolContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The SFTP options ({@code sftp.identity}, {@code sftp.knownHosts}, {@code sftp.acceptNewHostKey})
 * resolved against the user's home once, with the engine-wide timeouts.
 *
 * @param identities private key files to offer, in order; {@code sftp.identity} replaces the
 *     defaults ({@code ~/.ssh/id_ed25519}, {@code id_ecdsa}, {@code id_rsa}, those that exist)
 * @param knownHosts the known_hosts file checked, and appended to when a new key is accepted
 * @param acceptNewHostKey trust (and record) a host key never seen before; a changed key is refused
 *     regardless
 * @param agentSocket the SSH agent's socket ({@code sftp.agent}, else {@code SSH_AUTH_SOCK});
 *     {@code sftp.agent=none} turns the agent off
 */
record SftpSettings(
    List<Path> identities,
    Path knownHosts,
    boolean acceptNewHostKey,
    Optional<Path> agentSocket,
    Duration connectTimeout,
    Duration readTimeout) {

  static final String IDENTITY = "sftp.identity";
  static final String KNOWN_HOSTS = "sftp.knownHosts";
  static final String ACCEPT_NEW_HOST_KEY = "sftp.acceptNewHostKey";
  static final String AGENT = "sftp.agent";

  SftpSettings {
    identities = List.copyOf(identities);
  }

  /**
   * @param home the user's home, where {@code .ssh} is
   * @param environment where {@code SSH_AUTH_SOCK} is looked up
   */
  static SftpSettings from(ProtocolContext context, Path home, Map<String, String> environment) {
    Path ssh = home.resolve(".ssh");
    List<Path> identities =
        context
            .option(IDENTITY)
            .map(file -> List.of(expand(file, home)))
            .orElseGet(
                () ->
                    Stream.of("id_ed25519", "id_ecdsa", "id_rsa")
                        .map(ssh::resolve)
                        .filter(Files::isReadable)
                        .toList());
    Path knownHosts =
        context
            .option(KNOWN_HOSTS)
            .map(file -> expand(file, home))
            .orElse(ssh.resolve("known_hosts"));
    String accept = context.option(ACCEPT_NEW_HOST_KEY).orElse("false").toLowerCase(Locale.ROOT);
    if (!accept.equals("true") && !accept.equals("false")) {
      throw new IllegalArgumentException(
          ACCEPT_NEW_HOST_KEY + " must be true or false, got '" + accept + "'");
    }
    Optional<Path> agent =
        context
            .option(AGENT)
            .or(() -> Optional.ofNullable(environment.get("SSH_AUTH_SOCK")))
            .filter(socket -> !socket.isBlank() && !socket.equals("none"))
            .map(socket -> expand(socket, home));
    return new SftpSettings(
        identities,
        knownHosts,
        accept.equals("true"),
        agent,
        context.connectTimeout(),
        context.readTimeout());
  }

  private static Path expand(String file, Path home) {
    return file.equals("~") || file.startsWith("~/")
        ? home.resolve(file.substring(Math.min(2, file.length())))
        : Path.of(file);
  }
}
