package dev.dlm.protocol.http;

import java.net.URI;

/**
 * URLs without their user-info part: for requests (HttpClient refuses user-info) and for messages,
 * which must never show a credential. Messages also hide the query, where signed URLs keep tokens.
 */
final class SafeUri {

  private SafeUri() {}

  static URI withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null && uri.getRawFragment() == null) {
      return uri;
    }
    StringBuilder text = new StringBuilder(uri.getScheme()).append("://").append(uri.getHost());
    if (uri.getPort() != -1) {
      text.append(':').append(uri.getPort());
    }
    text.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    if (uri.getRawQuery() != null) {
      text.append('?').append(uri.getRawQuery());
    }
    return URI.create(text.toString());
  }

  static String display(URI uri) {
    if (uri.getHost() == null) {
      return "the URL";
    }
    StringBuilder text = new StringBuilder(uri.getScheme()).append("://").append(uri.getHost());
    if (uri.getPort() != -1) {
      text.append(':').append(uri.getPort());
    }
    text.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    return uri.getRawQuery() == null ? text.toString() : text.append("?…").toString();
  }
}
