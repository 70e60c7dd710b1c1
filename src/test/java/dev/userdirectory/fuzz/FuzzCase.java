package dev.userdirectory.fuzz;

import java.util.HexFormat;
import java.util.List;

import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;

/**
 * One call to make: a method and the messages to send it, with what they are for the
 * report.
 */
record FuzzCase(String label, MethodDescriptor<byte[], byte[]> method, List<byte[]> messages) {

	/**
	 * The service's limit on one inbound message
	 * (spring.grpc.server.inbound.message.max-size).
	 */
	static final int INBOUND_LIMIT = 4 * 1024 * 1024;

	static boolean takesOneRequest(MethodDescriptor<?, ?> method) {
		return method.getType() == MethodType.UNARY || method.getType() == MethodType.SERVER_STREAMING;
	}

	/** Whether gRPC's own transport refuses this call before the service sees it. */
	boolean exceedsInboundLimit() {
		return this.messages.stream().anyMatch((message) -> message.length > INBOUND_LIMIT);
	}

	/**
	 * Enough to recognise and replay the case: its label, and each message's size and
	 * first bytes.
	 */
	String describe() {
		StringBuilder description = new StringBuilder(this.method.getBareMethodName()).append(" [")
			.append(this.label)
			.append("]");
		for (byte[] message : this.messages) {
			String hex = HexFormat.of().formatHex(message, 0, Math.min(message.length, 48));
			description.append(" (")
				.append(message.length)
				.append(" B: ")
				.append(hex)
				.append(message.length > 48 ? "…" : "")
				.append(')');
		}
		return description.toString();
	}

}
