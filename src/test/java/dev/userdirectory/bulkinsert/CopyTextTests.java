package dev.userdirectory.bulkinsert;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CopyTextTests {

	private static String encode(Object... row) {
		CopyText text = new CopyText();
		text.appendRow(row);
		return new String(text.drain(), StandardCharsets.UTF_8);
	}

	@Test
	void separatesColumnsWithTabsAndEndsRowsWithANewline() {
		assertThat(encode("a", 1, 2L)).isEqualTo("a\t1\t2\n");
	}

	@Test
	void writesNullAsBackslashN() {
		assertThat(encode("a", null)).isEqualTo("a\t\\N\n");
	}

	@Test
	void escapesWhatWouldEndAColumnOrARowAndTheEscapeItself() {
		assertThat(encode("t\tn\nr\rb\\")).isEqualTo("t\\tn\\nr\\rb\\\\\n");
	}

	@Test
	void keepsALiteralBackslashNApartFromNull() {
		assertThat(encode("\\N")).isEqualTo("\\\\N\n");
	}

	@Test
	void writesTextAsUtf8() {
		CopyText text = new CopyText();
		text.appendRow(new Object[] { "é🚀" });

		assertThat(text.drain()).isEqualTo("é🚀\n".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void writesBytesAsEscapedByteaHex() {
		assertThat(encode((Object) new byte[] { 0, 10, (byte) 0xff })).isEqualTo("\\\\x000aff\n");
	}

	@Test
	void writesUuidsAndInstantsInTheirIsoForms() {
		UUID id = UUID.fromString("0b7e4a36-2a47-4f6e-9d55-2f6a0cf8a001");
		Instant at = Instant.parse("2026-11-25T09:30:00.123456Z");

		assertThat(encode(id, at)).isEqualTo("0b7e4a36-2a47-4f6e-9d55-2f6a0cf8a001\t2026-11-25T09:30:00.123456Z\n");
	}

	@Test
	void drainingEmptiesTheBufferForTheNextChunk() {
		CopyText text = new CopyText();
		text.appendRow(new Object[] { "first" });
		text.drain();
		text.appendRow(new Object[] { "second" });

		assertThat(text.size()).isEqualTo("second\n".length());
		assertThat(new String(text.drain(), StandardCharsets.UTF_8)).isEqualTo("second\n");
	}

	@Test
	void refusesValuesItHasNoTextFormFor() {
		assertThatIllegalArgumentException().isThrownBy(() -> encode(new Object()));
	}

}
