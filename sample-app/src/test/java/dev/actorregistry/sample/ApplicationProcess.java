package dev.actorregistry.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application's jar run as a process of its own, as in production, with its output
 * collected line by line so a test can wait for a line instead of sleeping.
 */
final class ApplicationProcess implements AutoCloseable {

	private final Process process;

	private final Thread reader;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition linesChanged = this.lock.newCondition();

	private final List<String> lines = new ArrayList<>();

	private boolean outputEnded;

	private ApplicationProcess(Process process, Path log) {
		this.process = process;
		this.reader = new Thread(() -> read(log), "application-output");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Run {@code java -jar} on the jar, with the JVM running this test.
	 * @param jar the executable jar
	 * @param log where to copy the application's output, for a person to read
	 * @param args the application's arguments
	 * @return the running process
	 * @throws IOException if the process cannot start
	 */
	static ApplicationProcess start(Path jar, Path log, List<String> args) throws IOException {
		return start(jar, log, List.of(), args);
	}

	/**
	 * Run {@code java -jar} on the jar, with the JVM running this test and options of its
	 * own.
	 * @param jar the executable jar
	 * @param log where to copy the application's output, for a person to read
	 * @param jvmOptions options of the application's JVM, such as
	 * {@code -Dspring.aot.enabled=true}
	 * @param args the application's arguments
	 * @return the running process
	 * @throws IOException if the process cannot start
	 */
	static ApplicationProcess start(Path jar, Path log, List<String> jvmOptions, List<String> args) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString()));
		command.addAll(args);
		Process process = new ProcessBuilder(command).directory(jar.getParent().toFile())
			.redirectErrorStream(true)
			.start();
		return new ApplicationProcess(process, log);
	}

	private void read(Path log) {
		try (BufferedReader output = this.process.inputReader(); Writer copy = Files.newBufferedWriter(log)) {
			for (String line = output.readLine(); line != null; line = output.readLine()) {
				copy.write(line);
				copy.write(System.lineSeparator());
				copy.flush();
				this.lock.lock();
				try {
					this.lines.add(line);
					this.linesChanged.signalAll();
				}
				finally {
					this.lock.unlock();
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			this.lock.lock();
			try {
				this.outputEnded = true;
				this.linesChanged.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/**
	 * Wait for the first line of output that matches.
	 * @param pattern what to find in a line
	 * @param timeout how long to wait
	 * @return the match
	 * @throws AssertionError if the output ends, or the time passes, without a match
	 * @throws InterruptedException if interrupted while waiting
	 */
	MatchResult awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			for (int next = 0;;) {
				for (; next < this.lines.size(); next++) {
					Matcher matcher = pattern.matcher(this.lines.get(next));
					if (matcher.find()) {
						return matcher.toMatchResult();
					}
				}
				if (this.outputEnded) {
					throw new AssertionError(
							"The application's output ended without a line matching '" + pattern + "':\n" + tail());
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new AssertionError("No line of the application's output matched '" + pattern + "' within "
							+ timeout + ":\n" + tail());
				}
				this.linesChanged.awaitNanos(remaining);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait for the process to exit and for the last line of its output.
	 * @param timeout how long to wait
	 * @return the exit code
	 * @throws AssertionError if it is still running after the timeout
	 * @throws InterruptedException if interrupted while waiting
	 */
	int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
			throw new AssertionError(
					"The application was still running " + timeout + " after it was asked to stop:\n" + tail());
		}
		// the output ends with the process: this only bounds a bug
		this.reader.join(TimeUnit.MINUTES.toMillis(1));
		return this.process.exitValue();
	}

	/**
	 * Send SIGTERM, as a container runtime or a service manager does to stop an
	 * application.
	 */
	void terminate() {
		// Through the handle: Process.destroy() sends the same signal but also closes
		// our end of the output pipe, which would lose every line logged on the way out.
		if (!this.process.toHandle().destroy()) {
			throw new AssertionError("Could not send SIGTERM to the application (pid " + this.process.pid() + ")");
		}
	}

	/**
	 * Send SIGKILL, as a crash or the kernel's out-of-memory killer ends a process: no
	 * shutdown hook, no drain, nothing flushed.
	 * @param timeout how long to wait for the process to be gone
	 * @return the exit code
	 * @throws InterruptedException if interrupted while waiting
	 */
	int kill(Duration timeout) throws InterruptedException {
		// Through the handle, as for SIGTERM: Process.destroyForcibly() would close our
		// end of the output pipe under the thread reading it, which then fails.
		if (!this.process.toHandle().destroyForcibly()) {
			throw new AssertionError("Could not send SIGKILL to the application (pid " + this.process.pid() + ")");
		}
		if (!this.process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
			throw new AssertionError("The application survived SIGKILL for " + timeout);
		}
		// the output ends with the process: this only bounds a bug
		this.reader.join(TimeUnit.MINUTES.toMillis(1));
		return this.process.exitValue();
	}

	/**
	 * Every line of output so far.
	 * @return a copy of the lines
	 */
	List<String> lines() {
		this.lock.lock();
		try {
			return List.copyOf(this.lines);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The index of the first line that matches.
	 * @param pattern what to find in a line
	 * @return its index, or -1
	 */
	int indexOf(Pattern pattern) {
		List<String> output = lines();
		for (int i = 0; i < output.size(); i++) {
			if (pattern.matcher(output.get(i)).find()) {
				return i;
			}
		}
		return -1;
	}

	private String tail() {
		List<String> output = lines();
		return String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size()));
	}

	/**
	 * Kill the process if it still runs, so no test leaves one behind.
	 */
	@Override
	public void close() {
		try {
			if (this.process.isAlive()) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
			this.reader.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
