package dev.userdirectory.user;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.stream.IntStream;

import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.support.OnPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@OnPostgres
class CreateUsersOnPostgresTests extends AbstractCreateUsersTests {

	@Test
	void aBulkInsertRefreshesThePlannerStatisticsThatListUsersDependsOn() throws Throwable {
		Instant before = Instant.now().minusSeconds(1);
		Iterator<CreateUsersRequest> items = IntStream.range(0, TableStatistics.BULK_INSERT_ROWS)
			.mapToObj(this::item)
			.iterator();

		send(items);

		for (String table : new String[] { "users", "user_tags" }) {
			Timestamp analysed = this.jdbc.queryForObject(
					"select last_analyze from pg_stat_user_tables where relname = ? and schemaname = current_schema()",
					Timestamp.class, table);
			assertThat(analysed).as(table).isNotNull();
			assertThat(analysed.toInstant()).as(table).isAfter(before);
		}
	}

}
