package dev.userdirectory.server;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.Status;

/**
 * A call whose requests arrive as {@link RequestGuard.ParsedRequest}s, as the service
 * sees it: with its own method descriptor, everything else forwarded.
 */
final class UnwrappedServerCall<Q, R> extends ServerCall<Q, R> {

	private final ServerCall<RequestGuard.ParsedRequest<Q>, R> call;

	private final MethodDescriptor<Q, R> method;

	UnwrappedServerCall(ServerCall<RequestGuard.ParsedRequest<Q>, R> call, MethodDescriptor<Q, R> method) {
		this.call = call;
		this.method = method;
	}

	@Override
	public MethodDescriptor<Q, R> getMethodDescriptor() {
		return this.method;
	}

	@Override
	public void request(int numMessages) {
		this.call.request(numMessages);
	}

	@Override
	public void sendHeaders(Metadata headers) {
		this.call.sendHeaders(headers);
	}

	@Override
	public void sendMessage(R message) {
		this.call.sendMessage(message);
	}

	@Override
	public boolean isReady() {
		return this.call.isReady();
	}

	@Override
	public void close(Status status, Metadata trailers) {
		this.call.close(status, trailers);
	}

	@Override
	public boolean isCancelled() {
		return this.call.isCancelled();
	}

	@Override
	public void setMessageCompression(boolean enabled) {
		this.call.setMessageCompression(enabled);
	}

	@Override
	public void setCompression(String compressor) {
		this.call.setCompression(compressor);
	}

	@Override
	public void setOnReadyThreshold(int numBytes) {
		this.call.setOnReadyThreshold(numBytes);
	}

	@Override
	public SecurityLevel getSecurityLevel() {
		return this.call.getSecurityLevel();
	}

	@Override
	public Attributes getAttributes() {
		return this.call.getAttributes();
	}

	@Override
	public String getAuthority() {
		return this.call.getAuthority();
	}

}
