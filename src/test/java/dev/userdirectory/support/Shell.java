package dev.userdirectory.support;

import java.io.IOException;

/**
 * Runs a command a drill's script hands it (stop a database, kill a replica), so the
 * script keeps the knowledge of processes and the drill decides the moment, mid-load.
 */
public final class Shell {

	private Shell() {
	}

	/** Runs {@code command} with bash, its output on ours; fails unless it exits 0. */
	public static void run(String command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("bash", "-c", command).inheritIO().start();
		if (process.waitFor() != 0) {
			throw new IllegalStateException("failed: " + command);
		}
	}

}
