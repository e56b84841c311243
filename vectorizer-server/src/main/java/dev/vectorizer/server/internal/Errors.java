package dev.vectorizer.server.internal;

import dev.vectorizer.CollectionExistsException;
import dev.vectorizer.CollectionNotFoundException;
import dev.vectorizer.CollectionUnavailableException;
import dev.vectorizer.CorruptedDataException;
import dev.vectorizer.StoreClosedException;
import dev.vectorizer.StoreLockedException;
import dev.vectorizer.backup.BackupException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps exceptions to statuses and {@code {"error", "code"}} bodies, as DESIGN.md says ("The
 * service"): bad arguments 400, missing collections 404, a locked or closed store 503. Messages
 * lose the caller's tenant prefix. Unexpected failures are logged with the request id and answered
 * without their details.
 */
final class Errors {
  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

  private Errors() {}

  static Reply reply(Throwable t, Principal p, String requestId) {
    int status;
    String code;
    Map<String, String> headers = Map.of();
    switch (t) {
      case ApiException a -> {
        status = a.status();
        code = a.code();
        headers = a.headers();
      }
      case CollectionNotFoundException e -> {
        status = 404;
        code = "collection_not_found";
      }
      case CollectionExistsException e -> {
        status = 409;
        code = "collection_exists";
      }
      case BackupException e -> {
        status = 422;
        code = "backup_invalid";
      }
      case IllegalArgumentException e -> {
        status = 400;
        code = "invalid_argument";
      }
      case CollectionUnavailableException e -> {
        status = 503;
        code = "collection_unavailable";
        LOG.error("request {}: {}", requestId, e.getMessage(), e);
      }
      case StoreLockedException e -> {
        status = 503;
        code = "store_locked";
      }
      case StoreClosedException e -> {
        status = 503;
        code = "store_closed";
      }
      case UnsupportedOperationException e -> {
        status = 409;
        code = "unsupported";
      }
      case CorruptedDataException e -> {
        status = 500;
        code = "corrupted_data";
        LOG.error("request {} found corrupted data", requestId, e);
      }
      default -> {
        LOG.error("request {} failed", requestId, t);
        return Reply.of(
            500,
            errorBody(
                "internal error (request " + requestId + "); the server log has the details",
                "internal"));
      }
    }
    String message = t.getMessage() == null ? t.toString() : t.getMessage();
    return new Reply(
        status,
        errorBody(p == null ? message : Tenancy.scrub(p, message), code),
        null,
        null,
        headers);
  }

  static Map<String, Object> errorBody(String message, String code) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    m.put("code", code);
    return m;
  }
}
