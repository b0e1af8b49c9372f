package dev.actorregistry.autoconfigure.notes;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The application's Spring Data repository.
 */
public interface NoteRepository extends JpaRepository<Note, Long> {

}
