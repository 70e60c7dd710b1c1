package dev.userdirectory.edit;

import java.util.ArrayList;
import java.util.List;

/**
 * An operation on a text as a walk over it: retain n code points, insert text, delete n
 * code points, covering the whole base text. Its {@link #transform} is the classic one
 * for such operations (as in ot.js), which makes concurrent operations converge: for a
 * and b on the same text, a then b' equals b then a'.
 */
final class TextOperation {

	/** One step: retain (n > 0), delete (n < 0) or insert (text). */
	private record Step(int count, int[] insert) {

		boolean isRetain() {
			return this.insert == null && this.count > 0;
		}

		boolean isDelete() {
			return this.insert == null && this.count < 0;
		}

		boolean isInsert() {
			return this.insert != null;
		}

	}

	private final List<Step> steps = new ArrayList<>();

	private int baseLength;

	private int targetLength;

	/** The operation of a splice on a text of {@code length} code points. */
	static TextOperation splice(int length, Splice splice) {
		TextOperation op = new TextOperation();
		op.retain(splice.position());
		op.delete(splice.deleteCount());
		op.insert(splice.insertText().codePoints().toArray());
		op.retain(length - splice.position() - splice.deleteCount());
		return op;
	}

	int baseLength() {
		return this.baseLength;
	}

	TextOperation retain(int n) {
		if (n <= 0) {
			return this;
		}
		this.baseLength += n;
		this.targetLength += n;
		Step last = last();
		if (last != null && last.isRetain()) {
			this.steps.set(this.steps.size() - 1, new Step(last.count() + n, null));
		}
		else {
			this.steps.add(new Step(n, null));
		}
		return this;
	}

	TextOperation insert(int[] text) {
		if (text.length == 0) {
			return this;
		}
		this.targetLength += text.length;
		Step last = last();
		if (last != null && last.isInsert()) {
			this.steps.set(this.steps.size() - 1, new Step(0, concat(last.insert(), text)));
		}
		else if (last != null && last.isDelete()) {
			// Keep inserts before deletes, so equal operations have equal steps.
			Step before = (this.steps.size() > 1) ? this.steps.get(this.steps.size() - 2) : null;
			if (before != null && before.isInsert()) {
				this.steps.set(this.steps.size() - 2, new Step(0, concat(before.insert(), text)));
			}
			else {
				this.steps.add(this.steps.size() - 1, new Step(0, text));
			}
		}
		else {
			this.steps.add(new Step(0, text));
		}
		return this;
	}

	TextOperation delete(int n) {
		if (n <= 0) {
			return this;
		}
		this.baseLength += n;
		Step last = last();
		if (last != null && last.isDelete()) {
			this.steps.set(this.steps.size() - 1, new Step(last.count() - n, null));
		}
		else {
			this.steps.add(new Step(-n, null));
		}
		return this;
	}

	int[] apply(int[] text) {
		if (text.length != this.baseLength) {
			throw new IllegalArgumentException(
					"operation for length " + this.baseLength + " applied to " + text.length);
		}
		int[] result = new int[this.targetLength];
		int from = 0;
		int to = 0;
		for (Step step : this.steps) {
			if (step.isRetain()) {
				System.arraycopy(text, from, result, to, step.count());
				from += step.count();
				to += step.count();
			}
			else if (step.isInsert()) {
				System.arraycopy(step.insert(), 0, result, to, step.insert().length);
				to += step.insert().length;
			}
			else {
				from -= step.count();
			}
		}
		return result;
	}

	/**
	 * For a and b on the same text, the pair (a', b') such that applying a then b' equals
	 * applying b then a'. On a tie (both insert at one place) a's insert comes first.
	 */
	static TextOperation[] transform(TextOperation a, TextOperation b) {
		if (a.baseLength != b.baseLength) {
			throw new IllegalArgumentException("concurrent operations must share their base text");
		}
		TextOperation aPrime = new TextOperation();
		TextOperation bPrime = new TextOperation();
		Cursor ca = new Cursor(a.steps);
		Cursor cb = new Cursor(b.steps);
		while (ca.current != null || cb.current != null) {
			if (ca.current != null && ca.current.isInsert()) {
				aPrime.insert(ca.current.insert());
				bPrime.retain(ca.current.insert().length);
				ca.next();
				continue;
			}
			if (cb.current != null && cb.current.isInsert()) {
				aPrime.retain(cb.current.insert().length);
				bPrime.insert(cb.current.insert());
				cb.next();
				continue;
			}
			if (ca.current == null || cb.current == null) {
				throw new IllegalStateException("operations do not cover the same text");
			}
			int n = Math.min(Math.abs(ca.current.count()), Math.abs(cb.current.count()));
			if (ca.current.isRetain() && cb.current.isRetain()) {
				aPrime.retain(n);
				bPrime.retain(n);
			}
			else if (ca.current.isDelete() && cb.current.isRetain()) {
				aPrime.delete(n);
			}
			else if (ca.current.isRetain() && cb.current.isDelete()) {
				bPrime.delete(n);
			}
			// Both delete the same text: neither has anything left to do there.
			ca.consume(n);
			cb.consume(n);
		}
		return new TextOperation[] { aPrime, bPrime };
	}

	private Step last() {
		return this.steps.isEmpty() ? null : this.steps.get(this.steps.size() - 1);
	}

	private static int[] concat(int[] first, int[] second) {
		int[] joined = new int[first.length + second.length];
		System.arraycopy(first, 0, joined, 0, first.length);
		System.arraycopy(second, 0, joined, first.length, second.length);
		return joined;
	}

	/** Walks the steps, splitting retains and deletes as the other side consumes them. */
	private static final class Cursor {

		private final List<Step> steps;

		private int index;

		private Step current;

		Cursor(List<Step> steps) {
			this.steps = steps;
			this.current = steps.isEmpty() ? null : steps.get(0);
		}

		void next() {
			this.index++;
			this.current = (this.index < this.steps.size()) ? this.steps.get(this.index) : null;
		}

		void consume(int n) {
			int remaining = Math.abs(this.current.count()) - n;
			if (remaining == 0) {
				next();
			}
			else {
				this.current = new Step(this.current.isDelete() ? -remaining : remaining, null);
			}
		}

	}

}
