package dev.dlm.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings the schema up to date with Flyway, from the SQL files under {@code db/migration/sqlite}
 * (a folder of their own, so a future PostgreSQL store's migrations can share a class path).
 *
 * <p>Starting Flyway costs a few hundred milliseconds of class loading and validation, paid by every
 * {@code dlm get}. So when Flyway's own history table already records {@link #LATEST_VERSION}, it is
 * not started at all: Flyway still owns every schema change, it is just not asked when there is none.
 * Versions are whole numbers ({@code V1__}, {@code V2__}, ...) so that this check is a comparison.
 *
 * <p>Two dlm processes may open a fresh home at once. Flyway's table lock is a no-op on SQLite, but it
 * checks and creates its history table, and checks and applies each migration, inside one
 * transaction; the data source begins transactions {@code IMMEDIATE}, so SQLite's write lock makes
 * each check-and-apply whole, and the second process finds the work done.
 */
final class Migrations {

  static final String LOCATION = "classpath:db/migration/sqlite";

  /** The version of the newest file in {@link #LOCATION}; a test holds the two together. */
  static final int LATEST_VERSION = 1;

  private static final String HISTORY = "flyway_schema_history";

  private Migrations() {}

  /** Migrates the database that {@code source} opens; {@code connection} is one of its connections. */
  static void apply(Path file, Connection connection, DataSource source) throws SQLException {
    if (appliedVersion(connection) >= LATEST_VERSION) {
      return;
    }
    Flyway flyway =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(source)
            .locations(LOCATION)
            .failOnMissingLocations(true)
            .loggers("slf4j")
            .load();
    try {
      flyway.migrate();
    } catch (FlywayException e) {
      throw StoreErrors.migrationFailed(file, e);
    }
  }

  /** The newest version Flyway applied successfully; 0 for a database it never touched. */
  static int appliedVersion(Connection connection) throws SQLException {
    try (Statement query = connection.createStatement()) {
      try (ResultSet table =
          query.executeQuery(
              "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '" + HISTORY + "'")) {
        if (!table.next()) {
          return 0;
        }
      }
      try (ResultSet version =
          query.executeQuery(
              "SELECT coalesce(max(CAST(version AS INTEGER)), 0) FROM "
                  + HISTORY
                  + " WHERE success = 1")) {
        return version.next() ? version.getInt(1) : 0;
      }
    }
  }
}
