package dev.actorregistry.internal;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may spin before parking on a reply: a lone caller on a machine with a spare core,
 * but never more callers waiting at once than there are spare cores, so that a server
 * whose request threads all wait on actors does not burn the CPU the actors need.
 */
class ReplySpinTests {

	@Test
	void aLoneCallerMaySpinOnlyIfACoreIsSpare() {
		try {
			assertThat(ReplySpin.startWaiting()).isEqualTo(ReplySpin.SPARE_CORES >= 1);
		}
		finally {
			ReplySpin.stopWaiting();
		}
	}

	@Test
	void noMoreCallersThanSpareCoresMaySpinAndAWaiterLeavingLetsTheNextSpin() {
		List<Boolean> admitted = new ArrayList<>();
		int started = 0;
		try {
			for (int i = 0; i < ReplySpin.SPARE_CORES; i++) {
				admitted.add(ReplySpin.startWaiting());
				started++;
			}
			// none on a single core, where no core is spare
			assertThat(admitted).hasSize(ReplySpin.SPARE_CORES).doesNotContain(false);
			boolean oneMore = ReplySpin.startWaiting();
			started++;
			assertThat(oneMore).as("a caller beyond the spare cores spins").isFalse();
			ReplySpin.stopWaiting();
			started--;
			if (ReplySpin.SPARE_CORES >= 1) {
				ReplySpin.stopWaiting();
				started--;
				assertThat(ReplySpin.startWaiting()).as("a caller after one left").isTrue();
				started++;
			}
		}
		finally {
			for (; started > 0; started--) {
				ReplySpin.stopWaiting();
			}
		}
	}

}
