package dev.userdirectory.client;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;

class WatchResumeAcrossRestartOnH2Test extends WatchResumeAcrossRestartTests {

	@TempDir
	Path data;

	@Override
	protected List<String> databaseArguments() {
		return List.of("--spring.datasource.url=jdbc:h2:file:" + this.data.resolve("users") + ";DB_CLOSE_ON_EXIT=FALSE");
	}

}
