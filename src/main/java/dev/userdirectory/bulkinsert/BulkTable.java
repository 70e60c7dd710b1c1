package dev.userdirectory.bulkinsert;

import java.util.List;

/**
 * A table that rows are appended to in bulk, and the columns each row gives values for,
 * in order.
 */
public record BulkTable(String name, List<String> columns) {

	public BulkTable(String name, String... columns) {
		this(name, List.of(columns));
	}

	String insertStatement() {
		return "insert into " + this.name + " (" + String.join(", ", this.columns) + ") values ("
				+ String.join(", ", this.columns.stream().map((column) -> "?").toList()) + ")";
	}

	String copyStatement() {
		return "copy " + this.name + " (" + String.join(", ", this.columns) + ") from stdin";
	}

}
