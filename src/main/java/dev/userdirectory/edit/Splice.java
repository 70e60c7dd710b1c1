package dev.userdirectory.edit;

/**
 * Replace {@code deleteCount} code points at {@code position} with {@code insertText}.
 */
record Splice(int position, int deleteCount, String insertText) {

	/**
	 * The single splice that turns {@code before} into {@code after} (common prefix and
	 * suffix kept).
	 */
	static Splice between(int[] before, int[] after) {
		int prefix = 0;
		while (prefix < before.length && prefix < after.length && before[prefix] == after[prefix]) {
			prefix++;
		}
		int suffix = 0;
		while (suffix < before.length - prefix && suffix < after.length - prefix
				&& before[before.length - 1 - suffix] == after[after.length - 1 - suffix]) {
			suffix++;
		}
		return new Splice(prefix, before.length - prefix - suffix,
				new String(after, prefix, after.length - prefix - suffix));
	}

	boolean fits(int length) {
		return this.position <= length && (long) this.position + this.deleteCount <= length;
	}

}
