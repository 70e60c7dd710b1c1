package dev.userdirectory.client.cli.probe;

import dev.userdirectory.api.v1.AppliedEdit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CollaborativeEditExerciseTests {

	@Test
	void appliesTheSpliceTheServiceSendsInCodePoints() {
		// What the service answers to "replace 'Probe bio 2' by 'Probe bio 3'": the
		// difference only.
		AppliedEdit lastDigit = AppliedEdit.newBuilder()
			.setVersion(2)
			.setPosition(10)
			.setDeleteCount(1)
			.setInsertText("3")
			.build();
		AppliedEdit afterEmoji = AppliedEdit.newBuilder().setPosition(1).setDeleteCount(1).setInsertText("b").build();

		assertThat(CollaborativeEditExercise.apply("Probe bio 2", lastDigit)).isEqualTo("Probe bio 3");
		assertThat(CollaborativeEditExercise.apply("\uD83D\uDE00a!", afterEmoji)).isEqualTo("\uD83D\uDE00b!");
	}

}
