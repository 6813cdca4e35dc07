package dev.dlm.protocol.http;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;

/**
 * The body of an HTTP/1.1 response on a pooled connection: released, the connection goes back to
 * the pool; aborted, the request is cancelled and the connection closed.
 */
record PooledBody(HttpUriRequestBase request, ClassicHttpResponse response)
    implements Exchange.Body {

  @Override
  public InputStream content() throws IOException {
    HttpEntity entity = response.getEntity();
    return entity == null ? InputStream.nullInputStream() : entity.getContent();
  }

  @Override
  public void release() {
    try {
      response.close();
    } catch (IOException e) {
      // the connection is discarded by the pool
    }
  }

  @Override
  public void abort() {
    request.cancel();
    release();
  }
}
