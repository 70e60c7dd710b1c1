package dev.userdirectory.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * A scalar field of a request message, at any depth: {@code path} holds the numbers of
 * the message fields leading to it, then its own. Found from the generated descriptors,
 * so a field added to the API is fuzzed without anyone listing it.
 */
record LeafField(String name, int[] path, FieldDescriptor field) {

	/**
	 * Deep enough for users.v1 (UpdateUserRequest.user.profile.bio) and the well-known
	 * types.
	 */
	private static final int MAX_DEPTH = 4;

	static List<LeafField> of(Descriptor message) {
		List<LeafField> leaves = new ArrayList<>();
		collect(message, "", new int[0], leaves);
		return leaves;
	}

	/** The message fields of {@code message}, at any depth, as paths. */
	static List<int[]> messagePaths(Descriptor message) {
		List<int[]> paths = new ArrayList<>();
		paths.add(new int[0]);
		for (LeafField leaf : of(message)) {
			int[] parent = Arrays.copyOf(leaf.path, leaf.path.length - 1);
			if (paths.stream().noneMatch((known) -> Arrays.equals(known, parent))) {
				paths.add(parent);
			}
		}
		return paths;
	}

	private static void collect(Descriptor message, String prefix, int[] path, List<LeafField> leaves) {
		for (FieldDescriptor field : message.getFields()) {
			int[] fieldPath = Arrays.copyOf(path, path.length + 1);
			fieldPath[path.length] = field.getNumber();
			String name = prefix + field.getName();
			if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
				leaves.add(new LeafField(name, fieldPath, field));
			}
			else if (fieldPath.length < MAX_DEPTH) {
				collect(field.getMessageType(), name + ".", fieldPath, leaves);
			}
		}
	}

	/** This field set to {@code encodedValue}, as bytes to append to a valid message. */
	byte[] withValue(byte[] encodedValue) {
		int last = this.path[this.path.length - 1];
		byte[] leaf = (this.field.getJavaType() == FieldDescriptor.JavaType.STRING
				|| this.field.getJavaType() == FieldDescriptor.JavaType.BYTE_STRING)
						? Wire.lengthDelimited(last, encodedValue)
						: Wire.concat(Wire.tag(last, Wire.VARINT), encodedValue);
		return Wire.nested(Arrays.copyOf(this.path, this.path.length - 1), leaf);
	}

}
