package dev.userdirectory.fairness;

import java.time.Duration;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The budget logic on a clock the test moves. */
class CallerBudgetsTests {

	private final FakeTime time = new FakeTime();

	private static FairnessProperties limits(int maxConcurrentCalls, Long callsPerSecond, Long burst,
			long maxTrackedCallers) {
		return new FairnessProperties(true, maxConcurrentCalls, 2, Duration.ofMillis(50), Duration.ZERO, callsPerSecond,
				burst, maxTrackedCallers, Duration.ofMinutes(10));
	}

	@Test
	void aSubjectGetsItsBurstThenWaitsForTheRefill() {
		CallerBudgets budgets = new CallerBudgets(limits(100, 10L, 3L, 100), this.time);
		for (int i = 0; i < 3; i++) {
			releaseAdmitted(budgets.admit("alice", CallKind.CALL));
		}
		Admission.Refused refused = (Admission.Refused) budgets.admit("alice", CallKind.CALL);
		assertThat(refused.limit()).isEqualTo(Admission.Limit.RATE);
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(100));

		this.time.advance(Duration.ofMillis(60));
		assertThat(((Admission.Refused) budgets.admit("alice", CallKind.CALL)).retryAfter())
			.isEqualTo(Duration.ofMillis(40));
		this.time.advance(Duration.ofMillis(40));
		releaseAdmitted(budgets.admit("alice", CallKind.CALL));
	}

	@Test
	void withoutARateOnlyCallsInFlightAreLimited() {
		CallerBudgets budgets = new CallerBudgets(limits(2, null, null, 100), this.time);
		for (int i = 0; i < 10_000; i++) {
			releaseAdmitted(budgets.admit("alice", CallKind.CALL));
		}
		Admission.Permit first = admitted(budgets.admit("alice", CallKind.CALL));
		admitted(budgets.admit("alice", CallKind.CALL));
		Admission.Refused refused = (Admission.Refused) budgets.admit("alice", CallKind.CALL);
		assertThat(refused.limit()).isEqualTo(Admission.Limit.CONCURRENCY);
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(50));

		first.release();
		first.release();
		admitted(budgets.admit("alice", CallKind.CALL));
		assertThat(budgets.admit("alice", CallKind.CALL)).isInstanceOf(Admission.Refused.class);
	}

	@Test
	void subscriptionsHaveALimitOfTheirOwnAndLeaveTheCallsWhole() {
		CallerBudgets budgets = new CallerBudgets(limits(1, null, null, 100), this.time);
		Admission.Permit watch = admitted(budgets.admit("fleet", CallKind.SUBSCRIPTION));
		admitted(budgets.admit("fleet", CallKind.SUBSCRIPTION));
		assertThat(((Admission.Refused) budgets.admit("fleet", CallKind.SUBSCRIPTION)).limit())
			.isEqualTo(Admission.Limit.CONCURRENCY);
		assertThat(budgets.wouldRefuse("fleet", CallKind.SUBSCRIPTION)).isPresent();

		Admission.Permit call = admitted(budgets.admit("fleet", CallKind.CALL));
		assertThat(budgets.admit("fleet", CallKind.CALL)).isInstanceOf(Admission.Refused.class);
		assertThat(budgets.wouldRefuse("fleet", CallKind.CALL)).isPresent();

		watch.release();
		admitted(budgets.admit("fleet", CallKind.SUBSCRIPTION));
		call.release();
		assertThat(budgets.wouldRefuse("fleet", CallKind.CALL)).isEmpty();
	}

	@Test
	void onlyWatchesChatsAndEditingSessionsAreSubscriptions() {
		assertThat(CallKind.of("users.v1.UserService/WatchUserChanges")).isEqualTo(CallKind.SUBSCRIPTION);
		assertThat(CallKind.of("users.v1.UserService/Chat")).isEqualTo(CallKind.SUBSCRIPTION);
		assertThat(CallKind.of("users.v1.UserService/CollaborativeEdit")).isEqualTo(CallKind.SUBSCRIPTION);
		assertThat(CallKind.of("users.v1.UserService/ListUsers")).isEqualTo(CallKind.CALL);
		assertThat(CallKind.of("users.v1.UserService/GetUser")).isEqualTo(CallKind.CALL);
	}

	@Test
	void oneSubjectsExhaustedBudgetLeavesAnothersWhole() {
		CallerBudgets budgets = new CallerBudgets(limits(1, 1L, 1L, 100), this.time);
		admitted(budgets.admit("flooder", CallKind.CALL));
		assertThat(budgets.admit("flooder", CallKind.CALL)).isInstanceOf(Admission.Refused.class);
		assertThat(budgets.admit("victim", CallKind.CALL)).isInstanceOf(Admission.Admitted.class);
	}

	@Test
	void aRefusedCallTakesNothingFromTheBudget() {
		CallerBudgets budgets = new CallerBudgets(limits(1, 1000L, 1000L, 100), this.time);
		Admission.Permit held = admitted(budgets.admit("alice", CallKind.CALL));
		for (int i = 0; i < 5_000; i++) {
			assertThat(budgets.admit("alice", CallKind.CALL)).isInstanceOf(Admission.Refused.class);
		}
		held.release();
		// Refusals for concurrency took no tokens: the bucket still has 999.
		for (int i = 0; i < 999; i++) {
			releaseAdmitted(budgets.admit("alice", CallKind.CALL));
		}
		assertThat(((Admission.Refused) budgets.admit("alice", CallKind.CALL)).limit()).isEqualTo(Admission.Limit.RATE);
	}

	@Test
	void budgetsAreBoundedAndForgottenWhenIdle() {
		CallerBudgets budgets = new CallerBudgets(limits(1, 1L, 1L, 50), this.time);
		for (int i = 0; i < 10_000; i++) {
			budgets.admit("subject-" + i, CallKind.CALL);
		}
		assertThat(budgets.trackedCallers()).isLessThanOrEqualTo(50);

		this.time.advance(Duration.ofMinutes(11));
		assertThat(budgets.trackedCallers()).isZero();
	}

	private static Admission.Permit admitted(Admission admission) {
		assertThat(admission).isInstanceOf(Admission.Admitted.class);
		return ((Admission.Admitted) admission).permit();
	}

	private static void releaseAdmitted(Admission admission) {
		admitted(admission).release();
	}

	private static final class FakeTime implements TimeMeter {

		private long nanos = 1_000_000_000L;

		void advance(Duration duration) {
			this.nanos += duration.toNanos();
		}

		@Override
		public long currentTimeNanos() {
			return this.nanos;
		}

		@Override
		public boolean isWallClockBased() {
			return false;
		}

	}

}
