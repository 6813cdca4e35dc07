package dev.dlm.protocol.sftp;

import dev.dlm.spi.Prompt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.util.io.resource.PathResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The user's private keys (OpenSSH or PEM files: ed25519, ECDSA, RSA), offered for public-key
 * authentication. An encrypted key asks for its passphrase through the {@link Prompt} (three
 * tries); a key that cannot be read or decrypted is skipped rather than failing the login, since
 * another key or a password may still work. Keys are decoded once and kept, so the passphrase is
 * asked once.
 */
final class KeyIdentities implements KeyIdentityProvider {

  private static final int PASSPHRASE_TRIES = 3;

  private final List<Path> files;
  private final Prompt prompt;
  private final Map<Path, List<KeyPair>> decoded = new ConcurrentHashMap<>();

  KeyIdentities(List<Path> files, Prompt prompt) {
    this.files = List.copyOf(files);
    this.prompt = prompt;
  }

  @Override
  public Iterable<KeyPair> loadKeys(SessionContext session) {
    List<KeyPair> keys = new ArrayList<>();
    for (Path file : files) {
      List<KeyPair> known = decoded.get(file);
      if (known == null) {
        known = decode(session, file);
        decoded.putIfAbsent(file, known);
      }
      keys.addAll(known);
    }
    return keys;
  }

  private List<KeyPair> decode(SessionContext session, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<KeyPair> keys = new ArrayList<>();
      Iterable<KeyPair> loaded =
          SecurityUtils.loadKeyPairIdentities(
              session, new PathResource(file), in, new Passphrase(file));
      if (loaded != null) {
        loaded.forEach(keys::add);
      }
      return List.copyOf(keys);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return List.of();
    }
  }

  /** Asks for the passphrase of one key file, and again after a wrong one. */
  private final class Passphrase implements FilePasswordProvider {
    private final Path file;

    Passphrase(Path file) {
      this.file = file;
    }

    @Override
    public String getPassword(SessionContext session, NamedResource resource, int retryIndex) {
      return prompt.secret("Passphrase for key " + file + ": ").map(String::new).orElse(null);
    }

    @Override
    public ResourceDecodeResult handleDecodeAttemptResult(
        SessionContext session,
        NamedResource resource,
        int retryIndex,
        String password,
        Exception err) {
      if (err == null) {
        return ResourceDecodeResult.TERMINATE;
      }
      return password != null && retryIndex + 1 < PASSPHRASE_TRIES
          ? ResourceDecodeResult.RETRY
          : ResourceDecodeResult.IGNORE;
    }
  }
}
