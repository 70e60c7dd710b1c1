package dev.userdirectory.listing;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** What one ListUsers call asks for, apart from where its page starts and its size. */
record ListingQuery(UserFilter filter, UserOrder order, boolean showDeleted) {

	/**
	 * Ties a page token to the query that produced it: with another filter, order or
	 * show_deleted its position would mean nothing.
	 */
	int fingerprint() {
		CRC32 crc = new CRC32();
		crc.update(
				(this.filter + "\u0000" + this.order + "\u0000" + this.showDeleted).getBytes(StandardCharsets.UTF_8));
		return (int) crc.getValue();
	}

}
