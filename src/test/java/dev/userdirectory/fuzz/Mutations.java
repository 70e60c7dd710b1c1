package dev.userdirectory.fuzz;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.google.protobuf.CodedInputStream;

/**
 * Seeded damage to encoded messages: what a buggy or hostile client, or a flaky proxy,
 * could put on the wire. Each mutation names itself, so a failure says what was sent.
 */
final class Mutations {

	/** A mutated message and what was done to it. */
	record Mutated(String how, byte[] bytes) {
	}

	private final Random random;

	Mutations(Random random) {
		this.random = random;
	}

	byte[] randomBytes() {
		// Mostly short, as most messages are; now and then long enough to hold many
		// fields.
		byte[] bytes = new byte[this.random.nextInt(8) == 0 ? this.random.nextInt(4096) : this.random.nextInt(64)];
		this.random.nextBytes(bytes);
		return bytes;
	}

	Mutated mutate(byte[] valid) {
		return switch (this.random.nextInt(5)) {
			case 0 -> new Mutated("bit flips", flipBits(valid));
			case 1 -> new Mutated("truncation", Arrays.copyOf(valid, this.random.nextInt(valid.length + 1)));
			case 2 -> new Mutated("duplication", duplicateSlice(valid));
			case 3 -> new Mutated("length-prefix corruption", corruptLengthPrefix(valid));
			default -> new Mutated("varint insertion", insert(valid, Wire.varint(randomVarintValue())));
		};
	}

	private byte[] flipBits(byte[] valid) {
		byte[] bytes = valid.clone();
		for (int flips = 1 + this.random.nextInt(4); flips > 0 && bytes.length > 0; flips--) {
			bytes[this.random.nextInt(bytes.length)] ^= (byte) (1 << this.random.nextInt(8));
		}
		return bytes;
	}

	private byte[] duplicateSlice(byte[] valid) {
		int from = this.random.nextInt(valid.length + 1);
		int to = from + this.random.nextInt(valid.length - from + 1);
		return insert(valid, Arrays.copyOfRange(valid, from, to));
	}

	/**
	 * Replaces the length of a length-delimited field (at any depth) by another length.
	 */
	private byte[] corruptLengthPrefix(byte[] valid) {
		List<int[]> prefixes = new ArrayList<>();
		findLengthPrefixes(valid, 0, valid.length, prefixes, 0);
		if (prefixes.isEmpty()) {
			return insert(valid, Wire.varint(randomVarintValue()));
		}
		int[] prefix = prefixes.get(this.random.nextInt(prefixes.size()));
		byte[] length = Wire.varint(randomVarintValue());
		return Wire.concat(Arrays.copyOfRange(valid, 0, prefix[0]), length,
				Arrays.copyOfRange(valid, prefix[0] + prefix[1], valid.length));
	}

	/**
	 * Collects {offset, size} of every length prefix in {@code bytes[from, to)}, reading
	 * each length-delimited value as a message too where it parses as one.
	 */
	private static void findLengthPrefixes(byte[] bytes, int from, int to, List<int[]> found, int depth) {
		if (depth > 8) {
			return;
		}
		CodedInputStream in = CodedInputStream.newInstance(bytes, from, to - from);
		try {
			while (!in.isAtEnd()) {
				int tag = in.readTag();
				if ((tag & 7) != Wire.LENGTH_DELIMITED) {
					in.skipField(tag);
					continue;
				}
				int offset = from + in.getTotalBytesRead();
				int length = in.readRawVarint32();
				int valueStart = from + in.getTotalBytesRead();
				found.add(new int[] { offset, valueStart - offset });
				in.skipRawBytes(length);
				findLengthPrefixes(bytes, valueStart, valueStart + length, found, depth + 1);
			}
		}
		catch (IOException notAMessage) {
			// A string or bytes value: its length prefixes are the ones found so far.
		}
	}

	/**
	 * Lengths and tags a parser must survive: zero, off by one, huge, negative as int32.
	 */
	private long randomVarintValue() {
		return switch (this.random.nextInt(5)) {
			case 0 -> 0;
			case 1 -> this.random.nextInt(130);
			case 2 -> Integer.MAX_VALUE;
			case 3 -> -1L;
			default -> this.random.nextLong();
		};
	}

	private byte[] insert(byte[] into, byte[] inserted) {
		int at = this.random.nextInt(into.length + 1);
		return Wire.concat(Arrays.copyOfRange(into, 0, at), inserted, Arrays.copyOfRange(into, at, into.length));
	}

}
