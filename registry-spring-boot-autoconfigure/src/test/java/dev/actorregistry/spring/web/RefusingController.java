package dev.actorregistry.spring.web;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.actorregistry.MailboxFullException;

/**
 * A controller whose only request is refused as an actor with a full mailbox refuses it:
 * what the test slices of both web stacks answer.
 */
@RestController
public class RefusingController {

	@PostMapping("/refuse")
	String refuse() {
		throw new MailboxFullException("gate", "a", 1);
	}

}
