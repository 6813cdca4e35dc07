package dev.dlm.testing.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away certificate for 127.0.0.1 and localhost, made by the running JDK's {@code keytool}
 * in a temporary directory: no key material is committed, and every test run has its own.
 */
public record SelfSignedCertificate(KeyStore keyStore, char[] password) {

  private static final java.util.concurrent.locks.ReentrantLock LOCK =
      new java.util.concurrent.locks.ReentrantLock();
  private static SelfSignedCertificate shared;

  /** One certificate per JVM: keytool takes seconds, and tests only need one that is untrusted. */
  public static SelfSignedCertificate generate() throws IOException {
    LOCK.lock();
    try {
      if (shared == null) {
        shared = generateWithKeytool();
      }
      return shared;
    } finally {
      LOCK.unlock();
    }
  }

  private static SelfSignedCertificate generateWithKeytool() throws IOException {
    Path dir = Files.createTempDirectory("dlm-origin-tls");
    Path store = dir.resolve("origin.p12");
    char[] password = "origin-test".toCharArray();
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command =
        List.of(
            keytool.toString(),
            "-genkeypair",
            "-alias",
            "origin",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-dname",
            "CN=localhost",
            "-ext",
            "san=ip:127.0.0.1,dns:localhost",
            "-validity",
            "2",
            "-storetype",
            "PKCS12",
            "-keystore",
            store.toString(),
            "-storepass",
            new String(password),
            "-keypass",
            new String(password));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool failed: " + new String(output));
      }
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keyStore.load(in, password);
      }
      return new SelfSignedCertificate(keyStore, password);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while generating a certificate", e);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load the generated certificate", e);
    } finally {
      Files.deleteIfExists(store);
      Files.deleteIfExists(dir);
    }
  }

  public SSLContext serverContext() throws IOException {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build a TLS context", e);
    }
  }
}
