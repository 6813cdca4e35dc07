package dev.dlm.testing.http;

import dev.dlm.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One path the origin serves and how it behaves. Every setter may be called while requests are in
 * flight (to simulate a remote file that changes mid-download); each request reads the state once.
 */
public final class OriginFile {

  private static final Instant FIRST_VERSION = Instant.parse("2025-10-21T07:28:00Z");

  private volatile byte[] content;
  private volatile int version;
  private volatile String etag;
  private volatile String lastModified;
  private volatile boolean acceptRanges = true;
  private volatile boolean contentLength = true;
  private volatile boolean headRefused;
  private volatile boolean headWithoutLength;
  private volatile String contentDisposition;
  private volatile String basicAuthorization;
  private volatile String requiredCookie;
  private volatile DigestChallenge digest;
  private final List<String> extraHeaders = new CopyOnWriteArrayList<>();
  private final Queue<Scripted> script = new ConcurrentLinkedQueue<>();
  private final List<ActiveFault> faults = new CopyOnWriteArrayList<>();

  OriginFile(byte[] content) {
    replace(content);
  }

  /** A status the origin answers once, in order, before it serves the file normally. */
  record Scripted(int status, List<String> headerLines) {}

  private record ActiveFault(Fault fault, AtomicInteger remaining) {}

  /**
   * Replaces the content with a new version: new ETag and a later Last-Modified, so If-Range from
   * an earlier probe no longer matches.
   */
  public OriginFile replace(byte[] newContent) {
    content = newContent.clone();
    int v = ++version;
    etag = "\"" + TestData.sha256(content).substring(0, 16) + "-" + v + "\"";
    lastModified = httpDate(FIRST_VERSION.plusSeconds(3600L * (v - 1)));
    return this;
  }

  /** Sets the ETag sent (null: none). */
  public OriginFile etag(String value) {
    etag = value;
    return this;
  }

  /** Sets the Last-Modified sent, verbatim (null: none). */
  public OriginFile lastModified(String value) {
    lastModified = value;
    return this;
  }

  /** With {@code false}: no Accept-Ranges, and Range is ignored (200 with the whole body). */
  public OriginFile acceptRanges(boolean on) {
    acceptRanges = on;
    return this;
  }

  /** With {@code false}: no Content-Length; the body ends when the connection closes. */
  public OriginFile contentLength(boolean on) {
    contentLength = on;
    return this;
  }

  /** HEAD answers 405 Method Not Allowed. */
  public OriginFile refuseHead() {
    headRefused = true;
    return this;
  }

  /** HEAD answers 200 without Content-Length (GET still sends it). */
  public OriginFile headWithoutLength() {
    headWithoutLength = true;
    return this;
  }

  /** Sends this raw Content-Disposition value. */
  public OriginFile contentDisposition(String rawValue) {
    contentDisposition = rawValue;
    return this;
  }

  /** Sends one more raw header line ({@code "Name: value"}) with every 200/206/HEAD answer. */
  public OriginFile header(String line) {
    extraHeaders.add(line);
    return this;
  }

  /** Requires HTTP Basic credentials; without them the answer is 401 with a Basic challenge. */
  public OriginFile requireBasicAuth(String user, String password) {
    basicAuthorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Requires HTTP Digest credentials (MD5, qop=auth); without them the answer is 401. */
  public OriginFile requireDigestAuth(String user, String password) {
    digest = new DigestChallenge(user, password, Long.toHexString(System.nanoTime()));
    return this;
  }

  /** Requires the cookie {@code name=value}; without it the answer is 403. */
  public OriginFile requireCookie(String name, String value) {
    requiredCookie = name + "=" + value;
    return this;
  }

  /**
   * Answers the next request with {@code status} and these raw header lines, once. Calls queue up:
   * {@code script(503, "Retry-After: 2").script(503, "Retry-After: 2")} fails twice, then serves.
   */
  public OriginFile script(int status, String... headerLines) {
    script.add(new Scripted(status, List.of(headerLines)));
    return this;
  }

  /** Applies {@code fault} to every GET from now on. */
  public OriginFile fault(Fault fault) {
    return fault(fault, Integer.MAX_VALUE);
  }

  /** Applies {@code fault} to the next {@code requests} GETs only. */
  public OriginFile fault(Fault fault, int requests) {
    faults.add(new ActiveFault(fault, new AtomicInteger(requests)));
    return this;
  }

  /** Removes every fault. */
  public OriginFile clearFaults() {
    faults.clear();
    return this;
  }

  public byte[] content() {
    return content.clone();
  }

  public Optional<String> currentEtag() {
    return Optional.ofNullable(etag);
  }

  public Optional<String> currentLastModified() {
    return Optional.ofNullable(lastModified);
  }

  /** A consistent view of the file for answering one request. */
  Snapshot snapshot() {
    return new Snapshot(
        content,
        etag,
        lastModified,
        acceptRanges,
        contentLength,
        headRefused,
        headWithoutLength,
        contentDisposition,
        basicAuthorization,
        requiredCookie,
        digest,
        List.copyOf(extraHeaders));
  }

  Optional<Scripted> nextScripted() {
    return Optional.ofNullable(script.poll());
  }

  /** Takes the faults for one GET, counting down those limited to the first requests. */
  List<Fault> takeFaults() {
    List<Fault> taken = new ArrayList<>();
    for (ActiveFault active : faults) {
      if (active.remaining().getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1))
          > 0) {
        taken.add(active.fault());
      }
    }
    return taken;
  }

  record Snapshot(
      byte[] content,
      String etag,
      String lastModified,
      boolean acceptRanges,
      boolean contentLength,
      boolean headRefused,
      boolean headWithoutLength,
      String contentDisposition,
      String basicAuthorization,
      String requiredCookie,
      DigestChallenge digest,
      List<String> extraHeaders) {}

  static String httpDate(Instant instant) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
  }
}
