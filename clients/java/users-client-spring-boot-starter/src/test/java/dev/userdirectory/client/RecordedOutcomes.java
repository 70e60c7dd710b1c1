package dev.userdirectory.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Collects what {@link CallOutcomes} reports, as the demo's printer would receive it. */
final class RecordedOutcomes implements Consumer<CallOutcome> {

	final List<CallOutcome> outcomes = new CopyOnWriteArrayList<>();

	@Override
	public void accept(CallOutcome outcome) {
		this.outcomes.add(outcome);
	}

	CallOutcome last() {
		return this.outcomes.get(this.outcomes.size() - 1);
	}

}
