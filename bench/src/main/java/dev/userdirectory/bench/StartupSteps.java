package dev.userdirectory.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline.TimelineEvent;
import org.springframework.core.metrics.StartupStep;

/**
 * Where a Spring Boot start-up spends its time: starts the application whose main class
 * is the first argument (the service's or {@link StackFloorApplication}, from the jar on
 * the class path) with a {@link BufferingApplicationStartup}, then prints the phases and
 * the steps with the most time of their own (a step's duration less its children's: a
 * bean's own instantiation, not the beans it pulled in), and exits. Run it for the
 * service and the floor on the same class path, and the difference is what the service's
 * code adds. Usage (bench/startup-steps does this):
 * {@code java -cp <extracted jar>:<bench classes> dev.userdirectory.bench.StartupSteps
 * <main class> [top=30] -- <application args>}.
 */
public final class StartupSteps {

	private StartupSteps() {
	}

	public static void main(String[] args) throws Exception {
		int separator = Arrays.asList(args).indexOf("--");
		String[] own = (separator < 0) ? args : Arrays.copyOfRange(args, 0, separator);
		String[] appArgs = (separator < 0) ? new String[0] : Arrays.copyOfRange(args, separator + 1, args.length);
		Class<?> main = Class.forName(own[0]);
		int top = (own.length > 1) ? Integer.parseInt(own[1]) : 30;
		long jvmStart = ProcessHandle.current().info().startInstant().map((i) -> i.toEpochMilli()).orElse(0L);
		BufferingApplicationStartup startup = new BufferingApplicationStartup(100_000);
		SpringApplication application = new SpringApplication(main);
		application.setApplicationStartup(startup);
		long before = System.currentTimeMillis();
		application.run(appArgs).close();
		List<TimelineEvent> events = startup.getBufferedTimeline().getEvents();
		System.out.printf("%s: JVM start to run() %d ms; run() steps recorded: %d%n", main.getSimpleName(),
				before - jvmStart, events.size());
		print(events, top);
		System.exit(0);
	}

	private static void print(List<TimelineEvent> events, int top) {
		Map<Long, Duration> children = new HashMap<>();
		for (TimelineEvent event : events) {
			Long parent = event.getStartupStep().getParentId();
			if (parent != null) {
				children.merge(parent, event.getDuration(), Duration::plus);
			}
		}
		System.out.println("phases (top level, inclusive):");
		for (TimelineEvent event : events) {
			if (event.getStartupStep().getParentId() == null) {
				System.out.printf("  %6d ms  %s%n", event.getDuration().toMillis(), label(event));
			}
		}
		Map<String, Duration> selfByLabel = new HashMap<>();
		for (TimelineEvent event : events) {
			Duration self = event.getDuration()
				.minus(children.getOrDefault(event.getStartupStep().getId(), Duration.ZERO));
			selfByLabel.merge(label(event), self, Duration::plus);
		}
		List<Map.Entry<String, Duration>> sorted = new ArrayList<>(selfByLabel.entrySet());
		sorted.sort(Map.Entry.<String, Duration>comparingByValue(Comparator.reverseOrder()));
		Duration total = sorted.stream().map(Map.Entry::getValue).reduce(Duration.ZERO, Duration::plus);
		System.out.printf("steps by own time (all steps: %d ms):%n", total.toMillis());
		sorted.stream()
			.limit(top)
			.forEach((e) -> System.out.printf("  %6d ms  %s%n", e.getValue().toMillis(), e.getKey()));
	}

	private static String label(TimelineEvent event) {
		StartupStep step = event.getStartupStep();
		String tags = String.join(" ",
				StreamSupport.stream(step.getTags().spliterator(), false)
					.filter((tag) -> tag.getKey().equals("beanName") || tag.getKey().equals("postProcessor")
							|| tag.getKey().equals("listener") || tag.getKey().equals("event"))
					.map((tag) -> tag.getValue().replaceAll(".*\\.", ""))
					.toList());
		return step.getName() + (tags.isEmpty() ? "" : " [" + tags + "]");
	}

}
