package dev.dlm.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;

/**
 * A self-signed RSA certificate and its key as PEM files, for servers that read OpenSSL's formats.
 *
 * <p>Made with the JDK's own {@code keytool} (always there, unlike the {@code openssl} command on a
 * minimal machine) into a PKCS#12 store, then written out as an X.509 certificate and an
 * unencrypted PKCS#8 key.
 */
final class SelfSignedCertificate {

  private static final String ALIAS = "server";
  private static final char[] STORE_PASSWORD = "dlm-it".toCharArray();

  private SelfSignedCertificate() {}

  /** Generates a pair for {@code commonName} in {@code store} and writes {@code certPem}, {@code keyPem} (mode 600). */
  static void write(Path store, String commonName, Path certPem, Path keyPem) {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Processes.run(
        List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048",
            "-validity", "2", "-dname", "CN=" + commonName, "-storetype", "PKCS12", "-keystore", store.toString(),
            "-storepass", new String(STORE_PASSWORD), "-keypass", new String(STORE_PASSWORD)),
        new byte[0]);
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(in, STORE_PASSWORD);
      Certificate certificate = keyStore.getCertificate(ALIAS);
      PrivateKey key = (PrivateKey) keyStore.getKey(ALIAS, STORE_PASSWORD);
      Files.writeString(certPem, pem("CERTIFICATE", certificate.getEncoded()));
      Files.writeString(keyPem, "");
      Files.setPosixFilePermissions(keyPem, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the key store keytool wrote", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
