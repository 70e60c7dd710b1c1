package dev.userdirectory.security;

import java.nio.file.Path;

/** The dev profile's signing key exists but cannot be read or parsed. */
public class UnreadableKeyFileException extends RuntimeException {

	private final Path keyFile;

	UnreadableKeyFileException(Path keyFile, Exception cause) {
		super("The dev profile's signing key " + keyFile + " cannot be read: " + cause.getMessage(), cause);
		this.keyFile = keyFile;
	}

	public Path keyFile() {
		return this.keyFile;
	}

}
