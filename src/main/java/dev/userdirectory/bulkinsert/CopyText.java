package dev.userdirectory.bulkinsert;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Encodes rows in PostgreSQL's COPY text format: columns separated by tabs, rows ended by
 * a newline, {@code \N} for null, and backslash escapes for the characters that would
 * otherwise end a column or a row. Binary values go as bytea's hex form, whose backslash
 * is escaped too.
 */
final class CopyText {

	private static final HexFormat HEX = HexFormat.of();

	private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);

	/**
	 * Appends one row; values may be null, strings, numbers, UUIDs, instants or byte
	 * arrays.
	 */
	void appendRow(Object[] values) {
		for (int i = 0; i < values.length; i++) {
			if (i > 0) {
				this.buffer.write('\t');
			}
			appendValue(values[i]);
		}
		this.buffer.write('\n');
	}

	int size() {
		return this.buffer.size();
	}

	/** The bytes appended since the last call, for the copy stream. */
	byte[] drain() {
		byte[] bytes = this.buffer.toByteArray();
		this.buffer.reset();
		return bytes;
	}

	private void appendValue(Object value) {
		if (value == null) {
			appendAscii("\\N");
		}
		else if (value instanceof byte[] bytes) {
			appendAscii("\\\\x");
			appendAscii(HEX.formatHex(bytes));
		}
		else if (value instanceof String text) {
			appendEscaped(text);
		}
		else if (value instanceof Number || value instanceof UUID || value instanceof Instant
				|| value instanceof Boolean) {
			// Their text forms hold no tab, newline or backslash; Instant's ISO-8601 form
			// with its
			// "Z" is what timestamp with time zone reads back exactly.
			appendAscii(value.toString());
		}
		else {
			throw new IllegalArgumentException("no COPY text form for " + value.getClass().getName());
		}
	}

	private void appendEscaped(String text) {
		StringBuilder escaped = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			String replacement = switch (c) {
				case '\\' -> "\\\\";
				case '\t' -> "\\t";
				case '\n' -> "\\n";
				case '\r' -> "\\r";
				default -> null;
			};
			if (replacement != null && escaped == null) {
				escaped = new StringBuilder(text.length() + 8).append(text, 0, i);
			}
			if (escaped != null) {
				if (replacement != null) {
					escaped.append(replacement);
				}
				else {
					escaped.append(c);
				}
			}
		}
		this.buffer.writeBytes(((escaped != null) ? escaped.toString() : text).getBytes(StandardCharsets.UTF_8));
	}

	private void appendAscii(String text) {
		this.buffer.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
	}

}
