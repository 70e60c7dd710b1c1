package dev.userdirectory.fuzz;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.WatchUserChangesRequest;

/**
 * Page and resume tokens a client might forge, damage or mix up: each must be refused as
 * INVALID_ARGUMENT (or OUT_OF_RANGE), never taken for a position, never crash the
 * service.
 */
final class HostileTokens {

	private final Random random;

	private final ValidRequests.Fixture fixture;

	private final FuzzCases cases;

	HostileTokens(long seed, ValidRequests.Fixture fixture, FuzzCases cases) {
		this.random = new Random(seed);
		this.fixture = fixture;
		this.cases = cases;
	}

	List<FuzzCase> pageTokens() {
		List<FuzzCase> calls = new ArrayList<>();
		forgeriesOf(this.fixture.pageToken())
			.forEach((label, token) -> calls.add(list(label, token, this.fixture.listFilter(), 1)));
		calls.add(list("a resume token as page token", this.fixture.resumeToken(), this.fixture.listFilter(), 1));
		calls.add(list("a token from another filter", this.fixture.pageToken(), "status = USER_STATUS_ACTIVE", 1));
		calls.add(list("a token from a filter, without it", this.fixture.pageToken(), "", 1));
		for (int pageSize : new int[] { -1, Integer.MIN_VALUE, Integer.MAX_VALUE }) {
			calls.add(list("page_size " + pageSize, this.fixture.pageToken(), this.fixture.listFilter(), pageSize));
		}
		return calls;
	}

	List<FuzzCase> resumeTokens() {
		List<FuzzCase> calls = new ArrayList<>();
		forgeriesOf(this.fixture.resumeToken()).forEach((label, token) -> calls.add(watch(label, token)));
		calls.add(watch("a page token as resume token", this.fixture.pageToken()));
		return calls;
	}

	/** Damaged and forged versions of a token this service issued, by what they are. */
	private Map<String, String> forgeriesOf(String token) {
		Map<String, String> forgeries = new LinkedHashMap<>();
		forgeries.put("truncated by one", token.substring(0, token.length() - 1));
		forgeries.put("truncated by half", token.substring(0, token.length() / 2));
		forgeries.put("one character changed (bad signature)", changeOneCharacter(token));
		forgeries.put("random bytes, base64url like a real one (bad signature)", base64(token.length() * 3 / 4));
		forgeries.put("random bytes, base64url, short", base64(4));
		forgeries.put("standard base64 with padding", Base64.getEncoder().encodeToString(randomBytes(20)));
		forgeries.put("not base64", "%%% not a token \u00e9\u00e8 ###");
		forgeries.put("1024 characters (the longest allowed)", base64(768));
		forgeries.put("1 MiB", "A".repeat(1024 * 1024));
		forgeries.put("the token twice", token + token);
		return forgeries;
	}

	private String changeOneCharacter(String token) {
		char[] characters = token.toCharArray();
		int at = this.random.nextInt(characters.length);
		characters[at] = (characters[at] == 'A') ? 'B' : 'A';
		return new String(characters);
	}

	private String base64(int bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
	}

	private byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private FuzzCase list(String label, String token, String filter, int pageSize) {
		return this.cases.encoded("ListUsers", "page token: " + label,
				ListUsersRequest.newBuilder().setPageSize(pageSize).setFilter(filter).setPageToken(token).build());
	}

	private FuzzCase watch(String label, String token) {
		return this.cases.encoded("WatchUserChanges", "resume token: " + label,
				WatchUserChangesRequest.newBuilder().setResumeToken(token).build());
	}

}
