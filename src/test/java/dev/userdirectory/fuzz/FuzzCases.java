package dev.userdirectory.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.support.RawCalls;
import io.grpc.MethodDescriptor;

/**
 * The calls of the fuzz test, from one seed: random bytes, mutations of valid requests,
 * and targeted hostile values, for every method of users.v1.UserService. Damage goes into
 * the last message of a valid call (hostile field values into the first too), so streams
 * fail after they have accepted, and maybe staged, the rest.
 */
final class FuzzCases {

	private static final byte[][] INVALID_UTF8 = { { (byte) 0x80 }, { (byte) 0xC0, (byte) 0xAF },
			{ (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, { (byte) 0xE2, (byte) 0x82 }, { (byte) 0xFF },
			{ (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 } };

	private static final long[] EXTREME_NUMBERS = { -1, Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, 99 };

	private static final int MIB = 1024 * 1024;

	private final Random random;

	private final Mutations mutations;

	private final ValidRequests valid;

	private final List<MethodDescriptor<byte[], byte[]>> methods = RawCalls.methods();

	FuzzCases(long seed, ValidRequests valid) {
		this.random = new Random(seed);
		this.mutations = new Mutations(this.random);
		this.valid = valid;
	}

	/**
	 * (a) Seeded random bytes; one message for methods that take one, else one to four.
	 */
	List<FuzzCase> randomBytes(int iterations) {
		return perMethod(iterations, (method) -> new FuzzCase("random bytes", method,
				IntStream.range(0, messageCount(method)).mapToObj((i) -> this.mutations.randomBytes()).toList()));
	}

	/** (b) A valid call with one or more of its messages damaged. */
	List<FuzzCase> mutatedValidRequests(int iterations) {
		return perMethod(iterations, (method) -> {
			List<byte[]> messages = new ArrayList<>(encodedValid(method));
			int always = this.random.nextInt(messages.size());
			List<String> how = new ArrayList<>();
			for (int i = 0; i < messages.size(); i++) {
				if (i == always || this.random.nextInt(3) == 0) {
					Mutations.Mutated mutated = this.mutations.mutate(messages.get(i));
					how.add("message " + i + ": " + mutated.how());
					messages.set(i, mutated.bytes());
				}
			}
			return new FuzzCase("mutated valid call, " + String.join(", ", how), method, messages);
		});
	}

	/**
	 * (c) Every scalar field of every request, at any depth, set to what a client should
	 * never send: invalid UTF-8, a NUL character or a megabyte in strings, a megabyte of
	 * bytes, extreme and undefined numbers. In streams, in the first message (where some
	 * fields belong) and in the last.
	 */
	List<FuzzCase> hostileFieldValues() {
		List<FuzzCase> cases = new ArrayList<>();
		for (MethodDescriptor<byte[], byte[]> method : this.methods) {
			int last = encodedValid(method).size() - 1;
			for (LeafField leaf : LeafField.of(requestType(method))) {
				for (Labelled value : hostileValues(leaf.field())) {
					for (int message : (last == 0) ? new int[] { 0 } : new int[] { 0, last }) {
						cases
							.add(withMessagePlus(method, leaf.name() + " = " + value.label() + " in message " + message,
									message, leaf.withValue(value.bytes())));
					}
				}
			}
		}
		return cases;
	}

	/**
	 * (c) Fields under and over the 4 MiB inbound limit, and every method with a message
	 * over it.
	 */
	List<FuzzCase> oversizedMessages() {
		List<FuzzCase> cases = new ArrayList<>();
		String threeMegabytes = "N".repeat(3 * MIB);
		cases.add(encoded("CreateUser", "3 MiB display name",
				CreateUserRequest.newBuilder().setEmail("big-name@example.com").setName(threeMegabytes).build()));
		cases.add(encoded("UpdateUser", "3 MiB display name",
				UpdateUserRequest.newBuilder()
					.setUser(((UpdateUserRequest) this.valid.of("UpdateUser").get(0)).getUser()
						.toBuilder()
						.setName(threeMegabytes))
					.setUpdateMask(FieldMask.newBuilder().addPaths("name"))
					.build()));
		cases.add(encoded("CreateUser", "5 MiB display name",
				CreateUserRequest.newBuilder()
					.setEmail("bigger-name@example.com")
					.setName("N".repeat(5 * MIB))
					.build()));
		byte[] overLimit = Wire.lengthDelimited(Wire.UNKNOWN_FIELD, new byte[FuzzCase.INBOUND_LIMIT + 1]);
		for (MethodDescriptor<byte[], byte[]> method : this.methods) {
			cases.add(withLastMessagePlus(method, "a message over the 4 MiB inbound limit", overLimit));
		}
		return cases;
	}

	/** (c) Repeated fields with 100,000 elements, distinct or all the same. */
	List<FuzzCase> hugeRepeatedFields() {
		List<String> distinct = IntStream.range(0, 100_000).mapToObj((i) -> "t" + i).toList();
		List<String> same = Collections.nCopies(100_000, "t");
		List<FuzzCase> cases = new ArrayList<>();
		for (List<String> tags : List.of(distinct, same)) {
			String label = (tags == same) ? "100,000 equal tags" : "100,000 tags";
			CreateUserRequest user = ((CreateUserRequest) this.valid.of("CreateUser").get(0)).toBuilder()
				.clearTags()
				.addAllTags(tags)
				.build();
			cases.add(encoded("CreateUser", label, user));
			cases.add(encoded("CreateUsers", label, CreateUsersRequest.newBuilder().setUser(user).build()));
			UpdateUserRequest update = (UpdateUserRequest) this.valid.of("UpdateUser").get(0);
			cases.add(encoded("UpdateUser", label,
					update.toBuilder()
						.setUser(update.getUser().toBuilder().addAllTags(tags))
						.setUpdateMask(FieldMask.newBuilder().addPaths("tags"))
						.build()));
			cases.add(encoded("UpdateUser", label.replace("tags", "update_mask paths"),
					update.toBuilder().setUpdateMask(FieldMask.newBuilder().addAllPaths(tags)).build()));
		}
		return cases;
	}

	/**
	 * (c) Unknown groups nested past protobuf's recursion limit (100), at the top of
	 * every request and inside each of its message fields; and unknown length-delimited
	 * fields nested deeply, which a parser keeps unread.
	 */
	List<FuzzCase> deepNesting() {
		List<FuzzCase> cases = new ArrayList<>();
		byte[] justPastTheLimit = Wire.nestedGroups(101);
		for (MethodDescriptor<byte[], byte[]> method : this.methods) {
			for (int[] path : LeafField.messagePaths(requestType(method))) {
				cases.add(withLastMessagePlus(method, "101 nested groups in " + Arrays.toString(path),
						Wire.nested(path, justPastTheLimit)));
			}
			cases.add(withLastMessagePlus(method, "100,000 nested groups", Wire.nestedGroups(100_000)));
			cases.add(withLastMessagePlus(method, "3,000 nested unknown messages", Wire.nestedUnknownMessages(3_000)));
		}
		return cases;
	}

	/**
	 * (c) Methods that take one request, called with none or two: what a raw client can
	 * do.
	 */
	List<FuzzCase> wrongMessageCounts() {
		List<FuzzCase> cases = new ArrayList<>();
		for (MethodDescriptor<byte[], byte[]> method : this.methods) {
			if (FuzzCase.takesOneRequest(method)) {
				byte[] request = encodedValid(method).get(0);
				cases.add(new FuzzCase("no request message", method, List.of()));
				cases.add(new FuzzCase("two request messages", method, List.of(request, request)));
			}
		}
		return cases;
	}

	FuzzCase encoded(String method, String label, Message... messages) {
		return new FuzzCase(label, method(method), Arrays.stream(messages).map(Message::toByteArray).toList());
	}

	MethodDescriptor<byte[], byte[]> method(String bareName) {
		return this.methods.stream()
			.filter((method) -> method.getBareMethodName().equals(bareName))
			.findFirst()
			.orElseThrow();
	}

	private List<FuzzCase> perMethod(int iterations, Function<MethodDescriptor<byte[], byte[]>, FuzzCase> newCase) {
		List<FuzzCase> cases = new ArrayList<>();
		for (int i = 0; i < iterations; i++) {
			this.methods.forEach((method) -> cases.add(newCase.apply(method)));
		}
		return cases;
	}

	private int messageCount(MethodDescriptor<byte[], byte[]> method) {
		return FuzzCase.takesOneRequest(method) ? 1 : 1 + this.random.nextInt(4);
	}

	private List<byte[]> encodedValid(MethodDescriptor<byte[], byte[]> method) {
		return this.valid.of(method.getBareMethodName()).stream().map(Message::toByteArray).toList();
	}

	private FuzzCase withLastMessagePlus(MethodDescriptor<byte[], byte[]> method, String label, byte[] appended) {
		return withMessagePlus(method, label, encodedValid(method).size() - 1, appended);
	}

	/**
	 * A valid call with {@code appended} added to its message {@code index}, overriding
	 * what it sets.
	 */
	private FuzzCase withMessagePlus(MethodDescriptor<byte[], byte[]> method, String label, int index,
			byte[] appended) {
		List<byte[]> messages = new ArrayList<>(encodedValid(method));
		messages.set(index, Wire.concat(messages.get(index), appended));
		return new FuzzCase(label, method, messages);
	}

	private Descriptor requestType(MethodDescriptor<byte[], byte[]> method) {
		return this.valid.of(method.getBareMethodName()).get(0).getDescriptorForType();
	}

	private List<Labelled> hostileValues(FieldDescriptor field) {
		return switch (field.getType()) {
			case STRING -> List.of(
					new Labelled("invalid UTF-8",
							Wire.concat(ascii("ok"), INVALID_UTF8[this.random.nextInt(INVALID_UTF8.length)],
									ascii("ok"))),
					new Labelled("a NUL character", ascii("nul\u0000here")),
					new Labelled("1 MiB", ascii("s".repeat(MIB))));
			case BYTES -> {
				byte[] megabyte = new byte[MIB];
				this.random.nextBytes(megabyte);
				yield List.of(new Labelled("1 MiB", megabyte));
			}
			case INT32, INT64, UINT32, UINT64, ENUM,
					BOOL ->
				Arrays.stream(EXTREME_NUMBERS)
					.mapToObj((number) -> new Labelled(Long.toString(number), Wire.varint(number)))
					.toList();
			default -> List.of();
		};
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** A hostile value, encoded, and what it is. */
	private record Labelled(String label, byte[] bytes) {
	}

}
