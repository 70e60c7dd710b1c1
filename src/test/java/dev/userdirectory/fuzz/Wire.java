package dev.userdirectory.fuzz;

import java.io.ByteArrayOutputStream;

/**
 * Just enough of the protobuf wire format to write what no generated builder would:
 * invalid UTF-8 in a string field, unknown groups nested past the parser's limit, a value
 * planted deep inside an otherwise valid message.
 */
final class Wire {

	static final int VARINT = 0;

	static final int LENGTH_DELIMITED = 2;

	static final int START_GROUP = 3;

	static final int END_GROUP = 4;

	/**
	 * A field number no users.v1 message uses: the parser keeps it as an unknown field.
	 */
	static final int UNKNOWN_FIELD = 1999;

	private Wire() {
	}

	static byte[] varint(long value) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(10);
		while ((value & ~0x7FL) != 0) {
			out.write((int) ((value & 0x7F) | 0x80));
			value >>>= 7;
		}
		out.write((int) value);
		return out.toByteArray();
	}

	static byte[] tag(int field, int wireType) {
		return varint(((long) field << 3) | wireType);
	}

	static byte[] lengthDelimited(int field, byte[] payload) {
		return concat(tag(field, LENGTH_DELIMITED), varint(payload.length), payload);
	}

	/**
	 * {@code leaf}, an encoded field of the innermost message, wrapped in the
	 * length-delimited fields of {@code path} (outermost first). Appended to a valid
	 * message it sets that field there, since a parser merges a message field that occurs
	 * twice.
	 */
	static byte[] nested(int[] path, byte[] leaf) {
		byte[] value = leaf;
		for (int i = path.length - 1; i >= 0; i--) {
			value = lengthDelimited(path[i], value);
		}
		return value;
	}

	/** {@code depth} unknown groups, one inside the other. */
	static byte[] nestedGroups(int depth) {
		byte[] start = tag(UNKNOWN_FIELD, START_GROUP);
		byte[] end = tag(UNKNOWN_FIELD, END_GROUP);
		ByteArrayOutputStream out = new ByteArrayOutputStream(depth * (start.length + end.length));
		for (int i = 0; i < depth; i++) {
			out.writeBytes(start);
		}
		for (int i = 0; i < depth; i++) {
			out.writeBytes(end);
		}
		return out.toByteArray();
	}

	/** {@code depth} unknown length-delimited fields, one inside the other. */
	static byte[] nestedUnknownMessages(int depth) {
		byte[] value = new byte[0];
		for (int i = 0; i < depth; i++) {
			value = lengthDelimited(UNKNOWN_FIELD, value);
		}
		return value;
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
