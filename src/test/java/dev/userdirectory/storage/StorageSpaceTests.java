package dev.userdirectory.storage;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StorageSpaceTests {

	@Test
	void watchesTheDirectoryOfAnH2FileDatabase() {
		assertThat(StorageSpace.h2Directory("jdbc:h2:file:./data/users;DB_CLOSE_ON_EXIT=FALSE"))
			.contains(Path.of("data").toAbsolutePath());
		assertThat(StorageSpace.h2Directory("jdbc:h2:/srv/users/db")).contains(Path.of("/srv/users"));
	}

	@Test
	void watchesNothingForADatabaseElsewhere() {
		assertThat(StorageSpace.h2Directory("jdbc:h2:mem:users;DB_CLOSE_DELAY=-1")).isEmpty();
		assertThat(StorageSpace.h2Directory("jdbc:h2:tcp://db:9092/users")).isEmpty();
		assertThat(StorageSpace.h2Directory("jdbc:postgresql://db:5432/users")).isEmpty();
	}

}
