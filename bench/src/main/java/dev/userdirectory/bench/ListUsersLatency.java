package dev.userdirectory.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.ListUsersResponse;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;

/**
 * First-page latency of ListUsers for each documented filter and order, at growing table
 * sizes, for bench/listing. Loads users straight into the service's PostgreSQL database
 * with generate_series (far faster than the API), ANALYZEs, then times {@code runs} first
 * pages (default page size, after 10 warm-up calls) of each case over gRPC and prints
 * median and p99 per size and the ratio of the last size to the first.
 *
 * <p>
 * The users, each attribute drawn independently: 85 % active, 10 % inactive, 5 %
 * suspended; 2 % soft-deleted; ages 18–87; 40 first names by 50 last names; created in
 * batches of 100 sharing an instant (an hour apart), as CreateUsers makes them; 60 % with
 * an external id; tags staff 40 %, dev 20 %, ops 10 %, oncall 2 %, vip 0.5 %; annotation
 * example.com/team on 30 % (20 teams), cost_center on 50 % (100 values).
 *
 * Arguments: jdbcUrl port token sizes(comma-separated, ascending) [runs=50]
 */
public final class ListUsersLatency {

	private static final String FIRST_NAMES = "'Ann','Anna','Annette','Bob','Carla','Dan','Eve','Finn','Gus','Hana',"
			+ "'Ivan','Jo','Kim','Lea','Max','Nia','Olek','Pia','Quin','Rosa','Sam','Tess','Uma','Vik','Wen','Xia',"
			+ "'Yuri','Zoe','Abel','Bea','Cleo','Dora','Emil','Fay','Gil','Hugo','Ida','Jan','Kai','Lou'";

	/**
	 * A user's creation time from its number: batches of 100 share an hour, as users of
	 * one CreateUsers share an instant.
	 */
	private static final String CREATED_AT = "(timestamptz '2024-01-01 00:00:00Z' + (i / 100) * interval '1 hour')";

	private static final String LAST_NAMES = "'Smith','Jones','Brown','Lee','Khan','Garcia','Muller','Rossi','Novak',"
			+ "'Silva','Kim','Tanaka','Ivanova','Dubois','Olsen','Nagy','Costa','Meyer','Park','Lopez','Wang','Singh',"
			+ "'Haddad','Cohen','Murphy','Kowalski','Jensen','Moreau','Weber','Sato','Ali','Chen','Diaz','Evans',"
			+ "'Fischer','Gomez','Horvat','Ito','Jovanovic','Kovacs','Larsen','Mendes','Nilsson','Ortiz','Popescu',"
			+ "'Quinn','Reyes','Schmidt','Torres','Ueda'";

	private static final int WARM_UP_ROUNDS = 30;

	private static final String RANDOM = "(abs(hashint8extended(i::bigint, $1)) % $2)::int";

	private ListUsersLatency() {
	}

	/** One measured call: a name for the table and the request. */
	private record Case(String name, ListUsersRequest request) {

		static Case of(String filter, String orderBy) {
			return new Case(
					((filter.isEmpty() ? "" : filter) + (orderBy.isEmpty() ? "" : " | order_by " + orderBy)).trim(),
					ListUsersRequest.newBuilder().setFilter(filter).setOrderBy(orderBy).build());
		}

	}

	/**
	 * @param newest the created_at above which the newest 10 % of users are
	 * @param stalest the updated_at below which the 10 % least recently updated are
	 * @param externalId the external id of one of the first users
	 */
	static List<Case> cases(String newest, String stalest, String externalId) {
		List<Case> cases = new ArrayList<>();
		for (String order : List.of("", "created_at desc", "name", "name desc", "email", "email desc", "age",
				"age desc", "updated_at", "updated_at desc")) {
			cases.add(Case.of("", order));
		}
		cases.add(new Case("show_deleted", ListUsersRequest.newBuilder().setShowDeleted(true).build()));
		for (String filter : List.of("status = USER_STATUS_ACTIVE", "status = USER_STATUS_SUSPENDED",
				"status != USER_STATUS_ACTIVE", "age >= 30 AND age < 40", "age = 87",
				"created_at >= \"" + newest + "\"", "updated_at < \"" + stalest + "\"",
				"email = \"user5000@example.com\"", "email = \"user12*\"", "name = \"Ann*\"", "name = \"Zoe Ueda\"",
				"external_id = \"" + externalId + "\"", "tags:\"staff\"", "tag = \"ops\"", "tags:\"vip\"",
				"tags:\"ops\" AND status = USER_STATUS_ACTIVE", "annotations.example.com/team:*",
				"annotations.cost_center = \"cc-7\"", "tags:\"vip\" OR name = \"Ann*\"",
				"tags:\"staff\" AND NOT tags:\"ops\"",
				"status = USER_STATUS_SUSPENDED AND -annotations.cost_center:*")) {
			cases.add(Case.of(filter, ""));
		}
		cases.add(Case.of("tags:\"dev\"", "name"));
		cases.add(Case.of("status = USER_STATUS_SUSPENDED", "age desc"));
		cases.add(Case.of("name = \"Ann*\"", "updated_at desc"));
		cases.add(Case.of("tags:\"vip\"", "email"));
		// The shape ServableFilters refuses (a rare negation with no index to find it),
		// made servable by a positive restriction that matches everyone: what serving it
		// would cost.
		cases.add(Case.of("age >= 0 AND -email = \"user*\"", ""));
		return cases;
	}

	public static void main(String[] args) throws Exception {
		String jdbcUrl = args[0];
		int port = Integer.parseInt(args[1]);
		String token = args[2];
		int[] sizes = Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
		int runs = (args.length > 4) ? Integer.parseInt(args[4]) : 50;
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		UserServiceGrpc.UserServiceBlockingStub stub = UserServiceGrpc.newBlockingStub(channel)
			.withInterceptors(BearerToken.of(token));
		Map<String, double[][]> results = new LinkedHashMap<>();
		int loaded = 0;
		try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
			for (int s = 0; s < sizes.length; s++) {
				long started = System.nanoTime();
				load(db, loaded + 1, sizes[s]);
				loaded = sizes[s];
				System.out.printf("loaded %,d users in %.0f s%n", loaded, (System.nanoTime() - started) / 1e9);
				String newest = decile(db, "created_at desc");
				String stalest = decile(db, "updated_at");
				String externalId = firstExternalId(db);
				if (s == 0) {
					// Both JVMs warm on every case first: otherwise the smallest size,
					// measured first, pays for the JIT and looks slower than it is.
					for (int round = 0; round < WARM_UP_ROUNDS; round++) {
						for (Case measured : cases(newest, stalest, externalId)) {
							call(stub, measured.request());
						}
					}
				}
				for (Case measured : cases(newest, stalest, externalId)) {
					double[] millis = measure(stub, measured.request(), runs);
					String name = measured.name()
						.replace(newest, "<newest 10 %>")
						.replace(stalest, "<stalest 10 %>")
						.replace(externalId, "<an existing id>");
					results.computeIfAbsent(name, (key) -> new double[sizes.length][])[s] = millis;
					System.out.printf("%,9d  %-70s  median %7.2f ms  p99 %7.2f ms  (%d users on the page)%n", loaded,
							name, millis[0], millis[1], (int) millis[2]);
				}
			}
		}
		channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		System.out.printf("%n| filter / order_by | median at %,d | p99 | median at %,d | p99 | ratio of medians |%n",
				sizes[0], sizes[sizes.length - 1]);
		System.out.println("|---|---|---|---|---|---|");
		results.forEach((name, bySize) -> {
			double[] first = bySize[0];
			double[] last = bySize[sizes.length - 1];
			System.out.printf("| `%s` | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f |%n", name.replace("|", "\\|"),
					first[0], first[1], last[0], last[1], last[0] / first[0]);
		});
	}

	private static String firstExternalId(Connection db) throws SQLException {
		try (Statement sql = db.createStatement();
				ResultSet row = sql.executeQuery(
						"select external_id from users where external_id is not null order by created_at, id limit 1")) {
			row.next();
			return row.getString(1);
		}
	}

	/** The value of the user at the first decile of {@code order}, in RFC 3339. */
	private static String decile(Connection db, String order) throws SQLException {
		String column = order.split(" ")[0];
		try (Statement sql = db.createStatement();
				ResultSet row = sql.executeQuery("select " + column + " from users order by " + order
						+ " offset (select count(*) / 10 from users) limit 1")) {
			row.next();
			return row.getObject(1, java.time.OffsetDateTime.class).toInstant().toString();
		}
	}

	/** Median, p99 (ms) and the size of the page. */
	private static double[] measure(UserServiceGrpc.UserServiceBlockingStub stub, ListUsersRequest request, int runs) {
		int size = 0;
		for (int i = 0; i < 10; i++) {
			size = call(stub, request);
		}
		double[] millis = new double[runs];
		for (int i = 0; i < runs; i++) {
			long started = System.nanoTime();
			call(stub, request);
			millis[i] = (System.nanoTime() - started) / 1e6;
		}
		Arrays.sort(millis);
		int p99 = (int) Math.ceil(runs * 0.99) - 1;
		return new double[] { millis[runs / 2], millis[p99], size };
	}

	private static int call(UserServiceGrpc.UserServiceBlockingStub stub, ListUsersRequest request) {
		try {
			Iterator<ListUsersResponse> page = stub.withDeadlineAfter(60, TimeUnit.SECONDS).listUsers(request);
			int count = 0;
			while (page.hasNext()) {
				page.next();
				count++;
			}
			return count;
		}
		catch (StatusRuntimeException ex) {
			throw new IllegalStateException(request.getFilter() + ": " + ex.getStatus(), ex);
		}
	}

	/**
	 * Users {@code from}..{@code to} (1-based numbers, which also order their creation).
	 */
	private static void load(Connection db, int from, int to) throws SQLException {
		try (Statement sql = db.createStatement()) {
			sql.execute("drop table if exists bench_numbers");
			sql.execute("create temporary table bench_numbers as select i, gen_random_uuid() id from generate_series("
					+ from + ", " + to + ") i");
			// Soft-deleted users are purged after 2100: the service's purge job must not
			// delete them while the benchmark loads their tags.
			// r(seed, n): a pseudo-random 0..n-1 of the user's number, independent for
			// each
			// seed, so that no two attributes correlate by construction.
			sql.execute("""
					insert into users (id, email, name, age, status, bio, avatar_url, created_at, updated_at, version,
					    created_by, updated_by, external_id, delete_time, purge_time)
					select id, 'user' || i || '@example.com',
					    (array[%s])[1 + r(1, 40)] || ' ' || (array[%s])[1 + r(2, 50)],
					    18 + r(3, 70),
					    case when r(4, 100) < 85 then 'ACTIVE' when r(4, 100) < 95 then 'INACTIVE' else 'SUSPENDED' end,
					    '', '',
					    %s,
					    %s + r(5, 100000) * interval '1 minute',
					    0, 'bench', 'bench',
					    case when r(6, 5) < 3 then 'hr-' || i end,
					    case when r(7, 50) = 0 then timestamptz '2026-11-01 00:00:00Z' end,
					    case when r(7, 50) = 0 then timestamptz '2100-01-01 00:00:00Z' end
					from bench_numbers
					""".formatted(FIRST_NAMES, LAST_NAMES, CREATED_AT, CREATED_AT)
				.replaceAll("r\\((\\d+), (\\d+)\\)", RANDOM));
			sql.execute("""
					insert into user_tags (user_id, tag_order, tag)
					          select id, 0, 'staff' from bench_numbers where r(10, 10) < 4
					union all select id, 1, 'dev' from bench_numbers where r(11, 5) = 0
					union all select id, 2, 'ops' from bench_numbers where r(12, 10) = 0
					union all select id, 3, 'oncall' from bench_numbers where r(13, 50) = 0
					union all select id, 4, 'vip' from bench_numbers where r(14, 200) = 0
					""".replaceAll("r\\((\\d+), (\\d+)\\)", RANDOM));
			sql.execute(
					"""
							insert into user_annotations (user_id, annotation_key, annotation_value, user_created_at)
							          select id, 'example.com/team', 'team-' || r(21, 20), %s from bench_numbers where r(20, 10) < 3
							union all select id, 'cost_center', 'cc-' || r(23, 100), %s from bench_numbers where r(22, 2) = 0
							"""
						.formatted(CREATED_AT, CREATED_AT)
						.replaceAll("r\\((\\d+), (\\d+)\\)", RANDOM));
			// What autovacuum leaves behind after a while: statistics, and a visibility
			// map
			// that lets tag and annotation probes answer from their indexes alone.
			sql.execute("vacuum analyze users");
			sql.execute("vacuum analyze user_tags");
			sql.execute("vacuum analyze user_annotations");
			try (ResultSet count = sql.executeQuery("select count(*) from users")) {
				count.next();
				if (count.getLong(1) < to) {
					throw new IllegalStateException("expected " + to + " users, found " + count.getLong(1));
				}
			}
		}
	}

}
