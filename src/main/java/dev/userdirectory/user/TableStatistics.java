package dev.userdirectory.user;

import java.sql.DatabaseMetaData;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Component;

/**
 * Refreshes PostgreSQL's planner statistics after a bulk insert. Until autovacuum
 * analyses the tables (a minute or more later), the planner believes they are still as
 * small as before and plans ListUsers' keyset queries as "read everything after the
 * position, then sort": measured at 150 ms a query, and ListUsers of 100,000 fresh users
 * 45 times slower than with statistics. H2's plans for these queries do not depend on
 * statistics.
 */
@Component
class TableStatistics {

	/** Smaller inserts do not change the tables' shape enough to matter. */
	static final int BULK_INSERT_ROWS = 10_000;

	private static final Logger log = LoggerFactory.getLogger(TableStatistics.class);

	private final JdbcTemplate jdbc;

	/** Asked of the database at the first bulk insert, when it is surely reachable. */
	private volatile Boolean postgres;

	TableStatistics(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	private boolean isPostgres() throws Exception {
		if (this.postgres == null) {
			this.postgres = "PostgreSQL".equals(JdbcUtils.extractDatabaseMetaData(this.jdbc.getDataSource(),
					DatabaseMetaData::getDatabaseProductName));
		}
		return this.postgres;
	}

	/**
	 * Call after the insert committed: ANALYZE takes no lock that blocks readers or
	 * writers.
	 */
	void afterBulkInsert(int rows) {
		if (rows < BULK_INSERT_ROWS) {
			return;
		}
		try {
			if (isPostgres()) {
				this.jdbc.execute("ANALYZE users");
				this.jdbc.execute("ANALYZE user_tags");
			}
		}
		catch (Exception failure) {
			// Statistics only speed up plans: the users are stored either way.
			log.warn("Could not refresh table statistics after a bulk insert: {}", failure.getMessage());
		}
	}

}
