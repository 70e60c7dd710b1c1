package dev.userdirectory.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class H2SettingsTests {

	@Test
	void addsDurableCommitsAndAPatientLockTimeoutToAnH2Url() {
		assertThat(H2Settings.withRequiredSettings("jdbc:h2:file:./data/users;DB_CLOSE_ON_EXIT=FALSE"))
			.isEqualTo("jdbc:h2:file:./data/users;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;WRITE_DELAY=0");
		assertThat(H2Settings.withRequiredSettings("jdbc:h2:/srv/users"))
			.isEqualTo("jdbc:h2:/srv/users;LOCK_TIMEOUT=10000;WRITE_DELAY=0");
	}

	@Test
	void keepsWhatTheOperatorChose() {
		assertThat(H2Settings.withRequiredSettings("jdbc:h2:file:./data/users;write_delay=500;LOCK_TIMEOUT=1"))
			.isEqualTo("jdbc:h2:file:./data/users;write_delay=500;LOCK_TIMEOUT=1");
	}

}
