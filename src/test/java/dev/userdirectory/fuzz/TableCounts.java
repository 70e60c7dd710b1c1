package dev.userdirectory.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The row counts of every table a users.v1 call can write, read through the service's own
 * database.
 */
record TableCounts(Map<String, Long> rows) {

	/**
	 * Users and their tags, the change feed (outbox), data blobs and their chunks, chat,
	 * bio edits.
	 */
	static final List<String> TABLES = List.of("users", "user_tags", "user_annotations", "user_changes", "user_data",
			"blob_chunks", "chat_messages", "bio_edits");

	static TableCounts read(JdbcTemplate jdbc) {
		Map<String, Long> rows = new LinkedHashMap<>();
		for (String table : TABLES) {
			rows.put(table, jdbc.queryForObject("select count(*) from " + table, Long.class));
		}
		return new TableCounts(rows);
	}

	/**
	 * The tables that grew past {@code allowedGrowth} (0 unless named) or shrank since
	 * {@code before}.
	 */
	List<String> changedSince(TableCounts before, Map<String, Integer> allowedGrowth) {
		List<String> changed = new ArrayList<>();
		for (String table : TABLES) {
			long delta = this.rows.get(table) - before.rows.get(table);
			if (delta < 0 || delta > allowedGrowth.getOrDefault(table, 0)) {
				changed.add(table + " " + before.rows.get(table) + " → " + this.rows.get(table));
			}
		}
		return changed;
	}

}
