package dev.dlm.spi;

import java.net.URI;
import java.util.Optional;

/**
 * The user and password a URL names, completed from netrc. Protocols with a login (FTP, SFTP) take
 * them in the same order, so one netrc entry means the same thing whatever the scheme: the URL's
 * user-info wins; without a password there, the netrc entry for the host (for the URL's user if
 * it names one; {@code default} otherwise) supplies the password, and its {@code login} the user
 * when the URL has none. What happens when both are still missing (anonymous, the local
 * user, a prompt) is the protocol's choice.
 *
 * @param user the user to log in as, decoded
 * @param password the password, decoded
 */
public record Login(Optional<String> user, Optional<String> password) {

  /** The login for {@code uri}, completed from {@code netrc}. */
  public static Login of(URI uri, Netrc netrc) {
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    String userInfo = uri.getUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      user = Optional.of(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? Optional.empty() : Optional.of(userInfo.substring(colon + 1));
    }
    if (password.isEmpty() && uri.getHost() != null) {
      Optional<Netrc.Entry> entry =
          user.isPresent() ? netrc.find(uri.getHost(), user.get()) : netrc.find(uri.getHost());
      if (entry.isPresent() && entry.get().login().isPresent()) {
        user = user.or(entry.get()::login);
        password = entry.get().password();
      }
    }
    return new Login(user, password);
  }

  @Override
  public String toString() {
    return "Login[user="
        + user.orElse("")
        + ", password="
        + (password.isPresent() ? "<hidden>" : "")
        + "]";
  }
}
