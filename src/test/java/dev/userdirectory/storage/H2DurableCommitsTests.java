package dev.userdirectory.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class H2DurableCommitsTests {

	@Test
	void addsAZeroWriteDelayToAnH2UrlWithoutOne() {
		assertThat(H2DurableCommits.durable("jdbc:h2:file:./data/users;DB_CLOSE_ON_EXIT=FALSE"))
			.isEqualTo("jdbc:h2:file:./data/users;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
		assertThat(H2DurableCommits.durable("jdbc:h2:/srv/users")).isEqualTo("jdbc:h2:/srv/users;WRITE_DELAY=0");
	}

	@Test
	void keepsAWriteDelayTheOperatorChose() {
		assertThat(H2DurableCommits.durable("jdbc:h2:file:./data/users;write_delay=500"))
			.isEqualTo("jdbc:h2:file:./data/users;write_delay=500");
	}

}
