package dev.vectorizer.backup;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** A Unix cron expression (five fields, UTC), parsed by cron-utils. Immutable, thread-safe. */
final class Schedule {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final ExecutionTime execution;

  private Schedule(ExecutionTime execution) {
    this.execution = execution;
  }

  static Schedule parse(String expression) {
    try {
      return new Schedule(ExecutionTime.forCron(PARSER.parse(expression)));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "'backup.schedule' is not a cron expression (minute hour day month weekday): '"
              + expression
              + "': "
              + e.getMessage(),
          e);
    }
  }

  /** The first run strictly after {@code after}. */
  Instant next(Instant after) {
    return execution
        .nextExecution(ZonedDateTime.ofInstant(after, ZoneOffset.UTC))
        .map(ZonedDateTime::toInstant)
        .orElseThrow(() -> new IllegalStateException("the schedule never fires again"));
  }
}
