package dev.userdirectory.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property tests of the transform, over thousands of generated cases (seeded, so a
 * failure names the seed that reproduces it): random texts with non-BMP characters,
 * random concurrent splices, overlapping deletions and inserts at the same place
 * included.
 */
class TextOperationConvergenceTests {

	private static final String TEXT_CHARS = "ab😀c d";

	private static final String INSERT_CHARS = "XY🎉";

	static LongStream seeds() {
		return LongStream.range(0, 3000);
	}

	private static String randomText(Random random, String alphabet, int maxLength) {
		int[] chars = alphabet.codePoints().toArray();
		StringBuilder text = new StringBuilder();
		int length = random.nextInt(maxLength + 1);
		for (int i = 0; i < length; i++) {
			text.appendCodePoint(chars[random.nextInt(chars.length)]);
		}
		return text.toString();
	}

	private static Splice randomSplice(Random random, int length) {
		int position = random.nextInt(length + 1);
		int delete = random.nextInt(length - position + 1);
		return new Splice(position, delete, randomText(random, INSERT_CHARS, 3));
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void twoConcurrentSplicesConvergeWhicheverIsAppliedFirst(long seed) {
		Random random = new Random(seed);
		int[] text = randomText(random, TEXT_CHARS, 12).codePoints().toArray();
		TextOperation a = TextOperation.splice(text.length, randomSplice(random, text.length));
		TextOperation b = TextOperation.splice(text.length, randomSplice(random, text.length));

		TextOperation[] primes = TextOperation.transform(a, b);

		assertThat(primes[1].apply(a.apply(text))).isEqualTo(primes[0].apply(b.apply(text)));
	}

	/**
	 * The server's path: several participants edit the same version; the server applies
	 * them in arrival order, each transformed against those applied before it, and
	 * broadcasts each as one splice. Every insert survives, and replaying the broadcast
	 * splices reaches the stored text.
	 */
	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void concurrentEditsApplyInAnyOrderKeepingEveryInsert(long seed) {
		Random random = new Random(seed);
		int[] base = randomText(random, TEXT_CHARS, 12).codePoints().toArray();
		List<Splice> edits = new ArrayList<>();
		for (int i = 0, n = 2 + random.nextInt(3); i < n; i++) {
			edits.add(randomSplice(random, base.length));
		}

		int[] current = base;
		List<TextOperation> applied = new ArrayList<>();
		List<Splice> broadcast = new ArrayList<>();
		for (Splice edit : edits) {
			TextOperation op = TextOperation.splice(base.length, edit);
			for (TextOperation earlier : applied) {
				op = TextOperation.transform(op, earlier)[0];
			}
			int[] next = op.apply(current);
			broadcast.add(Splice.between(current, next));
			applied.add(op);
			current = next;
		}

		int[] replayed = base;
		for (Splice splice : broadcast) {
			replayed = TextOperation.splice(replayed.length, splice).apply(replayed);
		}
		String result = new String(current, 0, current.length);
		assertThat(new String(replayed, 0, replayed.length)).isEqualTo(result);
		for (Splice edit : edits) {
			assertThat(result).as("seed %d keeps insert of %s", seed, edit).contains(edit.insertText());
		}
	}

}
