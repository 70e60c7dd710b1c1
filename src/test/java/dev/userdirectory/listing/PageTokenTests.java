package dev.userdirectory.listing;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import dev.userdirectory.error.ApiException;
import dev.userdirectory.error.FieldViolation;
import dev.userdirectory.tokens.TestTokenSigners;
import dev.userdirectory.tokens.TokenSigner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PageTokenTests {

	private final TokenSigner signer = TestTokenSigners.withKey(new byte[32]);

	private final ListingQuery activeOnly = new ListingQuery(UserFilterParser.parse("status = USER_STATUS_ACTIVE"),
			UserOrder.DEFAULT, false);

	private final PageToken token = new PageToken(UserOrder.Key.CREATED_AT,
			Instant.parse("2026-01-02T03:04:05.123456789Z"), UUID.randomUUID(), this.activeOnly.fingerprint());

	@Test
	void decodesWhatItEncodedToTheNanosecond() {
		assertThat(PageToken.decode(this.token.encode(this.signer), this.signer, this.activeOnly))
			.isEqualTo(this.token);
	}

	@Test
	void carriesNameEmailAgeAndUpdatedAtKeysToo() {
		for (Object[] keyAndValue : List.of(new Object[] { UserOrder.Key.NAME, "Zoë \u00e9 \ud83d\ude00" },
				new Object[] { UserOrder.Key.EMAIL, "" }, new Object[] { UserOrder.Key.AGE, 150 },
				new Object[] { UserOrder.Key.UPDATED_AT, Instant.EPOCH })) {
			UserOrder.Key key = (UserOrder.Key) keyAndValue[0];
			ListingQuery query = new ListingQuery(UserFilter.ALL, new UserOrder(key, true), true);
			PageToken token = new PageToken(key, keyAndValue[1], UUID.randomUUID(), query.fingerprint());

			assertThat(PageToken.decode(token.encode(this.signer), this.signer, query)).isEqualTo(token);
		}
	}

	@Test
	void refusesATokenIssuedForAnotherFilterOrderOrShowDeleted() {
		String encoded = this.token.encode(this.signer);
		UserFilter active = this.activeOnly.filter();

		for (ListingQuery other : List.of(new ListingQuery(UserFilter.ALL, UserOrder.DEFAULT, false),
				new ListingQuery(active, new UserOrder(UserOrder.Key.CREATED_AT, true), false),
				new ListingQuery(active, new UserOrder(UserOrder.Key.UPDATED_AT, false), false),
				new ListingQuery(active, UserOrder.DEFAULT, true))) {
			assertThat(pageTokenViolation(() -> PageToken.decode(encoded, this.signer, other))).as("%s", other)
				.contains("different filter, order_by or show_deleted");
		}
	}

	@Test
	void refusesATokenWithAnyByteChanged() {
		String encoded = this.token.encode(this.signer);
		byte[] bytes = Base64.getUrlDecoder().decode(encoded);
		for (int i = 0; i < bytes.length; i++) {
			byte[] damaged = bytes.clone();
			damaged[i] ^= 0x01;
			String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(damaged);
			assertThat(pageTokenViolation(() -> PageToken.decode(forged, this.signer, this.activeOnly)))
				.as("byte %d", i)
				.contains("not a page token");
		}
	}

	@Test
	void refusesATokenSignedWithAnotherKey() {
		byte[] otherKey = new byte[32];
		otherKey[0] = 1;
		String foreign = this.token.encode(TestTokenSigners.withKey(otherKey));

		assertThat(pageTokenViolation(() -> PageToken.decode(foreign, this.signer, this.activeOnly)))
			.contains("not a page token");
	}

	@Test
	void refusesAnotherKindOfSignedPayload() {
		String notAPageToken = this.signer.sign(new byte[] { 1, 2, 3 });

		assertThat(pageTokenViolation(() -> PageToken.decode(notAPageToken, this.signer, this.activeOnly)))
			.contains("not a page token");
	}

	private static String pageTokenViolation(Runnable decode) {
		ApiException failure = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class, decode::run);
		assertThat(failure.violations()).extracting(FieldViolation::field).containsExactly("page_token");
		return failure.violations().get(0).description();
	}

}
