package dev.userdirectory.listing;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32;

import dev.userdirectory.user.UserEntity;

/** What ListUsers' filter selects: users with this status and/or carrying this tag. */
public record UserFilter(Optional<UserEntity.Status> status, Optional<String> tag) {

	public static final UserFilter ALL = new UserFilter(Optional.empty(), Optional.empty());

	/**
	 * Ties a page token to its filter: a token is only valid for the query that produced
	 * it.
	 */
	int fingerprint() {
		CRC32 crc = new CRC32();
		crc.update((this.status.map(Enum::name).orElse("") + "\u0000" + this.tag.orElse(""))
			.getBytes(StandardCharsets.UTF_8));
		return (int) crc.getValue();
	}

}
